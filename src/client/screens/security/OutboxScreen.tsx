import { useState } from 'react';
import type { OutboxMessageDto } from '../../../shared/api/outbox';
import { type OutboxFilters, useOutbox } from '../../api/hooks/outbox';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { Modal } from '../../ui/Modal';
import { Select } from '../../ui/Select';
import { errorMessage } from '../../ui/errorMessage';
import { AdminPage } from './AdminPage';
import { AdminTable } from './AdminTable';
import { LoadMore } from './LoadMore';
import './outbox.css';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const formatTime = (iso: string) => dateTime.format(new Date(iso));

const kindLabels: Record<string, string> = {
  password_recovery: 'Password recovery',
  session_alert: 'Session alert',
  email_sign_in: 'Email sign-in',
  phone_code: 'Phone sign-in code',
  phone_verification: 'Phone verification',
};
const kindLabel = (kind: string) => kindLabels[kind] ?? kind.replace(/_/g, ' ');

const statusBadges: Record<OutboxMessageDto['status'], { label: string; className: string }> = {
  outbox: { label: 'In outbox', className: 'badge badge--neutral' },
  sent: { label: 'Sent', className: 'badge badge--success' },
  failed: { label: 'Failed', className: 'badge badge--danger' },
};

/** `/security/outbox`: the instance's email and SMS messages for instance administrators; bodies while they wait in the outbox. */
export function OutboxScreen() {
  const [filters, setFilters] = useState<OutboxFilters>({});
  const outbox = useOutbox(filters);
  const [open, setOpen] = useState<OutboxMessageDto | null>(null);

  const first = outbox.data?.pages[0];
  const messages = outbox.data?.pages.flatMap((p) => p.messages) ?? [];
  const filtered = Boolean(filters.channel || filters.status);

  return (
    <AdminPage
      title="Outbox"
      subtitle="Email and text messages this Cordon server sent, failed to send, or keeps for you to read."
      notAdmin="Only administrators of this Cordon instance can read its outbox."
    >
      {outbox.isError ? <EmptyState title="Could not load the outbox">{errorMessage(outbox.error)}</EmptyState> : (
        <>
          {first && !first.smtpConfigured ? (
            <div className="outbox-notice" role="note">
              <strong>No mail server is configured.</strong> Emails (password recovery links, sign-in codes, session alerts) stay here
              instead of being sent. Set <code>CORDON_SMTP_URL</code> (e.g. <code>smtp://user:password@mail.example.com:587</code>) and
              {' '}<code>CORDON_SMTP_FROM</code> and restart Cordon to send them.
              {first.smsWebhookConfigured ? null : <> Text messages stay here too until <code>CORDON_SMS_WEBHOOK_URL</code> is set.</>}
            </div>
          ) : null}
          <Card className="settings-card">
            <div className="settings-card__head outbox-head">
              <h2 className="settings-card__title">Messages</h2>
              <div className="outbox-filters">
                <Select label="Channel" value={filters.channel ?? ''} onChange={(e) => setFilters({ ...filters, channel: (e.target.value || undefined) as OutboxFilters['channel'] })}
                  options={[{ value: '', label: 'Email and SMS' }, { value: 'email', label: 'Email' }, { value: 'sms', label: 'SMS' }]} />
                <Select label="Status" value={filters.status ?? ''} onChange={(e) => setFilters({ ...filters, status: (e.target.value || undefined) as OutboxFilters['status'] })}
                  options={[{ value: '', label: 'Any status' }, { value: 'outbox', label: 'In outbox' }, { value: 'sent', label: 'Sent' }, { value: 'failed', label: 'Failed' }]} />
              </div>
            </div>
            <p className="settings-card__intro">Newest first. A message's text is kept only while it waits in the outbox and the code or link in it still works; once sent, failed or expired only the record stays.</p>
            <AdminTable
              label="Messages"
              className="outbox-table"
              headings={<><th>Created</th><th>To</th><th>Message</th><th>Status</th><th><span className="ui-visually-hidden">Actions</span></th></>}
              pending={outbox.isPending}
              rowCount={messages.length}
              empty={
                <EmptyState title={filtered ? 'No messages match these filters' : 'No messages yet'}>
                  {filtered ? 'Try another channel or status.' : first?.smtpConfigured
                    ? 'Emails Cordon sends (password recovery, sign-in codes, session alerts) will be listed here.'
                    : <>Emails Cordon writes will wait here until <code>CORDON_SMTP_URL</code> names a mail server.</>}
                </EmptyState>
              }
            >
              {messages.map((message) => (
                <tr key={message.id} data-testid="outbox-row">
                  <td className="session-time">{formatTime(message.createdAt)}</td>
                  <td className="outbox-recipient">
                    <span className="outbox-recipient__address">{message.recipient}</span>
                    <div className="session-meta">{message.channel === 'email' ? 'Email' : 'SMS'}</div>
                  </td>
                  <td>
                    <div className="outbox-subject">{message.subject || kindLabel(message.kind)}</div>
                    <div className="session-meta">{kindLabel(message.kind)}</div>
                  </td>
                  <td>
                    <span className={statusBadges[message.status].className}>{statusBadges[message.status].label}</span>
                    {message.status === 'failed' && message.error ? <div className="outbox-error" title={message.error}>{message.error}</div> : null}
                    {message.status === 'sent' && message.sentAt ? <div className="session-meta">{formatTime(message.sentAt)}</div> : null}
                    {message.status === 'outbox' && message.body === null ? <div className="session-meta">Expired: its text was removed</div> : null}
                  </td>
                  <td className="data-table__actions">
                    {message.body !== null ? (
                      <Button variant="ghost" size="sm" onClick={() => setOpen(message)} aria-label={`Read the message to ${message.recipient}`}>Read</Button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </AdminTable>
            <LoadMore pages={outbox} label="Load older messages" />
          </Card>
          <Modal open={open !== null} title={open ? open.subject || kindLabel(open.kind) : ''} onClose={() => setOpen(null)}
            footer={<Button variant="secondary" onClick={() => setOpen(null)}>Close</Button>}>
            {open ? (
              <div className="admin-dialog__body outbox-reader">
                <dl className="outbox-reader__meta">
                  <dt>To</dt><dd className="session-mono">{open.recipient}</dd>
                  <dt>Created</dt><dd>{formatTime(open.createdAt)}</dd>
                  <dt>Kind</dt><dd>{kindLabel(open.kind)}</dd>
                </dl>
                <pre className="outbox-reader__body" data-testid="outbox-body">{open.body}</pre>
              </div>
            ) : null}
          </Modal>
        </>
      )}
    </AdminPage>
  );
}
