/**
 * Small lookups over a format shared by computation, checks and import/export, so every consumer
 * reads the data the same way (which rule applies to a cell, its unit, how to name it).
 */
import type { CellRule, ColumnDef, ReportFormat, RowDef, TableDef, Unit } from './types.ts';

export function findTable(format: ReportFormat, id: string): TableDef | undefined {
  return format.tables.find((t) => t.id === id);
}

export function dataRows(table: TableDef): RowDef[] {
  return table.rows.filter((r) => !r.heading);
}

/** Precedence: the row's per-column rule, then the column's rule, then the row's rule. */
export function cellRule(_table: TableDef, row: RowDef, col: ColumnDef): CellRule | undefined {
  if (row.heading) return undefined;
  return row.cells?.[col.key] ?? col.rule ?? row.rule;
}

export function cellUnit(table: TableDef, row: RowDef, col: ColumnDef): Unit | undefined {
  return col.unit ?? row.unit ?? table.unit;
}

/** The header text that names a column unambiguously: its groups and label joined by ·. */
export function columnHeader(col: Pick<ColumnDef, 'label' | 'group'>): string {
  return [...(col.group ?? []), col.label].join('·');
}

/**
 * How messages name a row. Leaf labels such as 「1.属于国家秘密」 or 「1、当面申请数」 repeat
 * under several parents (and the old table has two 「(三)其他情形数」), so such rows are prefixed
 * with their parent's label.
 */
export function rowRef(table: TableDef, rowKey: string): string {
  const i = table.rows.findIndex((r) => r.key === rowKey);
  const row = table.rows[i];
  if (!row) return rowKey;
  if (row.labelHidden) return table.ref;
  const repeated = table.rows.filter((r) => r.label === row.label).length > 1;
  if (!repeated && !/^[0-9其]/.test(row.label)) return row.label;
  const parent = table.rows.slice(0, i).findLast((r) => r.level < row.level);
  return parent ? `${parent.label}·${row.label}` : row.label;
}

/**
 * How messages name a cell, a row (no col) or a column (no row): 表三「（一）予以公开」「申请人情况·自然人」列.
 * The column is omitted for single-column tables, the row for table 四's unlabeled figures row.
 */
export function cellRef(table: TableDef, rowKey?: string, colKey?: string): string {
  const row = rowKey === undefined ? undefined : table.rows.find((r) => r.key === rowKey);
  const rowPart = rowKey === undefined || row?.labelHidden ? '' : `「${rowRef(table, rowKey)}」`;
  const col = colKey === undefined ? undefined : table.columns.find((c) => c.key === colKey);
  const colPart = colKey === undefined || table.columns.length < 2 ? '' : `「${col ? columnHeader(col) : colKey}」列`;
  return `${table.ref}${rowPart}${colPart}`;
}
