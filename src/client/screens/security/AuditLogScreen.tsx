import { useState } from 'react';
import type { FormEvent } from 'react';
import { auditEventTypes } from '../../../shared/api/audit';
import type { AuditEventDto, AuditEventType } from '../../../shared/api/audit';
import { type AuditLogFilters, useAuditLog } from '../../api/hooks/auditLog';
import { useMe } from '../../api/hooks/auth';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { Select } from '../../ui/Select';
import { TextField } from '../../ui/TextField';
import { errorMessage } from '../../ui/errorMessage';
import { roleLabels } from '../roleLabels';
import { AdminPage } from './AdminPage';
import { AdminTable } from './AdminTable';
import { LoadMore } from './LoadMore';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** Readable names of the event types. */
export const auditEventLabels: Record<AuditEventType, string> = {
  sign_up: 'Signed up',
  sign_in: 'Signed in',
  sign_in_failed: 'Sign-in failed',
  sign_out: 'Signed out',
  session_revoked: 'Sessions revoked',
  password_changed: 'Password changed',
  member_added: 'Member added',
  member_removed: 'Member removed',
  member_role_changed: 'Member role changed',
  datasource_created: 'Datasource created',
  datasource_changed: 'Datasource changed',
  datasource_deleted: 'Datasource deleted',
  app_published: 'App published',
  security_settings_changed: 'Security settings changed',
  password_recovery_requested: 'Password recovery requested',
  password_reset: 'Password reset',
  password_change_failed: 'Password change failed',
  two_factor_enabled: 'Two-factor enabled',
  two_factor_disabled: 'Two-factor disabled',
  recovery_codes_regenerated: 'Recovery codes regenerated',
  recovery_code_used: 'Recovery code used',
  phone_changed: 'Phone number changed',
  user_created: 'User created',
  users_imported: 'Users imported',
  app_imported: 'App imported',
};

const failureTypes = new Set<AuditEventType>(['sign_in_failed', 'password_change_failed']);

const reasonLabels: Record<string, string> = {
  unknown_email: 'unknown email',
  wrong_password: 'wrong password',
  wrong_code: 'wrong code',
  wrong_second_factor: 'wrong second factor',
  expired: 'expired',
  wrong_current_password: 'wrong current password',
};

const roleName = (role: string) => (roleLabels as Record<string, string>)[role] ?? role;

/** The details of an event in words: names and counts only, as the server keeps them. */
function detailParts(event: AuditEventDto): string[] {
  const d = event.details;
  const parts: string[] = [];
  if (d.previousRole && d.role) parts.push(`${roleName(d.previousRole)} → ${roleName(d.role)}`);
  else if (d.role) parts.push(`as ${roleName(d.role)}`);
  else if (d.previousRole) parts.push(`was ${roleName(d.previousRole)}`);
  if (d.datasourceKind) parts.push(d.datasourceKind);
  if (d.changed?.length) parts.push(`changed: ${d.changed.join(', ')}`);
  if (d.revoked !== undefined) parts.push(`${d.revoked} ${d.revoked === 1 ? 'session' : 'sessions'} ended`);
  if (d.reason) parts.push(reasonLabels[d.reason] ?? d.reason);
  if (d.method) parts.push(`via ${d.method.replace(/_/g, ' ')}`);
  if (d.count !== undefined) parts.push(event.type === 'users_imported' ? `${d.count} created` : `${d.count}`);
  if (d.version !== undefined) parts.push(`version ${d.version}`);
  return parts;
}

/** A date input's day as the start of that local day (ISO), and the day after for an inclusive "to". */
const dayStart = (day: string, plusDays = 0) => {
  const date = new Date(`${day}T00:00:00`);
  date.setDate(date.getDate() + plusDays);
  return date.toISOString();
};

interface FilterForm { type: string; userId: string; from: string; to: string }
const emptyForm: FilterForm = { type: '', userId: '', from: '', to: '' };

function toFilters(form: FilterForm): AuditLogFilters {
  return {
    type: (form.type || undefined) as AuditEventType | undefined,
    userId: form.userId.trim() || undefined,
    from: form.from ? dayStart(form.from) : undefined,
    to: form.to ? dayStart(form.to, 1) : undefined,
  };
}

const typeOptions = [
  { value: '', label: 'Any event' },
  ...[...auditEventTypes].sort((a, b) => auditEventLabels[a].localeCompare(auditEventLabels[b])).map((type) => ({ value: type, label: auditEventLabels[type] })),
];

/** `/security/audit`: the audit log of security events for instance administrators, with filters and older pages on demand. */
export function AuditLogScreen() {
  const me = useMe();
  const [form, setForm] = useState<FilterForm>(emptyForm);
  const [filters, setFilters] = useState<AuditLogFilters>({});
  const log = useAuditLog(filters);

  const apply = (next: FilterForm) => { setForm(next); setFilters(toFilters(next)); };
  const submit = (event: FormEvent) => { event.preventDefault(); setFilters(toFilters(form)); };
  const events = log.data?.pages.flatMap((p) => p.events) ?? [];
  const filtered = Object.values(filters).some(Boolean);
  const userLink = (userId: string | null, you: boolean) => userId === null ? <span className="session-meta">nobody signed in</span> : (
    <button type="button" className="audit-id audit-id--link" title="Show only this user's events" onClick={() => apply({ ...form, userId })}>
      {you ? 'you' : userId}
    </button>
  );

  return (
    <AdminPage
      title="Audit log"
      subtitle="Security events on this Cordon server: sign-ins, password and two-factor changes, members, datasources, publishing."
      notAdmin="Only administrators of this Cordon instance can read its audit log."
    >
      <Card className="settings-card">
        <div className="settings-card__head"><h2 className="settings-card__title">Events</h2></div>
        <form className="audit-filters" onSubmit={submit} aria-label="Filters">
          <Select label="Event type" value={form.type} options={typeOptions} onChange={(e) => apply({ ...form, type: e.target.value })} />
          <TextField label="User id" placeholder="usr_…" value={form.userId} onChange={(e) => setForm({ ...form, userId: e.target.value })} onBlur={() => setFilters(toFilters(form))} />
          <TextField label="From" type="date" value={form.from} onChange={(e) => apply({ ...form, from: e.target.value })} />
          <TextField label="To (inclusive)" type="date" value={form.to} onChange={(e) => apply({ ...form, to: e.target.value })} />
          <Button variant="ghost" disabled={!filtered && form.userId === ''} onClick={() => apply(emptyForm)}>Clear</Button>
        </form>
        {log.isError ? <div className="form-error" role="alert">{errorMessage(log.error)}</div> : (
          <AdminTable
            label="Audit events"
            className="audit-table"
            headings={<><th>Time</th><th>Event</th><th>By</th><th>Concerning</th><th>Address</th></>}
            pending={log.isPending}
            rowCount={events.length}
            empty={<EmptyState title={filtered ? 'No events match these filters' : 'No events yet'}>{filtered ? 'Try another event type, user or dates.' : null}</EmptyState>}
          >
            {events.map((event) => (
              <tr key={event.id} data-testid="audit-row">
                <td className="session-time">{dateTime.format(new Date(event.createdAt))}</td>
                <td>
                  <div className="audit-event">
                    {failureTypes.has(event.type) ? <span className="badge badge--danger audit-badge">Failed</span> : null}
                    {auditEventLabels[event.type] ?? event.type}
                  </div>
                  <div className="audit-details">{detailParts(event).map((part) => <span key={part}>{part}</span>)}</div>
                </td>
                <td>{userLink(event.actorUserId, event.actorUserId === me.data?.id)}</td>
                <td>
                  {event.targetUserId && event.targetUserId !== event.actorUserId ? userLink(event.targetUserId, event.targetUserId === me.data?.id) : null}
                  {event.workspaceId ? <div className="session-meta">workspace <span className="audit-id">{event.workspaceId}</span></div> : null}
                  {event.subjectId ? <div className="session-meta"><span className="audit-id">{event.subjectId}</span></div> : null}
                </td>
                <td><span className="session-mono">{event.ip}</span></td>
              </tr>
            ))}
          </AdminTable>
        )}
        <LoadMore pages={log} />
      </Card>
    </AdminPage>
  );
}
