import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import QRCode from 'qrcode';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import type { StartTwoFactorResponse } from '../../../shared/api/twoFactor';
import { useSessionRestriction, useSignOut } from '../../api/hooks/auth';
import { useConfirmTwoFactor, useStartTwoFactor, useTwoFactorStatus } from '../../api/hooks/twoFactor';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { PageSpinner } from '../../ui/Spinner';
import { TextField } from '../../ui/TextField';
import { TopBar } from '../../ui/TopBar';
import { EmptyState } from '../../ui/EmptyState';
import { errorMessage } from '../../ui/errorMessage';
import { safeNext } from '../safeNext';
import { OneTimeCodeField } from '../signIn/OneTimeCodeField';
import { RecoveryCodes } from './RecoveryCodes';
import { UserNav } from './UserNav';
import { groupSecret, twoFactorErrorMessage } from './twoFactorErrors';
import './accountPages.css';
import './twoFactor.css';

/**
 * `/account/two-factor`: turning TOTP on. The password, then a QR code (drawn here, from the
 * otpauth URI; nothing leaves the browser) and the secret for typing by hand, then a first code
 * from the app, then the recovery codes, shown once, with copy and download and an "I saved
 * them" step. A session the instance restricted to enrolment lands here (RequireAuth) and goes
 * on to the page it asked for once done.
 */
export function TwoFactorScreen() {
  const location = useLocation();
  const navigate = useNavigate();
  const restriction = useSessionRestriction();
  const status = useTwoFactorStatus();
  const start = useStartTwoFactor();
  const confirm = useConfirmTwoFactor();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [enrolment, setEnrolment] = useState<StartTwoFactorResponse | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  /** Fixed when the codes are shown: confirming lifts the restriction, but the way on is the restricted session's. */
  const [after, setAfter] = useState<{ next: string; label: string }>({ next: '/account', label: 'Done' });
  const restricted = restriction.data === 'two_factor_enrolment';
  const askedFor = (location.state as { next?: unknown } | null)?.next;
  const next = typeof askedFor === 'string' ? safeNext(askedFor) : restricted ? '/' : '/account';

  const startEnrolment = (event: FormEvent) => {
    event.preventDefault();
    start.mutate({ currentPassword: password }, {
      onSuccess: (result) => {
        setPassword('');
        setEnrolment(result);
        confirm.reset();
      },
    });
  };
  const confirmCode = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate({ code }, {
      onSuccess: (result) => {
        setAfter({ next, label: restricted ? 'Continue to Cordon' : 'Done' });
        setEnrolment(null);
        setRecoveryCodes(result.recoveryCodes);
      },
    });
  };

  let body;
  if (recoveryCodes) {
    body = (
      <Card className="settings-card">
        <div className="settings-card__head">
          <h2 className="settings-card__title">Save your recovery codes</h2>
          <span className="badge badge--success">Two-factor is on</span>
        </div>
        <RecoveryCodes codes={recoveryCodes} doneLabel={after.label} onDone={() => navigate(after.next, { replace: true })} />
      </Card>
    );
  } else if (status.isPending) {
    body = <PageSpinner />;
  } else if (status.isError) {
    body = <EmptyState title="Two-factor status unavailable">{errorMessage(status.error)}</EmptyState>;
  } else if (status.data.enabled) {
    body = (
      <Card className="settings-card">
        <div className="settings-card__head">
          <h2 className="settings-card__title">Two-factor authentication is on</h2>
          <span className="badge badge--success">On</span>
        </div>
        <p className="settings-card__intro">Every sign-in asks for a code from your authenticator app. Manage it on your <Link to="/account">account page</Link>.</p>
      </Card>
    );
  } else {
    body = (
      <Card className="settings-card">
        <div className="two-factor__steps">
          <section className="two-factor__steps" aria-labelledby="step-password">
            <div className="two-factor__step-label" id="step-password">Step 1 · Confirm it is you</div>
            {enrolment ? (
              <p className="two-factor__lead">Password confirmed. <Button variant="ghost" size="sm" onClick={() => { setEnrolment(null); setCode(''); confirm.reset(); }}>Start over</Button></p>
            ) : (
              <form onSubmit={startEnrolment} noValidate>
                <TextField
                  label="Current password"
                  type="password"
                  autoComplete="current-password"
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                  error={start.isError ? twoFactorErrorMessage(start.error) : undefined}
                  required
                  autoFocus
                />
                <div>
                  <Button type="submit" variant="primary" busy={start.isPending} disabled={!password}>Continue</Button>
                </div>
              </form>
            )}
          </section>
          {enrolment ? (
            <>
              <section className="two-factor__steps" aria-labelledby="step-scan">
                <div className="two-factor__step-label" id="step-scan">Step 2 · Scan the QR code</div>
                <div className="two-factor__scan">
                  <QrCode uri={enrolment.otpauthUri} />
                  <div className="two-factor__manual">
                    <p>Scan it with an authenticator app (Google Authenticator, 1Password, Authy, Microsoft Authenticator…).</p>
                    <p>Cannot scan? Type this key into the app instead (time-based, 6 digits):</p>
                    <code className="two-factor__secret" data-testid="totp-secret" aria-label="Secret key">{groupSecret(enrolment.secret)}</code>
                  </div>
                </div>
              </section>
              <section className="two-factor__steps" aria-labelledby="step-code">
                <div className="two-factor__step-label" id="step-code">Step 3 · Type the code the app shows</div>
                <form className="two-factor__confirm" onSubmit={confirmCode} noValidate>
                  <OneTimeCodeField label="Authentication code" value={code} onChange={setCode} required />
                  <Button type="submit" variant="primary" busy={confirm.isPending} disabled={code.length !== 6}>Turn on two-factor</Button>
                </form>
                {confirm.isError ? <div className="form-error" role="alert">{twoFactorErrorMessage(confirm.error)}</div> : null}
              </section>
            </>
          ) : null}
        </div>
      </Card>
    );
  }

  return (
    <div className="shell">
      <TopBar actions={restricted ? <RestrictedNav /> : <UserNav />} />
      <main className="settings-page">
        <header className="settings-page__header">
          <h1 className="settings-page__title">Two-factor authentication</h1>
          <p className="settings-page__subtitle">A code from an app on your phone at every sign-in, so that a stolen password is not enough.</p>
        </header>
        {restricted && !recoveryCodes ? (
          <div className="two-factor__notice" role="status">
            This Cordon instance requires two-factor authentication. Turn it on to continue; until then, the rest of Cordon is closed to this session.
          </div>
        ) : null}
        {body}
      </main>
    </div>
  );
}

/** The QR code of the otpauth URI, drawn in the browser (no image service sees the secret). */
function QrCode({ uri }: { uri: string }) {
  const [dataUrl, setDataUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 0, width: 352 })
      .then((url) => { if (live) setDataUrl(url); })
      .catch(() => { if (live) setDataUrl(null); });
    return () => {
      live = false;
    };
  }, [uri]);
  return <div className="two-factor__qr">{dataUrl ? <img src={dataUrl} alt="QR code to scan with your authenticator app" /> : null}</div>;
}

/** A restricted session may only sign out. */
function RestrictedNav() {
  const signOut = useSignOut();
  const navigate = useNavigate();
  return (
    <nav className="user-nav" aria-label="Account">
      <Button variant="ghost" size="sm" onClick={() => signOut.mutate(undefined, { onSettled: () => navigate('/sign-in') })}>Sign out</Button>
    </nav>
  );
}
