import type { WidgetConfig } from '../widgetConfig';

/**
 * Modal: a dialog the app opens with `showModal('Modal1')` and closes with `closeModal('Modal1')`
 * or its close button. `Modal1.isOpen` is its state, seeded from `defaultOpen` (default false).
 */
export const modalConfig: WidgetConfig = {
  type: 'modal',
  displayName: 'Modal',
  description: 'A dialog opened with showModal("Modal1").',
  defaultSize: { w: 8, h: 6 },
  properties: [
    { name: 'title', label: 'Title', control: 'text', default: 'Modal title' },
    { name: 'text', label: 'Text', control: 'text', default: 'Modal text', help: 'The body of the dialog; {{ }} bindings work.' },
    { name: 'closeLabel', label: 'Close label', control: 'text', default: 'Close' },
    { name: 'defaultOpen', label: 'Open on load', control: 'boolean', default: false, help: 'Whether the dialog is open when the page opens.' },
    { name: 'onClose', label: 'onClose', control: 'event', default: '', help: 'Runs when the user closes the dialog.' },
  ],
  metaFromProps: { isOpen: 'defaultOpen' },
  setters: {},
};
