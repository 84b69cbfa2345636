import { useMemo } from 'react';
import type { JsObjectDef } from '../../shared';
import { useEditorDispatch } from '../app/hooks';
import { jsFunctionSettingsChanged } from '../document/editorSlice';
import { jsObjectMembers } from '../intelligence/jsObjectMembers';
import { Switch } from '../ui/Switch';

/**
 * Per-function settings of a JS object, for each function found in its code: run when the page
 * loads, and ask the user before running. Stored in the object's `functionSettings`.
 */
export function FunctionSettings({ jsObject }: { jsObject: JsObjectDef }) {
  const dispatch = useEditorDispatch();
  const functions = useMemo(() => jsObjectMembers(jsObject.code).filter((m) => m.kind === 'function'), [jsObject.code]);
  return (
    <section className="ed-fnsettings" aria-label="Function settings">
      <h3 className="ed-fnsettings__title">Function settings</h3>
      {functions.length === 0 ? <p className="ed-muted">No functions in this object yet.</p> : null}
      {functions.map((f) => {
        const settings = { runOnLoad: false, confirm: false, ...jsObject.functionSettings[f.name] };
        const change = (patch: Partial<typeof settings>) => dispatch(jsFunctionSettingsChanged({ id: jsObject.id, fn: f.name, settings: { ...settings, ...patch } }));
        return (
          <fieldset key={f.name} className="ed-fnsettings__fn" aria-label={`Settings of ${f.name}`}>
            <legend className="ed-fnsettings__name">{f.name}({f.params})</legend>
            <Switch label="Run on page load" checked={settings.runOnLoad} onChange={(runOnLoad) => change({ runOnLoad })} />
            <Switch label="Ask for confirmation" checked={settings.confirm} onChange={(confirm) => change({ confirm })} />
          </fieldset>
        );
      })}
    </section>
  );
}
