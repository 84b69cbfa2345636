import { useMemo } from 'react';
import { Button } from '../../client/ui';
import type { JsObjectDef } from '../../shared';
import { useEditorDispatch } from '../app/hooks';
import { useEditorServices } from '../app/EditorServices';
import { jsObjectCodeChanged, jsObjectRemoved, jsObjectRenamed } from '../document/editorSlice';
import { CodeEditor } from '../code-editor/CodeEditor';
import { useAppSymbols } from '../intelligence/useAppSymbols';
import { EntityNameField } from '../property-pane/EntityNameField';
import { FunctionSettings } from './FunctionSettings';

/** A JS object: `export default { ... }` in Monaco, its functions' settings, and the engine's errors. */
export function JsObjectEditor({ jsObject }: { jsObject: JsObjectDef }) {
  const dispatch = useEditorDispatch();
  const { runtime } = useEditorServices();
  const symbols = useAppSymbols();
  const intelligence = useMemo(() => ({ kind: 'jsObject' as const, symbols, self: jsObject.name }), [symbols, jsObject.name]);
  const errors = runtime.errors.filter((e) => e.entity === jsObject.name);
  return (
    <div className="ed-query">
      <div className="ed-query__toolbar">
        <EntityNameField label="JS object name" entityName={jsObject.name} onRename={(name) => dispatch(jsObjectRenamed({ id: jsObject.id, name }))} />
        <span className="ed-spacer" />
        <Button variant="ghost" size="sm" onClick={() => dispatch(jsObjectRemoved(jsObject.id))}>Delete</Button>
      </div>
      <div className="ed-js">
        <div className="ed-js__code">
          <CodeEditor label="JS object code" path={`js/${jsObject.id}.js`} language="javascript" value={jsObject.code} onChange={(code) => dispatch(jsObjectCodeChanged({ id: jsObject.id, code }))} height={220} intelligence={intelligence} />
          {errors.map((e, i) => <p key={i} className="ed-field__error">{e.key ? `${e.key}: ` : ''}{e.message}</p>)}
          <p className="ed-field__help">Use it anywhere as <code>{`{{ ${jsObject.name}.greet('Ada') }}`}</code>. Its code is visible to people who open the published app.</p>
        </div>
        <FunctionSettings jsObject={jsObject} />
      </div>
    </div>
  );
}
