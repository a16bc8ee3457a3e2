import ExcelJS from 'exceljs';
import { DEFAULT_ZIP_LIMITS, guardZip, ZipFormatError, type ZipLimits } from './zip-guard.ts';
import { documentDate, layoutTable, tablesOf, type DocModel, type Table, type TableGrid } from './doc-model.ts';

/**
 * Tables as data: XLSX (exceljs) for the offices that recompute a report in Excel or WPS, and CSV
 * for anything else. Numbers stay numbers (a sum in Excel must work), merged cells stay merged in
 * XLSX and become blanks in CSV (CSV has no merging).
 */
export interface SheetOptions {
  creator?: string;
  /** Written into the workbook properties. Passed in: platform code never reads the clock. */
  createdAt?: Date;
}

/** One worksheet per table, named after its caption. */
export async function renderXlsx(tables: readonly Table[], options: SheetOptions = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = options.creator ?? 'Gongkai';
  wb.created = wb.modified = options.createdAt ?? new Date(0);
  const names = new Set<string>();
  for (const [i, table] of tables.entries()) addSheet(wb, table, sheetName(table.caption, i, names), layoutTable(table, `tables[${i}]`));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The tables of a document as a workbook, with the document's author and date. */
export function renderDocumentXlsx(doc: DocModel): Promise<Buffer> {
  return renderXlsx(tablesOf(doc), { ...(doc.meta?.author ? { creator: doc.meta.author } : {}), createdAt: documentDate(doc) });
}

/**
 * RFC 4180 CSV: comma-separated, CRLF line ends, fields quoted when they hold a comma, quote or line
 * break, quotes doubled. UTF-8 with a byte-order mark: without it Excel on Chinese Windows reads the
 * file as GBK and shows mojibake.
 *
 * Text cells that begin with = + - @ or a tab/CR are prefixed with an apostrophe (OWASP's advice on
 * CSV injection): 申请内容 is typed by the public, and a spreadsheet would run it as a formula.
 */
export function renderCsv(table: Table): Buffer {
  const grid = layoutTable(table);
  const lines = grid.slots.map((row) => row.map((s) => (s.kind === 'cell' ? csvField(s.isNumber ? s.text : defuse(s.text)) : '')).join(','));
  return Buffer.concat([UTF8_BOM, Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

export const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

// --- internals ---

const FONT = { name: '宋体', size: 11 };
const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

function addSheet(wb: ExcelJS.Workbook, table: Table, name: string, grid: TableGrid): void {
  const ws = wb.addWorksheet(name, {
    // Header rows stay in view while scrolling and repeat on each printed page.
    views: grid.headerRows > 0 ? [{ state: 'frozen', ySplit: grid.headerRows }] : [],
    pageSetup: {
      paperSize: 9,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      ...(grid.headerRows > 0 ? { printTitlesRow: `1:${grid.headerRows}` } : {}),
    },
    ...(table.caption ? { headerFooter: { oddHeader: `&C${table.caption.replace(/&/g, '&&')}` } } : {}),
  });
  // A Chinese character is about two Excel width units (which count Latin digits).
  ws.columns = grid.widths.map((w) => ({ width: Math.round(w * 2 + 2) }));

  // Two passes: every slot gets its border first, then the cells get values and merges. Styling a
  // slot after it is merged would write through to the merged cell and undo its bold.
  grid.slots.forEach((row, r) => {
    const xRow = ws.getRow(r + 1);
    row.forEach((_, c) => {
      const cell = xRow.getCell(c + 1);
      cell.border = BORDER;
      cell.font = FONT;
    });
  });
  grid.slots.forEach((row, r) => {
    const xRow = ws.getRow(r + 1);
    row.forEach((slot, c) => {
      if (slot.kind !== 'cell') return;
      const cell = xRow.getCell(c + 1);
      // exceljs writes strings as shared strings, never formulas, so no defusing is needed here.
      cell.value = slot.value;
      if (slot.isNumber && slot.decimals !== undefined) cell.numFmt = slot.decimals === 0 ? '0' : `0.${'0'.repeat(slot.decimals)}`;
      cell.font = { ...FONT, bold: slot.bold };
      cell.alignment = { horizontal: slot.align === 'justify' ? 'justify' : slot.align, vertical: 'middle', wrapText: !slot.isNumber };
      if (slot.rowSpan > 1 || slot.colSpan > 1) ws.mergeCells(r + 1, c + 1, r + slot.rowSpan, c + slot.colSpan);
    });
  });
}

/** Excel sheet names: at most 31 characters, none of []:*?/\, unique in the workbook. */
function sheetName(caption: string | undefined, index: number, taken: Set<string>): string {
  const base =
    (caption ?? '')
      .replace(/[[\]:*?/\\]/g, ' ')
      .replace(/^'+|'+$/g, '')
      .trim()
      .slice(0, 31) || `表${index + 1}`;
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 2)}（${n}）`;
  taken.add(name.toLowerCase());
  return name;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function defuse(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/**
 * Reads an uploaded workbook. Undefined when the bytes are not a readable XLSX (empty, truncated,
 * not a zip): the importers turn that into their own "not a valid XLSX file" problem, never the
 * zip library's internals. The zip guard reads it first: a file over the limits (a zip bomb) throws
 * ZipLimitError naming `fileName`, and exceljs only ever opens the archive the guard verified.
 */
export async function readWorkbook(
  bytes: Buffer | Uint8Array | ArrayBuffer,
  fileName: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<ExcelJS.Workbook | undefined> {
  const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
  if (view.byteLength < 22) return undefined; // smaller than a zip's end-of-central-directory record
  let verified: Buffer;
  try {
    verified = await guardZip(view, fileName, limits);
  } catch (e) {
    if (e instanceof ZipFormatError) return undefined;
    throw e;
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(verified.buffer.slice(verified.byteOffset, verified.byteOffset + verified.byteLength) as ArrayBuffer);
    return wb;
  } catch {
    return undefined;
  }
}
