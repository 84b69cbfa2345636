import type { WidgetConfig } from '../widgetConfig';

/** Text: shows its `text` template, evaluated. `Text1.setText(v)` replaces it (meta `text`, following the property until set). */
export const textConfig: WidgetConfig = {
  type: 'text',
  displayName: 'Text',
  description: 'Shows text; use {{ }} to show data.',
  defaultSize: { w: 6, h: 4 },
  properties: [
    { name: 'text', label: 'Text', control: 'text', default: 'Hello world', help: 'Literal text with optional {{ }} bindings.' },
  ],
  metaFromProps: { text: 'text' },
  setters: { setText: 'text' },
};
