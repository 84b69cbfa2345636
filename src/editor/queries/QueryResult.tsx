import { useState } from 'react';
import type { ExecuteResponse } from '../../shared';
import { Spinner } from '../../client/ui';
import { queryCancelledMessage } from '../../viewer/inFlightQueries';
import type { QueryRun } from '../runtime/useEditorRuntime';
import { valuePreview } from '../property-pane/valuePreview';
import { JsonView } from './JsonView';

const maxRowsShown = 100;

/**
 * The last run of a query: SQL rows as a table with count and time; a REST response's status and
 * body (a table when the body is a list of objects, else formatted JSON); or its error.
 */
export function QueryResult({ run, error, running }: { run: QueryRun | undefined; error: string | null; running: boolean }) {
  if (error) return <div className="ed-result"><p className="ed-error-text" role="alert">{error}</p></div>;
  if (running || run?.status === 'running') {
    return (
      <div className="ed-result ed-result--empty q-result-running" role="status">
        <Spinner size="sm" label="" />
        <span>Running… <span className="ed-muted">Cancel stops it on the server too.</span></span>
      </div>
    );
  }
  if (!run) return <div className="ed-result ed-result--empty"><p className="ed-muted">Run the query to see its result.</p></div>;
  if (run.status === 'error') {
    if (run.error === queryCancelledMessage) {
      return <div className="ed-result ed-result--empty"><p className="q-cancelled" role="status">Cancelled. The server stopped the query.</p></div>;
    }
    return <div className="ed-result"><p className="ed-error-text" role="alert">{run.error}</p></div>;
  }
  const response = run.response;
  if (!response) return null;
  return response.http ? <HttpResult response={response} http={response.http} /> : <RowsResult response={response} />;
}

function RowsResult({ response }: { response: ExecuteResponse }) {
  const columns = response.fields.length > 0 ? response.fields.map((f) => f.name) : Object.keys(response.rows[0] ?? {});
  return (
    <div className="ed-result">
      <p className="ed-result__meta" role="status">
        {response.rowCount} {response.rowCount === 1 ? 'row' : 'rows'} · {Math.round(response.durationMs)} ms
        {response.truncated ? ' · cut at the row limit' : ''}
      </p>
      <RowsTable rows={response.rows} columns={columns} />
    </div>
  );
}

function HttpResult({ response, http }: { response: ExecuteResponse; http: NonNullable<ExecuteResponse['http']> }) {
  const objects = Array.isArray(http.body) && http.body.length > 0 && http.body.every(isPlainObject) ? (http.body as Array<Record<string, unknown>>) : null;
  const [view, setView] = useState<'table' | 'json'>(objects ? 'table' : 'json');
  const statusClass = http.status < 300 ? 'q-status--ok' : http.status < 400 ? 'q-status--redirect' : 'q-status--error';
  const contentType = http.headers['content-type']?.split(';')[0];
  return (
    <div className="ed-result">
      <div className="ed-result__meta q-http-meta" role="status">
        <span className={`q-status ${statusClass}`}>{http.status}</span>
        <span>{Math.round(response.durationMs)} ms{contentType ? ` · ${contentType}` : ''}{objects ? ` · ${objects.length} items` : ''}{response.truncated ? ' · cut at the size limit' : ''}</span>
        <span className="ed-spacer" />
        {objects ? (
          <span className="q-view-toggle" role="group" aria-label="Show the body as">
            <button type="button" aria-pressed={view === 'table'} onClick={() => setView('table')}>Table</button>
            <button type="button" aria-pressed={view === 'json'} onClick={() => setView('json')}>JSON</button>
          </span>
        ) : null}
      </div>
      {objects && view === 'table'
        ? <RowsTable rows={objects} columns={columnsOf(objects)} />
        : <JsonView value={http.body} label="Response body" />}
    </div>
  );
}

function RowsTable({ rows, columns }: { rows: Array<Record<string, unknown>>; columns: string[] }) {
  return (
    <div className="ed-result__scroll">
      <table className="ed-result__table">
        <thead>
          <tr>{columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr>
        </thead>
        <tbody>
          {rows.slice(0, maxRowsShown).map((row, i) => (
            <tr key={i}>{columns.map((c) => <td key={c}>{cell(row[c])}</td>)}</tr>
          ))}
        </tbody>
      </table>
      {rows.length > maxRowsShown ? <p className="ed-muted q-more">First {maxRowsShown} of {rows.length} shown.</p> : null}
    </div>
  );
}

/** Every key of the first rows, in order of appearance (REST items need not all have the same keys). */
function columnsOf(rows: Array<Record<string, unknown>>): string[] {
  const seen = new Set<string>();
  for (const row of rows.slice(0, maxRowsShown)) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : valuePreview(value, 200);
}
