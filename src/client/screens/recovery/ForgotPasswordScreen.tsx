import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useRequestPasswordRecovery } from '../../api/hooks/recovery';
import { Button } from '../../ui/Button';
import { TextField } from '../../ui/TextField';
import { errorMessage } from '../../ui/errorMessage';
import { AuthLayout } from '../AuthLayout';
import './recovery.css';

/**
 * `/forgot-password`: asks for a recovery link. The answer is the same whether or not the email
 * has an account, so the page says "if".
 */
export function ForgotPasswordScreen() {
  const request = useRequestPasswordRecovery();
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);

  if (sentTo !== null) {
    return (
      <AuthLayout title="Check your email" footer={<Link to="/sign-in">Back to sign in</Link>}>
        <div className="recovery-notice" role="status">
          <p>If <strong>{sentTo}</strong> has a Cordon account, we sent it a link to choose a new password.</p>
          <p>The link works once, for one hour. Nothing arrived? Look in your spam folder, or ask your Cordon administrator: without a mail server, Cordon keeps emails in an outbox they can read.</p>
        </div>
        <Button variant="secondary" className="form-submit" onClick={() => { setSentTo(null); request.reset(); }}>Use another email</Button>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title="Reset your password"
      subtitle="Enter your account's email and we will send you a link to choose a new password."
      footer={<>Remembered it? <Link to="/sign-in">Sign in</Link></>}
    >
      <form
        className="form-stack"
        onSubmit={(event) => {
          event.preventDefault();
          request.mutate({ email }, { onSuccess: () => setSentTo(email.trim()) });
        }}
      >
        <TextField label="Email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        {request.isError ? <div className="form-error" role="alert">{errorMessage(request.error)}</div> : null}
        <Button type="submit" variant="primary" busy={request.isPending} className="form-submit">Send the link</Button>
      </form>
    </AuthLayout>
  );
}
