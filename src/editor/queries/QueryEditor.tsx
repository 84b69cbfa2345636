import { useMemo, useState } from 'react';
import { Button } from '../../client/ui';
import { errorMessage } from '../../client/ui/errorMessage';
import type { QueryDef } from '../../shared';
import { useEditorDispatch, useEditorSelector } from '../app/hooks';
import { useEditorServices } from '../app/EditorServices';
import { queryChanged, queryRemoved, queryRenamed } from '../document/editorSlice';
import { useDatasources } from '../api/editorQueries';
import { CodeEditor } from '../code-editor/CodeEditor';
import { EntityNameField } from '../property-pane/EntityNameField';
import { useAppSymbols } from '../intelligence/useAppSymbols';
import { Switch } from '../ui/Switch';
import { QueryResult } from './QueryResult';

/**
 * A draft query: datasource, SQL body in Monaco, settings, Run and the result. Run saves
 * first (the server runs the saved draft), then asks the engine to run the query, which
 * evaluates the body's bindings and sends their values as parameters.
 */
export function QueryEditor({ query }: { query: QueryDef }) {
  const dispatch = useEditorDispatch();
  const { runtime, runs, saver } = useEditorServices();
  const workspaceId = useEditorSelector((s) => s.editor.app?.workspaceId);
  const datasources = useDatasources(workspaceId);
  const symbols = useAppSymbols();
  const intelligence = useMemo(() => ({ kind: 'template' as const, symbols }), [symbols]);
  const [runError, setRunError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const run = runs[query.id];
  // Errors evaluating the body's bindings (the parameters) are the engine's, under the query's name.
  const bindingErrors = runtime.errors.filter((e) => e.entity === query.name);
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

  const datasourceOptions = [
    { value: '', label: 'Choose a datasource…' },
    ...(datasources.data ?? []).map((d) => ({ value: d.id, label: d.name })),
  ];

  return (
    <div className="ed-query">
      <div className="ed-query__toolbar">
        <EntityNameField label="Query name" entityName={query.name} onRename={(name) => dispatch(queryRenamed({ id: query.id, name }))} />
        <div className="ed-field">
          <label className="ed-field__label" htmlFor={`ds-${query.id}`}>Datasource</label>
          <select id={`ds-${query.id}`} className="ed-input" value={query.datasourceId ?? ''} onChange={(e) => change({ datasourceId: e.target.value || null })}>
            {datasourceOptions.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </select>
        </div>
        <span className="ed-spacer" />
        <Button variant="ghost" size="sm" onClick={() => dispatch(queryRemoved(query.id))}>Delete</Button>
        <Button variant="primary" onClick={() => void runQuery()} busy={starting || run?.status === 'running'} disabled={!query.datasourceId}>Run</Button>
      </div>
      <div className="ed-query__main">
        <div className="ed-query__body">
          <CodeEditor label="Query body" path={`queries/${query.id}.sql`} language="sql" value={query.body} onChange={(body) => change({ body })} height={170} intelligence={intelligence} />
          <div className="ed-query__settings">
            <Switch label="Run on page load" checked={query.runOnLoad} onChange={(runOnLoad) => change({ runOnLoad })} />
            <Switch label="Use prepared statements" checked={query.preparedStatements} onChange={(preparedStatements) => change({ preparedStatements })} />
          </div>
          {bindingErrors.map((e, i) => <p key={i} className="ed-field__error">{e.message}</p>)}
          {!query.datasourceId ? <p className="ed-field__help">Choose a datasource to run this query. Add one with “New datasource” on the left.</p> : null}
          {!query.preparedStatements ? (
            <p className="ed-warning" role="alert">
              Prepared statements are off: values from <code>{'{{ }}'}</code> are written into the SQL text. Anyone who can type
              into this app can change what the query does. Turn this back on unless you fully control every value.
            </p>
          ) : null}
        </div>
        <QueryResult run={run} error={runError} />
      </div>
    </div>
  );
}
