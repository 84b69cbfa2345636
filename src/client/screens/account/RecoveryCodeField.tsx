import { TextField, type TextFieldProps } from '../../ui/TextField';
import './twoFactor.css';

/** A field for one of the two-factor recovery codes (xxxxx-xxxxx), in the code font. */
export function RecoveryCodeField({ onChange, ...rest }: Omit<TextFieldProps, 'label' | 'onChange'> & { value: string; onChange(value: string): void }) {
  return (
    <TextField
      {...rest}
      label="Recovery code"
      className="two-factor__recovery"
      autoComplete="off"
      spellCheck={false}
      placeholder="xxxxx-xxxxx"
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
