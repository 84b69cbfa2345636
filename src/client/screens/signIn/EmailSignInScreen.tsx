import { useEffect, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { emailSignInTtlMinutes } from '../../../shared/api/emailSignIn';
import { useMe } from '../../api/hooks/auth';
import { useEmailCodeSignIn, useRequestEmailSignIn } from '../../api/hooks/emailSignIn';
import { Button } from '../../ui/Button';
import { PageSpinner } from '../../ui/Spinner';
import { TextField } from '../../ui/TextField';
import { AuthLayout } from '../AuthLayout';
import { safeNext } from '../safeNext';
import { afterSignIn } from './afterSignIn';
import { emailSignInError } from './emailSignInError';
import './emailSignIn.css';

/** How long the "send a new code" button waits after each email. */
const resendCooldownSeconds = 60;

/**
 * `/sign-in/email`: the email, then the 6-digit code from the email (the same email holds a link
 * that signs in by itself, at /sign-in/link). Keeps `?next=` (same-origin paths only), and hands
 * it to the server so that the link comes back to the same page.
 */
export function EmailSignInScreen() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const nextQuery = params.get('next') ? `?next=${encodeURIComponent(next)}` : '';
  const me = useMe();
  const navigate = useNavigate();
  const requestEmail = useRequestEmailSignIn();
  const signIn = useEmailCodeSignIn();
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');
  /** The email the code was sent to; null while the person types their email. */
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [sends, setSends] = useState(0);
  const cooldown = useCountdown(sends, resendCooldownSeconds);

  if (me.isPending) return <PageSpinner />;
  if (me.data) return <Navigate to={next} replace />;

  const send = (to: string) => {
    requestEmail.mutate({ email: to, ...(next !== '/' ? { next } : {}) }, {
      onSuccess: () => {
        setSentTo(to);
        setSends((n) => n + 1);
        setCode('');
        signIn.reset();
      },
    });
  };

  const footer = <>Prefer your password? <Link to={`/sign-in${nextQuery}`}>Sign in with a password</Link></>;

  if (sentTo === null) {
    return (
      <AuthLayout title="Sign in with email" subtitle="We'll email you a 6-digit code and a sign-in link. No password needed." footer={footer}>
        <form
          className="form-stack"
          onSubmit={(event) => {
            event.preventDefault();
            send(email.trim());
          }}
        >
          <TextField label="Email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
          {requestEmail.isError ? <div className="form-error" role="alert">{emailSignInError(requestEmail.error)}</div> : null}
          <Button type="submit" variant="primary" busy={requestEmail.isPending} className="form-submit">Email me a code</Button>
        </form>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Check your inbox" footer={footer}>
      <p className="email-sign-in__sent" role="status">
        If <strong>{sentTo}</strong> has a Cordon account, we sent it a 6-digit code and a sign-in link.
        They work once, for {emailSignInTtlMinutes} minutes.
      </p>
      <form
        className="form-stack"
        onSubmit={(event) => {
          event.preventDefault();
          signIn.mutate({ email: sentTo, code: code.trim() }, { onSuccess: (result) => afterSignIn(result, navigate, next) });
        }}
      >
        <TextField
          label="Code from the email"
          className="email-sign-in__code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          required
          placeholder="000000"
          title="The 6 digits from the email"
          value={code}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
          autoFocus
        />
        {signIn.isError ? <div className="form-error" role="alert">{emailSignInError(signIn.error)}</div> : null}
        {requestEmail.isError ? <div className="form-error" role="alert">{emailSignInError(requestEmail.error)}</div> : null}
        <Button type="submit" variant="primary" busy={signIn.isPending} disabled={code.length !== 6} className="form-submit">Sign in</Button>
      </form>
      <div className="email-sign-in__actions">
        <Button variant="ghost" size="sm" busy={requestEmail.isPending} disabled={cooldown > 0} onClick={() => send(sentTo)}>
          {cooldown > 0 ? `Send a new code in ${cooldown} s` : 'Send a new code'}
        </Button>
        <Button variant="ghost" size="sm" onClick={() => { setSentTo(null); setCode(''); signIn.reset(); requestEmail.reset(); }}>
          Use another email
        </Button>
      </div>
      {sends > 1 ? <p className="email-sign-in__note">A new email is on its way. Only the code and link of the latest email work.</p> : null}
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
