import { useEffect, useId, useState } from 'react';
import { useEditorSelector } from '../app/hooks';
import { entityNameProblem } from '../document/entityNames';

/**
 * The name of a widget, query or JS object. The draft is checked as the builder types (an
 * identifier, unused in the app) and applied on Enter or when the field loses focus; an
 * invalid draft goes back to the current name.
 */
export function EntityNameField(props: { entityName: string; onRename(name: string): void; label?: string }) {
  const doc = useEditorSelector((s) => s.editor.document);
  const [draft, setDraft] = useState(props.entityName);
  const id = useId();
  useEffect(() => setDraft(props.entityName), [props.entityName]);
  const problem = doc ? entityNameProblem(doc, draft, props.entityName) : null;

  function commit() {
    if (!problem && draft !== props.entityName) props.onRename(draft);
    else if (problem) setDraft(props.entityName);
  }

  return (
    <div className="ed-field">
      <label className="ed-field__label" htmlFor={id}>{props.label ?? 'Name'}</label>
      <input
        id={id}
        className="ed-input ed-input--mono"
        value={draft}
        spellCheck={false}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-error` : undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setDraft(props.entityName);
        }}
      />
      {problem ? <p id={`${id}-error`} className="ed-field__error">{problem}</p> : null}
    </div>
  );
}
