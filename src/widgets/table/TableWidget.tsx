import { useMemo, useState } from 'react';
import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table';
import type { WidgetRenderProps } from '../widgetRenderProps';
import { WidgetFrame } from '../WidgetFrame';
import { displayText } from '../displayText';
import { tableModel } from './tableRows';

type Row = Record<string, unknown>;

// Core features only: the table shows rows; selection is ours, reported as meta `selectedRow`.
const features = tableFeatures({});
const helper = createColumnHelper<typeof features, Row>();

/**
 * Shows `tableData` with one column per key. Clicking a row (or Enter/Space on it) selects it:
 * meta `selectedRow` becomes that row and, in view mode, `onRowSelected` runs.
 */
export function TableWidget(props: WidgetRenderProps) {
  const { setMeta, trigger, mode } = props;
  const model = useMemo(() => tableModel(props.values.tableData), [props.values.tableData]);
  const columnKey = model.columns.join('\u0000');
  const columns = useMemo(
    () => helper.columns(columnKey === '' ? [] : columnKey.split('\u0000').map((key) =>
      helper.accessor((row: Row) => row[key], { id: key, header: key, cell: (info) => displayText(info.getValue()) }),
    )),
    [columnKey],
  );
  const table = useTable({ features, columns, data: model.rows });
  const [selected, setSelected] = useState<{ rows: Row[]; index: number } | null>(null);
  // The highlight belongs to the data it was made on; new data clears it.
  const selectedIndex = selected !== null && selected.rows === model.rows ? selected.index : -1;

  const select = (index: number) => {
    const row = model.rows[index];
    if (row === undefined) return;
    setSelected({ rows: model.rows, index });
    setMeta({ selectedRow: row });
    if (mode === 'view') trigger('onRowSelected');
  };

  return (
    <WidgetFrame name={props.name} kind="table" errors={props.errors}>
      {model.problem !== undefined ? (
        <div className="cw-table__empty" role="status">{model.problem}</div>
      ) : (
        <div className="cw-table__scroll">
          <table className="cw-table__table" aria-label={props.name}>
            <thead>
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id}>
                  {group.headers.map((header) => (
                    <th key={header.id} scope="col">
                      {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                    </th>
                  ))}
                </tr>
              ))}
            </thead>
            <tbody>
              {table.getRowModel().rows.map((row) => (
                <tr
                  key={row.id}
                  tabIndex={0}
                  aria-selected={row.index === selectedIndex}
                  className={row.index === selectedIndex ? 'is-selected' : undefined}
                  onClick={() => select(row.index)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter' || event.key === ' ') {
                      event.preventDefault();
                      select(row.index);
                    }
                  }}
                >
                  {row.getAllCells().map((cell) => (
                    <td key={cell.id}>
                      <table.FlexRender cell={cell} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {model.rows.length === 0 ? <div className="cw-table__empty">No rows</div> : null}
        </div>
      )}
    </WidgetFrame>
  );
}
