import { test } from 'node:test';
import assert from 'node:assert/strict';
import { national2014 } from '../formats/national-2014.ts';
import { national2019 } from '../formats/national-2019.ts';
import { national2021 } from '../formats/national-2021.ts';
import { computeReport } from '../formats/compute.ts';
import { fakeSources } from '../formats/fixtures/fake-sources.ts';
import { layoutTable } from './layout.ts';
import { reportHtml, standaloneHtml } from './html.ts';
import { exportReport, exportTableCsv } from './files.ts';
import { outcomeGroups } from './charts.ts';
import type { ReportFormat } from '../formats/types.ts';

const ORG = { code: '', name: '测试区人民政府' };
async function report(format: ReportFormat, year: number) {
  return (await computeReport({ format, org: ORG, year, sources: fakeSources(), texts: { overview: '第一段。\n第二段<script>alert(1)</script>' } })).report;
}

test('table 三 is laid out as the official format prints it: merged headers three deep, 三、本年度办理结果 spanning its 22 rows', async () => {
  const r = await report(national2021, 2023);
  const t3 = national2021.tables.find((t) => t.id === 't3')!;
  const l = layoutTable(national2021, t3, r);
  assert.equal(l.headerRows, 3);
  assert.deepEqual(
    l.rows[0]!.map((c) => [c.text, c.rowSpan ?? 1, c.colSpan ?? 1]),
    [
      [t3.stubLabel, 3, 3],
      ['申请人情况', 1, 7],
    ],
  );
  assert.deepEqual(
    l.rows[1]!.map((c) => [c.text, c.rowSpan ?? 1, c.colSpan ?? 1]),
    [
      ['自然人', 2, 1],
      ['法人或其他组织', 1, 5],
      ['总计', 2, 1],
    ],
  );
  assert.deepEqual(
    l.rows[2]!.map((c) => c.text),
    ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'],
  );
  const results = l.rows.flat().find((c) => c.text === '三、本年度办理结果')!;
  assert.equal(results.rowSpan, 22, '21 outcomes and （七）总计');
  assert.equal(l.rows.flat().find((c) => c.text === '（三）不予公开')!.rowSpan, 8);
  // Every body row has the same width: label columns + 7 figures.
  const width = (row: (typeof l.rows)[number], i: number) =>
    row.reduce((a, c) => a + (c.colSpan ?? 1), 0) +
    l.rows.slice(l.headerRows, i).filter((prev, j) => prev.some((c) => (c.rowSpan ?? 1) > i - (l.headerRows + j))).length;
  assert.equal(width(l.rows[l.headerRows]!, l.headerRows), 10);
});

test('table 四 has no label column and two levels of grouped headers; the old table is one column with units', async () => {
  const r4 = await report(national2021, 2023);
  const l4 = layoutTable(national2021, national2021.tables.find((t) => t.id === 't4')!, r4);
  assert.deepEqual(
    l4.rows[0]!.map((c) => [c.text, c.colSpan ?? 1]),
    [
      ['行政复议', 5],
      ['行政诉讼', 10],
    ],
  );
  assert.equal(l4.rows[l4.headerRows]!.length, 15);
  const r14 = await report(national2014, 2016);
  const old = layoutTable(national2014, national2014.tables[0]!, r14);
  assert.deepEqual(
    old.rows[0]!.map((c) => c.text),
    ['统计指标', '单位', '统计数'],
  );
  assert.equal(old.rows.length, 1 + national2014.tables[0]!.rows.length);
});

test('the HTML escapes the prose, splits paragraphs, links each figure when asked, and the standalone file prints alone', async () => {
  const r = await report(national2019, 2020);
  const h = reportHtml(r, national2019, '测试区2020年政府信息公开工作年度报告', { cellHref: (c) => `/x/${c.table}/${c.row}/${c.col}` });
  assert.match(h, /<p>第一段。<\/p>\n<p>第二段&lt;script&gt;/);
  assert.ok(!h.includes('<script>'));
  assert.match(h, /href="\/x\/t3\/disclose\/natural"/);
  const file = standaloneHtml(r, national2019, '测试区2020年政府信息公开工作年度报告');
  assert.match(file, /^<!doctype html>[\s\S]*<style>[\s\S]*@media print/);
});

test('every format exports to PDF and DOCX, and each table to CSV in its printed layout', { timeout: 300_000 }, async () => {
  for (const [format, year] of [
    [national2014, 2016],
    [national2019, 2020],
    [national2021, 2023],
  ] as const) {
    const r = await report(format, year);
    const pdf = await exportReport({ report: r, format, title: `测试区${year}年政府信息公开工作年度报告` }, 'pdf');
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const docx = await exportReport({ report: r, format, title: 't' }, 'docx');
    assert.equal(docx.subarray(0, 2).toString(), 'PK');
    for (const t of format.tables) {
      const csv = (await exportTableCsv(r, format, t.id))!.toString('utf8');
      assert.ok(csv.startsWith('\uFEFF'));
    }
  }
});

test('outcome groups for the chart add the leaves of each group of table 三 (总计 not double counted)', async () => {
  const r = await report(national2021, 2023);
  const g = outcomeGroups(r)!;
  assert.deepEqual(g.labels, ['（一）予以公开', '（二）部分公开', '（三）不予公开', '（四）无法提供', '（五）不予处理', '（六）其他处理']);
  const total = r.tables.find((t) => t.id === 't3')!.rows.find((x) => x.key === 'total')!.cells.total!;
  assert.equal(
    g.values.reduce((a, b) => a + b, 0),
    total,
  );
});
