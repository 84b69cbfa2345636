import type { WidgetRenderProps } from '../widgetRenderProps';
import { WidgetFrame } from '../WidgetFrame';
import { displayText, truthyProp } from '../displayText';

/** A button whose accessible name is its label; fires `onClick` in view mode only. */
export function ButtonWidget(props: WidgetRenderProps) {
  const label = displayText(props.values.label) || props.name;
  return (
    <WidgetFrame name={props.name} kind="button" errors={props.errors}>
      <button
        type="button"
        className="cw-button__control"
        disabled={truthyProp(props.values.disabled)}
        onClick={() => {
          if (props.mode === 'view') props.trigger('onClick');
        }}
      >
        {label}
      </button>
    </WidgetFrame>
  );
}
