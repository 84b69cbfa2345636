import { useEffect, useId, useRef, useState } from 'react';
import type { WidgetRenderProps } from '../widgetRenderProps';
import { WidgetFrame } from '../WidgetFrame';
import { displayText } from '../displayText';
import { reconcileEcho } from './reconcileEcho';

/**
 * A labelled text field. The typed text lives locally and is reported with setMeta; the
 * runtime's echo of each keystroke arrives later, so echoes of what we sent are ignored and
 * only a value we did not send (a setter, resetWidget, a new defaultText) replaces the text.
 */
export function InputWidget(props: WidgetRenderProps) {
  const { setMeta, trigger, mode } = props;
  const external = displayText(props.values.text);
  const [text, setText] = useState(external);
  const sent = useRef<string[]>([]);
  const id = useId();

  useEffect(() => {
    const step = reconcileEcho(sent.current, external);
    sent.current = step.sent;
    if (step.replace) setText(external);
  }, [external]);

  const label = displayText(props.values.label);
  return (
    <WidgetFrame name={props.name} kind="input" errors={props.errors}>
      <label className="cw-input__label" htmlFor={id}>{label || props.name}</label>
      <input
        id={id}
        className="cw-input__field"
        type="text"
        value={text}
        placeholder={displayText(props.values.placeholder)}
        aria-invalid={props.errors.text !== undefined || props.errors.defaultText !== undefined ? true : undefined}
        onChange={(event) => {
          const value = event.target.value;
          setText(value);
          // Bounded: a runtime that coalesces or drops echoes must not make this grow forever.
          sent.current = [...sent.current.slice(-49), value];
          setMeta({ text: value });
          if (mode === 'view') trigger('onTextChanged');
        }}
      />
    </WidgetFrame>
  );
}
