import { useId } from 'react';
import type { ReactNode } from 'react';

/** One setting: its name, one line on what it does, and its control. */
export function SettingRow({ label, description, stacked = false, children }: {
  label: string;
  description: string;
  /** The control goes under the text (for wide controls such as lists). */
  stacked?: boolean;
  children: (ids: { inputId: string; descriptionId: string }) => ReactNode;
}) {
  const inputId = useId();
  const descriptionId = `${inputId}-description`;
  return (
    <div className={['setting-row', stacked ? 'setting-row--stacked' : ''].filter(Boolean).join(' ')}>
      <div className="setting-row__text">
        <label className="setting-row__label" htmlFor={inputId}>
          {label}
        </label>
        <p className="setting-row__description" id={descriptionId}>{description}</p>
      </div>
      <div className="setting-row__control">{children({ inputId, descriptionId })}</div>
    </div>
  );
}
