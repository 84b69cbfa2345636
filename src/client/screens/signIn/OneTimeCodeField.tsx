import { TextField, type TextFieldProps } from '../../ui/TextField';
import './codeStep.css';

/** Keeps the digits of a typed or pasted code, at most six. */
export function codeDigits(input: string): string {
  return input.replace(/\D/g, '').slice(0, 6);
}

export interface OneTimeCodeFieldProps extends Omit<TextFieldProps, 'value' | 'onChange'> {
  value: string;
  /** Called with the digits of what was typed or pasted, at most six. */
  onChange(code: string): void;
  /** The smaller size, for a card of the Account page. */
  compact?: boolean;
}

/**
 * A field for a 6-digit code (from an email, a text message or an authenticator app): digits
 * only, large and spaced, and the browser's one-time-code autofill.
 */
export function OneTimeCodeField({ value, onChange, compact = false, className, ...rest }: OneTimeCodeFieldProps) {
  return (
    <TextField
      {...rest}
      className={['one-time-code', compact ? 'one-time-code--compact' : '', className].filter(Boolean).join(' ')}
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={6}
      placeholder="000000"
      value={value}
      onChange={(e) => onChange(codeDigits(e.target.value))}
    />
  );
}
