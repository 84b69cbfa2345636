import { useState } from 'react';
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
import { CodeStep } from './CodeStep';
import { emailSignInError } from './emailSignInError';
import { useSentCode } from './useSentCode';
import './emailSignIn.css';

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
  const sentCode = useSentCode();
  const { sentTo } = sentCode;

  if (me.isPending) return <PageSpinner />;
  if (me.data) return <Navigate to={next} replace />;

  const send = (to: string) => {
    requestEmail.mutate({ email: to, ...(next !== '/' ? { next } : {}) }, {
      onSuccess: () => {
        sentCode.sent(to);
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
    <CodeStep
      title="Check your inbox"
      footer={footer}
      sent={<>
        If <strong>{sentTo}</strong> has a Cordon account, we sent it a 6-digit code and a sign-in link.
        They work once, for {emailSignInTtlMinutes} minutes.
      </>}
      sentClassName="email-sign-in__sent"
      codeLabel="Code from the email"
      codeTitle="The 6 digits from the email"
      codeClassName="email-sign-in__code"
      sentCode={sentCode}
      onCodeChange={sentCode.setCode}
      onSubmit={() => signIn.mutate({ email: sentTo, code: sentCode.code }, { onSuccess: (result) => afterSignIn(result, navigate, next) })}
      onResend={() => send(sentTo)}
      request={requestEmail}
      signIn={signIn}
      errorText={emailSignInError}
      startOverLabel="Use another email"
      note="A new email is on its way. Only the code and link of the latest email work."
    />
  );
}
