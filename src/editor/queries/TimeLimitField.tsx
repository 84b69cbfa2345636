import { useId, useState } from 'react';

const minSeconds = 0.1;
const maxSeconds = 600;

/**
 * The query's time limit in seconds (the document keeps milliseconds, 100 to 600 000). A value
 * out of range stays in the field with a message and is not written to the document.
 */
export function TimeLimitField(props: { timeoutMs: number; onChange(timeoutMs: number): void }) {
  const id = useId();
  const [text, setText] = useState(String(props.timeoutMs / 1000));
  const seconds = Number(text);
  const valid = text.trim() !== '' && Number.isFinite(seconds) && seconds >= minSeconds && seconds <= maxSeconds;
  return (
    <div className="q-timeout">
      <label htmlFor={id} className="q-timeout__label">Time limit</label>
      <input
        id={id}
        className="ed-input q-timeout__input"
        inputMode="decimal"
        value={text}
        aria-invalid={valid ? undefined : true}
        aria-describedby={valid ? undefined : `${id}-error`}
        onChange={(e) => {
          setText(e.target.value);
          const next = Number(e.target.value);
          if (e.target.value.trim() !== '' && next >= minSeconds && next <= maxSeconds) props.onChange(Math.round(next * 1000));
        }}
      />
      <span className="q-timeout__unit">s</span>
      {valid ? null : <span id={`${id}-error`} className="q-timeout__error" role="alert">{minSeconds} to {maxSeconds} seconds</span>}
    </div>
  );
}
