import { widgetPlugins } from '../../widgets/registry';
import { defaultProps } from '../../widgets/widgetConfig';
import { useEditorDispatch, useEditorSelector } from '../app/hooks';
import { widgetDropped } from '../document/editorSlice';
import { selectCurrentPage } from '../document/selectors';
import { bottomRow } from '../canvas/gridLayout';
import { startPaletteDrag } from '../canvas/paletteDrag';
import { WidgetIcon } from './WidgetIcon';

/** The widgets a builder can add: drag one onto the canvas, or click it to add it below the rest. */
export function WidgetPalette() {
  const dispatch = useEditorDispatch();
  const page = useEditorSelector(selectCurrentPage);
  return (
    <section className="ed-section">
      <h2 className="ed-section__title">Add a widget</h2>
      <div className="ed-palette">
        {widgetPlugins.map(({ config }) => (
          <button
            key={config.type}
            type="button"
            className="ed-palette-item"
            data-palette-item={config.type}
            title={config.description}
            draggable
            onDragStart={(event) => startPaletteDrag(event.dataTransfer, config.type)}
            onClick={() =>
              dispatch(widgetDropped({
                type: config.type,
                namePrefix: config.displayName,
                layout: { x: 0, y: bottomRow(page?.widgets ?? []), ...config.defaultSize },
                props: defaultProps(config),
              }))
            }
          >
            <WidgetIcon type={config.type} />
            <span>{config.displayName}</span>
          </button>
        ))}
      </div>
    </section>
  );
}
