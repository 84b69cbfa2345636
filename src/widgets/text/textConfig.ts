import type { WidgetConfig } from '../widgetConfig';

/** Text: shows its `text` template, evaluated. */
export const textConfig: WidgetConfig = {
  type: 'text',
  displayName: 'Text',
  description: 'Shows text; use {{ }} to show data.',
  defaultSize: { w: 6, h: 4 },
  properties: [
    { name: 'text', label: 'Text', control: 'text', default: 'Hello world', help: 'Literal text with optional {{ }} bindings.' },
  ],
  metaFromProps: {},
  setters: {},
};
