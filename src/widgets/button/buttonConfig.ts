import type { WidgetConfig } from '../widgetConfig';

/** Button: runs `onClick` when pressed. */
export const buttonConfig: WidgetConfig = {
  type: 'button',
  displayName: 'Button',
  description: 'A button that runs code when clicked.',
  defaultSize: { w: 4, h: 4 },
  properties: [
    { name: 'label', label: 'Label', control: 'text', default: 'Submit' },
    { name: 'disabled', label: 'Disabled', control: 'boolean', default: false },
    { name: 'onClick', label: 'onClick', control: 'event', default: '', help: 'For example: {{ Query1.run() }} or showAlert("Saved")' },
  ],
  metaFromProps: {},
  setters: {},
};
