import type { SecuritySettings } from '../../../shared/api/security';
import { Button } from '../../ui/Button';

type MockPhoneNumber = SecuritySettings['mockPhoneNumbers'][number];

/** Rows of an E.164 number and its fixed 6-digit code; the server validates each on save. */
export function MockPhoneNumbersEditor({ value, onChange, labelledBy }: {
  value: MockPhoneNumber[];
  onChange(next: MockPhoneNumber[]): void;
  labelledBy: string;
}) {
  const update = (index: number, change: Partial<MockPhoneNumber>) => onChange(value.map((row, i) => (i === index ? { ...row, ...change } : row)));
  return (
    <div className="phone-editor" role="group" aria-labelledby={labelledBy}>
      {value.length === 0 ? <p className="phone-editor__empty">No mock numbers.</p> : null}
      {value.map((row, index) => (
        // Rows have no id of their own; the index is stable while one row is being typed in.
        <div className="phone-editor__row" key={index}>
          <input className="ui-input phone-editor__phone" aria-label={`Phone number ${index + 1}`} placeholder="+14155550123" inputMode="tel" value={row.phone} onChange={(e) => update(index, { phone: e.target.value.trim() })} />
          <input className="ui-input phone-editor__code" aria-label={`Code for phone number ${index + 1}`} placeholder="123456" inputMode="numeric" maxLength={6} value={row.code} onChange={(e) => update(index, { code: e.target.value.trim() })} />
          <Button variant="ghost" size="sm" aria-label={`Remove phone number ${index + 1}`} onClick={() => onChange(value.filter((_, i) => i !== index))}>Remove</Button>
        </div>
      ))}
      <div>
        <Button variant="secondary" size="sm" disabled={value.length >= 100} onClick={() => onChange([...value, { phone: '', code: '' }])}><span aria-hidden="true">+</span>Add number</Button>
      </div>
    </div>
  );
}
