import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/apiClient';
import { useConfirmPasswordRecovery } from '../../api/hooks/recovery';
import { Button } from '../../ui/Button';
import { TextField } from '../../ui/TextField';
import { useToast } from '../../ui/Toasts';
import { errorMessage } from '../../ui/errorMessage';
import { AuthLayout } from '../AuthLayout';
import './recovery.css';

/** The token of `#token=…` (a fragment: it never reaches the server's logs or a Referer). */
function tokenFromHash(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
}

/** Where a refusal belongs: a policy refusal under the password, a dead link as the page's message. */
function refusal(error: unknown): { password?: string; link?: string; form?: string } {
  if (!(error instanceof ApiError)) return { form: errorMessage(error) };
  switch (error.code) {
    case 'recovery_token_invalid':
      return { link: error.message };
    case 'password_recently_used':
    case 'password_in_dictionary':
    case 'password_personal_data':
      // The server's own words: they say which rule refused and what to do.
      return { password: error.message };
    case 'bad_request':
      return { password: error.message.replace(/^invalid body:\s*password:\s*/i, 'The password ') };
    default:
      return { form: errorMessage(error) };
  }
}

/** `/reset-password#token=…`: the page a recovery email links to; sets a new password, then goes to sign-in. */
export function ResetPasswordScreen() {
  const location = useLocation();
  const navigate = useNavigate();
  const toast = useToast();
  const confirm = useConfirmPasswordRecovery();
  // Read once; the fragment is then taken out of the address bar (and so out of the history).
  const [token] = useState(() => tokenFromHash(location.hash));
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [tooShort, setTooShort] = useState(false);

  useEffect(() => {
    if (window.location.hash) window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  }, []);

  const askAgain = <Link to="/forgot-password">Ask for a new link</Link>;
  if (!token) {
    return (
      <AuthLayout title="This link is incomplete" footer={<Link to="/sign-in">Back to sign in</Link>}>
        <div className="recovery-notice recovery-notice--error" role="alert">
          <p>Open the link from the email exactly as it was sent, or ask for a new one.</p>
        </div>
        <p className="recovery-aside">{askAgain}</p>
      </AuthLayout>
    );
  }

  const errors = confirm.isError ? refusal(confirm.error) : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.reset();
    setTooShort(password.length < 8);
    setMismatch(password !== again);
    if (password.length < 8 || password !== again) return;
    confirm.mutate({ token, password }, {
      onSuccess: () => {
        toast.show('Your password was changed and every session signed out. Sign in with the new password.', 'success');
        navigate('/sign-in', { replace: true });
      },
    });
  };

  return (
    <AuthLayout
      title="Choose a new password"
      subtitle="Setting it signs you out on every device."
      footer={<Link to="/sign-in">Back to sign in</Link>}
    >
      {errors.link ? (
        <div className="recovery-notice recovery-notice--error" role="alert">
          <p>{errors.link}</p>
          <p>{askAgain}</p>
        </div>
      ) : null}
      <form className="form-stack" onSubmit={submit} noValidate>
        <TextField label="New password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} hint="At least 8 characters." error={tooShort ? 'Use at least 8 characters.' : errors.password} required minLength={8} autoFocus />
        <TextField label="Confirm new password" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} error={mismatch ? 'The two passwords differ.' : undefined} required />
        {errors.form ? <div className="form-error" role="alert">{errors.form}</div> : null}
        <Button type="submit" variant="primary" busy={confirm.isPending} disabled={!password || !again} className="form-submit">Set the new password</Button>
      </form>
    </AuthLayout>
  );
}
