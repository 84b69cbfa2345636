import type { ReactNode } from 'react';
import { newRow, type FieldErrors, type KeyValueRow } from './datasourceForm';
import './datasources.css';

/**
 * Name/value rows (headers, query parameters, form fields) with add and remove. Each input is
 * labelled "<noun> <n> name" / "<noun> <n> value" so a screen reader and a test can tell rows apart.
 * `valueInput` lets a caller render something richer for the value (the query editor's binding input).
 */
export function KeyValueEditor(props: {
  /** e.g. "Header", "Query parameter". */
  noun: string;
  rows: KeyValueRow[];
  onChange(rows: KeyValueRow[]): void;
  /** Messages keyed `<field>.<index>.name`. */
  errors?: FieldErrors;
  field?: string;
  namePlaceholder?: string;
  valuePlaceholder?: string;
  mono?: boolean;
  valueInput?: (row: KeyValueRow, label: string, onValue: (value: string) => void) => ReactNode;
}) {
  const { noun, rows, onChange, errors = {}, field = '' } = props;
  const update = (index: number, patch: Partial<KeyValueRow>) => onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  return (
    <div className="ds-kv">
      {rows.length > 0 ? (
        <ul className="ds-kv__rows">
          {rows.map((row, index) => {
            const error = errors[`${field}.${index}.name`];
            const label = `${noun} ${index + 1}`;
            return (
              <li key={row.key} className="ds-kv__row">
                <input
                  className="ed-input ds-kv__name"
                  aria-label={`${label} name`}
                  aria-invalid={error ? true : undefined}
                  value={row.name}
                  placeholder={props.namePlaceholder ?? 'Name'}
                  onChange={(e) => update(index, { name: e.target.value })}
                  spellCheck={false}
                />
                {props.valueInput ? (
                  <div className="ds-kv__value">{props.valueInput(row, `${label} value`, (value) => update(index, { value }))}</div>
                ) : (
                  <input
                    className={props.mono ? 'ed-input ed-input--mono ds-kv__value' : 'ed-input ds-kv__value'}
                    aria-label={`${label} value`}
                    value={row.value}
                    placeholder={props.valuePlaceholder ?? 'Value'}
                    onChange={(e) => update(index, { value: e.target.value })}
                    spellCheck={false}
                  />
                )}
                <button type="button" className="ed-icon-button ds-kv__remove" title={`Remove ${label.toLowerCase()}`} aria-label={`Remove ${label.toLowerCase()}`} onClick={() => onChange(rows.filter((_, i) => i !== index))}>
                  ×
                </button>
                {error ? <p className="ds-kv__error" role="alert">{error}</p> : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      <button type="button" className="ds-kv__add" onClick={() => onChange([...rows, newRow()])}>
        <span aria-hidden="true">+</span> Add {noun.toLowerCase()}
      </button>
    </div>
  );
}
