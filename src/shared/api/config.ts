import { z } from 'zod';

/** What the server tells every client before it renders anything. */
export const clientConfigSchema = z.object({
  /**
   * Whether Iframe widgets carry a `sandbox` attribute (I6). True unless the server sets
   * `CORDON_DISABLE_IFRAME_WIDGET_SANDBOX=true`. The client never decides this on its own.
   */
  iframeWidgetSandbox: z.boolean(),
  version: z.string(),
});
export type ClientConfig = z.infer<typeof clientConfigSchema>;
