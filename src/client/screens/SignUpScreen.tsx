import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useMe, useSignUp } from '../api/hooks/auth';
import { ApiError } from '../api/apiClient';
import { Button } from '../ui/Button';
import { TextField } from '../ui/TextField';
import { PageSpinner } from '../ui/Spinner';
import { errorMessage } from '../ui/errorMessage';
import { AuthLayout } from './AuthLayout';
import { safeNext } from './safeNext';

/** `/sign-up`: name, email and password. The first account of an instance becomes its administrator. */
export function SignUpScreen() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const me = useMe();
  const signUp = useSignUp();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [tried, setTried] = useState(false);

  if (me.isPending) return <PageSpinner />;
  if (me.data) return <Navigate to={next} replace />;

  const code = signUp.error instanceof ApiError ? signUp.error.code : undefined;
  const tooShort = tried && password.length < 8;
  return (
    <AuthLayout
      title="Create your account"
      subtitle="The first account on a new Cordon instance administers it."
      footer={<>Already have an account? <Link to={`/sign-in${params.get('next') ? `?next=${encodeURIComponent(next)}` : ''}`}>Sign in</Link></>}
    >
      <form
        className="form-stack"
        onSubmit={(event) => {
          event.preventDefault();
          setTried(true);
          if (password.length < 8) return;
          signUp.mutate({ name: name.trim(), email, password }, { onSuccess: () => navigate(next, { replace: true }) });
        }}
      >
        <TextField label="Name" autoComplete="name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        <TextField
          label="Email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={code === 'email_taken' ? errorMessage(signUp.error) : undefined}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          hint={tooShort ? undefined : 'At least 8 characters.'}
          error={tooShort ? 'Use at least 8 characters.' : undefined}
        />
        {signUp.isError && code !== 'email_taken' ? <div className="form-error" role="alert">{errorMessage(signUp.error)}</div> : null}
        <Button type="submit" variant="primary" busy={signUp.isPending} className="form-submit">Sign up</Button>
      </form>
    </AuthLayout>
  );
}
