import type { Diagnostic } from '../intelligence/diagnostics';

/**
 * The linter's findings for a text, in words, with their line when the text has several.
 * Named just "Problems": a name holding the field's label would make a search by that label
 * (a person's screen reader, an end-to-end test) find two things. The field points here with
 * aria-describedby instead.
 */
export function ProblemList(props: { id?: string; text: string; problems: Diagnostic[] }) {
  if (props.problems.length === 0) return null;
  const multiline = props.text.includes('\n');
  return (
    <ul id={props.id} className="ed-problems" aria-label="Problems">
      {props.problems.map((p, i) => (
        <li key={i} className={`ed-problems__item ed-problems__item--${p.severity}`}>
          <span className="ed-problems__severity">{p.severity === 'error' ? 'Error' : 'Warning'}</span>
          {multiline ? <span className="ed-problems__line">line {lineOf(props.text, p.start)}</span> : null}
          <span>{p.message}</span>
        </li>
      ))}
    </ul>
  );
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}
