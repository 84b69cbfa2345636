import type { ButtonHTMLAttributes } from 'react';
import { Spinner } from './Spinner';

/** Visual weight of a button: one primary action per view, the rest secondary or quiet. */
export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: 'sm' | 'md';
  /** Shows a spinner and disables the button while an action runs. */
  busy?: boolean;
}

/** The UI kit's button. `type` defaults to `button` so it never submits a form by accident. */
export function Button({ variant = 'secondary', size = 'md', busy = false, className, disabled, children, type = 'button', ...rest }: ButtonProps) {
  const classes = ['ui-button', `ui-button--${variant}`, `ui-button--${size}`, className].filter(Boolean).join(' ');
  return (
    <button {...rest} type={type} className={classes} disabled={disabled || busy} aria-busy={busy || undefined}>
      {busy ? <Spinner size="sm" label="" /> : null}
      {children}
    </button>
  );
}

/** A link styled as a button, for navigation (so it opens in a new tab with the usual gestures). */
export function buttonClassName(variant: ButtonVariant = 'secondary', size: 'sm' | 'md' = 'md'): string {
  return `ui-button ui-button--${variant} ui-button--${size}`;
}
