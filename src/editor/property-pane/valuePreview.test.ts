import { describe, expect, it } from 'vitest';
import { valuePreview } from './valuePreview';

describe('valuePreview', () => {
  it('shows strings quoted, data as JSON, and cuts long values', () => {
    expect(valuePreview('Ada')).toBe('"Ada"');
    expect(valuePreview([{ id: 1 }])).toBe('[{"id":1}]');
    expect(valuePreview(undefined)).toBe('undefined');
    expect(valuePreview(true)).toBe('true');
    expect(valuePreview('x'.repeat(500), 20)).toHaveLength(20);
  });
});
