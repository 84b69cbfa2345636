import { describe, expect, it } from 'vitest';
import type { Widget } from '../../shared';
import { bottomRow, clampLayout, layoutChanges, toGridLayout } from './gridLayout';

const widget = (id: string, x: number, y: number, w: number, h: number): Widget => ({ id, name: id, type: 'text', layout: { x, y, w, h }, props: {} });

describe('grid layout conversion', () => {
  const widgets = [widget('a', 0, 0, 6, 4), widget('b', 6, 10, 12, 20)];

  it('maps widgets to grid items keyed by id', () => {
    expect(toGridLayout(widgets)).toEqual([{ i: 'a', x: 0, y: 0, w: 6, h: 4 }, { i: 'b', x: 6, y: 10, w: 12, h: 20 }]);
  });

  it('reports only the widgets that moved or changed size, and ignores unknown items', () => {
    const grid = [{ i: 'a', x: 0, y: 0, w: 6, h: 4 }, { i: 'b', x: 2, y: 3, w: 12, h: 25 }, { i: '__dropping-elem__', x: 0, y: 0, w: 1, h: 1 }];
    expect(layoutChanges(widgets, grid)).toEqual([{ id: 'b', layout: { x: 2, y: 3, w: 12, h: 25 } }]);
    expect(layoutChanges(widgets, toGridLayout(widgets))).toEqual([]);
  });

  it('clamps to whole cells inside the 24 columns', () => {
    expect(clampLayout({ x: 22.4, y: -3, w: 6, h: 0 })).toEqual({ x: 18, y: 0, w: 6, h: 1 });
    expect(clampLayout({ x: 0, y: 1, w: 40, h: 5 })).toEqual({ x: 0, y: 1, w: 24, h: 5 });
  });

  it('finds the first free row', () => {
    expect(bottomRow([])).toBe(0);
    expect(bottomRow(widgets)).toBe(30);
  });
});
