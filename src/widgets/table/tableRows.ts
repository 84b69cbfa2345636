/**
 * Normalises a Table's evaluated `tableData` into rows and columns. Bindings can produce
 * anything, so this never throws: a non-array gives a message instead of rows.
 */
export interface TableModel {
  rows: Record<string, unknown>[];
  /** Union of the rows' keys, in order of first appearance. */
  columns: string[];
  /** Set when the data is not an array of objects. */
  problem?: string;
}

/** At most this many rows are scanned for column names, so a huge result stays cheap. */
const columnScanLimit = 200;

/** Builds the rows and columns a Table shows from its `tableData` value. */
export function tableModel(data: unknown): TableModel {
  if (data === undefined || data === null || data === '') return { rows: [], columns: [] };
  if (!Array.isArray(data)) return { rows: [], columns: [], problem: 'Table data must be an array of objects.' };
  const rows = data.map((row: unknown) => (row !== null && typeof row === 'object' && !Array.isArray(row) ? (row as Record<string, unknown>) : { value: row }));
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows.slice(0, columnScanLimit)) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  return { rows, columns };
}
