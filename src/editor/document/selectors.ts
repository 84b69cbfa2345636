import type { Page, QueryDef, JsObjectDef, Widget } from '../../shared';
import type { EditorRootState } from '../app/store';

/** What the save indicator says. `conflict` wins: nothing more will be saved. */
export type SaveStatus = 'conflict' | 'saving' | 'error' | 'unsaved' | 'saved';

export const selectEditor = (state: EditorRootState) => state.editor;
export const selectDocument = (state: EditorRootState) => state.editor.document;
export const selectApp = (state: EditorRootState) => state.editor.app;

export function selectCurrentPage(state: EditorRootState): Page | undefined {
  const { document, currentPageId } = state.editor;
  return document?.pages.find((p) => p.id === currentPageId);
}

export function selectSelectedWidget(state: EditorRootState): Widget | undefined {
  const id = state.editor.selectedWidgetId;
  return id ? selectCurrentPage(state)?.widgets.find((w) => w.id === id) : undefined;
}

export function selectOpenQuery(state: EditorRootState): QueryDef | undefined {
  const open = state.editor.openEntity;
  return open?.kind === 'query' ? state.editor.document?.queries.find((q) => q.id === open.id) : undefined;
}

export function selectOpenJsObject(state: EditorRootState): JsObjectDef | undefined {
  const open = state.editor.openEntity;
  return open?.kind === 'jsObject' ? state.editor.document?.jsObjects.find((j) => j.id === open.id) : undefined;
}

export function selectSaveStatus(state: EditorRootState): SaveStatus {
  const e = state.editor;
  if (e.conflict) return 'conflict';
  if (e.saving) return 'saving';
  if (e.saveError) return 'error';
  return e.revision !== e.savedRevision ? 'unsaved' : 'saved';
}
