import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  ImageRun,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  PageOrientation,
  Paragraph as DocxParagraph,
  Table as DocxTable,
  TableCell as DocxCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  VerticalMergeType,
  WidthType,
  type IParagraphOptions,
  type IRunOptions,
} from 'docx';
import {
  OFFICIAL_PAGE,
  layoutTable,
  pngSize,
  signatureDate,
  signatureLayout,
  typeAreaWidthPt,
  type Alignment,
  type Block,
  type DocModel,
  type GridCell,
  type Table,
} from './doc-model.ts';

/**
 * DocModel → DOCX with docx@9: the file an office opens in Word or WPS to edit before sealing.
 *
 * Fonts are named, not embedded: the office machine has 仿宋, 宋体, 黑体, 楷体 (GB/T 9704 7.3.3's
 * 仿宋/黑体/楷体, and 宋体 standing in for 小标宋 in the title, which not every machine has). Each run
 * maps East-Asian text to the Chinese face and Latin text and digits to Times New Roman, as
 * government templates do, so Word never sets Chinese in a Latin font.
 *
 * docx's document creation and modification times come from its own clock (it has no option for
 * them); everything else is a function of the model.
 */
export async function renderDocx(doc: DocModel): Promise<Buffer> {
  return Packer.toBuffer(toDocxDocument(doc));
}

export function toDocxDocument(doc: DocModel): Document {
  const landscape = doc.orientation === 'landscape';
  const m = OFFICIAL_PAGE.marginsMm;
  const footers = doc.pageNumbers === false ? {} : { footers: { default: pageNumberFooter(true), even: pageNumberFooter(false) } };
  return new Document({
    title: doc.title.replace(/\n/g, ''),
    ...(doc.meta?.subject ? { subject: doc.meta.subject } : {}),
    ...(doc.meta?.author ? { creator: doc.meta.author, lastModifiedBy: doc.meta.author } : {}),
    ...(doc.meta?.keywords ? { keywords: doc.meta.keywords.join(', ') } : {}),
    // Odd pages number on the right, even on the left (GB/T 9704 7.5): two footers.
    evenAndOddHeaderAndFooters: doc.pageNumbers !== false,
    styles: documentStyles(),
    sections: [
      {
        properties: {
          page: {
            size: {
              width: mmToTwips(OFFICIAL_PAGE.widthMm),
              height: mmToTwips(OFFICIAL_PAGE.heightMm),
              orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
            },
            margin: {
              top: mmToTwips(m.top),
              right: mmToTwips(m.right),
              bottom: mmToTwips(m.bottom),
              left: mmToTwips(m.left),
              // The page number's top sits 7 mm below the type area (GB/T 9704 7.5); Word measures the
              // footer from the page edge to the footer's bottom, so subtract one 4号 line.
              footer: mmToTwips(m.bottom - OFFICIAL_PAGE.pageNumberGapMm) - ptToTwips(OFFICIAL_PAGE.pageNumberPt * 1.3),
            },
          },
        },
        ...footers,
        children: [...titleParagraphs(doc), ...doc.blocks.flatMap((b, i) => blockChildren(b, i, doc))],
      },
    ],
  });
}

// --- fonts and styles ---

const LATIN = 'Times New Roman';
/** Run fonts: the Chinese face for East-Asian text, Times New Roman for Latin letters and digits. */
const font = (eastAsia: string): NonNullable<IRunOptions['font']> => ({ ascii: LATIN, hAnsi: LATIN, cs: LATIN, eastAsia });

const FANGSONG = '仿宋';
const SONGTI = '宋体';
const HEITI = '黑体';
const KAITI = '楷体';

const BODY_SIZE = OFFICIAL_PAGE.bodyPt * 2; // half-points
/** Exactly 28.95 pt between lines: 22 lines to the type area (GB/T 9704 5.2.4). */
const BODY_SPACING = { line: Math.round(OFFICIAL_PAGE.linePitchPt * 20), lineRule: LineRuleType.EXACT };
/** 首行缩进二字: in character units, so Word keeps it two characters whatever the size. */
const FIRST_LINE_INDENT = { firstLineChars: OFFICIAL_PAGE.indentChars * 100, firstLine: ptToTwips(OFFICIAL_PAGE.indentChars * OFFICIAL_PAGE.bodyPt) };

function documentStyles(): NonNullable<ConstructorParameters<typeof Document>[0]['styles']> {
  const heading = (eastAsia: string, isBold: boolean) => ({
    run: { font: font(eastAsia), size: BODY_SIZE, bold: isBold, color: '000000' },
    paragraph: { spacing: { ...BODY_SPACING, before: 0, after: 0 }, indent: FIRST_LINE_INDENT, keepNext: true, keepLines: true },
  });
  return {
    default: {
      document: {
        run: { font: font(FANGSONG), size: BODY_SIZE, language: { value: 'en-US', eastAsia: 'zh-CN' } },
        paragraph: { spacing: BODY_SPACING },
      },
      // 第一层 黑体, 第二层 楷体, 第三层 仿宋 (GB/T 9704 7.3.3). Real heading styles, so Word's
      // navigation pane and a table of contents see the structure.
      heading1: heading(HEITI, false),
      heading2: heading(KAITI, false),
      heading3: heading(FANGSONG, false),
      title: {
        run: { font: font(SONGTI), size: OFFICIAL_PAGE.titlePt * 2, bold: true, color: '000000' },
        paragraph: { alignment: AlignmentType.CENTER, spacing: { line: ptToTwips(OFFICIAL_PAGE.titlePt * 1.6), lineRule: LineRuleType.EXACT } },
      },
    },
  };
}

// --- blocks ---

function titleParagraphs(doc: DocModel): DocxParagraph[] {
  const lines = doc.title.split('\n');
  const out = [
    new DocxParagraph({
      heading: HeadingLevel.TITLE,
      children: lines.map((line, i) => new TextRun({ text: line, ...(i > 0 ? { break: 1 } : {}) })),
      spacing: { after: doc.subtitle || doc.numberLine ? 0 : BODY_SPACING.line },
    }),
  ];
  if (doc.subtitle)
    out.push(
      new DocxParagraph({ alignment: AlignmentType.CENTER, children: [new TextRun(doc.subtitle)], spacing: { after: doc.numberLine ? 0 : BODY_SPACING.line } }),
    );
  if (doc.numberLine)
    out.push(new DocxParagraph({ alignment: AlignmentType.CENTER, children: [new TextRun(doc.numberLine)], spacing: { after: BODY_SPACING.line } }));
  return out;
}

function blockChildren(block: Block, index: number, doc: DocModel): (DocxParagraph | DocxTable)[] {
  switch (block.kind) {
    case 'paragraph':
      return [
        new DocxParagraph({
          alignment: docxAlign(block.align ?? 'justify'),
          ...(block.indent === false ? {} : { indent: FIRST_LINE_INDENT }),
          children: block.runs.map((r) => new TextRun({ text: r.text, ...(r.bold ? { bold: true } : {}) })),
        }),
      ];
    case 'heading':
      return [
        new DocxParagraph({
          heading: [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3][block.level - 1],
          children: [new TextRun(block.text)],
        }),
      ];
    case 'table':
      return tableChildren(block, index, doc);
    case 'signature': {
      const date = signatureDate(block.date);
      const at = signatureLayout(block.body, date);
      const charTwips = ptToTwips(OFFICIAL_PAGE.bodyPt);
      return [
        new DocxParagraph({
          alignment: AlignmentType.RIGHT,
          indent: { right: Math.round(at.bodyRightChars * charTwips) },
          spacing: { before: BODY_SPACING.line },
          keepNext: true,
          children: [new TextRun(block.body)],
        }),
        new DocxParagraph({ alignment: AlignmentType.RIGHT, indent: { right: Math.round(at.dateRightChars * charTwips) }, children: [new TextRun(date)] }),
      ];
    }
    case 'pageBreak':
      return [new DocxParagraph({ children: [new PageBreak()] })];
    case 'image': {
      const size = pngSize(block.png, `blocks[${index}].png`);
      const maxMm = ptToMm(typeAreaWidthPt(doc.orientation));
      const widthMm = Math.min(maxMm, block.widthMm ?? maxMm);
      // docx sizes images in pixels at 96 to the inch.
      const widthPx = Math.round((widthMm / 25.4) * 96);
      const heightPx = Math.round((widthPx * size.height) / size.width);
      const out = [
        new DocxParagraph({
          alignment: AlignmentType.CENTER,
          // Exact line spacing would clip an inline picture to one line's height.
          spacing: { line: 240, lineRule: LineRuleType.AUTO },
          children: [
            new ImageRun({
              type: 'png',
              data: block.png,
              transformation: { width: widthPx, height: heightPx },
              altText: { name: block.alt, description: block.alt, title: block.alt },
            }),
          ],
        }),
      ];
      if (block.caption)
        out.push(new DocxParagraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: block.caption, size: TABLE_SIZE + 3 })] }));
      return out;
    }
  }
}

const TABLE_SIZE = OFFICIAL_PAGE.tablePt * 2;
const RULE = { style: BorderStyle.SINGLE, size: 4, color: '000000' }; // size in eighths of a point: 0.5 pt
const TABLE_BORDERS = { top: RULE, bottom: RULE, left: RULE, right: RULE, insideHorizontal: RULE, insideVertical: RULE };
const TABLE_PARAGRAPH: Pick<IParagraphOptions, 'spacing' | 'indent'> = {
  spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 },
  indent: { firstLine: 0 },
};

/**
 * Merged cells are written the way Word stores them, from the grid: a horizontal span is one cell
 * with gridSpan; a vertical span is a `restart` cell and a `continue` cell in each row below. The
 * continue cells are written here rather than left to docx's rowSpan filling, so the output follows
 * layoutTable's grid exactly.
 */
function tableChildren(table: Table, index: number, doc: DocModel): (DocxParagraph | DocxTable)[] {
  const grid = layoutTable(table, `blocks[${index}]`);
  const totalTwips = ptToTwips(typeAreaWidthPt(doc.orientation));
  const sum = grid.widths.reduce((a, b) => a + b, 0);
  const columnWidths = grid.widths.map((w) => Math.floor((totalTwips * w) / sum));
  const spanWidth = (col: number, span: number): number => columnWidths.slice(col, col + span).reduce((a, b) => a + b, 0);

  const rows = grid.slots.map((slots, r) => {
    const cells: DocxCell[] = [];
    slots.forEach((slot, c) => {
      if (slot.kind === 'cell') {
        cells.push(
          new DocxCell({
            children: [cellParagraph(slot)],
            width: { size: spanWidth(c, slot.colSpan), type: WidthType.DXA },
            verticalAlign: VerticalAlignTable.CENTER,
            ...(slot.colSpan > 1 ? { columnSpan: slot.colSpan } : {}),
            ...(slot.rowSpan > 1 ? { verticalMerge: VerticalMergeType.RESTART } : {}),
          }),
        );
      } else if (slot.row < r && slot.col === c) {
        // A covered slot names the cell that covers it, which layoutTable placed on the grid.
        const origin = grid.slots[slot.row]![slot.col] as GridCell;
        cells.push(
          new DocxCell({
            children: [new DocxParagraph(TABLE_PARAGRAPH)],
            width: { size: spanWidth(c, origin.colSpan), type: WidthType.DXA },
            verticalMerge: VerticalMergeType.CONTINUE,
            ...(origin.colSpan > 1 ? { columnSpan: origin.colSpan } : {}),
          }),
        );
      }
      // Any other covered slot lies inside a horizontal span: Word has no cell for it.
    });
    // Header rows repeat on each page (w:tblHeader); no row splits across pages (w:cantSplit).
    return new TableRow({ children: cells, tableHeader: r < grid.headerRows, cantSplit: true });
  });

  const out: (DocxParagraph | DocxTable)[] = [];
  if (table.caption) {
    out.push(
      new DocxParagraph({
        alignment: AlignmentType.CENTER,
        keepNext: true,
        spacing: { before: 120, after: 60, line: 240, lineRule: LineRuleType.AUTO },
        children: [new TextRun({ text: table.caption, font: font(HEITI), size: TABLE_SIZE + 3 })],
      }),
    );
  }
  out.push(
    new DocxTable({
      rows,
      columnWidths,
      width: { size: columnWidths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
      layout: TableLayoutType.FIXED,
      borders: TABLE_BORDERS,
    }),
  );
  // Word needs a paragraph between two tables or after a table at the end of the document.
  out.push(new DocxParagraph({ spacing: { line: 240, lineRule: LineRuleType.AUTO }, children: [] }));
  return out;
}

function cellParagraph(cell: GridCell): DocxParagraph {
  return new DocxParagraph({
    ...TABLE_PARAGRAPH,
    alignment: docxAlign(cell.align),
    children: [new TextRun({ text: cell.text, size: TABLE_SIZE, font: font(SONGTI), ...(cell.bold ? { bold: true } : {}) })],
  });
}

/** 「— 1 —」in 4号 宋体, one character in from the type area's edge on its side (GB/T 9704 7.5). */
function pageNumberFooter(odd: boolean): Footer {
  const oneChar = ptToTwips(OFFICIAL_PAGE.pageNumberPt);
  return new Footer({
    children: [
      new DocxParagraph({
        alignment: odd ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: odd ? { right: oneChar } : { left: oneChar },
        spacing: { line: 240, lineRule: LineRuleType.AUTO },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font(SONGTI), size: OFFICIAL_PAGE.pageNumberPt * 2 })],
      }),
    ],
  });
}

function docxAlign(a: Alignment): (typeof AlignmentType)[keyof typeof AlignmentType] {
  return { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT, justify: AlignmentType.JUSTIFIED }[a];
}

function mmToTwips(mm: number): number {
  return Math.round((mm / 25.4) * 1440);
}
function ptToTwips(pt: number): number {
  return Math.round(pt * 20);
}
function ptToMm(pt: number): number {
  return (pt / 72) * 25.4;
}
