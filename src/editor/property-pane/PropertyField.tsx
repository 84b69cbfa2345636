import { useId, useMemo } from 'react';
import type { PropValue } from '../../shared';
import type { WidgetPropertyConfig } from '../../widgets/widgetConfig';
import { ProblemList } from '../code-editor/ProblemList';
import type { AppSymbols } from '../intelligence/appSymbols';
import { diagnose } from '../intelligence/diagnostics';
import { BindingInput } from './BindingInput';
import { valuePreview } from './valuePreview';

/**
 * One property of the selected widget, edited by its control. Text and code fields take
 * `{{ }}` bindings; under them the pane shows what the binding evaluates to, or its error.
 * Event fields are labelled with the event's name (`onClick`) and hold code to run.
 */
export function PropertyField(props: {
  property: WidgetPropertyConfig;
  value: PropValue;
  evaluated: unknown;
  hasEvaluated: boolean;
  error: string | undefined;
  symbols: AppSymbols;
  onChange(value: PropValue): void;
}) {
  const { property, value, onChange, symbols } = props;
  const id = useId();
  const label = property.control === 'event' ? property.name : property.label;
  const text = value === null ? '' : String(value);
  const dynamic = typeof value === 'string' && value.includes('{{');
  const kind = property.control === 'event' ? 'handler' as const : 'template' as const;
  // The linter reads what is typed: unknown names, side effects in data fields, syntax.
  const problems = useMemo(() => (typeof value === 'string' && property.control !== 'select' && (dynamic || kind === 'handler') ? diagnose(value, kind, symbols) : []), [value, property.control, dynamic, kind, symbols]);
  const hasLintError = problems.some((p) => p.severity === 'error');
  const describedBy = [property.help ? `${id}-help` : '', props.error && !hasLintError ? `${id}-error` : '', problems.length > 0 ? `${id}-problems` : ''].filter(Boolean).join(' ') || undefined;
  const invalid = props.error || hasLintError ? true : undefined;

  let control;
  switch (property.control) {
    case 'boolean':
      if (typeof value === 'string') {
        control = <BindingInput multiline={false} kind="template" symbols={symbols} id={id} className="ed-input ed-input--mono" value={text} aria-describedby={describedBy} aria-invalid={invalid} onChange={onChange} />;
      } else {
        control = (
          <label className="ed-switch">
            <input id={id} type="checkbox" role="switch" checked={value === true} aria-describedby={describedBy} onChange={(e) => onChange(e.target.checked)} />
            <span className="ed-switch__track" aria-hidden="true" />
          </label>
        );
      }
      break;
    case 'select':
      control = (
        <select id={id} className="ed-input" value={text} aria-describedby={describedBy} onChange={(e) => onChange(e.target.value)}>
          {(property.options ?? []).map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      );
      break;
    case 'code':
    case 'event':
      control = (
        <BindingInput
          multiline
          kind={kind}
          symbols={symbols}
          id={id}
          className="ed-input ed-input--mono ed-textarea"
          value={text}
          rows={property.control === 'event' ? 2 : 3}
          placeholder={property.control === 'event' ? '{{ Query1.run() }}' : undefined}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          onChange={onChange}
        />
      );
      break;
    default:
      control = (
        <BindingInput
          multiline={false}
          kind="template"
          symbols={symbols}
          id={id}
          className={dynamic ? 'ed-input ed-input--mono' : 'ed-input'}
          value={text}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          onChange={onChange}
        />
      );
  }

  return (
    <div className={`ed-field ed-field--${property.control}`}>
      <div className="ed-field__label-row">
        <label className="ed-field__label" htmlFor={id}>{label}</label>
        {property.control === 'boolean' ? (
          <button type="button" className="ed-link-button" title="Switch between a fixed value and a {{ }} binding" onClick={() => onChange(typeof value === 'string' ? value.includes('true') : `{{ ${String(value === true)} }}`)}>
            {typeof value === 'string' ? 'Use switch' : 'Use JS'}
          </button>
        ) : null}
      </div>
      {control}
      <ProblemList id={`${id}-problems`} text={text} problems={problems} />
      {/* The engine's error repeats a lint error about the same text; the Debugger keeps it. */}
      {props.error && !hasLintError ? (
        <p id={`${id}-error`} className="ed-field__error">{props.error}</p>
      ) : dynamic && property.control !== 'event' && props.hasEvaluated ? (
        <p className="ed-field__value" title={valuePreview(props.evaluated, 2_000)}><span className="ed-field__value-arrow" aria-hidden="true">→</span> {valuePreview(props.evaluated)}</p>
      ) : null}
      {property.help ? <p id={`${id}-help`} className="ed-field__help">{property.help}</p> : null}
    </div>
  );
}
