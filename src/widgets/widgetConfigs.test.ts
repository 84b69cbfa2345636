import { describe, expect, it } from 'vitest';
import { gridColumns, propValueSchema } from '../shared';
import { defaultProps, eventProperties } from './widgetConfig';
import { widgetConfigs } from './widgetConfigs';
import { textConfig } from './text/textConfig';
import { inputConfig } from './input/inputConfig';
import { buttonConfig } from './button/buttonConfig';
import { tableConfig } from './table/tableConfig';
import { iframeConfig } from './iframe/iframeConfig';
import { modalConfig } from './modal/modalConfig';

describe('widget configs', () => {
  it('lists the six widgets in palette order with unique types', () => {
    expect(widgetConfigs.map((c) => c.type)).toEqual(['text', 'input', 'button', 'table', 'iframe', 'modal']);
  });

  it.each(widgetConfigs.map((c) => [c.type, c] as const))('%s is self-consistent', (_type, config) => {
    const names = config.properties.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(config.type).toMatch(/^[a-z][a-z0-9-]{0,31}$/);
    expect(config.displayName).toMatch(/^[A-Z][A-Za-z]*$/);
    expect(config.defaultSize.w).toBeGreaterThanOrEqual(1);
    expect(config.defaultSize.w).toBeLessThanOrEqual(gridColumns);
    expect(config.defaultSize.h).toBeGreaterThanOrEqual(1);
    // Meta is seeded from a declared, non-event property; setters write declared meta keys.
    for (const prop of Object.values(config.metaFromProps)) {
      expect(names).toContain(prop);
      expect(eventProperties(config)).not.toContain(prop);
    }
    for (const metaKey of Object.values(config.setters)) expect(Object.keys(config.metaFromProps)).toContain(metaKey);
    for (const value of Object.values(defaultProps(config))) expect(propValueSchema.safeParse(value).success).toBe(true);
    for (const p of config.properties) if (p.control === 'select') expect(p.options?.length).toBeGreaterThan(0);
  });

  it('keeps the property names the e2e specs and docs rely on', () => {
    expect(textConfig.properties.map((p) => p.name)).toEqual(['text']);
    expect(inputConfig.properties.map((p) => p.name)).toEqual(['label', 'placeholder', 'defaultText', 'onTextChanged']);
    expect(inputConfig.metaFromProps).toEqual({ text: 'defaultText' });
    expect(inputConfig.setters).toEqual({ setValue: 'text' });
    expect(eventProperties(inputConfig)).toEqual(['onTextChanged']);
    expect(buttonConfig.properties.map((p) => p.name)).toEqual(['label', 'disabled', 'onClick']);
    expect(eventProperties(buttonConfig)).toEqual(['onClick']);
    expect(tableConfig.properties.map((p) => p.name)).toContain('tableData');
    expect(tableConfig.metaFromProps).toEqual({ selectedRow: 'defaultSelectedRow', tableData: 'tableData' });
    expect(eventProperties(tableConfig)).toEqual(['onRowSelected']);
    expect(iframeConfig.properties.map((p) => p.name)).toEqual(['source', 'srcDoc', 'title']);
    expect(eventProperties(iframeConfig)).toEqual([]);
  });

  it('declares the setters user code calls, each writing a meta key that follows its property', () => {
    expect(inputConfig.setters).toEqual({ setValue: 'text' });
    expect(buttonConfig.setters).toEqual({ setDisabled: 'disabled' });
    expect(buttonConfig.metaFromProps).toEqual({ disabled: 'disabled' });
    expect(tableConfig.setters).toEqual({ setData: 'tableData' });
    expect(textConfig.setters).toEqual({ setText: 'text' });
    expect(textConfig.metaFromProps).toEqual({ text: 'text' });
  });

  it('configures the modal: title, text, close label, onClose, and isOpen seeded from defaultOpen (closed)', () => {
    expect(modalConfig.properties.map((p) => p.name)).toEqual(['title', 'text', 'closeLabel', 'defaultOpen', 'onClose']);
    expect(eventProperties(modalConfig)).toEqual(['onClose']);
    expect(modalConfig.metaFromProps).toEqual({ isOpen: 'defaultOpen' });
    expect(defaultProps(modalConfig)).toMatchObject({ closeLabel: 'Close', defaultOpen: false });
  });
});
