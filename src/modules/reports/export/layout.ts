/**
 * The printed layout of a report table, as the official formats draw it, derived from the format
 * data alone (no code per format): column groups become merged header cells, row levels become
 * either indentation (the old single-column table) or merged label columns (table 三's
 * 三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密). The HTML view, the PDF/DOCX document and the
 * per-table CSV all read this one grid, so they agree.
 */
import type { ColumnDef, ReportFormat, RowDef, TableDef } from '../formats/types.ts';
import { cellUnit } from '../formats/resolve.ts';
import type { CellValue, Report } from '../report-model.ts';
import { getCell } from '../report-model.ts';

export interface LayoutCell {
  text: string;
  kind: 'header' | 'label' | 'unit' | 'figure';
  rowSpan?: number;
  colSpan?: number;
  /** Figures: the cell they print. */
  ref?: { table: string; row: string; col: string };
  value?: CellValue;
  /** Labels: indentation level (flat layout). */
  level?: number;
  /** A heading row's label (prints no figures). */
  heading?: boolean;
}

export interface TableLayout {
  id: string;
  caption: string;
  headerRows: number;
  rows: LayoutCell[][];
  /** Relative widths in characters. */
  widths: number[];
  notes: readonly string[];
}

export function layoutTable(_format: ReportFormat, table: TableDef, report: Report): TableLayout {
  const flat = !!table.unitColumn || table.columns.length === 1;
  const labelled = table.rows.some((r) => !r.labelHidden);
  const labelCols = !labelled ? 0 : flat ? 1 : Math.max(...table.rows.map((r) => r.level)) + 1;
  const unitCols = table.unitColumn ? 1 : 0;
  const depth = Math.max(...table.columns.map((c) => (c.group?.length ?? 0) + 1));
  const titleRow = table.title.startsWith('第二十条');
  const rows: LayoutCell[][] = [];

  // ——— header ———
  const totalCols = labelCols + unitCols + table.columns.length;
  if (titleRow) rows.push([{ text: table.title, kind: 'header', colSpan: totalCols }]);
  const groupOf = (k: number): readonly string[] => table.columns[k]?.group ?? [];
  for (let level = 0; level < depth; level++) {
    const line: LayoutCell[] = [];
    if (level === 0) {
      if (labelCols) line.push({ text: table.stubLabel, kind: 'header', rowSpan: depth, colSpan: labelCols });
      if (unitCols) line.push({ text: '单位', kind: 'header', rowSpan: depth });
    }
    for (let i = 0; i < table.columns.length; ) {
      const col = table.columns[i]!;
      const groups = col.group ?? [];
      if (level < groups.length) {
        // A group cell over the consecutive columns sharing this group prefix.
        const prefix = groups.slice(0, level + 1).join('\u0000');
        let j = i;
        while (
          j < table.columns.length &&
          groupOf(j)
            .slice(0, level + 1)
            .join('\u0000') === prefix &&
          groupOf(j).length > level
        )
          j++;
        line.push({ text: groups[level]!, kind: 'header', colSpan: j - i });
        i = j;
      } else if (level === groups.length) {
        line.push({ text: headerLabel(col), kind: 'header', rowSpan: depth - level });
        i++;
      } else {
        i++;
      }
    }
    rows.push(line);
  }
  const headerRows = rows.length;

  // ——— body ———
  const dataRows = table.rows.filter((r) => !r.heading);
  const figures = (r: RowDef): LayoutCell[] =>
    table.columns.map((c) => {
      const v = getCell(report, table.id, r.key, c.key);
      return { text: v === null || v === undefined ? '' : formatValue(v), kind: 'figure', value: v ?? null, ref: { table: table.id, row: r.key, col: c.key } };
    });
  if (flat) {
    for (const r of table.rows) {
      const line: LayoutCell[] = [];
      if (labelCols) line.push({ text: r.label, kind: 'label', level: r.level, heading: !!r.heading });
      if (unitCols) line.push({ text: r.heading ? '' : (rowUnit(table, r) ?? ''), kind: 'unit' });
      if (r.heading) line.push(...table.columns.map((): LayoutCell => ({ text: '', kind: 'figure', value: null })));
      else line.push(...figures(r));
      rows.push(line);
    }
  } else {
    for (const r of dataRows) {
      const line: LayoutCell[] = [];
      if (labelCols) {
        for (const h of headingsOpenedBy(table, r)) {
          line.push({ text: h.heading.label, kind: 'label', heading: true, rowSpan: h.span });
        }
        if (!r.labelHidden) line.push({ text: r.label, kind: 'label', colSpan: labelCols - r.level > 1 ? labelCols - r.level : undefined });
      }
      line.push(...figures(r));
      rows.push(line);
    }
  }

  const widths = [
    ...Array.from({ length: labelCols }, (_, i) => (flat ? 30 : i === labelCols - 1 ? 22 : 8)),
    ...Array.from({ length: unitCols }, () => 4),
    ...table.columns.map((c) => Math.max(4, Math.min(8, [...headerLabel(c)].length))),
  ];
  // The 2019/2021 table 二 prints its article item as a header row: no separate caption then.
  return { id: table.id, caption: titleRow ? '' : table.title, headerRows, rows, widths, notes: table.notes ?? [] };
}

function headerLabel(col: ColumnDef): string {
  return col.label;
}

function rowUnit(table: TableDef, row: RowDef): string | undefined {
  const units = new Set(table.columns.map((c) => cellUnit(table, row, c)));
  return units.size === 1 ? [...units][0] : undefined;
}

/**
 * The headings whose merged label cell starts at this data row: a heading at level L owns the rows
 * after it with a deeper level, up to the next row at level L or above.
 */
function headingsOpenedBy(table: TableDef, row: RowDef): Array<{ heading: RowDef; span: number }> {
  const out: Array<{ heading: RowDef; span: number }> = [];
  const i = table.rows.indexOf(row);
  if (i < 0) return out;
  for (const [h, head] of table.rows.slice(0, i).entries()) {
    if (!head.heading) continue;
    const owned: RowDef[] = [];
    for (const next of table.rows.slice(h + 1)) {
      if (next.level <= head.level) break;
      owned.push(next);
    }
    const data = owned.filter((x) => !x.heading);
    if (data[0] === row) out.push({ heading: head, span: data.length });
  }
  return out.sort((a, b) => a.heading.level - b.heading.level);
}

/** Figures as printed: whole numbers plain, 万元 to at most four decimals. */
export function formatValue(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Math.round(v * 10000) / 10000);
}

/** The tables of a section, in format order. */
export function sectionTables(format: ReportFormat, sectionKey: string): TableDef[] {
  const s = format.sections.find((x) => x.key === sectionKey);
  return (s?.tables ?? []).map((id) => format.tables.find((t) => t.id === id)).filter((t): t is TableDef => !!t);
}
