import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useDisableTwoFactor, useRegenerateRecoveryCodes, useTwoFactorStatus } from '../../api/hooks/twoFactor';
import { Button, buttonClassName } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { Spinner } from '../../ui/Spinner';
import { TextField } from '../../ui/TextField';
import { useToast } from '../../ui/Toasts';
import { errorMessage } from '../../ui/errorMessage';
import { OneTimeCodeField } from '../signIn/OneTimeCodeField';
import { RecoveryCodeField } from './RecoveryCodeField';
import { RecoveryCodes } from './RecoveryCodes';
import { twoFactorErrorMessage } from './twoFactorErrors';
import './twoFactor.css';

type Panel = 'none' | 'regenerate' | 'disable';

/** Two-factor on the Account page: its status, and turning it on (its own page), off, or making new recovery codes. */
export function TwoFactorCard() {
  const status = useTwoFactorStatus();
  const [panel, setPanel] = useState<Panel>('none');
  const [freshCodes, setFreshCodes] = useState<string[] | null>(null);
  const data = status.data;

  return (
    <Card className="settings-card">
      <div className="settings-card__head">
        <h2 className="settings-card__title">Two-factor authentication</h2>
        {data ? <span className={`badge ${data.enabled ? 'badge--success' : 'badge--neutral'}`}>{data.enabled ? 'On' : 'Off'}</span> : null}
      </div>
      {status.isPending ? <Spinner size="sm" label="Loading" /> : null}
      {status.isError ? <div className="form-error" role="alert">{errorMessage(status.error)}</div> : null}
      {data && !data.enabled ? (
        <div className="two-factor__status">
          <p>
            {data.enrolling
              ? 'You started turning on two-factor authentication but did not confirm a code yet.'
              : 'Ask for a code from an authenticator app on your phone at every sign-in, so that a stolen password is not enough.'}
          </p>
          <div>
            <Link to="/account/two-factor" className={buttonClassName('primary')}>{data.enrolling ? 'Continue setting up' : 'Turn on two-factor'}</Link>
          </div>
        </div>
      ) : null}
      {data?.enabled ? (
        <div className="two-factor__status">
          <p>
            Every sign-in asks for a code from your authenticator app.{' '}
            <span data-testid="recovery-codes-left">
              {data.recoveryCodesLeft === 1 ? '1 recovery code left.' : `${data.recoveryCodesLeft} recovery codes left.`}
            </span>
            {data.recoveryCodesLeft <= 3 ? ' Make new ones before you run out.' : null}
          </p>
          {freshCodes ? (
            <div className="two-factor__panel">
              <RecoveryCodes codes={freshCodes} onDone={() => setFreshCodes(null)} />
            </div>
          ) : (
            <>
              <div className="two-factor__row">
                <Button size="sm" onClick={() => setPanel(panel === 'regenerate' ? 'none' : 'regenerate')}>New recovery codes</Button>
                <Button size="sm" variant="danger" onClick={() => setPanel(panel === 'disable' ? 'none' : 'disable')}>Turn off</Button>
              </div>
              {panel === 'regenerate' ? <RegeneratePanel onDone={(codes) => { setPanel('none'); setFreshCodes(codes); }} onCancel={() => setPanel('none')} /> : null}
              {panel === 'disable' ? <DisablePanel onDone={() => setPanel('none')} onCancel={() => setPanel('none')} /> : null}
            </>
          )}
        </div>
      ) : null}
    </Card>
  );
}

function RegeneratePanel({ onDone, onCancel }: { onDone: (codes: string[]) => void; onCancel: () => void }) {
  const regenerate = useRegenerateRecoveryCodes();
  const [code, setCode] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    regenerate.mutate({ code }, { onSuccess: (result) => onDone(result.recoveryCodes) });
  };
  return (
    <form className="two-factor__panel" onSubmit={submit} noValidate>
      <p className="settings-card__intro">New codes replace the old ones: the old ones stop working at once.</p>
      <OneTimeCodeField label="Code from your authenticator app" value={code} onChange={setCode} autoFocus />
      {regenerate.isError ? <div className="form-error" role="alert">{twoFactorErrorMessage(regenerate.error)}</div> : null}
      <div className="two-factor__row">
        <Button type="submit" variant="primary" busy={regenerate.isPending} disabled={code.length !== 6}>Make new codes</Button>
        <Button variant="ghost" onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}

function DisablePanel({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const disable = useDisableTwoFactor();
  const toast = useToast();
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');
  const [password, setPassword] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const factor = useRecovery ? { recoveryCode: recoveryCode.trim() } : { code };
    disable.mutate({ ...factor, currentPassword: password }, {
      onSuccess: () => {
        toast.show('Two-factor authentication is off.', 'success');
        onDone();
      },
    });
  };
  const ready = Boolean(password) && (useRecovery ? recoveryCode.trim().length >= 10 : code.length === 6);
  return (
    <form className="two-factor__panel" onSubmit={submit} noValidate>
      <p className="settings-card__intro">Without two-factor authentication, your password alone signs in. Your recovery codes stop working.</p>
      <TextField label="Current password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      {useRecovery
        ? <RecoveryCodeField value={recoveryCode} onChange={setRecoveryCode} />
        : <OneTimeCodeField label="Code from your authenticator app" value={code} onChange={setCode} autoFocus />}
      <div>
        <Button variant="ghost" size="sm" onClick={() => { setUseRecovery(!useRecovery); disable.reset(); }}>
          {useRecovery ? 'Use the authenticator app instead' : 'Use a recovery code instead'}
        </Button>
      </div>
      {disable.isError ? <div className="form-error" role="alert">{twoFactorErrorMessage(disable.error)}</div> : null}
      <div className="two-factor__row">
        <Button type="submit" variant="danger" busy={disable.isPending} disabled={!ready}>Turn off two-factor</Button>
        <Button variant="ghost" onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
