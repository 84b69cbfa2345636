import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useMe, useSignIn } from '../api/hooks/auth';
import { Button } from '../ui/Button';
import { TextField } from '../ui/TextField';
import { PageSpinner } from '../ui/Spinner';
import { errorMessage } from '../ui/errorMessage';
import { AuthLayout } from './AuthLayout';
import { safeNext } from './safeNext';

/** `/sign-in`: email and password; goes on to `?next=` (same-origin paths only). */
export function SignInScreen() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const me = useMe();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

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
          signIn.mutate({ email, password }, { onSuccess: () => navigate(next, { replace: true }) });
        }}
      >
        <TextField label="Email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        <TextField label="Password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        {signIn.isError ? <div className="form-error" role="alert">{errorMessage(signIn.error)}</div> : null}
        <Button type="submit" variant="primary" busy={signIn.isPending} className="form-submit">Sign in</Button>
      </form>
    </AuthLayout>
  );
}
