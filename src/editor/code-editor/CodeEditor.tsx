import { lazy, Suspense } from 'react';

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
}

// Monaco is big; it loads on first use, from its own chunk.
const MonacoCodeEditor = lazy(() => import('./MonacoCodeEditor'));

/** A Monaco code editor, loaded lazily. The wrapper carries the accessible label. */
export function CodeEditor(props: CodeEditorProps) {
  return (
    <div className="ed-code" aria-label={props.label} style={{ height: props.height ?? 200 }}>
      <Suspense fallback={<div className="ed-code__loading">Loading editor…</div>}>
        <MonacoCodeEditor {...props} />
      </Suspense>
    </div>
  );
}
