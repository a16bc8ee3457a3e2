import type ExcelJS from 'exceljs';
import { readWorkbook } from '../../../platform/render/sheet.ts';
import { ZipLimitError, type ZipLimits } from '../../../platform/render/zip-guard.ts';
import { fieldsWithNul, NUL_MESSAGE } from '../../../platform/command.ts';
import { fieldText } from '../../../kernel/text.ts';
import { COLUMNS, columnOfHeader, unguardCell, HEADER_OF, type ColumnKey } from './format.ts';

export type FileFormat = 'jsonl' | 'csv' | 'xlsx';

export interface RawRecord {
  /** 1-based line (CSV, JSONL) or row (XLSX) of the file. */
  line: number;
  data: Record<string, string>;
}

export interface FileProblem {
  line: number;
  field: string;
  message: string;
}

export function formatOfName(name: string): FileFormat | undefined {
  const m = /\.(jsonl|ndjson|csv|xlsx)$/i.exec(name);
  if (!m) return undefined;
  const e = (m[1] ?? '').toLowerCase();
  return e === 'ndjson' ? 'jsonl' : (e as FileFormat);
}

/**
 * The records of a file in the power list's layout (import/format.ts), not yet checked. Lines that
 * cannot be read are problems by line; an XLSX passes the zip guard first (a zip bomb is one problem
 * for the whole file, and nothing of it is read).
 */
export async function readPowerFile(
  bytes: Buffer,
  format: FileFormat,
  opts: { fileName?: string; zip?: ZipLimits } = {},
): Promise<{ records: RawRecord[]; problems: FileProblem[] }> {
  const read =
    format === 'jsonl'
      ? readJsonl(bytes.toString('utf8'))
      : format === 'csv'
        ? fromTable(parseCsv(bytes.toString('utf8')))
        : await readXlsx(bytes, opts.fileName ?? 'powers.xlsx', opts.zip);
  const records: RawRecord[] = [];
  for (const r of read.records) {
    const nul = fieldsWithNul(r.data);
    if (nul.length) for (const field of nul) read.problems.push({ line: r.line, field: HEADER_OF[field as ColumnKey] ?? field, message: NUL_MESSAGE });
    else records.push(r);
  }
  return { records, problems: read.problems };
}

function readJsonl(text: string) {
  const records: RawRecord[] = [];
  const problems: FileProblem[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((l, i) => {
      if (!l.trim()) return;
      try {
        const v: unknown = JSON.parse(l);
        if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('每行应是一个 JSON 对象');
        const data: Record<string, string> = {};
        const unknown: string[] = [];
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
          const key = columnOfHeader(k);
          if (key) data[key] = fieldText(x);
          else unknown.push(k);
        }
        if (unknown.length) problems.push({ line: i + 1, field: unknown.join('、'), message: '不认识的字段（见权力清单导入格式）' });
        records.push({ line: i + 1, data });
      } catch (e) {
        problems.push({ line: i + 1, field: '(行)', message: `不是有效的 JSON：${(e as Error).message.slice(0, 80)}` });
      }
    });
  return { records, problems };
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks; rows come with their first line. */
export function parseCsv(text: string): Array<{ line: number; cells: string[] }> {
  const rows: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.length > 1 || cells[0] !== '') rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else cell += c;
  }
  if (cell !== '' || cells.length) {
    cells.push(cell);
    rows.push({ line: rowLine, cells });
  }
  return rows;
}

function fromTable(rows: Array<{ line: number; cells: string[] }>) {
  const problems: FileProblem[] = [];
  const [head, ...body] = rows;
  if (!head) return { records: [], problems: [{ line: 1, field: '(表头)', message: '文件是空的' }] };
  const header = head.cells.map((h) => columnOfHeader(h));
  head.cells.forEach((h, i) => {
    if (!header[i] && h.trim()) problems.push({ line: head.line, field: h.trim(), message: '不认识的列名（见权力清单导入格式）' });
  });
  const missing = COLUMNS.filter(([k]) => ['name', 'category', 'code', 'org', 'kind', 'onDate'].includes(k) && !header.includes(k)).map(([, h]) => h);
  if (missing.length) problems.push({ line: head.line, field: '(表头)', message: `缺少必需的列：${missing.join('、')}` });
  const records: RawRecord[] = body
    .filter((r) => r.cells.some((c) => c.trim()))
    .map((r) => {
      const data: Record<string, string> = {};
      header.forEach((k, i) => {
        if (k) data[k] = unguardCell(r.cells[i] ?? '').trim();
      });
      return { line: r.line, data };
    });
  return { records, problems };
}

async function readXlsx(bytes: Buffer, fileName: string, zip: ZipLimits | undefined) {
  let wb: Awaited<ReturnType<typeof readWorkbook>>;
  try {
    wb = await readWorkbook(bytes, fileName, zip);
  } catch (e) {
    if (e instanceof ZipLimitError) return { records: [], problems: [{ line: 0, field: '(文件)', message: e.issues[0]?.message ?? e.message }] };
    throw e;
  }
  if (!wb) return { records: [], problems: [{ line: 0, field: '(文件)', message: '不是有效的 XLSX 文件（空的、被截断或不是 Excel 工作簿）' }] };
  const ws = wb.worksheets.find((w) => w.state === 'visible') ?? wb.worksheets[0];
  if (!ws) return { records: [], problems: [{ line: 0, field: '(文件)', message: '工作簿没有工作表' }] };
  const rows: Array<{ line: number; cells: string[] }> = [];
  // exceljs computes columnCount over every row on each call: read it once.
  const columns = ws.columnCount;
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= columns; c++) cells.push(cellText(row.getCell(c).value));
    if (cells.some((x) => x !== '')) rows.push({ line: n, cells });
  });
  return fromTable(rows);
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return String(v.result ?? '');
    return '';
  }
  return String(v);
}
