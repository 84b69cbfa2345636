import type { WidgetConfig } from './widgetConfig';
import { textConfig } from './text/textConfig';
import { inputConfig } from './input/inputConfig';
import { buttonConfig } from './button/buttonConfig';
import { tableConfig } from './table/tableConfig';
import { iframeConfig } from './iframe/iframeConfig';
import { modalConfig } from './modal/modalConfig';

/**
 * The pure configs of every widget, in palette order, without React: for code that must not
 * load components (tests, validation). The registry pairs each with its component.
 */
export const widgetConfigs: readonly WidgetConfig[] = [textConfig, inputConfig, buttonConfig, tableConfig, iframeConfig, modalConfig];
