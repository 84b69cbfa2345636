import type { WidgetConfig } from '../widgetConfig';

/** Table: shows an array of objects; `Table1.selectedRow` is the row the user picked; `Table1.setData(rows)` replaces the rows (meta `tableData`). */
export const tableConfig: WidgetConfig = {
  type: 'table',
  displayName: 'Table',
  description: 'Shows rows of data, for example {{ Query1.data }}.',
  defaultSize: { w: 12, h: 28 },
  properties: [
    {
      name: 'tableData',
      label: 'Table data',
      control: 'code',
      default: '{{ [{ "id": 1, "name": "Ada Lovelace" }, { "id": 2, "name": "Grace Hopper" }] }}',
      help: 'An array of objects; the columns are their keys.',
    },
    {
      name: 'defaultSelectedRow',
      label: 'Default selected row',
      control: 'code',
      default: '{{ {} }}',
      help: 'What selectedRow holds before the user picks a row.',
    },
    { name: 'onRowSelected', label: 'onRowSelected', control: 'event', default: '', help: 'Runs when the user selects a row.' },
  ],
  metaFromProps: { selectedRow: 'defaultSelectedRow', tableData: 'tableData' },
  setters: { setData: 'tableData' },
};
