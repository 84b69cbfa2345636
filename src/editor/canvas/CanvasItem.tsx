import { memo } from 'react';
import type { Widget } from '../../shared';
import { getWidgetPlugin } from '../../widgets/registry';
import type { RuntimeState } from '../../viewer/runtime/useRuntime';
import { widgetRenderValues } from '../../viewer/widgetValues';

const noop = () => {};

/**
 * One widget on the canvas, rendered by its plugin exactly as the viewer renders it, in edit
 * mode. The content is `inert`: a click lands on the item (to select it) rather than in the
 * widget, and the widget takes no focus while the builder arranges the page.
 */
export const CanvasWidget = memo(function CanvasWidget(props: { widget: Widget; runtime: RuntimeState; iframeWidgetSandbox: boolean }) {
  const { widget, runtime } = props;
  const plugin = getWidgetPlugin(widget.type);
  if (!plugin) return <div className="ed-canvas-unknown">Unknown widget type “{widget.type}”</div>;
  const { values, errors } = widgetRenderValues(runtime, widget.name);
  // Before the engine has evaluated the widget, show its literal props so it never flashes empty.
  const shown = Object.keys(values).length > 0 ? values : staticProps(widget);
  const { Component } = plugin;
  return (
    <div className="ed-canvas-item__content" inert>
      <Component name={widget.name} values={shown} errors={errors} setMeta={noop} trigger={noop} mode="edit" iframeWidgetSandbox={props.iframeWidgetSandbox} />
    </div>
  );
});

function staticProps(widget: Widget): Record<string, unknown> {
  return Object.fromEntries(Object.entries(widget.props).filter(([, v]) => !(typeof v === 'string' && v.includes('{{'))));
}
