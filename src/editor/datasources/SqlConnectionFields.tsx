import { Select, TextField } from '../../client/ui';
import type { DatasourceForm, FieldErrors, SslMode } from './datasourceForm';

const sslOptions = [
  { value: 'disable', label: 'Off' },
  { value: 'require', label: 'Require (no certificate check)' },
  { value: 'verify-full', label: 'Verify certificate' },
];

/** Host, port, database, user and SSL mode of a PostgreSQL or MySQL datasource (the password is a SecretField). */
export function SqlConnectionFields(props: { form: DatasourceForm; errors: FieldErrors; onChange(patch: Partial<DatasourceForm>): void }) {
  const { form, errors, onChange } = props;
  return (
    <>
      <div className="ed-form__row">
        <TextField label="Host" value={form.host} onChange={(e) => onChange({ host: e.target.value })} error={errors.host} placeholder="db.internal" className="ed-grow" spellCheck={false} />
        <TextField label="Port" value={form.port} onChange={(e) => onChange({ port: e.target.value })} error={errors.port} inputMode="numeric" className="ed-port" />
      </div>
      <div className="ed-form__row">
        <TextField label="Database" value={form.database} onChange={(e) => onChange({ database: e.target.value })} error={errors.database} className="ed-grow" spellCheck={false} />
        <TextField label="User" value={form.user} onChange={(e) => onChange({ user: e.target.value })} error={errors.user} autoComplete="off" className="ed-grow" spellCheck={false} />
      </div>
      <Select label="SSL" value={form.ssl} options={sslOptions} onChange={(e) => onChange({ ssl: e.target.value as SslMode })} />
    </>
  );
}
