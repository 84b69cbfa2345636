import { describe, expect, it } from 'vitest';
import { newQueryFailures } from './queryFailures';

describe('newQueryFailures', () => {
  it('reports each new error once, and again after a success', () => {
    const seen = new Map<string, string | null>();
    const names = ['Query1', 'Query2'];
    expect(newQueryFailures(names, { Query1: { error: null }, Query2: {} }, seen)).toEqual([]);
    expect(newQueryFailures(names, { Query1: { error: 'missing_param' } }, seen)).toEqual([{ query: 'Query1', message: 'missing_param' }]);
    expect(newQueryFailures(names, { Query1: { error: 'missing_param' } }, seen)).toEqual([]);
    expect(newQueryFailures(names, { Query1: { error: null } }, seen)).toEqual([]);
    expect(newQueryFailures(names, { Query1: { error: 'missing_param' }, Query2: { error: 'down' } }, seen)).toEqual([
      { query: 'Query1', message: 'missing_param' },
      { query: 'Query2', message: 'down' },
    ]);
  });
  it('ignores entities that are not queries and non-string errors', () => {
    const seen = new Map<string, string | null>();
    expect(newQueryFailures(['Query1'], { Query1: { error: { x: 1 } }, Text1: { error: 'x' } }, seen)).toEqual([]);
  });
});
