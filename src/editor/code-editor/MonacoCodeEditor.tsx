import Editor, { loader } from '@monaco-editor/react';
import { useEffect, useRef } from 'react';
import * as monaco from 'monaco-editor/editor/editor.api';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import 'monaco-editor/languages/definitions/sql/register';
import 'monaco-editor/languages/definitions/javascript/register';
// The bare editor API has no contributions: the suggest widget (which inserts through the
// snippet controller) and hovers (docs and problem messages) are added one by one.
import 'monaco-editor/editor/contrib/snippet/browser/snippetController2';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution';
import type { Diagnostic } from '../intelligence/diagnostics';
import type { CodeEditorProps } from './CodeEditor';
import { registerAppIntelligence, setModelIntelligence, type IntelligenceRef } from './monacoIntelligence';

// Monaco from the local package, never a CDN: the page's CSP allows scripts from 'self' only
// and no eval. Only the core editor and two syntax definitions are bundled (no language
// services, so the one generic editor worker serves every model); what Monaco knows about the
// app comes from our own providers (monacoIntelligence.ts). This module is reached only
// through React.lazy in CodeEditor.tsx, so neither the viewer nor the editor's first paint
// loads it.
self.MonacoEnvironment = { getWorker: () => new EditorWorker() };
loader.config({ monaco: monaco as unknown as Parameters<typeof loader.config>[0]['monaco'] });
registerAppIntelligence(monaco);

// Typed text must arrive exactly as typed (people and end-to-end tests alike): nothing is
// auto-closed, auto-indented or completed on Enter or on a commit character; a suggestion is
// taken only with Tab or a click.
const options: monaco.editor.IStandaloneEditorConstructionOptions = {
  autoClosingBrackets: 'never',
  autoClosingQuotes: 'never',
  autoClosingComments: 'never',
  autoSurround: 'never',
  autoIndent: 'none',
  acceptSuggestionOnEnter: 'off',
  acceptSuggestionOnCommitCharacter: false,
  quickSuggestions: { other: 'on', comments: 'off', strings: 'off' },
  suggestOnTriggerCharacters: true,
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
  fixedOverflowWidgets: true,
  padding: { top: 8, bottom: 8 },
  scrollbar: { verticalScrollbarSize: 8, horizontalScrollbarSize: 8, alwaysConsumeMouseWheel: false },
};

// The wrapper in CodeEditor.tsx carries the accessible label; Monaco's own text area keeps its
// default name so that a search by label finds exactly one element.
export default function MonacoCodeEditor(props: CodeEditorProps & { problems: Diagnostic[] }) {
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  // The providers are registered once per language; each model finds its editor's current
  // symbols through this ref.
  const intelligence = useRef<IntelligenceRef>({ current: props.intelligence ?? null });
  intelligence.current.current = props.intelligence ?? null;

  const { problems } = props;
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(model, 'cordon', problems.map((p) => {
      const start = model.getPositionAt(p.start);
      const end = model.getPositionAt(Math.max(p.end, p.start + 1));
      return {
        severity: p.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
        message: p.message,
        startLineNumber: start.lineNumber,
        startColumn: start.column,
        endLineNumber: end.lineNumber,
        endColumn: end.column,
        source: 'cordon',
      };
    }));
  });

  return (
    <Editor
      path={props.path}
      language={props.language}
      value={props.value}
      onChange={(value) => props.onChange(value ?? '')}
      options={options}
      theme="vs"
      onMount={(editor) => {
        editorRef.current = editor;
        const bind = () => { const model = editor.getModel(); if (model) setModelIntelligence(model, intelligence.current); };
        bind();
        editor.onDidChangeModel(bind);
        props.onReady?.();
      }}
      loading={<div className="ed-code__loading">Loading editor…</div>}
    />
  );
}
