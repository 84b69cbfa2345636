import { useMemo } from 'react';
import { useEditorDispatch, useEditorSelector } from '../app/hooks';
import { useEditorServices } from '../app/EditorServices';
import { entityOpened, widgetSelected } from '../document/editorSlice';
import { selectCurrentPage, selectDocument } from '../document/selectors';
import { appProblems } from '../intelligence/appProblems';
import { useAppSymbols } from '../intelligence/useAppSymbols';
import type { QueryRunLogEntry } from '../runtime/useEditorRuntime';

/**
 * The debugger: the engine's current evaluation errors (entity, property, message; a click
 * shows the entity), the linter's problems across the page and app, and the last runs of
 * queries (time, duration, rows, status). Runs live in memory only and hold no data.
 */
export function DebuggerPane() {
  const { runtime, runLog } = useEditorServices();
  const doc = useEditorSelector(selectDocument);
  const page = useEditorSelector(selectCurrentPage);
  const dispatch = useEditorDispatch();
  const symbols = useAppSymbols();
  const problems = useMemo(() => (doc ? appProblems(doc, page, symbols) : []), [doc, page, symbols]);

  function focus(entity: string) {
    const widget = page?.widgets.find((w) => w.name === entity);
    if (widget) { dispatch(widgetSelected(widget.id)); return; }
    const query = doc?.queries.find((q) => q.name === entity);
    if (query) { dispatch(entityOpened({ kind: 'query', id: query.id })); return; }
    const js = doc?.jsObjects.find((j) => j.name === entity);
    if (js) dispatch(entityOpened({ kind: 'jsObject', id: js.id }));
  }

  return (
    <div className="ed-debugger">
      <div className="ed-debugger__column">
        <section className="ed-debugger__section" aria-labelledby="ed-debugger-errors">
          <h3 id="ed-debugger-errors" className="ed-debugger__title">Errors <span className="ed-count">{runtime.errors.length}</span></h3>
          {runtime.errors.length === 0 ? <p className="ed-muted">No evaluation errors.</p> : (
            <ul className="ed-debugger__errors" aria-label="Evaluation errors">
              {runtime.errors.map((e, i) => (
                <li key={`${e.entity}.${e.key}.${i}`}>
                  <button type="button" className="ed-debugger__error" onClick={() => focus(e.entity)} title={`Show ${e.entity}`}>
                    <span className="ed-debugger__path">{e.key ? `${e.entity}.${e.key}` : e.entity}</span>
                    <span className="ed-debugger__message">{e.message}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="ed-debugger__section" aria-labelledby="ed-debugger-problems">
          <h3 id="ed-debugger-problems" className="ed-debugger__title">Problems <span className="ed-count">{problems.length}</span></h3>
          {problems.length === 0 ? <p className="ed-muted">The linter finds nothing wrong.</p> : (
            <ul className="ed-debugger__errors" aria-label="Lint problems">
              {problems.map((p, i) => (
                <li key={`${p.entity}.${p.key}.${i}`}>
                  <button type="button" className={`ed-debugger__error ed-debugger__error--${p.severity}`} onClick={() => focus(p.entity)} title={`Show ${p.entity}`}>
                    <span className="ed-debugger__path">{p.severity === 'error' ? 'Error' : 'Warning'} · {p.entity}.{p.key}</span>
                    <span className="ed-debugger__message">{p.message}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <section className="ed-debugger__section" aria-labelledby="ed-debugger-runs">
        <h3 id="ed-debugger-runs" className="ed-debugger__title">Query runs <span className="ed-count">{runLog.length}</span></h3>
        {runLog.length === 0 ? <p className="ed-muted">No query has run since the editor opened.</p> : (
          <table className="ed-debugger__runs" aria-label="Query runs">
            <thead>
              <tr><th scope="col">Time</th><th scope="col">Query</th><th scope="col">Status</th><th scope="col">Duration</th><th scope="col">Rows</th><th scope="col">Error</th></tr>
            </thead>
            <tbody>
              {runLog.map((run) => <RunRow key={run.seq} run={run} onFocus={() => focus(run.queryName)} />)}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function RunRow({ run, onFocus }: { run: QueryRunLogEntry; onFocus(): void }) {
  return (
    <tr className={`ed-debugger__run ed-debugger__run--${run.status}`}>
      <td>{new Date(run.startedAt).toLocaleTimeString()}</td>
      <td><button type="button" className="ed-link-button ed-mono" onClick={onFocus}>{run.queryName}</button></td>
      <td>{run.status === 'running' ? 'Running' : run.status === 'success' ? 'Success' : 'Failed'}</td>
      <td>{run.durationMs === null ? '' : `${Math.round(run.durationMs)} ms`}</td>
      <td>{run.rowCount ?? ''}</td>
      <td className="ed-debugger__run-error">{run.error ?? ''}</td>
    </tr>
  );
}
