import { useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/apiClient';
import { useTwoFactorSignIn } from '../../api/hooks/twoFactor';
import { Button } from '../../ui/Button';
import { AuthLayout } from '../AuthLayout';
import { RecoveryCodeField } from '../account/RecoveryCodeField';
import { twoFactorErrorMessage } from '../account/twoFactorErrors';
import { afterSignIn, type TwoFactorStepState } from './afterSignIn';
import { OneTimeCodeField } from './OneTimeCodeField';
import './codeStep.css';

function stepState(state: unknown): TwoFactorStepState | null {
  if (!state || typeof state !== 'object') return null;
  const { challenge, expiresAt, next } = state as Partial<TwoFactorStepState>;
  return typeof challenge === 'string' && typeof expiresAt === 'string' && typeof next === 'string' ? { challenge, expiresAt, next } : null;
}

/**
 * `/sign-in/two-factor`: the second step of every sign-in of a user with TOTP. The challenge
 * comes in the router state (never in the URL); without one (a reload, a bookmark) the person
 * starts again at /sign-in. A 6-digit code from the authenticator app, or a recovery code.
 */
export function TwoFactorStepScreen() {
  const location = useLocation();
  const navigate = useNavigate();
  const state = stepState(location.state);
  const signIn = useTwoFactorSignIn();
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');

  if (!state) return <Navigate to="/sign-in" replace />;
  const challengeDead = signIn.error instanceof ApiError && signIn.error.code === 'two_factor_challenge_invalid';
  const backToSignIn = `/sign-in${state.next !== '/' ? `?next=${encodeURIComponent(state.next)}` : ''}`;

  const submit = () => {
    const body = useRecovery ? { challenge: state.challenge, recoveryCode: recoveryCode.trim() } : { challenge: state.challenge, code };
    signIn.mutate(body, { onSuccess: (result) => afterSignIn(result, navigate, state.next) });
  };
  const switchMode = () => {
    setUseRecovery((value) => !value);
    setCode('');
    setRecoveryCode('');
    signIn.reset();
  };

  return (
    <AuthLayout title="Two-factor authentication" footer={<>Not you? <Link to={backToSignIn}>Sign in again</Link></>}>
      <p className="code-step__lead">
        {useRecovery
          ? 'Type one of the recovery codes you saved when you turned on two-factor authentication. Each works once.'
          : 'Open your authenticator app and type the 6-digit code it shows for Cordon.'}
      </p>
      <form
        className="form-stack"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        {useRecovery ? (
          <RecoveryCodeField key="recovery" autoCapitalize="none" required value={recoveryCode} onChange={setRecoveryCode} autoFocus />
        ) : (
          <OneTimeCodeField
            key="code"
            label="Authentication code"
            pattern="[0-9]{6}"
            required
            title="The 6 digits from your authenticator app"
            value={code}
            onChange={setCode}
            autoFocus
          />
        )}
        {signIn.isError ? (
          <div className="form-error" role="alert">
            {twoFactorErrorMessage(signIn.error)}
            {challengeDead ? <> <Link to={backToSignIn}>Back to sign in</Link></> : null}
          </div>
        ) : null}
        <Button
          type="submit"
          variant="primary"
          busy={signIn.isPending}
          disabled={challengeDead || (useRecovery ? recoveryCode.trim().length < 10 : code.length !== 6)}
          className="form-submit"
        >
          Verify
        </Button>
      </form>
      <div className="code-step__actions">
        <Button variant="ghost" size="sm" onClick={switchMode}>
          {useRecovery ? 'Use the authenticator app instead' : 'Use a recovery code instead'}
        </Button>
      </div>
    </AuthLayout>
  );
}
