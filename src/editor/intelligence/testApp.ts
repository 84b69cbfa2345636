import type { AppDocument } from '../../shared';

/** A small app for the intelligence tests: an Input, a Text, a query and a JS object. */
export const testApp: AppDocument = {
  pages: [{
    id: 'page1', name: 'Page1', slug: 'page1',
    widgets: [
      { id: 'w1', name: 'Input1', type: 'input', layout: { x: 0, y: 0, w: 6, h: 7 }, props: { label: 'Name', defaultText: '' } },
      { id: 'w2', name: 'Text1', type: 'text', layout: { x: 0, y: 8, w: 6, h: 4 }, props: { text: 'Hi' } },
    ],
  }],
  queries: [{ id: 'q1', name: 'Query1', datasourceId: null, body: 'select 1', runOnLoad: false, confirm: false, timeoutMs: 10_000, preparedStatements: true }],
  jsObjects: [{ id: 'j1', name: 'JSObject1', code: 'export default {\n  count: 0,\n  greet(name) { return name; },\n};\n', functionSettings: {} }],
};
