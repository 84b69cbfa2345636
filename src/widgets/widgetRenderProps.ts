/**
 * What the React half of every widget receives. The viewer and the editor's canvas pass the
 * same props, so a widget renders identically in both; in edit mode it must not run handlers.
 */
export interface WidgetRenderProps {
  /** Entity name, e.g. `Input1`. Use it for `data-widget` attributes and labels' ids. */
  name: string;
  /** Evaluated property values merged with meta state (`text`, `selectedRow`), keyed by name. */
  values: Record<string, unknown>;
  /** Evaluation errors of this widget, keyed by property name. */
  errors: Record<string, string>;
  /** Reports state the user changed, e.g. `{ text: 'abc' }` for an Input. */
  setMeta(patch: Record<string, unknown>): void;
  /** Fires an event handler property, e.g. `onClick`. A no-op in edit mode. */
  trigger(event: string): void;
  mode: 'edit' | 'view';
  /** From the server's client config: whether Iframe widgets must carry `sandbox` (I6). */
  iframeWidgetSandbox: boolean;
}
