/**
 * Timing of the renderers, printed as JSON, plus sample files to look at.
 *
 *   npx tsx bench/render.ts [out-dir]      (default /tmp/gongkai-render-samples)
 *
 * Writes letter/report/table PDFs, DOCX, XLSX, CSV, chart SVG/PNG, and PNGs of the first PDF pages
 * (pdftoppm -png -r 80) into out-dir. A dev script (it belongs in bench/ once that folder has an
 * owner): the only file here that reads argv or times with performance.now().
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPdf } from '../src/platform/render/pdf.ts';
import { renderDocx } from '../src/platform/render/docx.ts';
import { renderCsv, renderXlsx } from '../src/platform/render/sheet.ts';
import { renderChartPng, renderChartSvg, type ChartSpec } from '../src/platform/render/chart.ts';
import { sampleLetter, sampleLongTable, sampleReport } from '../src/platform/render/samples.ts';

const out = process.argv[2] ?? '/tmp/gongkai-render-samples';
mkdirSync(out, { recursive: true });

/**
 * Wall and CPU time of `runs` runs: the first (cold: fonts read and parsed for the first time) and
 * the median of the rest. CPU time is reported too because this machine is shared: wall time
 * under load says more about the neighbours than about the renderer.
 */
async function time<T>(runs: number, f: () => Promise<T> | T): Promise<{ ms: { first: number; median: number; cpuMedian: number }; value: T }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    value = await f();
    wall.push(performance.now() - t);
    const u = process.cpuUsage(c);
    cpu.push((u.user + u.system) / 1000);
  }
  // Every call passes runs >= 1, so wall and cpu hold at least one time each.
  const median = (xs: number[]): number => {
    const rest = xs.slice(1).sort((a, b) => a - b);
    return Math.round(rest.length ? rest[Math.floor(rest.length / 2)]! : xs[0]!);
  };
  return { ms: { first: Math.round(wall[0]!), median: median(wall), cpuMedian: median(cpu) }, value: value as T };
}

const chart: ChartSpec = {
  kind: 'bar',
  title: '2021年依申请公开办理结果',
  unit: '件',
  categories: ['予以公开', '部分公开', '不予公开', '无法提供', '不予处理', '其他处理'],
  series: [
    { name: '2021年', values: [8, 2, 1, 3, 0, 1] },
    { name: '2020年', values: [6, 1, 2, 2, 1, 0] },
  ],
};
const lineChart: ChartSpec = {
  kind: 'line',
  title: '2017—2021年主动公开政府信息数',
  unit: '条',
  categories: ['2017年', '2018年', '2019年', '2020年', '2021年'],
  series: [{ name: '主动公开', values: [4210, 5012, 5588, 5930, 6105] }],
};
const table300 = { title: '2021年政府信息公开申请办理登记表', blocks: [sampleLongTable(300)] };

// The letter first: its first run pays for opening and parsing the Noto TTCs.
const letterPdf = await time(6, () => renderPdf(sampleLetter()));
const tablePdf = await time(4, () => renderPdf(table300));
const chartSvg = await time(6, () => renderChartSvg(chart));
const chartPng = await time(4, () => renderChartPng(chart));
const reportPdf = await time(2, () => renderPdf(sampleReport({ chartPng: chartPng.value })));
const letterDocx = await time(6, () => renderDocx(sampleLetter()));
const tableDocx = await time(3, () => renderDocx(table300));
const tableXlsx = await time(3, () => renderXlsx([sampleLongTable(300)]));
const tableCsv = await time(6, () => renderCsv(sampleLongTable(300)));

const files: Record<string, Buffer | string> = {
  'letter.pdf': letterPdf.value,
  'table-300.pdf': tablePdf.value,
  'report.pdf': reportPdf.value,
  'letter.docx': letterDocx.value,
  'table-300.docx': tableDocx.value,
  'report.docx': await renderDocx(sampleReport({ chartPng: chartPng.value })),
  'table-300.xlsx': tableXlsx.value,
  'table-300.csv': tableCsv.value,
  'chart-bar.svg': chartSvg.value,
  'chart-bar.png': chartPng.value,
  'chart-line.svg': renderChartSvg(lineChart),
  'chart-line.png': renderChartPng(lineChart),
};
for (const [name, data] of Object.entries(files)) writeFileSync(join(out, name), data);
for (const name of ['letter', 'table-300', 'report']) {
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '3', join(out, `${name}.pdf`), join(out, `${name}-page`)]);
}
const pages = (file: string): number => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [join(out, file)], { encoding: 'utf8' }))?.[1]);

console.log(
  JSON.stringify(
    {
      node: process.version,
      loadAverage: (await import('node:os')).loadavg().map((x) => Math.round(x * 10) / 10),
      out,
      ms: {
        pdfLetterOnePage: letterPdf.ms,
        pdfTable300Rows: { ...tablePdf.ms, pages: pages('table-300.pdf'), bytes: tablePdf.value.length },
        pdfReportWithChart: { ...reportPdf.ms, pages: pages('report.pdf') },
        docxLetter: letterDocx.ms,
        docxTable300Rows: tableDocx.ms,
        xlsxTable300Rows: tableXlsx.ms,
        csvTable300Rows: tableCsv.ms,
        chartSvg: chartSvg.ms,
        chartPng: chartPng.ms,
      },
    },
    null,
    2,
  ),
);
