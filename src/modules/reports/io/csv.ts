/**
 * A report as one CSV file (RFC 4180: comma-separated, fields quoted when they hold a comma, quote
 * or line break; CRLF line ends; UTF-8 with a byte-order mark so Excel on Chinese Windows opens
 * it as UTF-8). The records follow the layout in grid.ts; tables are blocks separated by a blank line.
 */
import { NotFoundError } from '../../../kernel/errors.ts';
import { nationalRegistry } from '../formats/registry.ts';
import type { ReportFormat } from '../formats/types.ts';
import type { Report } from '../report-model.ts';
import { gridToReport, reportToGrid } from './grid.ts';
import type { GridRecord, GridValue, ReadOptions } from './grid.ts';
import type { ParseResult } from './problems.ts';

const BOM = '\uFEFF';

export function reportToCsv(report: Report, format?: ReportFormat): string {
  const f = format ?? nationalRegistry.get(report.format);
  if (!f) throw new NotFoundError(`未知的报告格式「${report.format}」`);
  const lines: string[] = [];
  for (const [i, sheet] of reportToGrid(report, f).entries()) {
    if (i > 0) lines.push('');
    for (const row of sheet.rows) lines.push(row.map(csvField).join(','));
  }
  return `${BOM + lines.join('\r\n')}\r\n`;
}

export function parseReportCsv(csv: string, options: ReadOptions = {}): ParseResult {
  const { records, error } = parseCsvRecords(csv);
  if (error) return { ok: false, problems: [{ code: 'syntax', message: error.message, at: error.at }] };
  return gridToReport(records, options);
}

/**
 * Text that starts with = + - @ would run as a formula when the file is opened in a spreadsheet
 * (CSV injection; section texts come from many departments). Such text is written with a leading
 * apostrophe, which the reader removes again. Figures are numbers and are never prefixed.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvField(v: GridValue): string {
  if (v === null) return '';
  const s = typeof v === 'string' && FORMULA_START.test(v) ? `'${v}` : String(v);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 records with the line each starts on; an unterminated quote is a syntax error. */
export function parseCsvRecords(input: string): { records: GridRecord[]; error?: { message: string; at: string } } {
  const s = input.startsWith(BOM) ? input.slice(1) : input;
  const records: GridRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    fields = fields.map((f) => (f.startsWith("'") && FORMULA_START.test(f.slice(1)) ? f.slice(1) : f));
    records.push({ fields, at: `第${recordLine}行` });
    fields = [];
    field = '';
  };
  while (i < s.length) {
    const c = s[i];
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (c === '\n') line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      quoteLine = line;
      i++;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      i++;
    } else if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && s[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) return { records, error: { message: `第${quoteLine}行：引号未闭合，文件不完整或格式有误`, at: `第${quoteLine}行` } };
  if (field !== '' || fields.length) endRecord();
  return { records };
}
