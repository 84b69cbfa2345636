import { getWidgetPlugin } from '../../widgets/registry';
import { useEditorDispatch, useEditorSelector } from '../app/hooks';
import { useEditorServices } from '../app/EditorServices';
import { propertyChanged, widgetRemoved, widgetRenamed } from '../document/editorSlice';
import { selectSelectedWidget } from '../document/selectors';
import { useAppSymbols } from '../intelligence/useAppSymbols';
import { EntityNameField } from './EntityNameField';
import { PropertyField } from './PropertyField';

/** The selected widget's name and properties, each with its evaluated value or error. */
export function PropertyPane() {
  const widget = useEditorSelector(selectSelectedWidget);
  const dispatch = useEditorDispatch();
  const { runtime } = useEditorServices();
  const symbols = useAppSymbols();

  if (!widget) {
    return (
      <div className="ed-pane-empty">
        <p className="ed-pane-empty__title">No widget selected</p>
        <p className="ed-muted">Select a widget on the canvas to edit its properties.</p>
      </div>
    );
  }
  const config = getWidgetPlugin(widget.type)?.config;
  const values = runtime.values[widget.name] ?? {};
  const errors = Object.fromEntries(runtime.errors.filter((e) => e.entity === widget.name).map((e) => [e.key, e.message]));

  return (
    <div className="ed-props" key={widget.id}>
      <div className="ed-props__header">
        <span className="ed-badge">{config?.displayName ?? widget.type}</span>
        <button type="button" className="ed-link-button ed-danger-text" onClick={() => dispatch(widgetRemoved(widget.id))}>Delete</button>
      </div>
      <EntityNameField entityName={widget.name} onRename={(name) => dispatch(widgetRenamed({ id: widget.id, name }))} />
      {config ? null : <p className="ed-error-text">This widget type is not known to this version of Cordon.</p>}
      {config?.properties.map((property) => (
        <PropertyField
          key={property.name}
          property={property}
          value={widget.props[property.name] ?? property.default}
          evaluated={values[property.name]}
          hasEvaluated={property.name in values}
          error={errors[property.name]}
          symbols={symbols}
          onChange={(value) => dispatch(propertyChanged({ id: widget.id, property: property.name, value }))}
        />
      ))}
    </div>
  );
}
