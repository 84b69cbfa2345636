import { useMemo, type ReactElement } from 'react';

const maxChars = 200_000;
// Keys, strings, numbers, literals: enough to colour JSON.stringify's output.
const tokens = /("(?:\\.|[^"\\])*")(\s*:)?|\b(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\b|\b(true|false|null)\b/g;

/** A value as indented, coloured JSON (read-only). Very large values are cut, and say so. */
export function JsonView({ value, label }: { value: unknown; label: string }) {
  const { parts, cut } = useMemo(() => {
    const full = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value, null, 2) ?? '';
    const text = full.length > maxChars ? full.slice(0, maxChars) : full;
    return { parts: typeof value === 'string' ? [text] : colour(text), cut: full.length > maxChars };
  }, [value]);
  return (
    <div className="q-json" role="region" aria-label={label}>
      <pre className="q-json__pre">{parts}</pre>
      {cut ? <p className="ed-muted q-json__cut">Cut at {maxChars.toLocaleString()} characters.</p> : null}
    </div>
  );
}

function colour(text: string): Array<string | ReactElement> {
  const out: Array<string | ReactElement> = [];
  let last = 0;
  for (const match of text.matchAll(tokens)) {
    const at = match.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    const [whole, str, colon, num, literal] = match;
    const cls = str !== undefined ? (colon ? 'q-json__key' : 'q-json__string') : num !== undefined ? 'q-json__number' : literal !== undefined ? 'q-json__literal' : '';
    out.push(<span key={at} className={cls}>{str ?? whole}</span>);
    if (colon) out.push(colon);
    last = at + whole.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
