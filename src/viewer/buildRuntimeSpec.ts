import type { Page } from '../shared';
import type { RuntimeAppSpec, RuntimeJsObjectSpec, RuntimeQuerySpec, RuntimeWidgetSpec } from '../runtime/protocol';
import { getWidgetPlugin } from '../widgets/registry';
import { eventProperties } from '../widgets/widgetConfig';

/**
 * The engine's view of one page: its widgets described by the registry (event properties,
 * meta seeded from properties, setters), plus the app's queries and JS objects.
 * A widget of an unknown type still gets an entity (so bindings to it resolve) but no events.
 */
export function buildRuntimeSpec(page: Page, queries: RuntimeQuerySpec[], jsObjects: RuntimeJsObjectSpec[]): RuntimeAppSpec {
  const widgets = page.widgets.map((widget): RuntimeWidgetSpec => {
    const config = getWidgetPlugin(widget.type)?.config;
    if (!config) return { name: widget.name, type: widget.type, props: { ...widget.props }, eventProps: [], metaFromProps: {}, setters: {} };
    const props = { ...widget.props };
    // A meta key must have its seed property, even in a document written without it
    // (an older or hand-written file): otherwise `Table1.selectedRow` starts undefined.
    for (const source of Object.values(config.metaFromProps)) {
      if (props[source] === undefined) props[source] = config.properties.find((p) => p.name === source)?.default ?? null;
    }
    return {
      name: widget.name,
      type: widget.type,
      props,
      eventProps: eventProperties(config),
      metaFromProps: { ...config.metaFromProps },
      setters: { ...config.setters },
    };
  });
  return { widgets, queries: queries.map((q) => ({ ...q, bindings: [...q.bindings] })), jsObjects: jsObjects.map((j) => ({
      name: j.name,
      code: j.code,
      ...(j.functionSettings ? { functionSettings: Object.fromEntries(Object.entries(j.functionSettings).map(([fn, s]) => [fn, { ...s }])) } : {}),
    })),
  };
}
