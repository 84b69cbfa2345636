import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { AdminUserDto } from '../../../shared/api/adminUsers';
import { importCsvColumns } from '../../../shared/api/userImport';
import type { ImportUsersResponse } from '../../../shared/api/userImport';
import { ApiError } from '../../api/apiClient';
import { useAdminUsers, useCreateUser, useImportUsers, useResetUserTwoFactor, useRevokeUserSessions, useSetUserPassword } from '../../api/hooks/adminUsers';
import { useMe } from '../../api/hooks/auth';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { EmptyState } from '../../ui/EmptyState';
import { Modal } from '../../ui/Modal';
import { TextField } from '../../ui/TextField';
import { useToast } from '../../ui/Toasts';
import { errorMessage } from '../../ui/errorMessage';
import { AdminPage } from './AdminPage';
import { AdminTable } from './AdminTable';
import { LoadMore } from './LoadMore';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** The server's message for a refused form, without the validator's "invalid body:" prefix. */
function formError(error: unknown): string {
  if (error instanceof ApiError && error.code === 'email_taken') return 'An account with this email already exists.';
  return errorMessage(error).replace(/^invalid body:\s*/i, '');
}

/** `/security/users`: the instance's users for instance administrators: search, create, set a password, revoke sessions, import. */
export function UsersScreen() {
  const me = useMe();
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  // Searching as one types, a quarter of a second after the last key.
  useEffect(() => {
    const timer = setTimeout(() => setSearch(searchText.trim()), 250);
    return () => clearTimeout(timer);
  }, [searchText]);
  const users = useAdminUsers(search);
  const revoke = useRevokeUserSessions();
  const resetTwoFactor = useResetUserTwoFactor();
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [passwordFor, setPasswordFor] = useState<AdminUserDto | null>(null);
  const [revokeFor, setRevokeFor] = useState<AdminUserDto | null>(null);
  const [resetTwoFactorFor, setResetTwoFactorFor] = useState<AdminUserDto | null>(null);

  const rows = users.data?.pages.flatMap((p) => p.users) ?? [];

  return (
    <AdminPage
      title="Users"
      subtitle="Every account on this Cordon server: create one, set a password, sign a user out, or import users from another system."
      notAdmin="Only administrators of this Cordon instance can manage its users."
    >
      {users.isError ? <EmptyState title="Could not load the users">{errorMessage(users.error)}</EmptyState> : (
        <>
          <Card className="settings-card">
            <div className="settings-card__head admin-head">
              <h2 className="settings-card__title">Accounts</h2>
              <div className="admin-head__actions">
                <Button variant="secondary" onClick={() => setImporting(true)}>Import users</Button>
                <Button variant="primary" onClick={() => setCreating(true)}>Create user</Button>
              </div>
            </div>
            <div className="admin-search">
              <TextField label="Search" type="search" placeholder="Name or email" value={searchText} onChange={(e) => setSearchText(e.target.value)} />
            </div>
            <AdminTable
              label="Users"
              headings={<><th>User</th><th>Status</th><th>Sessions</th><th>Created</th><th><span className="ui-visually-hidden">Actions</span></th></>}
              pending={users.isPending}
              rowCount={rows.length}
              empty={<EmptyState title={search ? 'No user matches this search' : 'No users yet'}>{search ? 'Try part of a name or an email address.' : null}</EmptyState>}
            >
              {rows.map((user) => (
                <tr key={user.id} data-testid="user-row">
                  <td className="admin-user">
                    <div className="admin-user__name">
                      {user.name}
                      {user.id === me.data?.id ? <span className="badge badge--neutral member-you">you</span> : null}
                    </div>
                    <div className="session-meta"><span className="session-mono">{user.email}</span>{user.phone ? <span>{user.phone}</span> : null}</div>
                  </td>
                  <td>
                    <div className="admin-badges">
                      {user.isInstanceAdmin ? <span className="badge badge--success">Administrator</span> : null}
                      {user.twoFactorEnabled ? <span className="badge badge--success">2FA</span> : <span className="badge badge--neutral" title="No second factor">No 2FA</span>}
                      {user.imported ? <span className="badge badge--warning" title="Imported with another system's password hash; re-hashed at the first sign-in">Imported</span> : null}
                    </div>
                  </td>
                  <td className="session-time">{user.sessions}</td>
                  <td className="session-time">{dateFormat.format(new Date(user.createdAt))}</td>
                  <td className="data-table__actions admin-actions">
                    <div className="admin-actions__stack">
                      <Button variant="ghost" size="sm" onClick={() => setPasswordFor(user)} aria-label={`Set the password of ${user.email}`}>Set password</Button>
                      <Button variant="ghost" size="sm" disabled={user.sessions === 0} onClick={() => setRevokeFor(user)} aria-label={`Revoke the sessions of ${user.email}`}>Revoke sessions</Button>
                      {user.twoFactorEnabled ? (
                        <Button variant="ghost" size="sm" onClick={() => setResetTwoFactorFor(user)} aria-label={`Turn off two-factor of ${user.email}`}>Turn off 2FA</Button>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </AdminTable>
            <LoadMore pages={users} />
          </Card>
          <CreateUserDialog open={creating} onClose={() => setCreating(false)} />
          <SetPasswordDialog user={passwordFor} onClose={() => setPasswordFor(null)} />
          <ImportUsersDialog open={importing} onClose={() => setImporting(false)} />
          <ConfirmDialog
            open={resetTwoFactorFor !== null}
            title="Turn off two-factor authentication?"
            message={resetTwoFactorFor
              ? `For someone who lost their authenticator and recovery codes. ${resetTwoFactorFor.name} (${resetTwoFactorFor.email}) is signed out everywhere and signs in with the password alone until they enrol again. Make sure it is really them asking.`
              : ''}
            confirmLabel="Turn off 2FA"
            destructive
            busy={resetTwoFactor.isPending}
            onCancel={() => setResetTwoFactorFor(null)}
            onConfirm={() => {
              if (!resetTwoFactorFor) return;
              const { email } = resetTwoFactorFor;
              resetTwoFactor.mutate(resetTwoFactorFor.id, {
                onSuccess: () => { toast.show(`Two-factor authentication of ${email} is off; they were signed out.`, 'success'); setResetTwoFactorFor(null); },
                onError: (error) => toast.show(errorMessage(error), 'error'),
              });
            }}
          />
          <ConfirmDialog
            open={revokeFor !== null}
            title="Revoke all sessions?"
            message={revokeFor ? `${revokeFor.name} (${revokeFor.email}) is signed out on every device${revokeFor.id === me.data?.id ? ', including this one' : ''}.` : ''}
            confirmLabel="Revoke sessions"
            destructive
            busy={revoke.isPending}
            onCancel={() => setRevokeFor(null)}
            onConfirm={() => {
              if (!revokeFor) return;
              revoke.mutate(revokeFor.id, {
                onSuccess: (result) => { toast.show(`${result.revoked} ${result.revoked === 1 ? 'session' : 'sessions'} revoked.`, 'success'); setRevokeFor(null); },
                onError: (error) => toast.show(errorMessage(error), 'error'),
              });
            }}
          />
        </>
      )}
    </AdminPage>
  );
}

function CreateUserDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const create = useCreateUser();
  const toast = useToast();
  const [form, setForm] = useState({ email: '', name: '', password: '' });
  const close = () => { create.reset(); setForm({ email: '', name: '', password: '' }); onClose(); };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(form, { onSuccess: (user) => { toast.show(`${user.email} was created.`, 'success'); close(); } });
  };
  const field = (key: keyof typeof form) => ({ value: form[key], onChange: (e: { target: { value: string } }) => { create.reset(); setForm({ ...form, [key]: e.target.value }); } });
  return (
    <Modal open={open} title="Create user" onClose={close}
      footer={<><Button onClick={close}>Cancel</Button><Button type="submit" form="create-user-form" variant="primary" busy={create.isPending}>Create user</Button></>}>
      <form id="create-user-form" className="admin-dialog__body" onSubmit={submit} noValidate>
        <TextField label="Email" type="email" autoComplete="off" required {...field('email')} />
        <TextField label="Name" autoComplete="off" required {...field('name')} />
        <TextField label="Password" type="password" autoComplete="new-password" required hint="At least 8 characters. The instance's password policies apply." {...field('password')} />
        {create.isError ? <div className="form-error" role="alert">{formError(create.error)}</div> : null}
      </form>
    </Modal>
  );
}

function SetPasswordDialog({ user, onClose }: { user: AdminUserDto | null; onClose(): void }) {
  const setPassword = useSetUserPassword();
  const toast = useToast();
  const [password, setValue] = useState('');
  const close = () => { setPassword.reset(); setValue(''); onClose(); };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!user) return;
    setPassword.mutate({ userId: user.id, password }, { onSuccess: () => { toast.show(`The password of ${user.email} was set; their sessions were signed out.`, 'success'); close(); } });
  };
  return (
    <Modal open={user !== null} title="Set password" onClose={close}
      footer={<><Button onClick={close}>Cancel</Button><Button type="submit" form="set-password-form" variant="primary" busy={setPassword.isPending}>Set password</Button></>}>
      <form id="set-password-form" className="admin-dialog__body" onSubmit={submit} noValidate>
        <p className="ui-modal__message">A new password for <strong>{user?.name}</strong> ({user?.email}). They are signed out everywhere and sign in with it next time.</p>
        <TextField label="New password" type="password" autoComplete="new-password" required value={password}
          hint="At least 8 characters. Every password policy applies, history included."
          onChange={(e) => { setPassword.reset(); setValue(e.target.value); }} />
        {setPassword.isError ? <div className="form-error" role="alert">{formError(setPassword.error)}</div> : null}
      </form>
    </Modal>
  );
}

function ImportUsersDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const importUsers = useImportUsers();
  const [file, setFile] = useState<File | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const close = () => { importUsers.reset(); setFile(null); onClose(); };
  const result = importUsers.data;
  return (
    <Modal open={open} title="Import users" onClose={close}
      footer={result ? <Button variant="primary" onClick={close}>Done</Button> : (
        <><Button onClick={close}>Cancel</Button>
          <Button variant="primary" disabled={!file} busy={importUsers.isPending} onClick={() => { if (file) importUsers.mutate(file); }}>Import</Button></>
      )}>
      <div className="admin-dialog__body admin-import">
        <p className="ui-modal__message">
          Users from another system keep their passwords: give each one's existing hash (Argon2, bcrypt, MD5, SHA, phpass, scrypt or
          Firebase's scrypt). It is checked at their first sign-in, then replaced by Argon2id. Emails that already have an account are skipped.
        </p>
        <details className="admin-import__formats">
          <summary>File formats</summary>
          <p><strong>CSV</strong> (a <code>.csv</code> file) with a header row; columns in any order, only email, name, algorithm and hash required:</p>
          <pre>{importCsvColumns.join(',')}</pre>
          <p><strong>JSON</strong>: <code>{'{"users": [{"email", "name", "phone"?, "hash": {"algorithm": "bcrypt", "hash": "$2b$…"}}]}'}</code></p>
        </details>
        {result ? <ImportResult result={result} /> : (
          <div className="ui-field">
            <label className="ui-field__label" htmlFor="import-users-file">Users file (CSV or JSON)</label>
            <input ref={input} id="import-users-file" className="admin-import__file" type="file" accept=".csv,.json,text/csv,application/json"
              onChange={(event) => { importUsers.reset(); setFile(event.target.files?.[0] ?? null); }} />
          </div>
        )}
        {importUsers.isError ? <div className="form-error" role="alert">{formError(importUsers.error)}</div> : null}
      </div>
    </Modal>
  );
}

function ImportResult({ result }: { result: ImportUsersResponse }) {
  return (
    <div className="admin-import__result" role="status">
      <div className="admin-import__counts">
        <span className="badge badge--success">{result.created} created</span>
        <span className="badge badge--neutral">{result.skipped} skipped (already had an account)</span>
        <span className={`badge ${result.errors.length ? 'badge--danger' : 'badge--neutral'}`}>{result.errors.length} {result.errors.length === 1 ? 'error' : 'errors'}</span>
      </div>
      {result.errors.length ? (
        <div className="sessions-table admin-import__errors">
          <table className="data-table" aria-label="Rows not imported">
            <thead><tr><th>Row</th><th>Problem</th></tr></thead>
            <tbody>
              {result.errors.map((error) => (
                <tr key={`${error.row}-${error.code}`}><td className="session-time">{error.row}</td><td>{error.message}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
