import type * as Monaco from 'monaco-editor/editor/editor.api';
import type { AppSymbols } from '../intelligence/appSymbols';
import { completionsAt, hoverAt, type CompletionItem } from '../intelligence/completions';
import type { CodeKind } from '../intelligence/diagnostics';

/** The kind of code a model holds and the app's symbols, kept current by its editor. */
export interface IntelligenceRef {
  /** `self`: the JS object whose code the model holds, for `this.`. */
  current: { kind: CodeKind; symbols: AppSymbols; self?: string } | null;
}

const byModel = new WeakMap<Monaco.editor.ITextModel, IntelligenceRef>();

/** Tells the providers which symbols a model's code can see. */
export function setModelIntelligence(model: Monaco.editor.ITextModel, ref: IntelligenceRef): void {
  byModel.set(model, ref);
}

let registered = false;

/**
 * Completion and hover for app code in SQL bodies and JavaScript, from the app's symbols and
 * the framework catalogue (no TypeScript language service: it is large and not needed to
 * know the app). Registered once; models without intelligence get nothing.
 */
export function registerAppIntelligence(monaco: typeof Monaco): void {
  if (registered) return;
  registered = true;
  const kinds: Record<CompletionItem['kind'], Monaco.languages.CompletionItemKind> = {
    widget: monaco.languages.CompletionItemKind.Variable,
    query: monaco.languages.CompletionItemKind.Variable,
    jsObject: monaco.languages.CompletionItemKind.Module,
    global: monaco.languages.CompletionItemKind.Variable,
    function: monaco.languages.CompletionItemKind.Function,
    property: monaco.languages.CompletionItemKind.Property,
    method: monaco.languages.CompletionItemKind.Method,
  };
  for (const language of ['sql', 'javascript']) {
    monaco.languages.registerCompletionItemProvider(language, {
      triggerCharacters: ['.'],
      provideCompletionItems(model, position) {
        const ctx = byModel.get(model)?.current;
        if (!ctx) return { suggestions: [] };
        const before = model.getValue().slice(0, model.getOffsetAt(position));
        const result = completionsAt(before, ctx.kind, ctx.symbols, ctx.self);
        if (!result) return { suggestions: [] };
        const from = model.getPositionAt(result.from);
        const range = new monaco.Range(from.lineNumber, from.column, position.lineNumber, position.column);
        return {
          suggestions: result.items.map((item, i) => ({
            label: { label: item.label, description: item.detail },
            kind: kinds[item.kind],
            detail: item.detail,
            documentation: item.doc,
            insertText: item.label,
            sortText: String(i).padStart(4, '0'),
            range,
          })),
        };
      },
    });
    monaco.languages.registerHoverProvider(language, {
      provideHover(model, position) {
        const ctx = byModel.get(model)?.current;
        if (!ctx) return null;
        const hover = hoverAt(model.getValue(), model.getOffsetAt(position), ctx.symbols);
        if (!hover) return null;
        const start = model.getPositionAt(hover.start);
        const end = model.getPositionAt(hover.end);
        return {
          range: new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column),
          contents: [{ value: '```javascript\n' + hover.title + '\n```' }, { value: hover.doc }],
        };
      },
    });
  }
}
