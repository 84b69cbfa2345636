import { useDispatch, useSelector, useStore } from 'react-redux';
import type { EditorDispatch, EditorRootState, EditorStore } from './store';

// Typed hooks: editor components use these, never the untyped react-redux ones.
export const useEditorDispatch = useDispatch.withTypes<EditorDispatch>();
export const useEditorSelector = useSelector.withTypes<EditorRootState>();
export const useEditorStore = useStore.withTypes<EditorStore>();
