import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import type { ExecuteResponse } from '../../shared';
import { queryCancelledMessage } from '../../viewer/inFlightQueries';
import { QueryResult } from './QueryResult';

function rest(body: unknown, status = 200): ExecuteResponse {
  return { rows: [], fields: [], rowCount: 0, truncated: false, durationMs: 12, http: { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body } };
}

describe('QueryResult', () => {
  it('shows a REST list of objects as a table, with the status', () => {
    const html = renderToStaticMarkup(<QueryResult run={{ status: 'success', response: rest([{ id: 1, name: 'Ada' }, { id: 2, city: 'Oslo' }]) }} error={null} running={false} />);
    expect(html).toContain('>200<');
    expect(html).toContain('application/json');
    expect(html).toContain('<th scope="col">city</th>');
    expect(html).toContain('<td>Ada</td>');
  });

  it('shows any other REST body as formatted JSON', () => {
    const html = renderToStaticMarkup(<QueryResult run={{ status: 'success', response: rest({ name: 'Ada', tags: ['a'] }) }} error={null} running={false} />);
    expect(html).toContain('aria-label="Response body"');
    expect(html).toContain('<span class="q-json__key">&quot;name&quot;</span>');
    expect(html).toContain('<span class="q-json__string">&quot;Ada&quot;</span>');
  });

  it('says a cancelled run was cancelled, not that it failed', () => {
    const html = renderToStaticMarkup(<QueryResult run={{ status: 'error', error: queryCancelledMessage }} error={null} running={false} />);
    expect(html).toContain('Cancelled. The server stopped the query.');
    expect(html).not.toContain('role="alert"');
  });

  it('shows SQL rows as before', () => {
    const html = renderToStaticMarkup(<QueryResult run={{ status: 'success', response: { rows: [{ n: 1 }], fields: [{ name: 'n' }], rowCount: 1, truncated: false, durationMs: 3 } }} error={null} running={false} />);
    expect(html).toContain('1 row · 3 ms');
    expect(html).toContain('<td>1</td>');
  });
});
