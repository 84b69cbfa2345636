import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { InFlightQueries } from './inFlightQueries';
import { RunningQueries } from './RunningQueries';

describe('RunningQueries', () => {
  it('is nothing while no query runs', () => {
    expect(renderToStaticMarkup(<RunningQueries inFlight={new InFlightQueries()} />)).toBe('');
  });

  it('lists each query in flight with a Cancel button named after it', () => {
    const inFlight = new InFlightQueries();
    void inFlight.run('q1', 'Query1', new AbortController().signal, () => new Promise(() => undefined));
    void inFlight.run('q2', 'Orders', new AbortController().signal, () => new Promise(() => undefined));
    const html = renderToStaticMarkup(<RunningQueries inFlight={inFlight} />);
    expect(html).toContain('aria-label="Running queries"');
    expect(html).toContain('<strong>Query1</strong>');
    expect(html).toContain('aria-label="Cancel Orders"');
  });
});
