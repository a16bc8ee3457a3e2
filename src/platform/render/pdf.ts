import { readFileSync } from 'node:fs';
import pdfmake from 'pdfmake';
import type { Content, ContentText, TDocumentDefinitions, TableCell as PdfCell } from 'pdfmake/interfaces.js';
import {
  OFFICIAL_PAGE,
  documentDate,
  layoutTable,
  mmToPt,
  pngSize,
  signatureDate,
  signatureLayout,
  typeAreaWidthPt,
  type Block,
  type DocModel,
  type Heading,
  type Table,
} from './doc-model.ts';
import { findCjkFonts, type CjkFonts, type FontFace } from './fonts.ts';

/**
 * DocModel → PDF with pdfmake 0.3, embedding the Noto CJK faces as subsets so the text is real,
 * selectable and searchable (not outlines, not boxes). pdfmake rather than pdfkit directly because
 * it lays out tables with repeated header rows and merged cells; pdfkit's own table ignores the
 * font (STACK.md). Layout follows GB/T 9704-2012 through OFFICIAL_PAGE.
 */
export interface PdfOptions {
  /** Default: the fonts found in the standard directories (throws naming fonts-noto-cjk if absent). */
  fonts?: CjkFonts;
}

export async function renderPdf(doc: DocModel, options: PdfOptions = {}): Promise<Buffer> {
  const fonts = options.fonts ?? findCjkFonts();
  const definition = toPdfDefinition(doc);
  const dictionary = fontDictionary(fonts);
  // pdfmake keeps fonts and access policies on a module-wide singleton. Setting them and creating
  // the document in the same synchronous step means a concurrent render cannot see other fonts
  // (the Printer copies them at creation).
  engine.setFonts(dictionary);
  // No network (a document must never fetch) and no disk: fonts come from the in-memory store,
  // images arrive as data URLs built here, never as paths a model could point anywhere.
  engine.setUrlAccessPolicy(() => false);
  engine.setLocalAccessPolicy(() => false);
  return engine.createPdf(definition).getBuffer();
}

/**
 * The slice of pdfmake we use. Kept structural so the rest of the file depends on five calls, not
 * on the library's surface (its published types predate TTC font arrays).
 */
interface PdfEngine {
  setFonts(fonts: Record<string, PdfFontFamily>): void;
  setUrlAccessPolicy(allow: (url: string) => boolean): void;
  setLocalAccessPolicy(allow: (path: string) => boolean): void;
  createPdf(definition: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
  /** pdfmake's in-memory file store, consulted before the disk for font files. */
  virtualfs: { existsSync(name: string): boolean; writeFileSync(name: string, content: Buffer): void };
}
/** A font source: a file name, or [file name of a TTC collection, PostScript name of the face in it]. */
type PdfFontSource = string | [string, string];
type PdfFontFamily = { normal: PdfFontSource; bold: PdfFontSource; italics: PdfFontSource; bolditalics: PdfFontSource };

const engine = pdfmake as unknown as PdfEngine;

// Families the definition names. Serif stands in for 仿宋/宋体/小标宋, Sans for 黑体 (the fonts an
// office would use are not free to embed; Noto's 宋 and 黑 styles are the nearest).
const SERIF = 'NotoSerif';
const SANS = 'NotoSans';

/** Builds the pdfmake definition. Exported for tests that check layout decisions without rendering. */
export function toPdfDefinition(doc: DocModel): TDocumentDefinitions {
  const orientation = doc.orientation ?? 'portrait';
  const m = OFFICIAL_PAGE.marginsMm;
  const images: Record<string, string> = {};
  const content: Content[] = [...titleBlock(doc), ...doc.blocks.flatMap((b, i) => blockContent(b, i, doc, images))];
  const created = documentDate(doc);
  return {
    pageSize: 'A4',
    pageOrientation: orientation,
    pageMargins: [mmToPt(m.left), mmToPt(m.top), mmToPt(m.right), mmToPt(m.bottom)],
    defaultStyle: { font: SERIF, fontSize: OFFICIAL_PAGE.bodyPt, lineHeight: BODY_LINE_HEIGHT },
    content,
    images,
    info: {
      title: doc.title.replace(/\n/g, ''),
      ...(doc.meta?.author ? { author: doc.meta.author } : {}),
      ...(doc.meta?.subject ? { subject: doc.meta.subject } : {}),
      ...(doc.meta?.keywords ? { keywords: doc.meta.keywords.join(', ') } : {}),
      creator: 'Gongkai',
      producer: 'Gongkai (pdfmake)',
      creationDate: created,
      modDate: created,
    },
    ...(doc.pageNumbers === false ? {} : { footer: pageNumberFooter }),
    pageBreakBefore: (node, queries) => {
      if (node.headlineLevel === undefined) return false;
      // A heading is never the last line on a page. Before a table that test cannot be trusted
      // (a table pdfmake pushes to the next page still reports its cells on this one), so a heading
      // there needs room left for a table's start instead.
      if (node.id === BEFORE_TABLE) {
        const at = node.startPosition as { verticalRatio?: number; pageInnerHeight?: number } | undefined;
        return (1 - (at?.verticalRatio ?? 0)) * (at?.pageInnerHeight ?? Infinity) < ROOM_FOR_TABLE_START;
      }
      return queries.getFollowingNodesOnPage().length === 0;
    },
  };
}

// Noto Serif CJK's line box is 1.437 em (hhea ascender 1151 + descender 286 per 1000). pdfmake's
// lineHeight multiplies it, so GB/T 9704's 28.95 pt pitch (22 lines to the page) at 16 pt is ≈ 1.26.
const NOTO_LINE_EM = 1.437;
const BODY_LINE_HEIGHT = OFFICIAL_PAGE.linePitchPt / (OFFICIAL_PAGE.bodyPt * NOTO_LINE_EM);
const BODY_CHAR = OFFICIAL_PAGE.bodyPt;
/** Marks a heading followed by a table (see pageBreakBefore); pdfmake ids need not be unique. */
const BEFORE_TABLE = 'gongkai-heading-before-table';
/** A heading line, a caption and a few header rows: below this, a heading goes to the next page. */
const ROOM_FOR_TABLE_START = 6 * OFFICIAL_PAGE.linePitchPt;
const ONE_LINE = OFFICIAL_PAGE.linePitchPt;

function titleBlock(doc: DocModel): Content[] {
  const out: Content[] = [
    {
      text: doc.title,
      font: SERIF,
      bold: true,
      fontSize: OFFICIAL_PAGE.titlePt,
      alignment: 'center',
      lineHeight: 1.1,
      margin: [0, 0, 0, doc.subtitle || doc.numberLine ? ONE_LINE / 3 : ONE_LINE],
    },
  ];
  if (doc.subtitle) out.push({ text: doc.subtitle, alignment: 'center', margin: [0, 0, 0, doc.numberLine ? 0 : ONE_LINE] });
  if (doc.numberLine) out.push({ text: doc.numberLine, alignment: 'center', margin: [0, 0, 0, ONE_LINE] });
  return out;
}

function blockContent(block: Block, index: number, doc: DocModel, images: Record<string, string>): Content[] {
  switch (block.kind) {
    case 'paragraph':
      return [
        {
          text: block.runs.map((r) => (r.bold ? { text: r.text, bold: true } : { text: r.text })),
          alignment: block.align ?? 'justify',
          leadingIndent: block.indent === false ? 0 : OFFICIAL_PAGE.indentChars * BODY_CHAR,
        },
      ];
    case 'heading':
      return [{ ...headingContent(block), ...(doc.blocks[index + 1]?.kind === 'table' ? { id: BEFORE_TABLE } : {}) }];
    case 'table':
      return tableContent(block, index, doc);
    case 'signature':
      return [signatureContent(block.body, signatureDate(block.date))];
    case 'pageBreak':
      return [{ text: '', pageBreak: 'after' }];
    case 'image': {
      const size = pngSize(block.png, `blocks[${index}].png`);
      const key = `img${index}`;
      images[key] = `data:image/png;base64,${Buffer.from(block.png).toString('base64')}`;
      const maxWidth = typeAreaWidthPt(doc.orientation);
      const width = Math.min(maxWidth, block.widthMm ? mmToPt(block.widthMm) : maxWidth);
      const out: Content[] = [
        { image: key, width, height: (width * size.height) / size.width, alignment: 'center', margin: [0, ONE_LINE / 4, 0, ONE_LINE / 4] },
      ];
      if (block.caption) out.push({ text: block.caption, alignment: 'center', fontSize: OFFICIAL_PAGE.tablePt + 1.5, lineHeight: 1.2 });
      return out;
    }
  }
}

// 第一层 黑体, 第二层 楷体 (no free 楷体 to embed: bold Song marks it instead), 第三层 仿宋 (GB/T 9704 7.3.3).
function headingContent(h: Heading): ContentText {
  return {
    text: h.text,
    font: h.level === 1 ? SANS : SERIF,
    bold: h.level === 2,
    alignment: 'justify',
    leadingIndent: OFFICIAL_PAGE.indentChars * BODY_CHAR,
    headlineLevel: h.level,
  };
}

// Thin rules, small padding: report tables are dense. Cell padding is part of the width sums below.
const CELL_PAD_X = 3;
const CELL_PAD_Y = 2;
const RULE = 0.5;
const tableLayout = {
  hLineWidth: () => RULE,
  vLineWidth: () => RULE,
  paddingLeft: () => CELL_PAD_X,
  paddingRight: () => CELL_PAD_X,
  paddingTop: () => CELL_PAD_Y,
  paddingBottom: () => CELL_PAD_Y,
};

function tableContent(table: Table, index: number, doc: DocModel): Content[] {
  const grid = layoutTable(table, `blocks[${index}]`);
  const available = typeAreaWidthPt(doc.orientation) - grid.columnCount * 2 * CELL_PAD_X - (grid.columnCount + 1) * RULE;
  const sum = grid.widths.reduce((a, b) => a + b, 0);
  const widths = grid.widths.map((w) => (available * w) / sum);
  const body: PdfCell[][] = grid.slots.map((row) =>
    row.map((slot): PdfCell => {
      // pdfmake wants every row full length: a slot under a merged cell is an empty object.
      if (slot.kind === 'covered') return {};
      return {
        text: slot.text,
        alignment: slot.align,
        bold: slot.bold,
        ...(slot.rowSpan > 1 ? { rowSpan: slot.rowSpan } : {}),
        ...(slot.colSpan > 1 ? { colSpan: slot.colSpan } : {}),
        ...(slot.isHeader ? { verticalAlignment: 'middle' as const } : {}),
      };
    }),
  );
  // The caption rides in the table as an extra, borderless header row: it then moves with the
  // table when pdfmake pushes the table to the next page (a caption paragraph stayed behind, since
  // pdfmake reports the pushed table's cells as still on the old page), and it repeats above the
  // header on every page, as 续表 do.
  const captionRows: PdfCell[][] = table.caption
    ? [
        [
          {
            text: table.caption,
            colSpan: grid.columnCount,
            font: SANS,
            fontSize: OFFICIAL_PAGE.tablePt + 1.5,
            lineHeight: 1.2,
            alignment: 'center',
            border: [false, false, false, true],
            margin: [0, 0, 0, 2],
          },
          ...Array.from({ length: grid.columnCount - 1 }, (): PdfCell => ({})),
        ],
      ]
    : [];
  return [
    {
      // dontBreakRows stays off: with it on, pdfmake mis-centres header cells merged down several
      // rows. A long body row may split across pages instead, under a repeated header.
      table: { headerRows: grid.headerRows + captionRows.length, widths, body: [...captionRows, ...body], dontBreakRows: false },
      layout: table.caption ? { ...tableLayout, hLineWidth: (i: number) => (i === 0 ? 0 : RULE) } : tableLayout,
      fontSize: OFFICIAL_PAGE.tablePt,
      lineHeight: 1.1,
      margin: [0, ONE_LINE / 4, 0, ONE_LINE / 2],
    },
  ];
}

/** 署名 and 成文日期: see signatureLayout (GB/T 9704 7.3.5.1). Kept on one page together. */
function signatureContent(body: string, date: string): Content {
  const at = signatureLayout(body, date);
  return {
    stack: [
      { text: body, alignment: 'right', margin: [0, 0, at.bodyRightChars * BODY_CHAR, 0] },
      { text: date, alignment: 'right', margin: [0, 0, at.dateRightChars * BODY_CHAR, 0] },
    ],
    margin: [0, ONE_LINE, 0, 0],
    unbreakable: true,
  };
}

/** 「— 1 —」in 4号: odd pages right, even pages left, one character in from the type area (GB/T 9704 7.5). */
function pageNumberFooter(currentPage: number): Content {
  const m = OFFICIAL_PAGE.marginsMm;
  const oneChar = OFFICIAL_PAGE.pageNumberPt;
  const odd = currentPage % 2 === 1;
  return {
    text: `— ${currentPage} —`,
    font: SERIF,
    fontSize: OFFICIAL_PAGE.pageNumberPt,
    lineHeight: 1,
    alignment: odd ? 'right' : 'left',
    margin: [mmToPt(m.left) + (odd ? 0 : oneChar), mmToPt(OFFICIAL_PAGE.pageNumberGapMm), mmToPt(m.right) + (odd ? oneChar : 0), 0],
  };
}

function fontDictionary(fonts: CjkFonts): Record<string, PdfFontFamily> {
  const src = (f: FontFace): PdfFontSource => {
    const name = fontInMemory(f.file);
    return f.postscriptName ? [name, f.postscriptName] : name;
  };
  // CJK faces have no italics; italic requests fall back to upright.
  const family = (regular: FontFace, boldFace: FontFace): PdfFontFamily => ({
    normal: src(regular),
    bold: src(boldFace),
    italics: src(regular),
    bolditalics: src(boldFace),
  });
  return { [SERIF]: family(fonts.serif.regular, fonts.serif.bold), [SANS]: family(fonts.sans.regular, fonts.sans.bold) };
}

/**
 * Reads a font file once into pdfmake's in-memory store and returns its name there. Measured: a
 * render otherwise re-reads 26 MB per face from disk, ~10% of a letter's CPU and twice the peak
 * memory in garbage; kept, the four faces hold ~90 MB for the life of the process.
 */
function fontInMemory(file: string): string {
  const name = `gongkai-fonts:${file}`;
  if (!engine.virtualfs.existsSync(name)) engine.virtualfs.writeFileSync(name, readFileSync(file));
  return name;
}
