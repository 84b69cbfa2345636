import { useMemo, useState, useSyncExternalStore } from 'react';
import { Button, ConfirmDialog } from '../../client/ui';
import { errorMessage } from '../../client/ui/errorMessage';
import { datasourceKinds, type DatasourceDto, type QueryDef, type RestRequest } from '../../shared';
import { useEditorDispatch, useEditorSelector } from '../app/hooks';
import { useEditorServices } from '../app/EditorServices';
import { queryChanged, queryDatasourceChanged, queryRemoved, queryRenamed } from '../document/editorSlice';
import { useDatasources } from '../api/editorQueries';
import { CodeEditor } from '../code-editor/CodeEditor';
import { kindLabels } from '../datasources/datasourceForm';
import { EntityNameField } from '../property-pane/EntityNameField';
import { useAppSymbols } from '../intelligence/useAppSymbols';
import { Switch } from '../ui/Switch';
import { queryCancelledMessage } from '../../viewer/inFlightQueries';
import { QueryResult } from './QueryResult';
import { RestRequestEditor } from './RestRequestEditor';
import { TimeLimitField } from './TimeLimitField';
import { emptyRestRequest, restForDatasource, restRequestIsEdited } from './restRequests';
import './queries.css';

/**
 * A draft query: datasource, then either a SQL body in Monaco or, on a REST datasource, a
 * request editor; settings, Run (Cancel while it runs) and the result. Run saves first (the
 * server runs the saved draft), then asks the engine to run the query, which evaluates the
 * bindings and sends their values as parameters.
 */
export function QueryEditor({ query }: { query: QueryDef }) {
  const dispatch = useEditorDispatch();
  const { runtime, runs, saver, inFlight } = useEditorServices();
  const workspaceId = useEditorSelector((s) => s.editor.app?.workspaceId);
  const datasources = useDatasources(workspaceId);
  const symbols = useAppSymbols();
  const intelligence = useMemo(() => ({ kind: 'template' as const, symbols }), [symbols]);
  const [runError, setRunError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [pendingSwitch, setPendingSwitch] = useState<DatasourceDto | null>(null);
  const inFlightRuns = useSyncExternalStore(inFlight.subscribe, inFlight.getSnapshot);
  // A result of the other shape (the query just moved between SQL and REST) is not this query's any more.
  const lastRun = runs[query.id];
  const run = lastRun?.response && (lastRun.response.http !== undefined) !== (query.rest !== undefined) ? undefined : lastRun;
  const running = inFlightRuns.some((r) => r.queryId === query.id);
  const datasource = datasources.data?.find((d) => d.id === query.datasourceId);
  // Errors evaluating the bindings (the parameters) are the engine's, under the query's name.
  // A run the builder cancelled is shown in the result, not as an error here.
  const bindingErrors = runtime.errors.filter((e) => e.entity === query.name && !e.message.endsWith(queryCancelledMessage));
  const change = (patch: Parameters<typeof queryChanged>[0]['patch']) => dispatch(queryChanged({ id: query.id, patch }));

  async function runQuery() {
    setRunError(null);
    setStarting(true);
    try {
      if (!(await saver.flush())) {
        setRunError('The query could not be saved, so it was not run.');
        return;
      }
      runtime.runQuery(query.name);
    } catch (error) {
      setRunError(errorMessage(error));
    } finally {
      setStarting(false);
    }
  }

  function pickDatasource(id: string) {
    const next = datasources.data?.find((d) => d.id === id);
    const rest = restForDatasource(query, next?.kind);
    // Leaving REST for SQL drops the request: ask first when the builder typed one.
    if (next && rest === null && restRequestIsEdited(query.rest)) {
      setPendingSwitch(next);
      return;
    }
    dispatch(queryDatasourceChanged({ id: query.id, datasourceId: id || null, ...(rest !== undefined ? { rest } : {}) }));
  }

  // Grouped by kind: the option's text stays the datasource's name.
  const groups = datasourceKinds
    .map((kind) => ({ kind, items: (datasources.data ?? []).filter((d) => d.kind === kind) }))
    .filter((g) => g.items.length > 0);
  const isRestDatasource = datasource?.kind === 'rest';
  // A query whose shape does not match its datasource (an older document, a datasource that changed kind).
  const mismatch = datasource !== undefined && isRestDatasource !== (query.rest !== undefined);

  return (
    <div className="ed-query">
      <div className="ed-query__toolbar">
        <EntityNameField label="Query name" entityName={query.name} onRename={(name) => dispatch(queryRenamed({ id: query.id, name }))} />
        <div className="ed-field">
          <label className="ed-field__label" htmlFor={`ds-${query.id}`}>Datasource</label>
          <select id={`ds-${query.id}`} className="ed-input" value={query.datasourceId ?? ''} onChange={(e) => pickDatasource(e.target.value)}>
            <option value="">Choose a datasource…</option>
            {groups.map((g) => (
              <optgroup key={g.kind} label={kindLabels[g.kind]}>
                {g.items.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
              </optgroup>
            ))}
          </select>
        </div>
        <span className="ed-spacer" />
        <Button variant="ghost" size="sm" onClick={() => dispatch(queryRemoved(query.id))}>Delete</Button>
        {running ? (
          <Button variant="danger" className="q-cancel" onClick={() => inFlight.cancel(query.id)}>
            <span className="q-cancel__dot" aria-hidden="true" /> Cancel
          </Button>
        ) : (
          <Button variant="primary" onClick={() => void runQuery()} busy={starting} disabled={!query.datasourceId || mismatch}>Run</Button>
        )}
      </div>
      <div className="ed-query__main">
        <div className="ed-query__body">
          {mismatch ? (
            <div className="q-mismatch" role="alert">
              <span>
                {isRestDatasource
                  ? 'This query is SQL, but its datasource is a REST API.'
                  : 'This query is a REST request, but its datasource runs SQL.'}
              </span>
              <Button size="sm" onClick={() => dispatch(queryDatasourceChanged({ id: query.id, datasourceId: query.datasourceId, rest: isRestDatasource ? emptyRestRequest() : null }))}>
                {isRestDatasource ? 'Make it a REST request' : 'Make it SQL'}
              </Button>
            </div>
          ) : null}
          {query.rest ? (
            <RestRequestEditor
              query={query as QueryDef & { rest: RestRequest }}
              baseUrl={datasource?.kind === 'rest' ? datasource.config.baseUrl : undefined}
              symbols={symbols}
              onChange={(rest) => change({ rest })}
            />
          ) : (
            <CodeEditor label="Query body" path={`queries/${query.id}.sql`} language="sql" value={query.body} onChange={(body) => change({ body })} height={170} intelligence={intelligence} />
          )}
          <div className="ed-query__settings">
            <Switch label="Run on page load" checked={query.runOnLoad} onChange={(runOnLoad) => change({ runOnLoad })} />
            <Switch label="Ask before running" checked={query.confirm} onChange={(confirm) => change({ confirm })} />
            {query.rest ? null : (
              <Switch label="Use prepared statements" checked={query.preparedStatements} onChange={(preparedStatements) => change({ preparedStatements })} />
            )}
            <TimeLimitField timeoutMs={query.timeoutMs} onChange={(timeoutMs) => change({ timeoutMs })} />
          </div>
          {bindingErrors.map((e, i) => <p key={i} className="ed-field__error">{e.message}</p>)}
          {!query.datasourceId ? <p className="ed-field__help">Choose a datasource to run this query. Add one with “New datasource” on the left.</p> : null}
          {!query.rest && !query.preparedStatements ? (
            <div className="q-warning" role="alert">
              <strong>Prepared statements are off.</strong> Values from <code>{'{{ }}'}</code> are written into the SQL text
              (escaped as literals) instead of being sent as parameters. Anyone who can type into this app may be able to change
              what the query does. Turn this back on unless you fully control every value.
            </div>
          ) : null}
        </div>
        <QueryResult run={run} error={runError} running={running} />
      </div>
      <ConfirmDialog
        open={pendingSwitch !== null}
        title={`Use ${pendingSwitch?.name ?? 'this datasource'}?`}
        message={`${pendingSwitch?.name ?? 'It'} runs SQL. ${query.name}'s REST request (path, parameters, headers and body) is removed; its SQL body, if it had one, comes back.`}
        confirmLabel="Switch to SQL"
        onCancel={() => setPendingSwitch(null)}
        onConfirm={() => {
          if (pendingSwitch) dispatch(queryDatasourceChanged({ id: query.id, datasourceId: pendingSwitch.id, rest: null }));
          setPendingSwitch(null);
        }}
      />
    </div>
  );
}
