import { useEditorDispatch, useEditorSelector } from '../app/hooks';
import { useEditorServices } from '../app/EditorServices';
import { bottomPanelClosed, debuggerClosed, debuggerOpened, entityOpened } from '../document/editorSlice';
import { selectOpenJsObject, selectOpenQuery } from '../document/selectors';
import { DebuggerPane } from '../debugger/DebuggerPane';
import { JsObjectEditor } from '../js-objects/JsObjectEditor';
import { QueryEditor } from './QueryEditor';

/**
 * The panel under the canvas, with two tabs: the open query or JS object, and the Debugger.
 * With neither open it shrinks to its tab strip.
 */
export function BottomPanel() {
  const query = useEditorSelector(selectOpenQuery);
  const jsObject = useEditorSelector(selectOpenJsObject);
  const debuggerOpen = useEditorSelector((s) => s.editor.debuggerOpen);
  const { runtime } = useEditorServices();
  const dispatch = useEditorDispatch();
  const entity = query ?? jsObject;
  const showEntity = !!entity && !debuggerOpen;
  const expanded = showEntity || debuggerOpen;
  const errorCount = runtime.errors.length;

  return (
    <section className={`ed-bottom${expanded ? '' : ' ed-bottom--collapsed'}`} aria-label="Bottom panel">
      <header className="ed-bottom__header">
        <div role="tablist" aria-label="Bottom panel tabs" className="ed-bottom__tabs">
          {entity ? (
            <button
              type="button"
              role="tab"
              aria-selected={showEntity}
              className="ed-bottom__tab"
              onClick={() => dispatch(entityOpened(query ? { kind: 'query', id: query.id } : { kind: 'jsObject', id: entity.id }))}
            >
              <span className="ed-badge">{query ? 'Query' : 'JS object'}</span>
              <span className="ed-bottom__title">{entity.name}</span>
            </button>
          ) : null}
          <button
            type="button"
            role="tab"
            aria-selected={debuggerOpen}
            className="ed-bottom__tab"
            onClick={() => dispatch(debuggerOpen ? debuggerClosed() : debuggerOpened())}
          >
            Debugger
            {errorCount > 0 ? <span className="ed-count ed-count--danger" aria-label={`${errorCount} ${errorCount === 1 ? 'error' : 'errors'}`}>{errorCount}</span> : null}
          </button>
        </div>
        <span className="ed-spacer" />
        {expanded ? <button type="button" className="ed-icon-button" aria-label="Close panel" onClick={() => dispatch(bottomPanelClosed())}>×</button> : null}
      </header>
      {expanded ? (
        <div className="ed-bottom__content" role="tabpanel">
          {debuggerOpen ? <DebuggerPane /> : null}
          {showEntity && query ? <QueryEditor key={query.id} query={query} /> : null}
          {showEntity && jsObject ? <JsObjectEditor key={jsObject.id} jsObject={jsObject} /> : null}
        </div>
      ) : null}
    </section>
  );
}
