import { describe, expect, it } from 'vitest';
import { tableModel } from './tableRows';

describe('tableModel', () => {
  it('takes columns from the union of keys, in order of first appearance', () => {
    const model = tableModel([{ id: 1, name: 'Ada' }, { id: 2, email: 'g@x.io' }]);
    expect(model.columns).toEqual(['id', 'name', 'email']);
    expect(model.rows).toHaveLength(2);
    expect(model.problem).toBeUndefined();
  });
  it('shows no rows for empty values', () => {
    for (const value of [undefined, null, '', []]) expect(tableModel(value)).toEqual({ rows: [], columns: [] });
  });
  it('explains a non-array', () => {
    expect(tableModel({ id: 1 }).problem).toMatch(/array/);
    expect(tableModel('rows').rows).toEqual([]);
  });
  it('wraps primitives in a value column', () => {
    expect(tableModel([1, 'a'])).toEqual({ rows: [{ value: 1 }, { value: 'a' }], columns: ['value'] });
  });
});
