import type { WidgetConfig } from '../widgetConfig';

/** Input: a labelled one-line text field. `Input1.text` is what the user typed. */
export const inputConfig: WidgetConfig = {
  type: 'input',
  displayName: 'Input',
  description: 'A text field; read what was typed with Input1.text.',
  defaultSize: { w: 6, h: 7 },
  properties: [
    { name: 'label', label: 'Label', control: 'text', default: 'Label' },
    { name: 'placeholder', label: 'Placeholder', control: 'text', default: '' },
    { name: 'defaultText', label: 'Default text', control: 'text', default: '', help: 'The text before the user types; resetWidget returns to it.' },
    { name: 'onTextChanged', label: 'onTextChanged', control: 'event', default: '', help: 'Runs after every change of the text.' },
  ],
  metaFromProps: { text: 'defaultText' },
  setters: { setValue: 'text' },
};
