import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import type { WidgetRenderProps } from '../widgetRenderProps';
import { closeModalWidget, ModalWidget } from './ModalWidget';

function render(values: Record<string, unknown>, mode: 'edit' | 'view'): string {
  const props: WidgetRenderProps = { name: 'Modal1', values, errors: {}, setMeta: () => undefined, trigger: () => undefined, mode, iframeWidgetSandbox: true };
  return renderToStaticMarkup(<ModalWidget {...props} />);
}

describe('ModalWidget', () => {
  it('is a visible, selectable placeholder on the edit canvas, never a dialog', () => {
    const html = render({ title: 'Confirm order', isOpen: true }, 'edit');
    expect(html).toContain('data-widget="Modal1"');
    expect(html).toContain('cw-modal--placeholder');
    expect(html).toContain('Confirm order');
    expect(html).toContain("showModal(&#x27;Modal1&#x27;)");
    expect(html).not.toContain('<dialog');
  });

  it('renders a closed dialog with no content while isOpen is false', () => {
    const html = render({ title: 'Hidden title', text: 'Hidden body', isOpen: false }, 'view');
    expect(html).toContain('<dialog');
    expect(html).not.toContain('Hidden title');
    expect(html).not.toContain('Hidden body');
  });

  it('labels the open dialog by its title, marks it modal, and shows the text as text', () => {
    const html = render({ title: 'Order 7', text: '<b>sure?</b>', closeLabel: 'Done', isOpen: true }, 'view');
    const labelledBy = /<dialog[^>]*aria-labelledby="([^"]+)"/.exec(html)?.[1];
    expect(labelledBy).toBeTruthy();
    expect(html).toContain(`<h2 id="${labelledBy}" class="ui-modal__title">Order 7</h2>`);
    expect(html).toMatch(/<dialog[^>]*aria-modal="true"/);
    expect(html).toContain('&lt;b&gt;sure?&lt;/b&gt;');
    expect(html).toMatch(/<button[^>]*>Done<\/button>/);
  });

  it('falls back to "Close" for an empty close label', () => {
    expect(render({ title: 'T', closeLabel: '', isOpen: 'true' }, 'view')).toMatch(/<button[^>]*>Close<\/button>/);
  });

  it('closes by writing isOpen=false first, then firing onClose', () => {
    const calls: unknown[] = [];
    closeModalWidget((patch) => calls.push(patch), (event) => calls.push(event));
    expect(calls).toEqual([{ isOpen: false }, 'onClose']);
  });
});
