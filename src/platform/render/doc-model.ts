import { ValidationError } from '../../kernel/errors.ts';
import { chineseDate, isIsoDate, type IsoDate } from '../../kernel/dates.ts';

/**
 * The document model every renderer reads (PDF, DOCX, XLSX/CSV for its tables). Modules build one
 * of these — a decision letter (告知书), the annual report — and never touch pdfmake or docx
 * themselves, so the engines can be swapped and the two office formats always agree.
 *
 * It models what Chinese official documents need and no more: GB/T 9704-2012 《党政机关公文格式》
 * gives the page (A4, margins), sizes (title 2号, body 3号), the two-character first-line indent,
 * heading fonts by level, and the signature block. Plain data, no classes: a model can be built in
 * a test, stored, or diffed.
 */
export interface DocModel {
  /** 标题: centred, 2号 小标宋 (GB/T 9704 7.3.1). */
  title: string;
  /** e.g. （2016年度）: centred under the title. */
  subtitle?: string;
  /** 发文字号, e.g. 洪政公开告〔2021〕3号: centred (GB/T 9704 7.2.5). */
  numberLine?: string;
  blocks: readonly Block[];
  /** Wide report tables may need landscape; letters are portrait. */
  orientation?: 'portrait' | 'landscape';
  /** Page numbers「— 1 —」, odd pages right, even pages left (GB/T 9704 7.5). Default true. */
  pageNumbers?: boolean;
  meta?: DocMeta;
}

export interface DocMeta {
  author?: string;
  subject?: string;
  keywords?: readonly string[];
  /**
   * Written into PDF/XLSX properties. Passed in (platform code never reads the clock); when absent
   * the signature date is used, else the epoch, so the same model always gives the same bytes.
   */
  createdAt?: Date;
}

export type Block = Paragraph | Heading | Table | Signature | PageBreak | Image;

export type Alignment = 'left' | 'center' | 'right' | 'justify';

export interface TextRun {
  text: string;
  bold?: boolean;
}

export interface Paragraph {
  kind: 'paragraph';
  runs: readonly TextRun[];
  /** Default justify: official prose is set flush on both sides. */
  align?: Alignment;
  /** First-line indent of two characters (默认首行缩进二字). Default true; false for 主送/称呼 lines. */
  indent?: boolean;
}

/**
 * 结构层次序数: level 1「一、」黑体, level 2「（一）」楷体, level 3「1.」仿宋 (GB/T 9704 7.3.3).
 * The text carries its own number, as the author writes it.
 */
export interface Heading {
  kind: 'heading';
  level: 1 | 2 | 3;
  text: string;
}

export type CellValue = string | number | null;

export interface TableCell {
  value: CellValue;
  /** Rows merged downwards from this cell (like HTML rowspan). */
  rowSpan?: number;
  /** Columns merged rightwards from this cell (like HTML colspan). */
  colSpan?: number;
  /** Default: centre in header rows, right for numbers, left otherwise. */
  align?: Alignment;
  /** Default: bold in header rows. */
  bold?: boolean;
  /** Fixed decimals for a number (money: 2). Without it a number prints as JavaScript writes it. */
  decimals?: number;
}

/**
 * A table. Rows list their cells like HTML: a slot covered by a merged cell from above or the left
 * is simply left out of its row. `layoutTable` turns that into a full grid each renderer walks.
 */
export interface Table {
  kind: 'table';
  /** 表题, printed above the table; also the sheet name in XLSX. */
  caption?: string;
  /** Leading rows repeated at the top of each page (PDF, DOCX) and frozen in XLSX. Default 1. */
  headerRows?: number;
  /**
   * Relative column widths in Chinese characters. PDF and DOCX scale them to the type area; XLSX
   * uses them as column widths. Default: from the content.
   */
  widths?: readonly number[];
  rows: readonly (readonly (CellValue | TableCell)[])[];
}

/** 发文机关署名 and 成文日期, right-aligned (GB/T 9704 7.3.5). */
export interface Signature {
  kind: 'signature';
  body: string;
  date: IsoDate;
}

export interface PageBreak {
  kind: 'pageBreak';
}

export interface Image {
  kind: 'image';
  /** PNG bytes. PNG, not SVG: SVG bar labels vanish when drawn into a PDF (STACK.md). */
  png: Uint8Array;
  /** Alternative text (also the DOCX description). */
  alt: string;
  /** Printed width; default the full type-area width. The height keeps the aspect ratio. */
  widthMm?: number;
  caption?: string;
}

// --- Builders: a model reads like the letter it produces. ---

/** A paragraph from a string, or from strings and bold runs: `paragraph(['依据', bold('第三十六条'), '……'])`. */
export function paragraph(content: string | readonly (string | TextRun)[], options: { align?: Alignment; indent?: boolean } = {}): Paragraph {
  const parts = typeof content === 'string' ? [content] : content;
  return { kind: 'paragraph', runs: parts.map((p) => (typeof p === 'string' ? { text: p } : p)), ...options };
}

export function bold(text: string): TextRun {
  return { text, bold: true };
}

export function heading(level: 1 | 2 | 3, text: string): Heading {
  return { kind: 'heading', level, text };
}

export const pageBreak: PageBreak = { kind: 'pageBreak' };

// --- The page: GB/T 9704-2012 figures, shared by every renderer so PDF and DOCX agree. ---

const MM_PER_INCH = 25.4;
export const mmToPt = (mm: number): number => (mm / MM_PER_INCH) * 72;

export const OFFICIAL_PAGE = {
  /** A4 (GB/T 9704 5.2.1). */
  widthMm: 210,
  heightMm: 297,
  /**
   * 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm (GB/T 9704 5.2.2), so the right margin is
   * 210 − 28 − 156 = 26 mm and the bottom 297 − 37 − 225 = 35 mm.
   */
  marginsMm: { top: 37, right: 26, bottom: 35, left: 28 },
  /** 正文 3号 = 16 pt (GB/T 9704 7.3.3). */
  bodyPt: 16,
  /** 标题 2号 = 22 pt (GB/T 9704 7.3.1). */
  titlePt: 22,
  /** 22 lines to the 225 mm type area (GB/T 9704 5.2.4): a line every 28.95 pt. */
  linePitchPt: mmToPt(225) / 22,
  /** 页码 4号 = 14 pt (GB/T 9704 7.5). Its rule sits 7 mm below the type area. */
  pageNumberPt: 14,
  pageNumberGapMm: 7,
  /** Tables are set smaller than prose, 五号 = 10.5 pt, so a report table fits the width. */
  tablePt: 10.5,
  /** 成文日期右空四字 (GB/T 9704 7.3.5.1). */
  dateRightIndentChars: 4,
  /** 首行缩进二字. */
  indentChars: 2,
} as const;

/** Page size in points for an orientation (landscape swaps width and height; margins stay). */
export function pageSizePt(orientation: 'portrait' | 'landscape' = 'portrait'): { width: number; height: number } {
  const w = mmToPt(OFFICIAL_PAGE.widthMm);
  const h = mmToPt(OFFICIAL_PAGE.heightMm);
  return orientation === 'landscape' ? { width: h, height: w } : { width: w, height: h };
}

/** Width of the type area (版心) in points. */
export function typeAreaWidthPt(orientation: 'portrait' | 'landscape' = 'portrait'): number {
  const m = OFFICIAL_PAGE.marginsMm;
  return pageSizePt(orientation).width - mmToPt(m.left + m.right);
}

/** The signature date as GB/T 9704 7.3.5.1 writes it: 2021年3月5日 (full year, no leading zeros). */
export function signatureDate(date: IsoDate): string {
  if (!isIsoDate(date)) throw ValidationError.field('signature.date', `不是有效日期（YYYY-MM-DD）：${date}`);
  return chineseDate(date);
}

/**
 * Where the signature lines sit, in characters from the right edge of the type area: the date
 * 右空四字, the body centred over the date (GB/T 9704 7.3.5.1, a document that bears a seal). A body
 * longer than the date reaches further right, never past the margin.
 */
export function signatureLayout(body: string, date: string): { bodyRightChars: number; dateRightChars: number } {
  const dateRightChars = OFFICIAL_PAGE.dateRightIndentChars;
  const bodyRightChars = Math.max(0, dateRightChars + (textWidthChars(date) - textWidthChars(body)) / 2);
  return { bodyRightChars, dateRightChars };
}

/** The creation date written into file properties: see DocMeta.createdAt. */
export function documentDate(doc: DocModel): Date {
  if (doc.meta?.createdAt) return doc.meta.createdAt;
  const sig = doc.blocks.find((b): b is Signature => b.kind === 'signature');
  if (sig && isIsoDate(sig.date)) return new Date(`${sig.date}T00:00:00+08:00`);
  return new Date(0);
}

/**
 * Width of text in character cells: a Han character or full-width mark is 1, anything narrower
 * ½. Used to centre the 署名 over the date in DOCX and to size columns.
 */
export function textWidthChars(text: string): number {
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    w += cp >= 0x2e80 || (cp >= 0x2010 && cp <= 0x2027) ? 1 : 0.5;
  }
  return w;
}

// --- Tables: from HTML-style rows to a full grid. ---

export interface GridCell {
  kind: 'cell';
  text: string;
  value: CellValue;
  isNumber: boolean;
  rowSpan: number;
  colSpan: number;
  align: Alignment;
  bold: boolean;
  decimals?: number;
  isHeader: boolean;
}

/** A slot hidden under a merged cell; `row`/`col` locate the cell that covers it. */
export interface CoveredSlot {
  kind: 'covered';
  row: number;
  col: number;
}

export type GridSlot = GridCell | CoveredSlot;

export interface TableGrid {
  columnCount: number;
  headerRows: number;
  /** slots[row][col], every row `columnCount` long. */
  slots: GridSlot[][];
  /** Relative widths in characters, one per column. */
  widths: number[];
}

/**
 * Places every cell on the grid as a browser places HTML cells: left to right, skipping slots
 * covered by earlier rowSpans. Throws ValidationError when rows do not fill the same number of
 * columns, a span runs off the table, or a header cell reaches into the body (a repeated header
 * must be whole).
 */
export function layoutTable(table: Table, field = 'table'): TableGrid {
  const headerRows = table.headerRows ?? 1;
  const rowCount = table.rows.length;
  if (rowCount === 0) throw ValidationError.field(`${field}.rows`, '表格没有行');
  if (!Number.isInteger(headerRows) || headerRows < 0 || headerRows > rowCount) {
    throw ValidationError.field(`${field}.headerRows`, `表头行数 ${headerRows} 不在 0–${rowCount} 之间`);
  }
  const slots: (GridSlot | undefined)[][] = table.rows.map(() => []);
  let columnCount = 0;

  table.rows.forEach((row, r) => {
    // slots has one list per row of the table.
    const line = slots[r]!;
    let c = 0;
    row.forEach((input, i) => {
      while (line[c]) c++;
      const cell = typeof input === 'object' && input !== null ? input : { value: input };
      const rowSpan = cell.rowSpan ?? 1;
      const colSpan = cell.colSpan ?? 1;
      const where = `${field}.rows[${r}][${i}]`;
      if (!Number.isInteger(rowSpan) || rowSpan < 1 || !Number.isInteger(colSpan) || colSpan < 1) {
        throw ValidationError.field(where, '合并行数、列数须为正整数');
      }
      if (r + rowSpan > rowCount) throw ValidationError.field(where, `向下合并 ${rowSpan} 行，超出表格末行`);
      const isHeader = r < headerRows;
      if (isHeader && r + rowSpan > headerRows) throw ValidationError.field(where, '表头单元格不能向下合并进表体');
      const isNumber = typeof cell.value === 'number';
      if (isNumber && !Number.isFinite(cell.value)) throw ValidationError.field(where, '数值须为有限数');
      for (let dr = 0; dr < rowSpan; dr++) {
        // r + rowSpan <= rowCount was checked above.
        const spanned = slots[r + dr]!;
        for (let dc = 0; dc < colSpan; dc++) {
          if (spanned[c + dc]) throw ValidationError.field(where, '合并区域与其他单元格重叠');
          spanned[c + dc] = { kind: 'covered', row: r, col: c };
        }
      }
      line[c] = {
        kind: 'cell',
        text: formatCellValue(cell.value, cell.decimals),
        value: cell.value,
        isNumber,
        rowSpan,
        colSpan,
        align: cell.align ?? (isHeader ? 'center' : isNumber ? 'right' : 'left'),
        bold: cell.bold ?? isHeader,
        ...(cell.decimals !== undefined ? { decimals: cell.decimals } : {}),
        isHeader,
      };
      c += colSpan;
      columnCount = Math.max(columnCount, c);
    });
  });

  const full: GridSlot[][] = slots.map((row, r) => {
    if (row.length !== columnCount || row.some((s) => s === undefined)) {
      const filled = row.filter(Boolean).length;
      throw ValidationError.field(`${field}.rows[${r}]`, `该行占 ${filled} 列，表格有 ${columnCount} 列`);
    }
    return row as GridSlot[];
  });

  let widths: number[];
  if (table.widths) {
    if (table.widths.length !== columnCount || table.widths.some((w) => !(w > 0))) {
      throw ValidationError.field(`${field}.widths`, `列宽须为 ${columnCount} 个正数`);
    }
    widths = [...table.widths];
  } else {
    widths = contentWidths(full, columnCount);
  }
  return { columnCount, headerRows, slots: full, widths };
}

export function formatCellValue(value: CellValue, decimals?: number): string {
  if (value === null) return '';
  if (typeof value === 'number') return decimals === undefined ? String(value) : value.toFixed(decimals);
  return value;
}

/** The tables of a document, in order (for XLSX/CSV exports of a report). */
export function tablesOf(doc: DocModel): Table[] {
  return doc.blocks.filter((b): b is Table => b.kind === 'table');
}

/** Reads width and height from a PNG's IHDR chunk; rejects anything that is not a PNG. */
export function pngSize(png: Uint8Array, field = 'image.png'): { width: number; height: number } {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || sig.some((b, i) => png[i] !== b)) throw ValidationError.field(field, '不是 PNG 图片');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width === 0 || height === 0) throw ValidationError.field(field, 'PNG 尺寸为零');
  return { width, height };
}

// Columns sized by their widest unmerged cell (first 200 rows: enough to judge, cheap on 10k rows),
// clamped so one long cell cannot starve the others.
function contentWidths(slots: GridSlot[][], columnCount: number): number[] {
  const widths = new Array<number>(columnCount).fill(2);
  for (const row of slots.slice(0, 200)) {
    // Every row of the grid has exactly columnCount slots.
    row.forEach((s, c) => {
      if (s.kind === 'cell' && s.colSpan === 1) widths[c] = Math.max(widths[c]!, Math.min(20, textWidthChars(s.text) + 1));
    });
  }
  return widths;
}
