/**
 * A report as an XLSX workbook (exceljs): sheet 「报告」 holds the information and the section texts,
 * then one sheet per table, each starting with the same marker and header records as the CSV
 * layout (grid.ts). Figures are stored as numbers, blanks as empty cells; labels are indented by
 * their level so the sheet reads like the printed table.
 */
import ExcelJS from 'exceljs';
import { readWorkbook } from '../../../platform/render/sheet.ts';
import { ZipLimitError, type ZipLimits } from '../../../platform/render/zip-guard.ts';
import { NotFoundError } from '../../../kernel/errors.ts';
import { nationalRegistry } from '../formats/registry.ts';
import { findTable } from '../formats/resolve.ts';
import type { ReportFormat } from '../formats/types.ts';
import type { Report } from '../report-model.ts';
import { gridToReport, reportToGrid } from './grid.ts';
import type { GridRecord, GridValue, ReadOptions } from './grid.ts';
import type { ParseResult } from './problems.ts';

export async function reportToXlsx(report: Report, format?: ReportFormat): Promise<Buffer> {
  const f = format ?? nationalRegistry.get(report.format);
  if (!f) throw new NotFoundError(`未知的报告格式「${report.format}」`);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gongkai';
  for (const sheet of reportToGrid(report, f)) {
    const ws = wb.addWorksheet(sheet.name);
    const table = sheet.tableId ? findTable(f, sheet.tableId) : undefined;
    sheet.rows.forEach((values, i) => {
      const row = ws.addRow(values.map((v) => (v === null ? undefined : v)));
      if (!table) {
        // Section text: one wrapped cell.
        if (values.length === 1) row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
        return;
      }
      if (i < 2) row.font = { bold: true };
      const def = i >= 2 ? table.rows[i - 2] : undefined;
      if (def) {
        row.getCell(1).alignment = { indent: def.level, wrapText: true };
        if (def.heading) row.getCell(1).font = { bold: true };
      }
    });
    ws.getColumn(1).width = table ? 48 : 100;
    if (table) for (let c = 2; c <= table.columns.length + 2; c++) ws.getColumn(c).width = c === 2 ? 8 : 14;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface XlsxReadOptions extends ReadOptions {
  /** The file's name, for messages. */
  fileName?: string;
  /** The zip guard's limits (the context's configuration); default the configuration's defaults. */
  zip?: ZipLimits;
}

export async function parseReportXlsx(data: Buffer | ArrayBuffer | Uint8Array, options: XlsxReadOptions = {}): Promise<ParseResult> {
  let wb: ExcelJS.Workbook | undefined;
  try {
    wb = await readWorkbook(data, options.fileName ?? 'report.xlsx', options.zip);
  } catch (e) {
    if (e instanceof ZipLimitError) return { ok: false, problems: [{ code: 'too_large', message: e.issues[0]?.message ?? e.message }] };
    throw e;
  }
  if (!wb) return { ok: false, problems: [{ code: 'syntax', message: '无法读取 XLSX 文件（空的、被截断或不是 Excel 工作簿）' }] };
  const records: GridRecord[] = [];
  for (const ws of wb.worksheets) {
    const width = ws.actualColumnCount;
    for (let r = 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const fields: GridValue[] = [];
      for (let c = 1; c <= Math.max(width, row.cellCount); c++) fields.push(cellValue(row.getCell(c).value));
      records.push({ fields, at: `工作表「${ws.name}」第${r}行` });
    }
    // Sheets end their blocks like a blank line does in CSV.
    records.push({ fields: [], at: `工作表「${ws.name}」末尾` });
  }
  return gridToReport(records, options);
}

/** exceljs cell values → text or number (formulas read as their cached result). */
function cellValue(v: ExcelJS.CellValue): GridValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('formula' in v || 'sharedFormula' in v) {
      const result = (v as { result?: unknown }).result;
      return typeof result === 'number' || typeof result === 'string' ? result : null;
    }
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('error' in v) return String(v.error);
  }
  return String(v);
}
