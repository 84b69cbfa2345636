import { useState, type FormEvent } from 'react';
import { Button, ConfirmDialog, Modal, TextField } from '../../client/ui';
import { errorMessage } from '../../client/ui/errorMessage';
import { datasourceKinds, type DatasourceDto, type DatasourceKind, type SecretName } from '../../shared';
import { editorApi } from '../api/editorApi';
import { useDeleteDatasource, useSaveDatasource } from '../api/editorQueries';
import {
  buildRequests, initialForm, kindLabels, movesServer, withKind, type DatasourceForm, type FieldErrors, type SecretDraft,
} from './datasourceForm';
import { DatasourceKindIcon } from './DatasourceKindIcon';
import { RestDatasourceFields } from './RestDatasourceFields';
import { SecretField } from './SecretField';
import { SqlConnectionFields } from './SqlConnectionFields';
import { SqliteFields } from './SqliteFields';
import './datasources.css';

type TestResult = { ok: true; durationMs: number } | { ok: false; message: string };

const kindHints: Record<DatasourceKind, string> = {
  postgres: 'PostgreSQL 12 or newer',
  mysql: 'MySQL 8 or MariaDB 10.5+',
  rest: 'Any HTTP JSON API',
  sqlite: 'A file on the Cordon server',
};

/**
 * Create or edit a datasource of any kind. The kind is chosen on create and fixed afterwards.
 * Secrets are write-only: the dialog never shows a stored one, only that it is set. "Test
 * connection" tests a new datasource without saving it (the draft test route), and an existing
 * one after saving the changes (so what is tested is what is stored).
 */
export function DatasourceModal(props: { workspaceId: string; datasource: DatasourceDto | null; onClose(): void; onSaved?(datasource: DatasourceDto): void }) {
  // The server's copy once saved: its id and which secrets it holds.
  const [saved, setSaved] = useState<DatasourceDto | null>(props.datasource);
  const [form, setForm] = useState<DatasourceForm>(() => initialForm(props.datasource));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [test, setTest] = useState<TestResult | null>(null);
  const [testing, setTesting] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const save = useSaveDatasource(props.workspaceId);
  const remove = useDeleteDatasource(props.workspaceId);

  const stored: Partial<Record<SecretName, boolean>> = saved
    ? Object.fromEntries(Object.entries(saved.secrets).map(([k, v]) => [k, (v as { set: boolean }).set]))
    : {};
  const willDropSecrets = saved !== null && movesServer(saved, form);

  function change(patch: Partial<DatasourceForm>) {
    setForm((f) => ({ ...f, ...patch }));
    setTest(null);
    // A field's message goes once the field is edited.
    setErrors((e) => {
      const next = { ...e };
      for (const key of Object.keys(patch)) for (const field of Object.keys(next)) if (field === key || field.startsWith(`${key}.`)) delete next[field];
      return next;
    });
  }
  const changeSecret = (name: SecretName, draft: SecretDraft) => change({ secrets: { ...form.secrets, [name]: draft } });

  function requests() {
    const built = buildRequests(form, stored);
    if (!built.ok) {
      setErrors(built.errors);
      setError('Check the highlighted fields.');
      return null;
    }
    setErrors({});
    setError(null);
    return built;
  }

  /** Saves the form; resolves with the stored datasource, or null after showing why not. */
  async function store(): Promise<DatasourceDto | null> {
    const body = requests();
    if (!body) return null;
    try {
      const result = await save.mutateAsync({ id: saved?.id ?? null, create: body.create, update: body.update });
      setSaved(result);
      // Typed secrets are now stored: the inputs go back to empty ("set").
      setForm((f) => ({ ...f, secrets: { password: { value: '', clear: false }, token: { value: '', clear: false }, apiKey: { value: '', clear: false } } }));
      props.onSaved?.(result);
      return result;
    } catch (e) {
      setError(errorMessage(e));
      return null;
    }
  }

  async function testConnection() {
    setTest(null);
    const body = requests();
    if (!body) return;
    setTesting(true);
    try {
      let result: { durationMs: number };
      if (saved) {
        const current = await store();
        if (!current) return;
        result = await editorApi.testDatasource(current.id);
      } else {
        result = await editorApi.testDatasourceDraft(props.workspaceId, body.create);
      }
      setTest({ ok: true, durationMs: result.durationMs });
    } catch (e) {
      setTest({ ok: false, message: errorMessage(e) });
    } finally {
      setTesting(false);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await store()) props.onClose();
  }

  async function deleteDatasource() {
    if (!saved) return;
    try {
      await remove.mutateAsync(saved.id);
      props.onClose();
    } catch (e) {
      setConfirmDelete(false);
      setError(errorMessage(e));
    }
  }

  const busy = save.isPending || testing;
  const secretField = (name: SecretName, label: string) => (
    <SecretField label={label} stored={stored[name] ?? false} draft={form.secrets[name]} onChange={(d) => changeSecret(name, d)} willBeDropped={willDropSecrets} />
  );
  return (
    <Modal
      open
      title={saved ? `Edit ${saved.name}` : 'New datasource'}
      onClose={props.onClose}
      footer={
        <>
          <Button variant="secondary" onClick={() => void testConnection()} busy={testing} disabled={busy}>Test connection</Button>
          {saved ? <Button variant="ghost" className="ds-delete" onClick={() => setConfirmDelete(true)} disabled={busy}>Delete</Button> : null}
          <span className="ed-spacer" />
          <Button variant="ghost" onClick={props.onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form="ds-form" busy={save.isPending && !testing} disabled={busy}>Save</Button>
        </>
      }
    >
      <form id="ds-form" className="ed-form ds-form" onSubmit={(e) => void submit(e)} noValidate>
        {saved ? (
          <p className="ds-kind-badge"><DatasourceKindIcon kind={form.kind} /> {kindLabels[form.kind]}</p>
        ) : (
          <div role="radiogroup" aria-label="Kind" className="ds-kinds">
            {datasourceKinds.map((kind) => (
              <label key={kind} className={kind === form.kind ? 'ds-kind ds-kind--active' : 'ds-kind'}>
                <input type="radio" name="ds-kind" value={kind} checked={kind === form.kind} onChange={() => { setForm((f) => withKind(f, kind)); setErrors({}); setError(null); setTest(null); }} />
                <DatasourceKindIcon kind={kind} size={20} />
                <span className="ds-kind__label">{kindLabels[kind]}</span>
                <span className="ds-kind__hint">{kindHints[kind]}</span>
              </label>
            ))}
          </div>
        )}
        <TextField label="Name" value={form.name} onChange={(e) => change({ name: e.target.value })} error={errors.name} autoFocus placeholder={form.kind === 'rest' ? 'Payments API' : 'Production users'} />
        {form.kind === 'postgres' || form.kind === 'mysql' ? (
          <>
            <SqlConnectionFields form={form} errors={errors} onChange={change} />
            {secretField('password', 'Password')}
          </>
        ) : null}
        {form.kind === 'rest' ? (
          <RestDatasourceFields form={form} errors={errors} stored={stored} willDropSecrets={willDropSecrets} onChange={change} onSecret={changeSecret} />
        ) : null}
        {form.kind === 'sqlite' ? <SqliteFields workspaceId={props.workspaceId} form={form} errors={errors} onChange={change} /> : null}
        {test?.ok ? <p className="ds-test ds-test--ok" role="status">Connected in {Math.round(test.durationMs)} ms.</p> : null}
        {test && !test.ok ? <p className="ds-test ds-test--failed" role="alert"><strong>Connection failed.</strong> {test.message}</p> : null}
        {error ? <p className="form-error" role="alert">{error}</p> : null}
      </form>
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete ${saved?.name ?? 'datasource'}?`}
        message="Queries that use it stop working until they get another datasource. Its saved secrets are removed."
        confirmLabel="Delete"
        destructive
        busy={remove.isPending}
        onConfirm={() => void deleteDatasource()}
        onCancel={() => setConfirmDelete(false)}
      />
    </Modal>
  );
}
