import { useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError } from '../../api/apiClient';
import { useChangePassword } from '../../api/hooks/account';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { TextField } from '../../ui/TextField';
import { useToast } from '../../ui/Toasts';
import { errorMessage } from '../../ui/errorMessage';

/** Where a refusal belongs: a wrong current password under that field, a policy refusal under the new one. */
function refusal(error: unknown): { current?: string; next?: string; form?: string } {
  if (!(error instanceof ApiError)) return { form: errorMessage(error) };
  switch (error.code) {
    case 'invalid_credentials':
      return { current: 'The current password is wrong.' };
    case 'password_recently_used':
    case 'password_in_dictionary':
    case 'password_personal_data':
      // The server's own words: they say which rule refused and what to do.
      return { next: error.message };
    case 'bad_request':
      return { next: error.message };
    default:
      return { form: errorMessage(error) };
  }
}

/** Change password: the current one proves it is you; other sessions are signed out by the server. */
export function PasswordCard() {
  const change = useChangePassword();
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (next !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    change.mutate({ currentPassword: current, newPassword: next }, {
      onSuccess: ({ otherSessionsRevoked }) => {
        setCurrent('');
        setNext('');
        setConfirm('');
        toast.show(otherSessionsRevoked > 0
          ? `Password changed. ${otherSessionsRevoked} other ${otherSessionsRevoked === 1 ? 'session was' : 'sessions were'} signed out.`
          : 'Password changed.', 'success');
      },
    });
  };

  const errors = change.isError ? refusal(change.error) : {};
  return (
    <Card className="settings-card">
      <div className="settings-card__head">
        <h2 className="settings-card__title">Change password</h2>
      </div>
      <p className="settings-card__intro">Changing your password signs out every other device; this one stays signed in.</p>
      <form className="password-form" onSubmit={submit} noValidate>
        <TextField label="Current password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} error={errors.current} required />
        <TextField label="New password" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} hint="At least 8 characters." error={errors.next} required minLength={8} />
        <TextField label="Confirm new password" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} error={mismatch ? 'The two new passwords differ.' : undefined} required />
        {errors.form ? <div className="ui-field__error" role="alert">{errors.form}</div> : null}
        <div>
          <Button type="submit" variant="primary" busy={change.isPending} disabled={!current || !next || !confirm}>Change password</Button>
        </div>
      </form>
    </Card>
  );
}
