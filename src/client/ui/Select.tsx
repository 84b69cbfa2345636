import { useId } from 'react';
import type { SelectHTMLAttributes } from 'react';

export interface SelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> {
  /** The visible label and accessible name. Pass `hideLabel` to keep it for screen readers only. */
  label: string;
  hideLabel?: boolean;
  options: ReadonlyArray<{ value: string; label: string }>;
}

/** A labelled native select: accessible and keyboard-friendly without extra code. */
export function Select({ label, hideLabel = false, options, className, ...rest }: SelectProps) {
  const id = useId();
  return (
    <div className={['ui-field', className].filter(Boolean).join(' ')}>
      <label className={hideLabel ? 'ui-visually-hidden' : 'ui-field__label'} htmlFor={id}>{label}</label>
      <select {...rest} id={id} className="ui-select">
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  );
}
