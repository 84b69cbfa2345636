import { memo, useMemo } from 'react';
import type { CSSProperties } from 'react';
import { gridColumns, gridRowHeight } from '../shared';
import type { Page, Widget } from '../shared';
import { getWidgetPlugin } from '../widgets/registry';
import type { RuntimeState } from './runtime/useRuntime';
import { widgetRenderValues } from './widgetValues';

const noop = () => undefined;

interface CellProps {
  widget: Widget;
  values: Record<string, unknown>;
  errors: Record<string, string>;
  setMeta: RuntimeState['setMeta'];
  trigger: RuntimeState['trigger'];
  mode: 'edit' | 'view';
  iframeWidgetSandbox: boolean;
}

// Memoised so a change in one widget's values re-renders only that widget.
const Cell = memo(function Cell({ widget, values, errors, setMeta, trigger, mode, iframeWidgetSandbox }: CellProps) {
  const plugin = getWidgetPlugin(widget.type);
  const { x, y, w, h } = widget.layout;
  // Position comes in as CSS variables; global.css turns them into an absolute layout on wide
  // screens and a single column on narrow ones.
  const style = { '--x': x, '--y': y, '--w': w, '--h': h } as CSSProperties;
  const name = widget.name;
  const onMeta = useMemo(() => (patch: Record<string, unknown>) => setMeta(name, patch), [setMeta, name]);
  const onTrigger = useMemo(() => (mode === 'edit' ? noop : (event: string) => trigger(name, event)), [trigger, name, mode]);
  return (
    <div className="cw-cell" style={style}>
      {plugin ? (
        <plugin.Component name={name} values={values} errors={errors} setMeta={onMeta} trigger={onTrigger} mode={mode} iframeWidgetSandbox={iframeWidgetSandbox} />
      ) : (
        <div data-widget={name} className="cw-widget cw-widget--error cw-unknown" title={`Unknown widget type "${widget.type}"`}>
          Unknown widget type “{widget.type}”
        </div>
      )}
    </div>
  );
});

/**
 * Lays a page's widgets out on the 24-column grid (rows of `gridRowHeight` px), each widget
 * in its cell. DOM order follows reading order (top to bottom, left to right) so keyboard focus
 * moves the way the page reads. Narrow screens stack the widgets in that order.
 */
export function PageRenderer(props: { page: Page; runtime: RuntimeState; mode: 'edit' | 'view'; iframeWidgetSandbox: boolean }) {
  const { page, runtime, mode, iframeWidgetSandbox } = props;
  const widgets = useMemo(
    () => [...page.widgets].sort((a, b) => a.layout.y - b.layout.y || a.layout.x - b.layout.x),
    [page.widgets],
  );
  const rows = widgets.reduce((max, wgt) => Math.max(max, wgt.layout.y + wgt.layout.h), 0);
  const style = { '--rows': rows, '--row-height': `${gridRowHeight}px`, '--columns': gridColumns } as CSSProperties;
  return (
    <div className="cw-page" style={style} data-page={page.slug}>
      {widgets.map((widget) => {
        const { values, errors } = widgetRenderValues(runtime, widget.name);
        return (
          <Cell
            key={widget.id}
            widget={widget}
            values={values}
            errors={errors}
            setMeta={runtime.setMeta}
            trigger={runtime.trigger}
            mode={mode}
            iframeWidgetSandbox={iframeWidgetSandbox}
          />
        );
      })}
    </div>
  );
}
