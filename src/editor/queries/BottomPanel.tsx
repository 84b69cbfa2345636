import { useEditorDispatch, useEditorSelector } from '../app/hooks';
import { bottomPanelClosed } from '../document/editorSlice';
import { selectOpenJsObject, selectOpenQuery } from '../document/selectors';
import { JsObjectEditor } from '../js-objects/JsObjectEditor';
import { QueryEditor } from './QueryEditor';

/** The panel under the canvas with the open query or JS object; hidden when none is open. */
export function BottomPanel() {
  const query = useEditorSelector(selectOpenQuery);
  const jsObject = useEditorSelector(selectOpenJsObject);
  const dispatch = useEditorDispatch();
  if (!query && !jsObject) return null;
  return (
    <section className="ed-bottom">
      <header className="ed-bottom__header">
        <span className="ed-badge">{query ? 'Query' : 'JS object'}</span>
        <span className="ed-bottom__title">{query?.name ?? jsObject?.name}</span>
        <span className="ed-spacer" />
        <button type="button" className="ed-icon-button" aria-label="Close panel" onClick={() => dispatch(bottomPanelClosed())}>×</button>
      </header>
      <div className="ed-bottom__content">
        {query ? <QueryEditor key={query.id} query={query} /> : null}
        {jsObject ? <JsObjectEditor key={jsObject.id} jsObject={jsObject} /> : null}
      </div>
    </section>
  );
}
