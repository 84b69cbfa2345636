import type { WidgetConfig } from '../widgetConfig';

/** Button: runs `onClick` when pressed. `Button1.setDisabled(true)` disables it (meta `disabled`, following the property until set). */
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
  metaFromProps: { disabled: 'disabled' },
  setters: { setDisabled: 'disabled' },
};
