/**
 * The report as HTML in the official layout: title, the numbered sections with their prose, and
 * the tables drawn as the formats print them. One function serves the back office (where every
 * computed figure links to the records it counts), the portal and the standalone printable file.
 */
import type { ReportFormat } from '../formats/types.ts';
import type { Report } from '../report-model.ts';
import { layoutTable, sectionTables, type LayoutCell, type TableLayout } from './layout.ts';

// Plain strings with our own escaping: this file is used by the CLI and the exports as well as the
// web views (which wrap the result with raw()), and modules do not depend on the web layer.
const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string | number): string => String(s).replace(/[&<>"']/g, (c) => ESC[c] ?? c);

export interface ReportHtmlOptions {
  /** Where a figure links (the records behind it); undefined = plain figure. */
  cellHref?: (ref: { table: string; row: string; col: string }) => string | undefined;
  /** A short note on a figure (e.g. who entered it), as its title. */
  cellNote?: (ref: { table: string; row: string; col: string }) => string | undefined;
  /** Charts to show after the tables: image URLs with their text alternative. */
  charts?: Array<{ src: string; alt: string; caption: string }>;
  /** Heading level of the report title (1 on its own page). */
  titleLevel?: 1 | 2;
}

export function reportTitle(orgName: string, year: number): string {
  return `${orgName}${year}年政府信息公开工作年度报告`;
}

/** The report's HTML (a string of trusted markup: every text escaped here). */
export function reportHtml(report: Report, format: ReportFormat, title: string, opts: ReportHtmlOptions = {}): string {
  const h = opts.titleLevel ?? 1;
  const sub = h + 1;
  const out: string[] = [`<article class="gk-report" lang="zh-Hans">`, `<h${h} class="report-title">${esc(title)}</h${h}>`];
  for (const s of format.sections) {
    const text = report.sections.find((x) => x.key === s.key)?.text ?? '';
    out.push(
      `<section class="report-section" aria-labelledby="sec-${esc(s.key)}">`,
      `<h${sub} id="sec-${esc(s.key)}">${esc(s.title)}</h${sub}>`,
      paragraphs(text),
    );
    for (const t of sectionTables(format, s.key)) out.push(tableHtml(layoutTable(format, t, report), opts));
    out.push('</section>');
  }
  if (opts.charts?.length) {
    out.push(`<section class="report-charts" aria-labelledby="sec-charts"><h${sub} id="sec-charts">图表：与上一年度比较</h${sub}>`);
    for (const c of opts.charts)
      out.push(`<figure><img src="${esc(c.src)}" alt="${esc(c.alt)}" width="640" height="360"><figcaption>${esc(c.caption)}</figcaption></figure>`);
    out.push('</section>');
  }
  out.push('</article>');
  return out.join('\n');
}

function paragraphs(text: string): string {
  return text
    .split(/\n+/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${esc(p)}</p>`)
    .join('\n');
}

export function tableHtml(layout: TableLayout, opts: ReportHtmlOptions = {}): string {
  const head = layout.rows.slice(0, layout.headerRows);
  const body = layout.rows.slice(layout.headerRows);
  const cell = (c: LayoutCell, inHead: boolean): string => {
    const span = `${c.rowSpan && c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : ''}${c.colSpan && c.colSpan > 1 ? ` colspan="${c.colSpan}"` : ''}`;
    if (inHead) return `<th scope="col"${span}>${esc(c.text)}</th>`;
    if (c.kind === 'label') {
      const cls = `row-label${c.heading ? ' heading' : ''}${c.level ? ` lv${c.level}` : ''}`;
      return `<th scope="row" class="${cls}"${span}>${esc(c.text)}</th>`;
    }
    if (c.kind === 'unit') return `<td class="unit"${span}>${esc(c.text)}</td>`;
    if (!c.ref) return `<td class="num"${span}></td>`;
    const href = opts.cellHref?.(c.ref);
    const note = opts.cellNote?.(c.ref);
    const title = note ? ` title="${esc(note)}"` : '';
    const shown = c.text === '' ? '<span class="blank" title="空白">—</span>' : esc(c.text);
    if (!href) return `<td class="num"${span}${title}>${shown}</td>`;
    return `<td class="num"${span}><a href="${esc(href)}"${title}>${shown}<span class="visually-hidden">（查看统计依据）</span></a></td>`;
  };
  return [
    // Wider than a phone: the table scrolls inside its own box, which keyboard users can focus
    // (and so scroll) and screen readers announce by name; the page itself never scrolls sideways.
    `<div class="report-table-wrap" tabindex="0" role="region" aria-label="${esc(layout.caption || '统计表')}（可左右滑动查看）"><table class="report-table" id="table-${esc(layout.id)}">`,
    layout.caption ? `<caption>${esc(layout.caption)}</caption>` : '',
    `<thead>${head.map((r) => `<tr>${r.map((c) => cell(c, true)).join('')}</tr>`).join('')}</thead>`,
    `<tbody>${body.map((r) => `<tr>${r.map((c) => cell(c, false)).join('')}</tr>`).join('\n')}</tbody>`,
    `</table>${layout.notes.length ? `<p class="table-note">${esc(layout.notes.join(' '))}</p>` : ''}</div>`,
  ].join('\n');
}

/** The stylesheet of the report pages (served as a file: the CSP forbids inline styles). */
export const REPORT_CSS = `
.gk-report { max-width: 60rem; margin: 0 auto; background: #fff; padding: 1.5rem 2rem; border: 1px solid #d0d5dd; line-height: 1.9; }
.gk-report .report-title { text-align: center; font-size: 1.6rem; letter-spacing: .05em; margin: .5rem 0 1.5rem; }
.gk-report h2, .gk-report h3 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
.gk-report p { text-indent: 2em; margin: .4rem 0; }
.report-table-wrap { overflow-x: auto; margin: .75rem 0 1.25rem; }
@media (max-width: 600px) { .gk-report { padding: 1rem .75rem; } .gk-report p { text-indent: 0; } }
.report-table { border-collapse: collapse; width: 100%; font-size: .92rem; line-height: 1.5; }
.report-table caption { font-weight: 700; padding: .25rem 0 .5rem; text-align: center; }
.report-table th, .report-table td { border: 1px solid #333; padding: .3rem .45rem; vertical-align: middle; }
.report-table thead th { background: #f2f2f2; text-align: center; font-weight: 700; }
.report-table th.row-label { text-align: left; font-weight: 400; background: #fff; }
.report-table th.row-label.heading { font-weight: 700; }
.report-table th.lv1 { padding-left: 1.5em; } .report-table th.lv2 { padding-left: 2.5em; } .report-table th.lv3 { padding-left: 3.5em; }
.report-table td.unit { text-align: center; white-space: nowrap; }
.report-table td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; min-width: 3em; }
.report-table td.num a { display: block; text-decoration: underline dotted; color: #0b4f8a; }
.report-table td.num a:hover, .report-table td.num a:focus { background: #fff4c2; text-decoration: underline; }
.report-table .blank { color: #a00; }
.table-note { font-size: .85rem; color: #555; text-indent: 0 !important; }
.report-charts figure { margin: 1rem 0; text-align: center; }
.report-charts img { max-width: 100%; height: auto; border: 1px solid #e0e0e0; }
.report-charts figcaption { font-size: .9rem; color: #444; }
.report-status { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: baseline; }
.check-list li { margin: .25rem 0; }
.status-board th[scope=row] { min-width: 14em; white-space: nowrap; }
.status-board td { white-space: nowrap; }
.status-board td:nth-child(3) { white-space: normal; min-width: 10em; }
.check-list .error { color: #a4161a; font-weight: 700; }
.check-list .warning { color: #8a5300; font-weight: 700; }
.placeholder-help code { white-space: nowrap; }
.narrative-form textarea { width: 100%; max-width: none; font-family: inherit; }
.report-downloads { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; }
.report-downloads a { display: inline-block; padding: .3rem .8rem; border: 1px solid #0b4f8a; border-radius: 3px; text-decoration: none; }
.year-list { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; }
.year-list a, .year-list span { display: inline-block; padding: .25rem .75rem; border: 1px solid #ccc; border-radius: 3px; }
.year-list [aria-current] { background: #0b4f8a; color: #fff; border-color: #0b4f8a; }
@media print {
  .admin-nav, .admin-top, .site-header, .site-footer, .no-print, .skip-link, .breadcrumbs { display: none !important; }
  .admin-layout { display: block !important; }
  .gk-report { border: 0; padding: 0; max-width: none; }
  .report-table { page-break-inside: auto; }
  .report-table tr { page-break-inside: avoid; }
  .report-table thead { display: table-header-group; }
  .report-table td.num a { color: inherit; text-decoration: none; }
  body { background: #fff !important; }
}
`;

/** A standalone printable HTML file (the export): the same body, the stylesheet inline. */
export function standaloneHtml(report: Report, format: ReportFormat, title: string): string {
  const body = reportHtml(report, format, title, { titleLevel: 1 });
  return `<!doctype html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Gongkai">
<title>${esc(title)}</title>
<style>
body { font-family: "Noto Serif CJK SC", "FangSong", "STFangsong", serif; color: #111; margin: 1.5rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
${REPORT_CSS}
</style>
</head>
<body>
${body}
<p class="table-note">数据格式：${esc(format.title)}（${esc(format.basis)}）。</p>
</body>
</html>
`;
}
