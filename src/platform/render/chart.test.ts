import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import * as echarts from 'echarts';
import { ValidationError } from '../../kernel/errors.ts';
import { renderChartPng, renderChartSvg, svgCspFindings, toCspSafeSvg, type ChartSpec } from './chart.ts';
import { findCjkFonts, type CjkFonts } from './fonts.ts';
import { pngSize } from './doc-model.ts';

const bar: ChartSpec = {
  kind: 'bar',
  title: '2021年依申请公开办理结果',
  unit: '件',
  categories: ['予以公开', '部分公开', '不予公开', '无法提供'],
  series: [{ name: '2021年', values: [8, 2, 1, 3] }],
};
const line: ChartSpec = {
  kind: 'line',
  title: '主动公开政府信息数',
  categories: ['2019年', '2020年', '2021年'],
  series: [
    { name: '主动公开', values: [5588, 5930, 6105] },
    { name: '规范性文件', values: [10, null, 12] },
  ],
};

test('raw ECharts SSR output has no scripts but does carry style attributes and a <style> element', () => {
  // The fact behind toCspSafeSvg: if ECharts ever stops emitting these, the rewrite can go.
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 400, height: 300 });
  chart.setOption({ animation: false, xAxis: { type: 'category', data: ['甲'] }, yAxis: {}, series: [{ type: 'bar', data: [1] }] });
  const raw = chart.renderToSVGString();
  chart.dispose();
  const f = svgCspFindings(raw);
  assert.equal(f.scripts, 0);
  assert.equal(f.eventHandlers, 0);
  assert.ok(f.styleAttributes > 0);
  assert.equal(f.styleElements, 1);
});

test('the served SVG has nothing a strict CSP blocks: no script, handler, style attribute or element', () => {
  for (const spec of [bar, line]) {
    assert.deepEqual(svgCspFindings(renderChartSvg(spec)), { scripts: 0, eventHandlers: 0, styleAttributes: 0, styleElements: 0, externalReferences: 0 });
  }
});

test('Chinese title, categories and values are SVG text, in the CJK font', () => {
  const svg = renderChartSvg(bar);
  assert.match(svg, /^<svg width="640" height="400" [^>]*viewBox="0 0 640 400">/);
  const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  for (const s of ['2021年依申请公开办理结果', '予以公开', '部分公开', '不予公开', '无法提供', '单位：件', '8', '3'])
    assert.ok(texts.includes(s), `missing text ${s}`);
  assert.match(svg, /<text [^>]*font-family="Noto Sans CJK SC, [^"]*"[^>]*>予以公开</);
  assert.match(svg, /<text [^>]*font-size="12px"[^>]*>予以公开</);
  assert.match(svg, /<text [^>]*font-weight="bold"[^>]*>2021年依申请公开办理结果</);
});

test('a line chart with two series draws a legend and leaves a gap for a missing value', () => {
  const svg = renderChartSvg(line);
  const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  for (const s of ['主动公开', '规范性文件', '6105', '2020年']) assert.ok(texts.includes(s), `missing ${s}`);
});

test('toCspSafeSvg turns style declarations into presentation attributes, which win over same-named ones', () => {
  const out = toCspSafeSvg(
    '<svg xmlns="http://www.w3.org/2000/svg"><text fill="#000" style="font-size:12px;font-family:Noto Sans CJK SC;fill:#333;cursor:pointer;" class="zr0-cls-1">甲</text><style ><![CDATA[.zr0-cls-1:hover{cursor:pointer}]]></style></svg>',
  );
  assert.equal(out, '<svg xmlns="http://www.w3.org/2000/svg"><text font-size="12px" font-family="Noto Sans CJK SC" fill="#333">甲</text></svg>');
});

test('toCspSafeSvg refuses SVG with scripts, handlers or external references rather than cleaning it', () => {
  assert.throws(() => toCspSafeSvg('<svg><script>alert(1)</script></svg>'), /active content/);
  assert.throws(() => toCspSafeSvg('<svg><rect onclick="x()"/></svg>'), /active content/);
  assert.throws(() => toCspSafeSvg('<svg><image href="https://example.org/a.png"/></svg>'), /active content/);
  assert.doesNotThrow(() => toCspSafeSvg('<svg><use href="#a"/></svg>'));
});

test('series must have one value per category', () => {
  assert.throws(
    () => renderChartSvg({ ...bar, series: [{ name: 'x', values: [1, 2] }] }),
    (e: unknown) => e instanceof ValidationError && e.issues[0]!.field === 'chart.series[0].values',
  );
  assert.throws(() => renderChartSvg({ ...bar, categories: [] }), ValidationError);
});

test('the PNG is twice the CSS size by default and its Chinese title is drawn with the Noto fonts', () => {
  const png = renderChartPng(bar);
  assert.deepEqual(pngSize(png), { width: 1280, height: 800 });
  const titleBand = { top: 0, bottom: 0.1 };
  const withFonts = darkShare(png, titleBand);
  assert.ok(withFonts > 0.01, `title band ${withFonts}`);
  // The same chart with no usable font file: resvg draws no text, so the ink above came from Noto.
  const real = findCjkFonts();
  const none: CjkFonts = { ...real, sans: { regular: { file: '/nonexistent.ttc', family: 'Nothing' }, bold: { file: '/nonexistent.ttc', family: 'Nothing' } } };
  assert.ok(darkShare(renderChartPng(bar, { fonts: none }), titleBand) < withFonts / 10);
  assert.deepEqual(pngSize(renderChartPng(bar, { scale: 1 })), { width: 640, height: 400 });
});

/** Share of dark pixels in a horizontal band of an 8-bit RGBA PNG (what resvg writes). */
function darkShare(png: Buffer, band: { top: number; bottom: number }): number {
  const { width, height } = pngSize(png);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const len = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (type === 'IHDR') assert.deepEqual([png[at + 16], png[at + 17], png[at + 20]], [8, 6, 0], '8-bit RGBA, not interlaced');
    if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= 4 ? pixels[y * stride + x - 4]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const pred = [0, a, b, (a + b) >> 1, paeth][filter]!;
      pixels[y * stride + x] = (v + pred) & 0xff;
    }
  }
  let dark = 0;
  const y0 = Math.floor(height * band.top);
  const y1 = Math.floor(height * band.bottom);
  for (let y = y0; y < y1; y++)
    for (let x = 0; x < width; x++) {
      const i = y * stride + x * 4;
      if (pixels[i]! + pixels[i + 1]! + pixels[i + 2]! < 3 * 128) dark++;
    }
  return dark / ((y1 - y0) * width);
}
