import { lazy, Suspense, useMemo, useState } from 'react';
import type { AppSymbols } from '../intelligence/appSymbols';
import { diagnose, type CodeKind } from '../intelligence/diagnostics';
import { ProblemList } from './ProblemList';

export interface CodeEditorProps {
  /** Accessible label of the editor area, e.g. `Query body`. */
  label: string;
  /** Model path; one per entity so undo history stays with it, e.g. `queries/q_1.sql`. */
  path: string;
  language: 'sql' | 'javascript';
  value: string;
  onChange(value: string): void;
  /** Height in pixels. Default 200. */
  height?: number;
  /** Called once Monaco has mounted and takes input. */
  onReady?(): void;
  /**
   * What the text is (`template` for a SQL body with `{{ }}`, `jsObject`, `handler`) and what the
   * app defines: with both, the editor completes names, shows docs on hover and marks problems.
   */
  intelligence?: { kind: CodeKind; symbols: AppSymbols; self?: string };
}

// Monaco is big; it loads on first use, from its own chunk.
const MonacoCodeEditor = lazy(() => import('./MonacoCodeEditor'));

/**
 * A Monaco code editor, loaded lazily. The wrapper carries the accessible label, and only once
 * Monaco has mounted: whoever looks the editor up by its label (a person with a screen reader,
 * an end-to-end test) then finds something that accepts typing, not the loading placeholder.
 * The problems Monaco marks in the text are also listed under it, in words.
 */
export function CodeEditor(props: CodeEditorProps) {
  const [ready, setReady] = useState(false);
  const { intelligence, value } = props;
  const problems = useMemo(() => (intelligence ? diagnose(value, intelligence.kind, intelligence.symbols) : []), [intelligence, value]);
  return (
    <div className="ed-code-wrap">
      <div className="ed-code" aria-label={ready ? props.label : undefined} aria-busy={!ready || undefined} style={{ height: props.height ?? 200 }}>
        <Suspense fallback={<div className="ed-code__loading">Loading editor…</div>}>
          <MonacoCodeEditor {...props} problems={problems} onReady={() => setReady(true)} />
        </Suspense>
      </div>
      <ProblemList text={value} problems={problems} />
    </div>
  );
}
