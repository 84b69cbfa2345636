import Editor, { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/editor/editor.api';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import 'monaco-editor/languages/definitions/sql/register';
import 'monaco-editor/languages/definitions/javascript/register';
import type { CodeEditorProps } from './CodeEditor';

// Monaco from the local package, never a CDN: the page's CSP allows scripts from 'self' only
// and no eval. Only the core editor and two syntax definitions are bundled (no language
// services, so the one generic editor worker serves every model). This module is reached only
// through React.lazy in CodeEditor.tsx, so neither the viewer nor the editor's first paint
// loads it.
self.MonacoEnvironment = { getWorker: () => new EditorWorker() };
loader.config({ monaco: monaco as unknown as Parameters<typeof loader.config>[0]['monaco'] });

// Typed text must arrive exactly as typed (people and end-to-end tests alike): nothing is
// auto-closed, auto-indented or completed on Enter.
const options: monaco.editor.IStandaloneEditorConstructionOptions = {
  autoClosingBrackets: 'never',
  autoClosingQuotes: 'never',
  autoClosingComments: 'never',
  autoSurround: 'never',
  autoIndent: 'none',
  acceptSuggestionOnEnter: 'off',
  quickSuggestions: false,
  suggestOnTriggerCharacters: false,
  wordBasedSuggestions: 'off',
  formatOnType: false,
  minimap: { enabled: false },
  wordWrap: 'on',
  scrollBeyondLastLine: false,
  lineNumbersMinChars: 3,
  fontSize: 13,
  tabSize: 2,
  automaticLayout: true,
  renderLineHighlight: 'none',
  overviewRulerLanes: 0,
  padding: { top: 8, bottom: 8 },
  scrollbar: { verticalScrollbarSize: 8, horizontalScrollbarSize: 8, alwaysConsumeMouseWheel: false },
};

// The wrapper in CodeEditor.tsx carries the accessible label; Monaco's own text area keeps its
// default name so that a search by label finds exactly one element.
export default function MonacoCodeEditor(props: CodeEditorProps) {
  return (
    <Editor
      path={props.path}
      language={props.language}
      value={props.value}
      onChange={(value) => props.onChange(value ?? '')}
      options={options}
      theme="vs"
      onMount={() => props.onReady?.()}
      loading={<div className="ed-code__loading">Loading editor…</div>}
    />
  );
}
