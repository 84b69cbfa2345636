import type { ComponentType } from 'react';
import type { WidgetConfig } from './widgetConfig';
import type { WidgetRenderProps } from './widgetRenderProps';
import { textConfig } from './text/textConfig';
import { TextWidget } from './text/TextWidget';
import { inputConfig } from './input/inputConfig';
import { InputWidget } from './input/InputWidget';
import { buttonConfig } from './button/buttonConfig';
import { ButtonWidget } from './button/ButtonWidget';
import { tableConfig } from './table/tableConfig';
import { TableWidget } from './table/TableWidget';
import { iframeConfig } from './iframe/iframeConfig';
import { IframeWidget } from './iframe/IframeWidget';
import { modalConfig } from './modal/modalConfig';
import { ModalWidget } from './modal/ModalWidget';

/** A widget: its pure config and the React component that renders it. */
export interface WidgetPlugin {
  config: WidgetConfig;
  Component: ComponentType<WidgetRenderProps>;
}

/** All widgets, in palette order: text, input, button, table, iframe, modal. */
export const widgetPlugins: readonly WidgetPlugin[] = [
  { config: textConfig, Component: TextWidget },
  { config: inputConfig, Component: InputWidget },
  { config: buttonConfig, Component: ButtonWidget },
  { config: tableConfig, Component: TableWidget },
  { config: iframeConfig, Component: IframeWidget },
  { config: modalConfig, Component: ModalWidget },
];

const byType = new Map(widgetPlugins.map((plugin) => [plugin.config.type, plugin]));

/** The plugin registered for a widget type, or undefined for an unknown type. */
export function getWidgetPlugin(type: string): WidgetPlugin | undefined {
  return byType.get(type);
}
