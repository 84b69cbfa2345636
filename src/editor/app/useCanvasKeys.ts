import { useEffect } from 'react';
import { layoutChanged, widgetRemoved, widgetSelected } from '../document/editorSlice';
import { clampLayout } from '../canvas/gridLayout';
import type { EditorStore } from './store';

const nudges: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/**
 * Keys for the selected widget, unless they are meant for a field: Delete (or Backspace)
 * removes it, the arrow keys move it by one cell, Escape clears the selection.
 */
export function useCanvasKeys(store: EditorStore): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (isTypingTarget(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
      const { selectedWidgetId: id, document, currentPageId } = store.getState().editor;
      if (!id) return;
      if (event.key === 'Delete' || event.key === 'Backspace') {
        event.preventDefault();
        store.dispatch(widgetRemoved(id));
      } else if (event.key === 'Escape') {
        store.dispatch(widgetSelected(null));
      } else if (event.key in nudges) {
        const widget = document?.pages.find((p) => p.id === currentPageId)?.widgets.find((w) => w.id === id);
        const [dx, dy] = nudges[event.key] ?? [0, 0];
        if (!widget) return;
        event.preventDefault();
        const layout = clampLayout({ ...widget.layout, x: widget.layout.x + dx, y: widget.layout.y + dy });
        store.dispatch(layoutChanged([{ id, layout }]));
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return target.closest('input, textarea, select, dialog, .monaco-editor') !== null;
}
