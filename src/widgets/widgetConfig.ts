import type { PropValue } from '../shared';

/**
 * The pure half of a widget plugin: everything about a widget that is not rendering.
 * The runtime spec, the editor's palette and property pane, and validation read it; no React here.
 */

/** How the property pane edits a property. */
export type PropertyControl =
  /** A one-line text field that accepts `{{ }}` bindings. */
  | 'text'
  /** A multi-line code field for bindings that produce data (`{{ Query1.data }}`). */
  | 'code'
  /** A switch; the value may also be a binding. */
  | 'boolean'
  /** A choice among `options`. */
  | 'select'
  /** An event handler: JavaScript run when the event fires (`Query1.run()`), never evaluated as a binding. */
  | 'event';

export interface WidgetPropertyConfig {
  name: string;
  label: string;
  control: PropertyControl;
  /** The value a new widget starts with. */
  default: PropValue;
  /** For `select`. */
  options?: readonly string[];
  /** One line shown under the field. */
  help?: string;
}

export interface WidgetConfig {
  /** Stable type id stored in app documents, e.g. `input`. */
  type: string;
  /** Name in the palette, e.g. `Input`; also the prefix of new widget names (`Input1`). */
  displayName: string;
  /** One line for the palette's tooltip. */
  description: string;
  /** Size of a newly dropped widget, in grid cells. */
  defaultSize: { w: number; h: number };
  properties: readonly WidgetPropertyConfig[];
  /** State the user changes, seeded from a property: `{ text: 'defaultText' }`. Default `{}`. */
  metaFromProps: Record<string, string>;
  /** Methods on the entity that write a meta key: `{ setValue: 'text' }`. Default `{}`. */
  setters: Record<string, string>;
}

/** The property names of a widget that are event handlers. */
export function eventProperties(config: WidgetConfig): string[] {
  return config.properties.filter((p) => p.control === 'event').map((p) => p.name);
}

/** The props of a newly created widget: each property's default. */
export function defaultProps(config: WidgetConfig): Record<string, PropValue> {
  return Object.fromEntries(config.properties.map((p) => [p.name, p.default]));
}
