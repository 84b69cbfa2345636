import { configureStore } from '@reduxjs/toolkit';
import { editorSlice, type EditorState } from '../document/editorSlice';

// A factory rather than a module singleton: each opened app gets a fresh store, and tests
// build one with the state they need.
export function makeEditorStore(preloaded?: { editor: EditorState }) {
  return configureStore({
    reducer: { editor: editorSlice.reducer },
    preloadedState: preloaded,
  });
}

export type EditorStore = ReturnType<typeof makeEditorStore>;
export type EditorRootState = ReturnType<EditorStore['getState']>;
export type EditorDispatch = EditorStore['dispatch'];
