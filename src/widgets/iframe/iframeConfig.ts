import type { WidgetConfig } from '../widgetConfig';

/** Iframe: embeds a page by URL (`source`) or by HTML (`srcDoc`, which wins when both are set). */
export const iframeConfig: WidgetConfig = {
  type: 'iframe',
  displayName: 'Iframe',
  description: 'Embeds a web page or a piece of HTML, sandboxed.',
  defaultSize: { w: 12, h: 30 },
  properties: [
    { name: 'source', label: 'URL', control: 'text', default: '', help: 'An http or https address.' },
    { name: 'srcDoc', label: 'HTML', control: 'code', default: '<p>Hello from an iframe</p>', help: 'HTML shown instead of the URL when set. It runs sandboxed, in no origin.' },
    { name: 'title', label: 'Title', control: 'text', default: 'Embedded content', help: 'Read by screen readers.' },
  ],
  metaFromProps: {},
  setters: {},
};
