import { useEffect, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useMe } from '../../api/hooks/auth';
import { usePhoneCodeSignIn, usePhoneSignIn } from '../../api/hooks/phone';
import { Button } from '../../ui/Button';
import { PageSpinner } from '../../ui/Spinner';
import { TextField } from '../../ui/TextField';
import { AuthLayout } from '../AuthLayout';
import { safeNext } from '../safeNext';
import { afterSignIn } from './afterSignIn';
import { codeDigits, phoneError, readPhoneInput } from './phoneInput';
import './phoneSignIn.css';

/** How long the "send a new code" button waits after each SMS. */
const resendCooldownSeconds = 60;
/** How long an SMS code works (the server's phoneCodeTtlMs). */
const codeTtlMinutes = 10;

/**
 * `/sign-in/phone`: the phone number, then the 6-digit code from the text message. Only a number
 * verified on an Account page signs in; the server answers the same for any number, so this
 * screen cannot tell whether one has an account either. Keeps `?next=` (same-origin paths only).
 */
export function PhoneSignInScreen() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const nextQuery = params.get('next') ? `?next=${encodeURIComponent(next)}` : '';
  const me = useMe();
  const navigate = useNavigate();
  const requestCode = usePhoneSignIn();
  const signIn = usePhoneCodeSignIn();
  const [input, setInput] = useState('');
  const [inputError, setInputError] = useState<string | undefined>();
  const [code, setCode] = useState('');
  /** The number the code was sent to; null while the person types their number. */
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [sends, setSends] = useState(0);
  const cooldown = useCountdown(sends, resendCooldownSeconds);

  if (me.isPending) return <PageSpinner />;
  if (me.data) return <Navigate to={next} replace />;

  const send = (phone: string) => {
    requestCode.mutate({ phone }, {
      onSuccess: () => {
        setSentTo(phone);
        setSends((n) => n + 1);
        setCode('');
        signIn.reset();
      },
    });
  };

  const footer = <>Prefer your password? <Link to={`/sign-in${nextQuery}`}>Sign in with a password</Link></>;

  if (sentTo === null) {
    return (
      <AuthLayout title="Sign in with a text message" subtitle="We'll text a 6-digit code to the phone number on your account." footer={footer}>
        <form
          className="form-stack"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const read = readPhoneInput(input);
            setInputError(read.error);
            if (read.phone) send(read.phone);
          }}
        >
          <TextField
            label="Phone number"
            type="tel"
            autoComplete="tel"
            inputMode="tel"
            placeholder="+1 415 555 0123"
            hint="With + and the country code. Add it on your Account page first."
            error={inputError}
            required
            value={input}
            onChange={(e) => { setInput(e.target.value); setInputError(undefined); }}
            autoFocus
          />
          {requestCode.isError ? <div className="form-error" role="alert">{phoneError(requestCode.error)}</div> : null}
          <Button type="submit" variant="primary" busy={requestCode.isPending} className="form-submit">Text me a code</Button>
        </form>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Enter the code" footer={footer}>
      <p className="phone-sign-in__sent" role="status">
        If <strong>{sentTo}</strong> is the number of a Cordon account, we texted it a 6-digit code.
        It works once, for {codeTtlMinutes} minutes.
      </p>
      <form
        className="form-stack"
        onSubmit={(event) => {
          event.preventDefault();
          signIn.mutate({ phone: sentTo, code }, { onSuccess: (result) => afterSignIn(result, navigate, next) });
        }}
      >
        <TextField
          label="Code from the text message"
          className="phone-code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          required
          placeholder="000000"
          title="The 6 digits from the text message"
          value={code}
          onChange={(e) => { setCode(codeDigits(e.target.value)); if (signIn.isError) signIn.reset(); }}
          autoFocus
        />
        {signIn.isError ? <div className="form-error" role="alert">{phoneError(signIn.error)}</div> : null}
        {requestCode.isError ? <div className="form-error" role="alert">{phoneError(requestCode.error)}</div> : null}
        <Button type="submit" variant="primary" busy={signIn.isPending} disabled={code.length !== 6} className="form-submit">Sign in</Button>
      </form>
      <div className="phone-sign-in__actions">
        <Button variant="ghost" size="sm" busy={requestCode.isPending} disabled={cooldown > 0} onClick={() => send(sentTo)}>
          {cooldown > 0 ? `Send a new code in ${cooldown} s` : 'Send a new code'}
        </Button>
        <Button variant="ghost" size="sm" onClick={() => { setSentTo(null); setCode(''); signIn.reset(); requestCode.reset(); }}>
          Use another number
        </Button>
      </div>
      {sends > 1 ? <p className="phone-sign-in__note">A new code is on its way. Only the latest code works.</p> : null}
    </AuthLayout>
  );
}

/** Seconds left of a `seconds` wait that restarts whenever `key` changes (0 before the first). */
function useCountdown(key: number, seconds: number): number {
  const [left, setLeft] = useState(0);
  useEffect(() => {
    if (key === 0) return;
    const endsAt = Date.now() + seconds * 1000;
    setLeft(seconds);
    const timer = setInterval(() => {
      const remaining = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
      setLeft(remaining);
      if (remaining === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [key, seconds]);
  return left;
}
