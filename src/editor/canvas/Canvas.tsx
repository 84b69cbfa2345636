import { useCallback, useMemo, useRef } from 'react';
import { GridLayout, noCompactor, useContainerWidth, type Layout, type LayoutItem } from 'react-grid-layout';
import 'react-grid-layout/css/styles.css';
import { gridColumns, gridRowHeight } from '../../shared';
import { defaultProps } from '../../widgets/widgetConfig';
import { getWidgetPlugin } from '../../widgets/registry';
import { useEditorDispatch, useEditorSelector } from '../app/hooks';
import { useEditorServices } from '../app/EditorServices';
import { layoutChanged, widgetDropped, widgetSelected } from '../document/editorSlice';
import { selectCurrentPage } from '../document/selectors';
import { CanvasWidget } from './CanvasItem';
import { clampLayout, layoutChanges, toGridLayout } from './gridLayout';
import { paletteDragType } from './paletteDrag';

// The page grid: 24 columns of gridRowHeight-pixel rows, no margins, so a widget's cells map
// to the same pixels here as in the viewer's absolute layout. No compaction: widgets stay
// where the builder puts them, as in the published app.
const gridConfig = { cols: gridColumns, rowHeight: gridRowHeight, margin: [0, 0] as [number, number], containerPadding: [0, 0] as [number, number] };
const dragConfig = { enabled: true, threshold: 3 };
const resizeConfig = { enabled: true, handles: ['se', 'e', 's'] as Array<'se' | 'e' | 's'> };

/** The canvas: widgets dropped from the palette, moved and resized on the grid, selected by click. */
export function Canvas() {
  const page = useEditorSelector(selectCurrentPage);
  const selectedId = useEditorSelector((s) => s.editor.selectedWidgetId);
  const dispatch = useEditorDispatch();
  const { runtime, iframeWidgetSandbox } = useEditorServices();
  const { width, containerRef, mounted } = useContainerWidth();

  const widgets = useMemo(() => page?.widgets ?? [], [page]);
  const widgetsRef = useRef(widgets);
  widgetsRef.current = widgets;
  const layout = useMemo(() => toGridLayout(widgets), [widgets]);

  const onLayoutChange = useCallback((next: Layout) => {
    const changes = layoutChanges(widgetsRef.current, next as LayoutItem[]);
    if (changes.length > 0) dispatch(layoutChanged(changes));
  }, [dispatch]);

  const dropConfig = useMemo(() => ({
    enabled: true,
    // Size the drop placeholder like the widget being dragged, with its top-left corner at the
    // pointer (where a person aims); ignore drags that do not come from the palette.
    onDragOver: (event: DragEvent) => {
      const type = paletteDragType(event.dataTransfer);
      const size = type ? getWidgetPlugin(type)?.config.defaultSize : undefined;
      if (!size) return false;
      return { w: size.w, h: size.h, dragOffsetX: (size.w * width) / gridColumns / 2, dragOffsetY: (size.h * gridRowHeight) / 2 };
    },
  }), [width]);

  const onDrop = useCallback((_layout: Layout, item: LayoutItem | undefined, event: Event) => {
    const type = paletteDragType((event as DragEvent).dataTransfer ?? null);
    const plugin = type ? getWidgetPlugin(type) : undefined;
    if (!plugin || !item) return;
    const { w, h } = plugin.config.defaultSize;
    dispatch(widgetDropped({
      type: plugin.config.type,
      namePrefix: plugin.config.displayName,
      layout: clampLayout({ x: item.x, y: item.y, w, h }),
      props: defaultProps(plugin.config),
    }));
  }, [dispatch]);

  return (
    <div className="ed-canvas-scroll" onClick={() => dispatch(widgetSelected(null))}>
      <div className="ed-canvas-page" ref={containerRef} data-testid="canvas">
        {widgets.length === 0 ? (
          <div className="ed-canvas-empty" aria-hidden="true">
            <strong>Drag widgets here</strong>
            <span>or click one in the palette to add it</span>
          </div>
        ) : null}
        {mounted ? (
          <GridLayout
            className="ed-grid"
            width={width}
            layout={layout}
            gridConfig={gridConfig}
            dragConfig={dragConfig}
            resizeConfig={resizeConfig}
            dropConfig={dropConfig}
            compactor={noCompactor}
            onLayoutChange={onLayoutChange}
            onDrop={onDrop}
          >
            {widgets.map((widget) => (
              <div
                key={widget.id}
                className={widget.id === selectedId ? 'ed-canvas-item ed-canvas-item--selected' : 'ed-canvas-item'}
                data-canvas-widget={widget.name}
                onClick={(event) => {
                  event.stopPropagation();
                  dispatch(widgetSelected(widget.id));
                }}
              >
                <span className="ed-canvas-item__tag" aria-hidden="true">{widget.name}</span>
                <CanvasWidget widget={widget} runtime={runtime} iframeWidgetSandbox={iframeWidgetSandbox} />
              </div>
            ))}
          </GridLayout>
        ) : null}
      </div>
    </div>
  );
}
