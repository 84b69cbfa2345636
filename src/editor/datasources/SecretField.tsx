import { useId } from 'react';
import type { SecretDraft } from './datasourceForm';

/**
 * A write-only secret (password, token, API key). The stored value never comes back from the
 * server, so the input starts empty; when one is stored the field says so and offers to clear
 * it. Typing replaces it on save.
 */
export function SecretField(props: {
  label: string;
  /** The server holds a value for this secret. */
  stored: boolean;
  draft: SecretDraft;
  onChange(draft: SecretDraft): void;
  /** Said when saving will drop the stored value (another host) unless a new one is typed. */
  willBeDropped?: boolean;
}) {
  const id = useId();
  const { stored, draft } = props;
  const replacing = draft.value !== '';
  let status: string | null = null;
  if (stored && draft.clear) status = 'Will be removed when you save.';
  else if (stored && replacing) status = 'The new value replaces the saved one when you save.';
  else if (stored && props.willBeDropped) status = 'The server changed: type it again, or it is removed when you save.';
  return (
    <div className="ui-field ds-secret">
      <div className="ds-secret__label-row">
        <label className="ui-field__label" htmlFor={id}>{props.label}</label>
        {stored && !draft.clear ? <span className="ds-secret__badge">set</span> : null}
        <span className="ed-spacer" />
        {stored && !draft.clear ? (
          <button type="button" className="ed-link-button" onClick={() => props.onChange({ value: '', clear: true })}>Clear</button>
        ) : null}
        {stored && draft.clear ? (
          <button type="button" className="ed-link-button" onClick={() => props.onChange({ value: '', clear: false })}>Keep it</button>
        ) : null}
      </div>
      <input
        id={id}
        className="ui-input"
        type="password"
        value={draft.value}
        onChange={(e) => props.onChange({ value: e.target.value, clear: false })}
        autoComplete="new-password"
        spellCheck={false}
        placeholder={stored && !draft.clear ? 'Set — type to replace' : ''}
        aria-describedby={status ? `${id}-status` : undefined}
      />
      {status ? <div id={`${id}-status`} className={draft.clear || props.willBeDropped ? 'ds-secret__status ds-secret__status--warn' : 'ds-secret__status'}>{status}</div> : null}
    </div>
  );
}
