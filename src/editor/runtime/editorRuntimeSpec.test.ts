import { describe, expect, it } from 'vitest';
import { emptyAppDocument } from '../../shared';
import { editorRuntimeSpec } from './editorRuntimeSpec';

describe('editorRuntimeSpec', () => {
  it('describes draft queries by id with the bindings of their body, and widgets from the registry', () => {
    const doc = emptyAppDocument();
    const page = doc.pages[0]!;
    page.widgets.push({ id: 'w1', name: 'Input1', type: 'input', layout: { x: 0, y: 0, w: 6, h: 7 }, props: { label: 'Name', defaultText: '' } });
    doc.queries.push({
      id: 'q_1', name: 'Query1', datasourceId: 'ds', body: "select * from users where name ilike {{ '%' + Input1.text + '%' }} and id > {{1}}",
      runOnLoad: true, confirm: true, timeoutMs: 5_000, preparedStatements: true,
    });
    doc.jsObjects.push({ id: 'j1', name: 'JSObject1', code: 'export default {}', functionSettings: {} });
    const spec = editorRuntimeSpec(page, doc);
    expect(spec.queries).toEqual([{ id: 'q_1', name: 'Query1', bindings: [" '%' + Input1.text + '%' ", '1'], runOnLoad: false, confirm: false, timeoutMs: 5_000 }]);
    expect(spec.jsObjects).toEqual([{ name: 'JSObject1', code: 'export default {}' }]);
    expect(spec.widgets[0]).toMatchObject({ name: 'Input1', type: 'input', eventProps: ['onTextChanged'], metaFromProps: { text: 'defaultText' } });
  });
});
