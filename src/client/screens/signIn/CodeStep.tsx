import type { ReactNode } from 'react';
import { Button } from '../../ui/Button';
import { AuthLayout } from '../AuthLayout';
import { OneTimeCodeField } from './OneTimeCodeField';
import type { SentCode } from './useSentCode';
import './codeStep.css';

/** What the step reads of a request (a mutation): sending the code, or signing in with it. */
interface Request {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  reset(): void;
}

export interface CodeStepProps {
  title: string;
  footer: ReactNode;
  /** Where the code went and how long it works (read out as a status). */
  sent: ReactNode;
  /** The screen's own class for the `sent` paragraph (how its address wraps). */
  sentClassName: string;
  codeLabel: string;
  /** The code field's tooltip: where the 6 digits come from. */
  codeTitle: string;
  codeClassName?: string;
  sentCode: SentCode;
  onCodeChange(code: string): void;
  onSubmit(): void;
  /** Asks for a new code to the same address. */
  onResend(): void;
  /** The request that sends the code, and the sign-in with it; their errors show above the button. */
  request: Request;
  signIn: Request;
  errorText(error: unknown): string;
  /** The button back to typing an address ("Use another email"). */
  startOverLabel: string;
  /** Said under the buttons once a second code was sent. */
  note: string;
}

/**
 * The "enter the 6-digit code" step of a sign-in by a code sent to an address (an email or a
 * text message): the code, "Send a new code" after a cooldown, and a way back to the address.
 */
export function CodeStep({
  title, footer, sent, sentClassName, codeLabel, codeTitle, codeClassName, sentCode, onCodeChange, onSubmit, onResend,
  request, signIn, errorText, startOverLabel, note,
}: CodeStepProps) {
  const { code, cooldown } = sentCode;
  return (
    <AuthLayout title={title} footer={footer}>
      <p className={`code-step__lead ${sentClassName}`} role="status">{sent}</p>
      <form
        className="form-stack"
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        <OneTimeCodeField
          label={codeLabel}
          className={codeClassName}
          pattern="[0-9]{6}"
          required
          title={codeTitle}
          value={code}
          onChange={onCodeChange}
          autoFocus
        />
        {signIn.isError ? <div className="form-error" role="alert">{errorText(signIn.error)}</div> : null}
        {request.isError ? <div className="form-error" role="alert">{errorText(request.error)}</div> : null}
        <Button type="submit" variant="primary" busy={signIn.isPending} disabled={code.length !== 6} className="form-submit">Sign in</Button>
      </form>
      <div className="code-step__actions">
        <Button variant="ghost" size="sm" busy={request.isPending} disabled={cooldown > 0} onClick={onResend}>
          {cooldown > 0 ? `Send a new code in ${cooldown} s` : 'Send a new code'}
        </Button>
        <Button variant="ghost" size="sm" onClick={() => { sentCode.startOver(); signIn.reset(); request.reset(); }}>
          {startOverLabel}
        </Button>
      </div>
      {sentCode.sends > 1 ? <p className="code-step__note">{note}</p> : null}
    </AuthLayout>
  );
}
