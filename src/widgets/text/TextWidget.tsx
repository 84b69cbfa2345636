import type { WidgetRenderProps } from '../widgetRenderProps';
import { WidgetFrame } from '../WidgetFrame';
import { displayText } from '../displayText';

/** Renders the evaluated `text` as plain text (never as HTML). */
export function TextWidget(props: WidgetRenderProps) {
  return (
    <WidgetFrame name={props.name} kind="text" errors={props.errors}>
      <div className="cw-text__content">{displayText(props.values.text)}</div>
    </WidgetFrame>
  );
}
