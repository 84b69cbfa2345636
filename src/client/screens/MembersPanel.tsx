import { useState } from 'react';
import { roles } from '../../shared';
import type { Role, WorkspaceDto } from '../../shared';
import { useMe } from '../api/hooks/auth';
import { useAddMember, useMembers, useRemoveMember, useUpdateMember } from '../api/hooks/members';
import { Button } from '../ui/Button';
import { Select } from '../ui/Select';
import { Spinner } from '../ui/Spinner';
import { TextField } from '../ui/TextField';
import { useToast } from '../ui/Toasts';
import { errorMessage } from '../ui/errorMessage';
import { roleLabels } from './roleLabels';
import './MembersPanel.css';

const roleOptions = roles.map((r) => ({ value: r, label: roleLabels[r] }));

/**
 * The members of a workspace. Administrators add existing accounts by email, change roles and
 * remove members. The per-member selects are labelled "Access of <email>" so that the add form's
 * "Role" stays the only field whose label contains "Role".
 */
export function MembersPanel({ workspace }: { workspace: WorkspaceDto }) {
  const members = useMembers(workspace.id);
  const me = useMe();
  const add = useAddMember(workspace.id);
  const update = useUpdateMember(workspace.id);
  const remove = useRemoveMember(workspace.id);
  const toast = useToast();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('developer');
  const admin = workspace.role === 'administrator';

  return (
    <section aria-label="Members">
      {admin ? (
        <form
          className="member-form ui-card"
          onSubmit={(event) => {
            event.preventDefault();
            add.mutate({ email, role }, {
              onSuccess: (member) => {
                setEmail('');
                toast.show(`${member.name ?? member.email ?? 'The member'} was added as ${roleLabels[member.role]}.`, 'success');
              },
            });
          }}
        >
          <TextField label="Email" type="email" required value={email} placeholder="colleague@example.com" className="member-form__email"
            onChange={(e) => { setEmail(e.target.value); if (add.isError) add.reset(); }} />
          <Select label="Role" value={role} options={roleOptions} onChange={(e) => setRole(e.target.value as Role)} />
          <Button type="submit" variant="primary" busy={add.isPending} className="member-form__submit">Add member</Button>
          {add.isError ? <div className="form-error member-form__error" role="alert">{errorMessage(add.error)}</div> : null}
        </form>
      ) : null}
      {members.isPending ? (
        <Spinner label="Loading members" />
      ) : members.isError ? (
        <div className="form-error" role="alert">{errorMessage(members.error)}</div>
      ) : (
        <div className="ui-card table-card">
          {members.data.some((m) => m.hidden) ? (
            <p className="member-privacy-note">
              Membership privacy is on: only Administrators of this workspace see other members' names, emails and two-factor status.
            </p>
          ) : null}
          <table className="data-table">
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Two-factor</th>{admin ? <th scope="col"><span className="ui-visually-hidden">Actions</span></th> : null}</tr>
            </thead>
            <tbody>
              {members.data.map((m) => (
                <tr key={m.userId}>
                  <td>{m.hidden ? <HiddenValue /> : m.name}{m.userId === me.data?.id ? <span className="badge badge--neutral member-you">you</span> : null}</td>
                  <td>{m.hidden ? <HiddenValue /> : m.email}</td>
                  <td>
                    {admin ? (
                      <Select
                        label={`Access of ${m.email}`}
                        hideLabel
                        value={m.role}
                        options={roleOptions}
                        disabled={update.isPending}
                        onChange={(e) => update.mutate({ userId: m.userId, role: e.target.value as Role }, {
                          onError: (error) => toast.show(errorMessage(error), 'error'),
                        })}
                      />
                    ) : roleLabels[m.role]}
                  </td>
                  <td>
                    {m.hidden || m.twoFactorEnabled === null ? <HiddenValue />
                      : m.twoFactorEnabled ? <span className="badge badge--success">On</span>
                      : <span className="badge badge--neutral">Off</span>}
                  </td>
                  {admin ? (
                    <td className="data-table__actions">
                      <Button size="sm" variant="ghost" aria-label={`Remove ${m.email}`}
                        onClick={() => remove.mutate(m.userId, { onError: (error) => toast.show(errorMessage(error), 'error') })}>
                        Remove
                      </Button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** What membership privacy shows instead of a value the caller may not see. */
function HiddenValue() {
  return <span className="member-hidden" title="Hidden by membership privacy">Hidden</span>;
}
