import { lazy, Suspense, useState } from 'react';

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
}

// Monaco is big; it loads on first use, from its own chunk.
const MonacoCodeEditor = lazy(() => import('./MonacoCodeEditor'));

/**
 * A Monaco code editor, loaded lazily. The wrapper carries the accessible label, and only once
 * Monaco has mounted: whoever looks the editor up by its label (a person with a screen reader,
 * an end-to-end test) then finds something that accepts typing, not the loading placeholder.
 */
export function CodeEditor(props: CodeEditorProps) {
  const [ready, setReady] = useState(false);
  return (
    <div className="ed-code" aria-label={ready ? props.label : undefined} aria-busy={!ready || undefined} style={{ height: props.height ?? 200 }}>
      <Suspense fallback={<div className="ed-code__loading">Loading editor…</div>}>
        <MonacoCodeEditor {...props} onReady={() => setReady(true)} />
      </Suspense>
    </div>
  );
}
