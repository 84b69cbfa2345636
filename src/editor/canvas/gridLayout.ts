import { gridColumns, type Widget, type WidgetLayout } from '../../shared';

/** One grid cell rectangle keyed by widget id, the shape react-grid-layout works with. */
export interface GridItem {
  i: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A widget whose position or size changed. */
export interface LayoutChange {
  id: string;
  layout: WidgetLayout;
}

/** The grid layout of a page's widgets. */
export function toGridLayout(widgets: readonly Widget[]): GridItem[] {
  return widgets.map((w) => ({ i: w.id, ...w.layout }));
}

/**
 * The widgets whose layout differs in the grid's new layout, clamped to the document's
 * limits (the grid may report a fractional or out-of-range cell while the pointer moves).
 */
export function layoutChanges(widgets: readonly Widget[], grid: readonly GridItem[]): LayoutChange[] {
  const byId = new Map(grid.map((item) => [item.i, item]));
  const changes: LayoutChange[] = [];
  for (const widget of widgets) {
    const item = byId.get(widget.id);
    if (!item) continue;
    const layout = clampLayout(item);
    const old = widget.layout;
    if (layout.x !== old.x || layout.y !== old.y || layout.w !== old.w || layout.h !== old.h) {
      changes.push({ id: widget.id, layout });
    }
  }
  return changes;
}

/** A layout inside the page: whole cells, at least one cell big, never past the last column. */
export function clampLayout(item: { x: number; y: number; w: number; h: number }): WidgetLayout {
  const w = clamp(Math.round(item.w), 1, gridColumns);
  const x = clamp(Math.round(item.x), 0, gridColumns - w);
  const y = clamp(Math.round(item.y), 0, 10_000);
  const h = clamp(Math.round(item.h), 1, 1_000);
  return { x, y, w, h };
}

/** The first row below every widget: where a widget added by click goes. */
export function bottomRow(widgets: readonly Widget[]): number {
  return widgets.reduce((max, w) => Math.max(max, w.layout.y + w.layout.h), 0);
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Number.isFinite(n) ? n : min));
}
