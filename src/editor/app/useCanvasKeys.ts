import { useEffect } from 'react';
import { widgetRemoved } from '../document/editorSlice';
import type { EditorStore } from './store';

/** Delete (or Backspace) removes the selected widget, unless the key is meant for a field. */
export function useDeleteKey(store: EditorStore): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== 'Delete' && event.key !== 'Backspace') return;
      if (isTypingTarget(event.target)) return;
      const id = store.getState().editor.selectedWidgetId;
      if (!id) return;
      event.preventDefault();
      store.dispatch(widgetRemoved(id));
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('input, textarea, select, dialog, .monaco-editor')) return true;
  return false;
}
