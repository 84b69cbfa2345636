import { useId } from 'react';

/** A labelled on/off switch (a checkbox with the switch role). */
export function Switch(props: { label: string; checked: boolean; onChange(checked: boolean): void; hint?: string }) {
  const id = useId();
  return (
    <div className="ed-switch-field">
      <label className="ed-switch" htmlFor={id}>
        <input id={id} type="checkbox" role="switch" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} aria-describedby={props.hint ? `${id}-hint` : undefined} />
        <span className="ed-switch__track" aria-hidden="true" />
        <span className="ed-switch__label">{props.label}</span>
      </label>
      {props.hint ? <p id={`${id}-hint`} className="ed-field__help">{props.hint}</p> : null}
    </div>
  );
}
