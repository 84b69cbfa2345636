import { describe, expect, it } from 'vitest';
import type { Page } from '../shared';
import { buildRuntimeSpec } from './buildRuntimeSpec';

const page: Page = {
  id: 'p1', name: 'Page1', slug: 'page1',
  widgets: [
    { id: 'w1', name: 'Input1', type: 'input', layout: { x: 0, y: 0, w: 6, h: 7 }, props: { label: 'Name', defaultText: 'ali', onTextChanged: 'Query1.run()' } },
    { id: 'w2', name: 'Table1', type: 'table', layout: { x: 0, y: 8, w: 12, h: 20 }, props: { tableData: '{{ Query1.data }}' } },
    { id: 'w3', name: 'Button1', type: 'button', layout: { x: 6, y: 0, w: 4, h: 4 }, props: { label: 'Go', onClick: 'showAlert("hi")' } },
    { id: 'w4', name: 'Mystery1', type: 'mystery', layout: { x: 0, y: 30, w: 4, h: 4 }, props: { a: 1 } },
  ],
};
const query = { id: 'act1', name: 'Query1', bindings: [" '%' + Input1.text + '%' "], runOnLoad: true, confirm: false, timeoutMs: 10_000 };

describe('buildRuntimeSpec', () => {
  const spec = buildRuntimeSpec(page, [query], [{ name: 'Utils', code: 'export default { a: 1 }' }]);
  const byName = Object.fromEntries(spec.widgets.map((w) => [w.name, w]));

  it('describes widgets from the registry', () => {
    expect(byName.Input1).toEqual({
      name: 'Input1', type: 'input', props: page.widgets[0]?.props,
      eventProps: ['onTextChanged'], metaFromProps: { text: 'defaultText' }, setters: { setValue: 'text' },
    });
    expect(byName.Button1?.eventProps).toEqual(['onClick']);
    expect(byName.Table1?.eventProps).toEqual(['onRowSelected']);
  });

  it('fills a missing meta seed property with its default', () => {
    expect(byName.Table1?.metaFromProps).toEqual({ selectedRow: 'defaultSelectedRow', tableData: 'tableData' });
    expect(byName.Table1?.setters).toEqual({ setData: 'tableData' });
    expect(byName.Table1?.props.defaultSelectedRow).toBe('{{ {} }}');
    expect(byName.Table1?.props.tableData).toBe('{{ Query1.data }}');
  });

  it('keeps unknown widget types as entities without events', () => {
    expect(byName.Mystery1).toEqual({ name: 'Mystery1', type: 'mystery', props: { a: 1 }, eventProps: [], metaFromProps: {}, setters: {} });
  });

  it('passes queries and JS objects through, without sharing arrays with the input', () => {
    expect(spec.queries).toEqual([query]);
    expect(spec.queries[0]?.bindings).not.toBe(query.bindings);
    expect(spec.jsObjects).toEqual([{ name: 'Utils', code: 'export default { a: 1 }' }]);
  });

  it('passes JS object function settings (run on load, confirm) as copies', () => {
    const settings = { load: { runOnLoad: true, confirm: false } };
    const withSettings = buildRuntimeSpec(page, [], [{ name: 'Boot', code: 'export default { load() {} }', functionSettings: settings }]);
    expect(withSettings.jsObjects).toEqual([{ name: 'Boot', code: 'export default { load() {} }', functionSettings: settings }]);
    expect(withSettings.jsObjects[0]?.functionSettings?.load).not.toBe(settings.load);
  });

  it('describes the modal with isOpen seeded from defaultOpen, even when the document lacks it', () => {
    const modalPage: Page = { ...page, widgets: [{ id: 'm', name: 'Modal1', type: 'modal', layout: { x: 0, y: 0, w: 8, h: 6 }, props: { title: 'Hi' } }] };
    const [modal] = buildRuntimeSpec(modalPage, [], []).widgets;
    expect(modal).toMatchObject({ eventProps: ['onClose'], metaFromProps: { isOpen: 'defaultOpen' }, props: { title: 'Hi', defaultOpen: false } });
  });

  it('does not mutate the page', () => {
    expect(page.widgets[1]?.props).toEqual({ tableData: '{{ Query1.data }}' });
  });
});
