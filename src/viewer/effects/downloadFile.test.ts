import { describe, expect, it } from 'vitest';
import { downloadMimeType, safeFileName } from './downloadFile';

describe('downloadMimeType', () => {
  it('keeps passive types as asked', () => {
    expect(downloadMimeType('text/csv')).toBe('text/csv');
    expect(downloadMimeType('application/json; charset=utf-8')).toBe('application/json; charset=utf-8');
    expect(downloadMimeType('image/png')).toBe('image/png');
  });

  it('saves active content (HTML, SVG, XML, scripts) as opaque bytes', () => {
    for (const type of ['text/html', 'TEXT/HTML; charset=utf-8', 'image/svg+xml', 'application/xhtml+xml', 'text/xml', 'application/javascript', 'text/javascript']) {
      expect(downloadMimeType(type), type).toBe('application/octet-stream');
    }
  });

  it('falls back to plain text for an empty or malformed type', () => {
    expect(downloadMimeType('')).toBe('text/plain;charset=utf-8');
    expect(downloadMimeType('not a type')).toBe('text/plain;charset=utf-8');
    expect(downloadMimeType('text/plain\r\nX: y')).toBe('text/plain;charset=utf-8');
  });
});

describe('safeFileName', () => {
  it('keeps ordinary names and strips paths and reserved characters', () => {
    expect(safeFileName('report 2026.csv')).toBe('report 2026.csv');
    expect(safeFileName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(safeFileName('a\u0000b:c*d?.txt')).toBe('a_b_c_d_.txt');
  });

  it('never returns an empty or dot-only name', () => {
    expect(safeFileName('')).toBe('download');
    expect(safeFileName(' .. ')).toBe('download');
  });
});
