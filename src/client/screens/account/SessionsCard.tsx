import { useState } from 'react';
import type { SessionDto, SessionProvider } from '../../../shared/api/sessions';
import { useAccountSessions, useRevokeOtherSessions, useRevokeSession } from '../../api/hooks/account';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Spinner } from '../../ui/Spinner';
import { useToast } from '../../ui/Toasts';
import { errorMessage } from '../../ui/errorMessage';

const providerLabels: Record<SessionProvider, string> = {
  password: 'Password',
  magic_url: 'Magic link',
  email_otp: 'Email code',
  phone: 'Phone code',
};

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const formatTime = (iso: string) => dateTime.format(new Date(iso));

/** The devices signed in to the account; each can be revoked, or all but this one at once. */
export function SessionsCard() {
  const sessions = useAccountSessions();
  const revoke = useRevokeSession();
  const revokeOthers = useRevokeOtherSessions();
  const toast = useToast();
  const [confirmOthers, setConfirmOthers] = useState(false);
  const list = sessions.data ?? [];
  const others = list.filter((s) => !s.current).length;

  const revokeOne = (session: SessionDto) => revoke.mutate(session.id, {
    onSuccess: () => toast.show(`Signed out ${session.device}.`, 'success'),
    onError: (error) => toast.show(errorMessage(error), 'error'),
  });

  return (
    <Card className="settings-card">
      <div className="settings-card__head">
        <h2 className="settings-card__title">Sessions</h2>
        <Button variant="secondary" size="sm" disabled={others === 0} onClick={() => setConfirmOthers(true)}>Sign out all other sessions</Button>
      </div>
      <p className="settings-card__intro">Devices signed in to your account. Revoke any you do not recognise.</p>
      {sessions.isPending ? <Spinner /> : sessions.isError ? (
        <div className="ui-field__error" role="alert">{errorMessage(sessions.error)}</div>
      ) : (
        <div className="sessions-table">
          <table className="data-table" aria-label="Sessions">
            <thead>
              <tr><th>Device</th><th>Signed in</th><th>Last used</th><th><span className="ui-visually-hidden">Actions</span></th></tr>
            </thead>
            <tbody>
              {list.map((session) => (
                <tr key={session.id} data-testid="session-row">
                  <td className="session-cell">
                    <div className="session-title">
                      <span className="session-device" title={session.userAgent || undefined}>{session.device}</span>
                      {session.current ? <span className="badge badge--success session-badge">This device</span> : null}
                    </div>
                    <div className="session-meta">
                      <span title="Sign-in method">{providerLabels[session.provider]}</span>
                      <span aria-hidden="true">·</span>
                      <span className="session-mono" title="IP address">{session.ip || 'unknown address'}</span>
                    </div>
                  </td>
                  <td className="session-time">{formatTime(session.createdAt)}</td>
                  <td className="session-time">{formatTime(session.lastUsedAt)}</td>
                  <td className="data-table__actions">
                    {session.current ? null : (
                      <Button variant="ghost" size="sm" busy={revoke.isPending && revoke.variables === session.id} onClick={() => revokeOne(session)} aria-label={`Revoke ${session.device} (${session.ip})`}>Revoke</Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={confirmOthers}
        title="Sign out all other sessions?"
        message={`${others} other ${others === 1 ? 'session' : 'sessions'} will be signed out. This device stays signed in.`}
        confirmLabel="Sign out others"
        destructive
        busy={revokeOthers.isPending}
        onCancel={() => setConfirmOthers(false)}
        onConfirm={() => revokeOthers.mutate(undefined, {
          onSuccess: ({ revoked }) => toast.show(`Signed out ${revoked} other ${revoked === 1 ? 'session' : 'sessions'}.`, 'success'),
          onError: (error) => toast.show(errorMessage(error), 'error'),
          onSettled: () => setConfirmOthers(false),
        })}
      />
    </Card>
  );
}
