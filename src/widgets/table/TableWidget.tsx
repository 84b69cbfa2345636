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

/** Rows per page: enough for most internal lists, few enough to render instantly. */
export const tablePageSize = 100;

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
  const [paging, setPaging] = useState<{ rows: Row[]; page: number }>({ rows: model.rows, page: 0 });
  // New data starts on the first page.
  const pageCount = Math.max(1, Math.ceil(model.rows.length / tablePageSize));
  const page = paging.rows === model.rows ? Math.min(paging.page, pageCount - 1) : 0;
  const pageStart = page * tablePageSize;
  const pageRows = useMemo(() => model.rows.slice(pageStart, pageStart + tablePageSize), [model.rows, pageStart]);
  const table = useTable({ features, columns, data: pageRows });
  const [selected, setSelected] = useState<{ rows: Row[]; index: number } | null>(null);
  // The highlight belongs to the data it was made on; new data clears it.
  const selectedIndex = selected !== null && selected.rows === model.rows ? selected.index - pageStart : -1;

  const select = (pageIndex: number) => {
    const index = pageStart + pageIndex;
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
      {model.problem === undefined && pageCount > 1 ? (
        <div className="cw-table__pager">
          <span>
            Rows {pageStart + 1}–{pageStart + pageRows.length} of {model.rows.length}
          </span>
          <button type="button" aria-label="Previous page" disabled={page === 0} onClick={() => setPaging({ rows: model.rows, page: page - 1 })}>‹</button>
          <button type="button" aria-label="Next page" disabled={page >= pageCount - 1} onClick={() => setPaging({ rows: model.rows, page: page + 1 })}>›</button>
        </div>
      ) : null}
    </WidgetFrame>
  );
}
