import { useState, type FormEvent } from 'react';
import { Button, Modal, Select, TextField } from '../../client/ui';
import { errorMessage } from '../../client/ui/errorMessage';
import type { CreateDatasourceRequest, DatasourceDto, PostgresConfig, UpdateDatasourceRequest } from '../../shared';
import { editorApi } from '../api/editorApi';
import { useDeleteDatasource, useSaveDatasource } from '../api/editorQueries';

const sslOptions = [
  { value: 'disable', label: 'Off' },
  { value: 'require', label: 'Require (no certificate check)' },
  { value: 'verify-full', label: 'Verify certificate' },
];

type TestResult = { ok: true; durationMs: number } | { ok: false; message: string };

/**
 * Create or edit a PostgreSQL datasource. The password is write-only: an existing one is never
 * shown, only that it is set; typing a new one replaces it. "Test connection" on a new
 * datasource has to save it first (the server tests stored datasources only); closing the
 * dialog without saving removes that draft again.
 */
export function DatasourceModal(props: { workspaceId: string; datasource: DatasourceDto | null; onClose(): void }) {
  const existing = props.datasource?.kind === 'postgres' ? props.datasource : null;
  const [name, setName] = useState(existing?.name ?? '');
  const [host, setHost] = useState(existing?.config.host ?? '');
  const [port, setPort] = useState(String(existing?.config.port ?? 5432));
  const [database, setDatabase] = useState(existing?.config.database ?? '');
  const [user, setUser] = useState(existing?.config.user ?? '');
  const [ssl, setSsl] = useState<PostgresConfig['ssl']>(existing?.config.ssl ?? 'disable');
  const [password, setPassword] = useState('');
  // The id once the datasource exists on the server (it may be created by "Test connection").
  const [savedId, setSavedId] = useState<string | null>(existing?.id ?? null);
  const [draftCreatedByTest, setDraftCreatedByTest] = useState(false);
  const [passwordSet, setPasswordSet] = useState(existing?.secrets.password.set ?? false);
  const [error, setError] = useState<string | null>(null);
  const [test, setTest] = useState<TestResult | null>(null);
  const [testing, setTesting] = useState(false);
  const save = useSaveDatasource(props.workspaceId);
  const remove = useDeleteDatasource(props.workspaceId);

  function requests(): { create: CreateDatasourceRequest; update: UpdateDatasourceRequest } | null {
    const portNumber = Number(port);
    if (!name.trim() || !host.trim() || !database.trim() || !user.trim()) {
      setError('Fill in name, host, database and user.');
      return null;
    }
    if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65_535) {
      setError('The port is a number from 1 to 65535.');
      return null;
    }
    const config: PostgresConfig = { host: host.trim(), port: portNumber, database: database.trim(), user: user.trim(), ssl };
    const secrets = password ? { password } : {};
    return {
      create: { name: name.trim(), kind: 'postgres', config, secrets },
      update: { name: name.trim(), config, ...(password ? { secrets: { password } } : {}) },
    };
  }

  async function store(): Promise<string | null> {
    const body = requests();
    if (!body) return null;
    setError(null);
    try {
      const saved = await save.mutateAsync({ id: savedId, ...body });
      setSavedId(saved.id);
      setPasswordSet(saved.secrets.password.set);
      setPassword('');
      return saved.id;
    } catch (e) {
      setError(errorMessage(e));
      return null;
    }
  }

  async function testConnection() {
    setTest(null);
    setTesting(true);
    try {
      const wasNew = savedId === null;
      const id = await store();
      if (!id) return;
      if (wasNew) setDraftCreatedByTest(true);
      const result = await editorApi.testDatasource(id);
      setTest({ ok: true, durationMs: result.durationMs });
    } catch (e) {
      setTest({ ok: false, message: errorMessage(e) });
    } finally {
      setTesting(false);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const id = await store();
    if (id) props.onClose();
  }

  function cancel() {
    if (draftCreatedByTest && savedId) remove.mutate(savedId);
    props.onClose();
  }

  const busy = save.isPending || testing;
  return (
    <Modal
      open
      title={existing ? `Edit ${existing.name}` : 'New datasource'}
      onClose={cancel}
      footer={
        <>
          <Button variant="ghost" onClick={() => void testConnection()} busy={testing} disabled={busy}>Test connection</Button>
          <span className="ed-spacer" />
          <Button variant="secondary" onClick={cancel}>Cancel</Button>
          <Button variant="primary" type="submit" form="ed-datasource-form" busy={save.isPending && !testing} disabled={busy}>Save</Button>
        </>
      }
    >
      <form id="ed-datasource-form" className="ed-form" onSubmit={(e) => void submit(e)}>
        <p className="ed-muted">PostgreSQL</p>
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} autoFocus required placeholder="Production users" />
        <div className="ed-form__row">
          <TextField label="Host" value={host} onChange={(e) => setHost(e.target.value)} required placeholder="db.internal" className="ed-grow" />
          <TextField label="Port" value={port} onChange={(e) => setPort(e.target.value)} inputMode="numeric" required className="ed-port" />
        </div>
        <TextField label="Database" value={database} onChange={(e) => setDatabase(e.target.value)} required />
        <TextField label="User" value={user} onChange={(e) => setUser(e.target.value)} required autoComplete="off" />
        {passwordSet ? <p className="ed-secret-set">Password is set. Type a new one below to replace it.</p> : null}
        <TextField
          label="Password"
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="new-password"
          placeholder={passwordSet ? 'Leave empty to keep the current password' : ''}
        />
        <Select label="SSL" value={ssl} options={sslOptions} onChange={(e) => setSsl(e.target.value as PostgresConfig['ssl'])} />
        {test?.ok ? <p className="ed-success-text" role="status">Connected in {Math.round(test.durationMs)} ms.</p> : null}
        {test && !test.ok ? <p className="ed-error-text" role="alert">Connection failed: {test.message}</p> : null}
        {error ? <p className="ed-error-text" role="alert">{error}</p> : null}
      </form>
    </Modal>
  );
}
