import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useMe } from '../../api/hooks/auth';
import { usePhoneCodeSignIn, usePhoneSignIn } from '../../api/hooks/phone';
import { Button } from '../../ui/Button';
import { PageSpinner } from '../../ui/Spinner';
import { TextField } from '../../ui/TextField';
import { AuthLayout } from '../AuthLayout';
import { safeNext } from '../safeNext';
import { afterSignIn } from './afterSignIn';
import { CodeStep } from './CodeStep';
import { phoneError, readPhoneInput } from './phoneInput';
import { useSentCode } from './useSentCode';
import './phoneSignIn.css';

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
  const sentCode = useSentCode();
  const { sentTo } = sentCode;

  if (me.isPending) return <PageSpinner />;
  if (me.data) return <Navigate to={next} replace />;

  const send = (phone: string) => {
    requestCode.mutate({ phone }, {
      onSuccess: () => {
        sentCode.sent(phone);
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
    <CodeStep
      title="Enter the code"
      footer={footer}
      sent={<>
        If <strong>{sentTo}</strong> is the number of a Cordon account, we texted it a 6-digit code.
        It works once, for {codeTtlMinutes} minutes.
      </>}
      sentClassName="phone-sign-in__sent"
      codeLabel="Code from the text message"
      codeTitle="The 6 digits from the text message"
      sentCode={sentCode}
      onCodeChange={(code) => { sentCode.setCode(code); if (signIn.isError) signIn.reset(); }}
      onSubmit={() => signIn.mutate({ phone: sentTo, code: sentCode.code }, { onSuccess: (result) => afterSignIn(result, navigate, next) })}
      onResend={() => send(sentTo)}
      request={requestCode}
      signIn={signIn}
      errorText={phoneError}
      startOverLabel="Use another number"
      note="A new code is on its way. Only the latest code works."
    />
  );
}
