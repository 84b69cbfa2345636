import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useMe, useSignIn } from '../api/hooks/auth';
import { Button } from '../ui/Button';
import { TextField } from '../ui/TextField';
import { PageSpinner } from '../ui/Spinner';
import { errorMessage } from '../ui/errorMessage';
import { AuthLayout } from './AuthLayout';
import { safeNext } from './safeNext';
import { afterSignIn } from './signIn/afterSignIn';

/** `/sign-in`: email and password; goes on to `?next=` (same-origin paths only). */
export function SignInScreen() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const me = useMe();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const nextQuery = params.get('next') ? `?next=${encodeURIComponent(next)}` : '';

  if (me.isPending) return <PageSpinner />;
  if (me.data) return <Navigate to={next} replace />;

  return (
    <AuthLayout
      title="Sign in to Cordon"
      subtitle="Build and use your team's internal tools."
      footer={<>New here? <Link to={`/sign-up${params.get('next') ? `?next=${encodeURIComponent(next)}` : ''}`}>Create an account</Link></>}
    >
      <form
        className="form-stack"
        onSubmit={(event) => {
          event.preventDefault();
          signIn.mutate({ email, password }, { onSuccess: (result) => afterSignIn(result, navigate, next) });
        }}
      >
        <TextField label="Email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        <TextField label="Password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        {signIn.isError ? <div className="form-error" role="alert">{errorMessage(signIn.error)}</div> : null}
        <Button type="submit" variant="primary" busy={signIn.isPending} className="form-submit">Sign in</Button>
        <Link className="form-aside-link" to="/forgot-password">Forgot your password?</Link>
      </form>
      <nav className="sign-in-methods" aria-label="Other ways to sign in">
        <span className="sign-in-methods__label">or sign in with</span>
        <Link className="sign-in-methods__link" to={`/sign-in/email${nextQuery}`}>An email code or link</Link>
        <Link className="sign-in-methods__link" to={`/sign-in/phone${nextQuery}`}>A text message</Link>
      </nav>
    </AuthLayout>
  );
}
