import { useId } from 'react';
import type { InputHTMLAttributes } from 'react';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  /** The visible label; also the input's accessible name. */
  label: string;
  /** One line of help under the field. */
  hint?: string;
  /** An error under the field; marks the input invalid. */
  error?: string;
}

/** A labelled text input with optional hint and error. */
export function TextField({ label, hint, error, className, ...rest }: TextFieldProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['ui-field', className].filter(Boolean).join(' ')}>
      <label className="ui-field__label" htmlFor={id}>{label}</label>
      <input {...rest} id={id} className="ui-input" aria-invalid={error ? true : undefined} aria-describedby={describedBy} />
      {hint ? <div id={`${id}-hint`} className="ui-field__hint">{hint}</div> : null}
      {error ? <div id={`${id}-error`} className="ui-field__error" role="alert">{error}</div> : null}
    </div>
  );
}
