import { useId } from 'react';
import type { ReactNode } from 'react';

/**
 * One setting: its name, one line on what it does, and its control. `notEnforced` marks a
 * setting the server stores but does not act on yet, so the page never claims more than it does.
 */
export function SettingRow({ label, description, notEnforced = false, stacked = false, children }: {
  label: string;
  description: string;
  notEnforced?: boolean;
  /** The control goes under the text (for wide controls such as lists). */
  stacked?: boolean;
  children: (ids: { inputId: string; descriptionId: string }) => ReactNode;
}) {
  const inputId = useId();
  const descriptionId = `${inputId}-description`;
  return (
    <div className={['setting-row', notEnforced ? 'setting-row--pending' : '', stacked ? 'setting-row--stacked' : ''].filter(Boolean).join(' ')}>
      <div className="setting-row__text">
        <label className="setting-row__label" htmlFor={inputId}>
          {label}
          {notEnforced ? <span className="badge badge--warning" title="Saved, but Cordon does not act on this setting yet.">Not enforced yet</span> : null}
        </label>
        <p className="setting-row__description" id={descriptionId}>{description}</p>
      </div>
      <div className="setting-row__control">{children({ inputId, descriptionId })}</div>
    </div>
  );
}
