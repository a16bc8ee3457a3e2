/**
 * The document rendering service: build a DocModel once, render it as PDF (to publish and print),
 * DOCX (for the office to edit), its tables as XLSX/CSV, and charts as SVG (web) or PNG (documents).
 * Engines (pdfmake, docx, exceljs, ECharts, resvg) stay behind these functions. See
 * docs/adr/0002-document-rendering.md.
 */
export {
  bold,
  heading,
  pageBreak,
  paragraph,
  layoutTable,
  tablesOf,
  textWidthChars,
  OFFICIAL_PAGE,
  type Alignment,
  type Block,
  type CellValue,
  type DocMeta,
  type DocModel,
  type GridCell,
  type GridSlot,
  type Heading,
  type Image,
  type PageBreak,
  type Paragraph,
  type Signature,
  type Table,
  type TableCell,
  type TableGrid,
  type TextRun,
} from './doc-model.ts';
export { renderPdf, type PdfOptions } from './pdf.ts';
export { renderDocx } from './docx.ts';
export { renderCsv, renderDocumentXlsx, renderXlsx, type SheetOptions } from './sheet.ts';
export {
  renderChartPng,
  renderChartSvg,
  svgCspFindings,
  toCspSafeSvg,
  type ChartSeries,
  type ChartSpec,
  type PngOptions,
  type SvgCspFindings,
} from './chart.ts';
export { findCjkFonts, MissingFontsError, CJK_FONT_PACKAGE, type CjkFonts, type FontFace } from './fonts.ts';
