import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { getWidgetPlugin, widgetPlugins } from './registry';
import { widgetConfigs } from './widgetConfigs';
import type { WidgetRenderProps } from './widgetRenderProps';
import { ButtonWidget } from './button/ButtonWidget';
import type { ReactElement } from 'react';

function render(type: string, values: Record<string, unknown>, extra: Partial<WidgetRenderProps> = {}): string {
  const plugin = getWidgetPlugin(type);
  if (!plugin) throw new Error(`no plugin ${type}`);
  const props: WidgetRenderProps = {
    name: 'W1', values, errors: {}, setMeta: () => undefined, trigger: () => undefined, mode: 'view', iframeWidgetSandbox: true, ...extra,
  };
  return renderToStaticMarkup(<plugin.Component {...props} />);
}

describe('widget registry', () => {
  it('pairs every config with a component, in palette order', () => {
    expect(widgetPlugins.map((p) => p.config)).toEqual(widgetConfigs);
    expect(getWidgetPlugin('nope')).toBeUndefined();
  });

  it.each(widgetConfigs.map((c) => c.type))('%s renders with data-widget and survives empty values', (type) => {
    expect(render(type, {})).toContain('data-widget="W1"');
  });

  it('shows errors on the root as a title and an error class', () => {
    const html = render('text', { text: '' }, { errors: { text: 'Input2 is not defined' } });
    expect(html).toContain('cw-widget--error');
    expect(html).toContain('title="text: Input2 is not defined"');
  });

  it('renders text as text, never as HTML', () => {
    expect(render('text', { text: '<b>x</b>' })).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  it('labels the input and the button', () => {
    const input = render('input', { label: 'Name', text: 'ali' });
    expect(input).toMatch(/<label[^>]*for="([^"]+)"[^>]*>Name<\/label><input id="\1"/);
    expect(input).toContain('value="ali"');
    expect(render('button', { label: 'Fetch', disabled: 'true' })).toMatch(/<button[^>]*disabled=""[^>]*>Fetch<\/button>/);
  });

  it('renders table columns from row keys', () => {
    const html = render('table', { tableData: [{ id: 1, name: 'Alice Martin' }] });
    expect(html).toContain('<th scope="col">id</th><th scope="col">name</th>');
    expect(html).toContain('<td>Alice Martin</td>');
  });

  it('pages long tables', () => {
    const rows = Array.from({ length: 250 }, (_, i) => ({ id: i + 1 }));
    const html = render('table', { tableData: rows });
    expect(html.match(/<tr tabindex="0"/g)).toHaveLength(100);
    expect(html).toContain('Rows 1–100 of 250');
    expect(render('table', { tableData: rows.slice(0, 100) })).not.toContain('Next page');
  });

  it('sandboxes srcdoc frames without allow-same-origin, and drops sandbox only when configured off', () => {
    const on = render('iframe', { srcDoc: '<p>x</p>', source: '' });
    expect(on).toContain('sandbox="allow-scripts allow-forms allow-popups"');
    expect(on).not.toContain('allow-same-origin');
    expect(render('iframe', { source: 'https://example.com' })).toContain('sandbox="allow-scripts allow-forms allow-popups"');
    expect(render('iframe', { srcDoc: '<p>x</p>' }, { iframeWidgetSandbox: false })).not.toContain('sandbox');
    expect(render('iframe', { source: 'javascript:alert(1)' })).not.toContain('<iframe');
  });

  it('fires onClick in view mode only', () => {
    for (const mode of ['view', 'edit'] as const) {
      const fired: string[] = [];
      // ButtonWidget has no hooks, so calling it returns its element tree without a renderer.
      const frame = ButtonWidget({ name: 'B', values: { label: 'Go' }, errors: {}, setMeta: () => undefined, trigger: (e) => fired.push(e), mode, iframeWidgetSandbox: true });
      const button = (frame.props as { children: ReactElement<{ onClick(): void }> }).children;
      button.props.onClick();
      expect(fired).toEqual(mode === 'view' ? ['onClick'] : []);
    }
  });
});
