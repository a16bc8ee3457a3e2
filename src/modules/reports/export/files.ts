/**
 * The report's files: JSON (versioned, docs/report-json.schema.json), CSV and XLSX in the
 * documented exchange layout (importable back), printable HTML, PDF and DOCX, and each table as
 * CSV in its printed layout. The heavy engines (exceljs, pdfmake, docx, ECharts) load on first use.
 */
import type { ReportFormat } from '../formats/types.ts';
import type { Report } from '../report-model.ts';
import { reportToJson } from '../io/json.ts';
import { reportToCsv } from '../io/csv.ts';
import { standaloneHtml } from './html.ts';
import { reportDocModel, docTable } from './doc.ts';
import { layoutTable } from './layout.ts';
import type { ReportChart } from './charts.ts';

export const EXPORT_KINDS = ['json', 'csv', 'xlsx', 'html', 'pdf', 'docx'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const CONTENT_TYPES: Record<ExportKind, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export const KIND_LABELS: Record<ExportKind, string> = {
  json: 'JSON 数据',
  csv: 'CSV 数据',
  xlsx: 'Excel 数据',
  html: '网页（可打印）',
  pdf: 'PDF',
  docx: 'Word 文档',
};

export interface ExportInput {
  report: Report;
  format: ReportFormat;
  title: string;
  charts?: ReportChart[];
  signature?: { body: string; date: string };
  createdAt?: Date;
}

export async function exportReport(input: ExportInput, kind: ExportKind): Promise<Buffer> {
  const { report, format, title } = input;
  switch (kind) {
    case 'json':
      return Buffer.from(reportToJson(report), 'utf8');
    case 'csv':
      return Buffer.from(reportToCsv(report, format), 'utf8');
    case 'xlsx':
      return (await import('../io/xlsx.ts')).reportToXlsx(report, format);
    case 'html':
      return Buffer.from(standaloneHtml(report, format, title), 'utf8');
    case 'pdf':
    case 'docx': {
      const render = await import('../../../platform/render/index.ts');
      const charts = (input.charts ?? []).map((c) => ({ png: render.renderChartPng({ ...c.spec, width: 640, height: 360 }), alt: c.alt, caption: c.caption }));
      const doc = reportDocModel(report, format, title, { charts, signature: input.signature, createdAt: input.createdAt });
      return kind === 'pdf' ? render.renderPdf(doc) : render.renderDocx(doc);
    }
  }
}

/** One table in its printed layout as CSV (UTF-8 with BOM, merged cells left blank). */
export async function exportTableCsv(report: Report, format: ReportFormat, tableId: string): Promise<Buffer | undefined> {
  const table = format.tables.find((t) => t.id === tableId);
  if (!table) return undefined;
  const { renderCsv } = await import('../../../platform/render/sheet.ts');
  return renderCsv(docTable(layoutTable(format, table, report)));
}

/** Content-Disposition naming the file in Chinese (RFC 6266 / 5987) with an ASCII fallback. */
export function attachmentHeader(fileName: string, asciiFallback: string): string {
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
