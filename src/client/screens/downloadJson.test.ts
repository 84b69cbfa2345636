import { describe, expect, it } from 'vitest';
import { exportFileName } from './downloadJson';

describe('exportFileName', () => {
  it('names the file after the app', () => {
    expect(exportFileName('Customer lookup')).toBe('Customer lookup.cordon.json');
  });
  it('replaces characters file systems refuse', () => {
    expect(exportFileName('a/b:c*?')).toBe('a-b-c-.cordon.json');
    expect(exportFileName('  ')).toBe('app.cordon.json');
  });
});
