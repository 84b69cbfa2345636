import { useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError } from '../../api/apiClient';
import { useAccountPhone, useRemovePhone, useStartPhoneChange, useVerifyPhone } from '../../api/hooks/phone';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Spinner } from '../../ui/Spinner';
import { TextField } from '../../ui/TextField';
import { useToast } from '../../ui/Toasts';
import { errorMessage } from '../../ui/errorMessage';
import { OneTimeCodeField } from '../signIn/OneTimeCodeField';
import { phoneError, readPhoneInput } from '../signIn/phoneInput';
import './phoneCard.css';

/** How long the verification code works (the server's phoneCodeTtlMs). */
const codeTtlMinutes = 10;

type Step =
  | { kind: 'view' }
  | { kind: 'number' }
  /** The code went to `phone`; the password is kept (in memory only) to send a new code. */
  | { kind: 'code'; phone: string; password: string };

/** Where a refusal of the first step belongs: a wrong password under that field, a number problem under the number. */
function numberRefusal(error: unknown): { password?: string; phone?: string; form?: string } {
  if (!(error instanceof ApiError)) return { form: errorMessage(error) };
  switch (error.code) {
    case 'invalid_credentials': return { password: 'The current password is wrong.' };
    case 'phone_taken':
    case 'bad_request': return { phone: error.message };
    default: return { form: phoneError(error) };
  }
}

/**
 * The account's phone number, which signs in with a text message: added or changed with the
 * current password and a code texted to the new number; removed at once.
 */
export function PhoneCard() {
  const phone = useAccountPhone();
  const start = useStartPhoneChange();
  const verify = useVerifyPhone();
  const remove = useRemovePhone();
  const toast = useToast();
  const [step, setStep] = useState<Step>({ kind: 'view' });
  const [numberInput, setNumberInput] = useState('');
  const [numberError, setNumberError] = useState<string | undefined>();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [confirmRemove, setConfirmRemove] = useState(false);

  const current = phone.data ?? null;

  const reset = () => {
    setStep({ kind: 'view' });
    setNumberInput('');
    setNumberError(undefined);
    setPassword('');
    setCode('');
    start.reset();
    verify.reset();
  };

  const sendCode = (event: FormEvent) => {
    event.preventDefault();
    const read = readPhoneInput(numberInput);
    setNumberError(read.error);
    if (!read.phone) return;
    const target = read.phone;
    start.mutate({ phone: target, currentPassword: password }, {
      onSuccess: () => {
        setStep({ kind: 'code', phone: target, password });
        setPassword('');
        setCode('');
      },
    });
  };

  const resend = (target: string, currentPassword: string) => {
    verify.reset();
    start.mutate({ phone: target, currentPassword }, { onSuccess: () => toast.show(`A new code is on its way to ${target}.`, 'info') });
  };

  const submitCode = (event: FormEvent, target: string) => {
    event.preventDefault();
    verify.mutate({ phone: target, code }, {
      onSuccess: () => {
        toast.show(current ? 'Phone number changed.' : 'Phone number added. You can now sign in with a text message.', 'success');
        reset();
      },
    });
  };

  const startErrors = start.isError ? numberRefusal(start.error) : {};

  return (
    <Card className="settings-card" aria-labelledby="phone-card-title">
      <div className="settings-card__head">
        <h2 className="settings-card__title" id="phone-card-title">Phone number</h2>
        {current && step.kind === 'view' ? <span className="badge badge--success">Verified</span> : null}
      </div>
      <p className="settings-card__intro">Sign in with a 6-digit code texted to this number, instead of your password.</p>

      {phone.isPending ? <Spinner size="sm" label="Loading your phone number" /> : null}
      {phone.isError ? <div className="ui-field__error" role="alert">{errorMessage(phone.error)}</div> : null}

      {phone.isSuccess && step.kind === 'view' ? (
        <>
          {current
            ? <div className="phone-card__number"><span className="phone-card__value" data-testid="account-phone">{current}</span></div>
            : <p className="phone-card__empty">No phone number yet.</p>}
          <div className="phone-card__actions">
            <Button variant={current ? 'secondary' : 'primary'} onClick={() => setStep({ kind: 'number' })}>
              {current ? 'Change number' : 'Add a phone number'}
            </Button>
            {current ? <Button variant="ghost" onClick={() => setConfirmRemove(true)}>Remove</Button> : null}
          </div>
        </>
      ) : null}

      {step.kind === 'number' ? (
        <form className="phone-card__form" onSubmit={sendCode} noValidate>
          <TextField
            label={current ? 'New phone number' : 'Phone number'}
            type="tel"
            autoComplete="tel"
            inputMode="tel"
            placeholder="+1 415 555 0123"
            hint="With + and the country code. We text it a code to confirm it is yours."
            value={numberInput}
            onChange={(e) => { setNumberInput(e.target.value); setNumberError(undefined); }}
            error={numberError ?? startErrors.phone}
            required
            autoFocus
          />
          <TextField label="Current password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} error={startErrors.password} required />
          {startErrors.form ? <div className="ui-field__error" role="alert">{startErrors.form}</div> : null}
          <div className="phone-card__buttons">
            <Button type="submit" variant="primary" busy={start.isPending} disabled={!numberInput.trim() || !password}>Text me a code</Button>
            <Button onClick={reset}>Cancel</Button>
          </div>
        </form>
      ) : null}

      {step.kind === 'code' ? (
        <form className="phone-card__form" onSubmit={(event) => submitCode(event, step.phone)} noValidate>
          <p className="phone-card__sent" role="status">
            We texted a 6-digit code to <strong>{step.phone}</strong>. It works once, for {codeTtlMinutes} minutes.
          </p>
          <OneTimeCodeField
            label="Code from the text message"
            className="phone-card__code"
            compact
            value={code}
            onChange={(digits) => { setCode(digits); if (verify.isError) verify.reset(); }}
            error={verify.isError ? phoneError(verify.error) : undefined}
            required
            autoFocus
          />
          {start.isError ? <div className="ui-field__error" role="alert">{phoneError(start.error)}</div> : null}
          <div className="phone-card__buttons">
            <Button type="submit" variant="primary" busy={verify.isPending} disabled={code.length !== 6}>Verify number</Button>
            <Button variant="ghost" busy={start.isPending} onClick={() => resend(step.phone, step.password)}>Send a new code</Button>
            <Button onClick={reset}>Cancel</Button>
          </div>
        </form>
      ) : null}

      <ConfirmDialog
        open={confirmRemove}
        title="Remove your phone number?"
        message={`${current ?? 'The number'} will no longer sign in to your account. You can add a number again at any time.`}
        confirmLabel="Remove number"
        destructive
        busy={remove.isPending}
        onConfirm={() => remove.mutate(undefined, {
          onSuccess: () => { setConfirmRemove(false); toast.show('Phone number removed.', 'success'); },
          onError: (error) => { setConfirmRemove(false); toast.show(errorMessage(error), 'error'); },
        })}
        onCancel={() => setConfirmRemove(false)}
      />
    </Card>
  );
}
