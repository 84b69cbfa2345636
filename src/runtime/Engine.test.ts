import './host/sesLockdown';
import { afterEach, describe, expect, it } from 'vitest';
import { makePlatformFetch } from './host/platformFetch';
import { EngineHarness, input, widget, type HarnessOptions } from './testing/engineHarness';
import type { RuntimeAppSpec } from './protocol';

const harnesses: EngineHarness[] = [];
function start(app: Partial<RuntimeAppSpec>, options: Partial<HarnessOptions> = {}): EngineHarness {
  const h = new EngineHarness({ widgets: [], queries: [], jsObjects: [], ...app }, {
    platform: { fetch: makePlatformFetch('http://127.0.0.1/'), setInterval: (cb, ms) => setInterval(cb, ms), clearInterval: (id) => clearInterval(id as NodeJS.Timeout) },
    ...options,
  });
  harnesses.push(h);
  return h;
}
afterEach(() => { for (const h of harnesses.splice(0)) h.engine.dispose(); });

describe('bindings', () => {
  it('evaluates single bindings to values and mixed text to strings', async () => {
    const h = start({ widgets: [
      widget('Text1', 'text', { text: '{{ 1 + 2 }}' }),
      widget('Text2', 'text', { text: 'sum {{ 1 + 2 }} obj {{ ({ a: 1 }) }} nil {{ null }}' }),
      widget('Text3', 'text', { text: '  {{ [1, 2] }}  ' }),
      widget('Text4', 'text', { text: 'plain', n: 5 }),
    ] });
    await h.settle();
    expect(h.value('Text1', 'text')).toBe(3);
    expect(h.value('Text2', 'text')).toBe('sum 3 obj {"a":1} nil ');
    expect(h.value('Text3', 'text')).toEqual([1, 2]);
    expect(h.value('Text4', 'text')).toBe('plain');
    expect(h.value('Text4', 'n')).toBe(5);
  });

  it('re-runs dependents of an input, in order, and only sends what changed', async () => {
    const h = start({ widgets: [
      input('Input1', { defaultText: 'ab' }),
      widget('Upper', 'text', { text: '{{ Input1.text.toUpperCase() }}' }),
      widget('Len', 'text', { text: '{{ Upper.text.length }}' }),
      widget('Other', 'text', { text: '{{ 42 }}' }),
    ] });
    await h.settle();
    expect(h.value('Upper', 'text')).toBe('AB');
    expect(h.value('Len', 'text')).toBe(2);
    const before = h.messages.length;
    h.send({ type: 'setMeta', widget: 'Input1', patch: { text: 'abcd' } });
    await h.settle();
    const values = h.messages.slice(before).filter((m) => m.type === 'values');
    expect(values).toHaveLength(1);
    const changes = values[0]?.type === 'values' ? values[0].changes : [];
    expect(changes.map((c) => `${c.entity}.${c.key}`).sort()).toEqual(['Input1.text', 'Len.text', 'Upper.text']);
    expect(h.value('Len', 'text')).toBe(4);
  });
});
