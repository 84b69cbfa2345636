import type { QueryRun } from '../runtime/useEditorRuntime';
import { valuePreview } from '../property-pane/valuePreview';

const maxRowsShown = 100;

/** The last run of a query: its rows as a table with count and time, or its error. */
export function QueryResult({ run, error }: { run: QueryRun | undefined; error: string | null }) {
  if (error) return <div className="ed-result"><p className="ed-error-text" role="alert">{error}</p></div>;
  if (!run) return <div className="ed-result ed-result--empty"><p className="ed-muted">Run the query to see its result.</p></div>;
  if (run.status === 'running') return <div className="ed-result ed-result--empty"><p className="ed-muted">Running…</p></div>;
  if (run.status === 'error') return <div className="ed-result"><p className="ed-error-text" role="alert">{run.error}</p></div>;
  const response = run.response;
  if (!response) return null;
  const columns = response.fields.length > 0 ? response.fields.map((f) => f.name) : Object.keys(response.rows[0] ?? {});
  return (
    <div className="ed-result">
      <p className="ed-result__meta" role="status">
        {response.rowCount} {response.rowCount === 1 ? 'row' : 'rows'} · {Math.round(response.durationMs)} ms
        {response.truncated ? ' · cut at the row limit' : ''}
      </p>
      <div className="ed-result__scroll">
        <table className="ed-result__table">
          <thead>
            <tr>{columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr>
          </thead>
          <tbody>
            {response.rows.slice(0, maxRowsShown).map((row, i) => (
              <tr key={i}>{columns.map((c) => <td key={c}>{cell(row[c])}</td>)}</tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : valuePreview(value, 200);
}
