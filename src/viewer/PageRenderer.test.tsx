import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import type { Page } from '../shared';
import { PageRenderer } from './PageRenderer';
import type { RuntimeState } from './runtime/useRuntime';

const page: Page = {
  id: 'p1', name: 'Main', slug: 'main',
  widgets: [
    { id: 'w2', name: 'Below', type: 'text', layout: { x: 0, y: 10, w: 6, h: 4 }, props: {} },
    { id: 'w3', name: 'Right', type: 'text', layout: { x: 12, y: 0, w: 12, h: 4 }, props: {} },
    { id: 'w1', name: 'Left', type: 'text', layout: { x: 0, y: 0, w: 12, h: 8 }, props: {} },
    { id: 'w4', name: 'Odd', type: 'gauge', layout: { x: 0, y: 20, w: 4, h: 4 }, props: {} },
  ],
};

const runtime: RuntimeState = {
  values: { Left: { text: 'left text' }, Right: { text: 'right text' }, Below: { text: 'below' } },
  errors: [{ entity: 'Below', key: 'text', message: 'Nope is not defined' }],
  ready: true,
  setMeta: () => undefined,
  trigger: () => undefined,
  runQuery: () => undefined,
};

describe('PageRenderer', () => {
  const html = renderToStaticMarkup(<PageRenderer page={page} runtime={runtime} mode="view" iframeWidgetSandbox />);

  it('places widgets on the grid with CSS variables and sizes the page to its lowest widget', () => {
    expect(html).toContain('style="--rows:24;--row-height:10px;--columns:24"');
    expect(html).toContain('style="--x:12;--y:0;--w:12;--h:4"');
  });

  it('orders widgets in reading order: top to bottom, then left to right', () => {
    const order = [...html.matchAll(/data-widget="(\w+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['Left', 'Right', 'Below', 'Odd']);
  });

  it("passes each widget its values and errors, and marks unknown types", () => {
    expect(html).toContain('left text');
    expect(html).toMatch(/data-widget="Below" class="cw-widget cw-text cw-widget--error" title="text: Nope is not defined"/);
    expect(html).toContain('Unknown widget type “gauge”');
  });
});
