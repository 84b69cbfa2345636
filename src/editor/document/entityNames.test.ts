import { describe, expect, it } from 'vitest';
import { emptyAppDocument, type AppDocument } from '../../shared';
import { entityNameProblem, nextEntityName } from './entityNames';

function docWith(names: { widgets?: string[]; queries?: string[] }): AppDocument {
  const doc = emptyAppDocument();
  doc.pages[0]!.widgets = (names.widgets ?? []).map((name, i) => ({ id: `w${i}`, name, type: 'text', layout: { x: 0, y: 0, w: 1, h: 1 }, props: {} }));
  doc.queries = (names.queries ?? []).map((name, i) => ({
    id: `q${i}`, name, datasourceId: null, body: '', runOnLoad: false, confirm: false, timeoutMs: 10_000, preparedStatements: true,
  }));
  return doc;
}

describe('nextEntityName', () => {
  it('starts at 1 and takes the first free number across all entities', () => {
    expect(nextEntityName(emptyAppDocument(), 'Input')).toBe('Input1');
    expect(nextEntityName(docWith({ widgets: ['Input1', 'Input3'] }), 'Input')).toBe('Input2');
    expect(nextEntityName(docWith({ widgets: ['Input1'], queries: ['Input2'] }), 'Input')).toBe('Input3');
  });
});

describe('entityNameProblem', () => {
  const doc = docWith({ widgets: ['Input1', 'Table1'], queries: ['Query1'] });
  it('accepts a fresh identifier and the entity’s own name', () => {
    expect(entityNameProblem(doc, 'Search', 'Input1')).toBeNull();
    expect(entityNameProblem(doc, 'Input1', 'Input1')).toBeNull();
  });
  it('refuses names that are taken, reserved or not identifiers', () => {
    expect(entityNameProblem(doc, 'Query1', 'Input1')).toMatch(/already used/);
    expect(entityNameProblem(doc, 'showAlert', 'Input1')).toMatch(/reserved/);
    expect(entityNameProblem(doc, '2fast', 'Input1')).toMatch(/letters/);
    expect(entityNameProblem(doc, 'a-b', 'Input1')).toMatch(/letters/);
    expect(entityNameProblem(doc, '', 'Input1')).toMatch(/letters/);
  });
});
