import { Select } from '../../client/ui';
import { useSqliteFiles } from '../api/editorQueries';
import type { DatasourceForm, FieldErrors } from './datasourceForm';

/** The database file (from the server's databases folder, never a free path) and read-only mode. */
export function SqliteFields(props: { workspaceId: string; form: DatasourceForm; errors: FieldErrors; onChange(patch: Partial<DatasourceForm>): void }) {
  const { form, errors, onChange } = props;
  const files = useSqliteFiles(props.workspaceId, true);
  const listed = files.data?.files ?? [];
  // An existing datasource's file stays pickable even if it is gone from the folder now.
  const all = form.file && !listed.includes(form.file) ? [form.file, ...listed] : listed;
  const options = [{ value: '', label: files.isPending ? 'Loading files…' : 'Choose a file…' }, ...all.map((f) => ({ value: f, label: f }))];
  return (
    <>
      <Select label="Database file" value={form.file} options={options} onChange={(e) => onChange({ file: e.target.value })} aria-invalid={errors.file ? true : undefined} />
      {errors.file ? <p className="ui-field__error" role="alert">{errors.file}</p> : null}
      {files.isError ? <p className="ui-field__error" role="alert">The list of files could not be loaded.</p> : null}
      {files.isSuccess && listed.length === 0 ? (
        <p className="ds-note">
          No database files yet. An administrator puts <code>.sqlite</code> or <code>.db</code> files in the server’s
          <code> DATA_DIR/databases</code> folder; or add the sample database from the datasources list.
        </p>
      ) : (
        <p className="ui-field__hint">Files in the server’s <code>DATA_DIR/databases</code> folder.</p>
      )}
      <label className="ds-check">
        <input type="checkbox" checked={form.readOnly} onChange={(e) => onChange({ readOnly: e.target.checked })} />
        <span>
          Read-only
          <span className="ds-check__hint">Queries cannot change the file.</span>
        </span>
      </label>
    </>
  );
}
