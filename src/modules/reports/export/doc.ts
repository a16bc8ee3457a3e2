/**
 * The report as a document model (platform/render): the same sections and table grids as the
 * HTML view, so the PDF (published, printed; tables with repeated header rows) and the DOCX (what
 * offices edit) match it. Charts go in as PNG: SVG bar labels vanish inside a PDF (STACK.md).
 */
import type { Block, DocModel, Table, TableCell } from '../../../platform/render/doc-model.ts';
import { heading, paragraph } from '../../../platform/render/doc-model.ts';
import type { ReportFormat } from '../formats/types.ts';
import type { Report } from '../report-model.ts';
import { layoutTable, sectionTables, type TableLayout } from './layout.ts';

export interface DocOptions {
  charts?: Array<{ png: Uint8Array; alt: string; caption: string }>;
  /** 发文机关署名 and date (the publication date of an accepted report). */
  signature?: { body: string; date: string };
  createdAt?: Date;
}

export function reportDocModel(report: Report, format: ReportFormat, title: string, opts: DocOptions = {}): DocModel {
  const blocks: Block[] = [];
  let wide = false;
  let headingsBeforeTables = 0;
  for (const s of format.sections) {
    blocks.push(heading(1, s.title));
    const text = report.sections.find((x) => x.key === s.key)?.text ?? '';
    const paras = text
      .split(/\n+/)
      .map((x) => x.trim())
      .filter(Boolean);
    for (const p of paras) blocks.push(paragraph(p));
    // platform/render/pdf.ts gives every heading directly followed by a table the same pdfmake id,
    // and pdfmake 0.3 refuses a repeated id: from the second such heading on, an empty line between.
    if (!paras.length && sectionTables(format, s.key).length && headingsBeforeTables++ > 0) blocks.push(paragraph('', { indent: false }));
    for (const t of sectionTables(format, s.key)) {
      const layout = layoutTable(format, t, report);
      if (layout.widths.length > 8) wide = true;
      blocks.push(docTable(layout));
    }
  }
  if (opts.charts?.length) {
    blocks.push(heading(1, '图表：与上一年度比较'));
    for (const c of opts.charts) blocks.push({ kind: 'image', png: c.png, alt: c.alt, caption: c.caption, widthMm: 150 });
  }
  if (opts.signature) blocks.push({ kind: 'signature', body: opts.signature.body, date: opts.signature.date });
  return {
    title,
    blocks,
    // Table 四 has fifteen figure columns and table 三 ten: landscape keeps them legible.
    orientation: wide ? 'landscape' : 'portrait',
    meta: {
      author: report.org.name,
      subject: title,
      keywords: ['政府信息公开', '年度报告', String(report.year)],
      ...(opts.createdAt ? { createdAt: opts.createdAt } : {}),
    },
  };
}

/** A layout grid as a render Table: merged cells kept, figures as numbers (XLSX sums work). */
export function docTable(layout: TableLayout): Table {
  return {
    kind: 'table',
    caption: layout.caption,
    headerRows: layout.headerRows,
    widths: layout.widths,
    rows: layout.rows.map((r, i) =>
      r.map((c): TableCell => {
        const isHead = i < layout.headerRows;
        const text = c.kind === 'label' && c.level ? `${'　'.repeat(c.level)}${c.text}` : c.text;
        return {
          value: c.kind === 'figure' ? (c.value ?? null) : text,
          ...(c.rowSpan && c.rowSpan > 1 ? { rowSpan: c.rowSpan } : {}),
          ...(c.colSpan && c.colSpan > 1 ? { colSpan: c.colSpan } : {}),
          ...(isHead
            ? { align: 'center' as const }
            : c.kind === 'label'
              ? { align: 'left' as const, bold: !!c.heading }
              : c.kind === 'unit'
                ? { align: 'center' as const }
                : { align: 'right' as const }),
        };
      }),
    ),
  };
}
