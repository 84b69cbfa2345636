import { describe, expect, it } from 'vitest';
import { widgetRenderValues } from './widgetValues';

describe('widgetRenderValues', () => {
  const runtime = {
    values: { Text1: { text: 'hi' } },
    errors: [
      { entity: 'Text1', key: 'text', message: 'first' },
      { entity: 'Text1', key: 'text', message: 'second' },
      { entity: 'Input1', key: 'label', message: 'bad label' },
    ],
  };

  it('returns the values and the errors keyed by property', () => {
    expect(widgetRenderValues(runtime, 'Text1')).toEqual({ values: { text: 'hi' }, errors: { text: 'first' } });
    expect(widgetRenderValues(runtime, 'Input1')).toEqual({ values: {}, errors: { label: 'bad label' } });
  });

  it('returns stable empty objects for a widget without values or errors', () => {
    const a = widgetRenderValues(runtime, 'Nope');
    const b = widgetRenderValues({ values: {}, errors: [] }, 'Nope');
    expect(a).toEqual({ values: {}, errors: {} });
    expect(a.values).toBe(b.values);
    expect(a.errors).toBe(b.errors);
  });
});
