import * as echarts from 'echarts';
import { Resvg } from '@resvg/resvg-js';
import { ValidationError } from '../../kernel/errors.ts';
import { findCjkFonts, type CjkFonts } from './fonts.ts';

/**
 * Bar and line charts for the annual report and dashboards, drawn on the server with ECharts 6's
 * SVG renderer (no DOM, no browser) and rasterised with resvg when a PNG is needed.
 *
 * Which to use where:
 * - Web pages: the SVG, served as a file and shown with `<img src>` (see toCspSafeSvg).
 * - PDF and DOCX: the PNG. Bar value labels vanish when the SVG is drawn into a PDF (STACK.md: the
 *   labels are stroked text with paint-order, which the PDF SVG path does not honour).
 */
export interface ChartSpec {
  kind: 'bar' | 'line';
  title?: string;
  /** x-axis labels, e.g. 予以公开, 部分公开… */
  categories: readonly string[];
  series: readonly ChartSeries[];
  /** y-axis unit, e.g. 件 or 万元. */
  unit?: string;
  /** CSS pixels. Default 640 × 400. */
  width?: number;
  height?: number;
  /** Print each value at its bar or point. Default true. */
  showValues?: boolean;
}

export interface ChartSeries {
  name: string;
  /** One per category; null leaves a gap. */
  values: readonly (number | null)[];
}

/**
 * The family names the SVG asks for: the Noto face resvg has loaded first, then what a reader's
 * browser is likely to have (the SVG served to the web is drawn by the browser's fonts).
 */
export const CHART_FONT_FAMILY = 'Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif';

/** The chart as a standalone SVG document with no scripts, no `<style>` and no `style` attributes. */
export function renderChartSvg(spec: ChartSpec): string {
  return toCspSafeSvg(renderRawSvg(spec));
}

export interface PngOptions {
  /** Device pixels per CSS pixel. Default 2: a 640 px chart printed 140 mm wide is ≈ 230 dpi. */
  scale?: number;
  fonts?: CjkFonts;
}

/** The chart as PNG bytes, text drawn with the Noto CJK faces (for PDF and DOCX). */
export function renderChartPng(spec: ChartSpec, options: PngOptions = {}): Buffer {
  const fonts = options.fonts ?? findCjkFonts();
  const resvg = new Resvg(renderChartSvg(spec), {
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    background: '#ffffff',
    // Only our fonts: system font discovery is slow and would make output depend on the host.
    font: {
      loadSystemFonts: false,
      fontFiles: [fonts.sans.regular.file, fonts.sans.bold.file],
      defaultFontFamily: fonts.sans.regular.family,
    },
  });
  return resvg.render().asPng();
}

/**
 * What in an SVG a Content-Security-Policy could object to. ECharts' SSR output has no scripts
 * or event handlers, but does carry a `style` attribute on every text and a `<style>` element
 * (hover rules); under `style-src 'self'` both are blocked when the SVG is inlined into a page.
 */
export interface SvgCspFindings {
  scripts: number;
  eventHandlers: number;
  styleAttributes: number;
  styleElements: number;
  /** href/xlink:href pointing outside the document (anything but `#fragment`). */
  externalReferences: number;
}

export function svgCspFindings(svg: string): SvgCspFindings {
  const count = (re: RegExp): number => (svg.match(re) ?? []).length;
  return {
    scripts: count(/<script\b/gi),
    eventHandlers: count(/\son[a-z]+\s*=/gi),
    styleAttributes: count(/\sstyle\s*=/gi),
    styleElements: count(/<style\b/gi),
    externalReferences: count(/\s(?:xlink:)?href\s*=\s*"(?!#)/gi),
  };
}

/**
 * Rewrites ECharts' SVG so no CSP rule blocks it: each `style` attribute becomes the equivalent
 * SVG presentation attributes (font-size, font-family, font-weight… are all valid as attributes),
 * the `<style>` element with its hover rules goes (an image has no hover), and with it the classes
 * that only it used. Refuses input carrying scripts or handlers rather than cleaning them: ECharts
 * never emits them, so their presence means something else produced the string.
 *
 * Serve the result as a file (`Content-Type: image/svg+xml`, `X-Content-Type-Options: nosniff`)
 * and show it with `<img src>`: an SVG loaded as an image never runs script and never fetches.
 */
export function toCspSafeSvg(svg: string): string {
  const found = svgCspFindings(svg);
  if (found.scripts || found.eventHandlers || found.externalReferences) {
    throw new Error(`SVG carries active content (scripts ${found.scripts}, handlers ${found.eventHandlers}, external references ${found.externalReferences})`);
  }
  return svg
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>\s*/gi, '')
    .replace(/<([a-zA-Z][\w:-]*)(\s[^<>]*?)?(\/?)>/g, (_tag, name: string, attrs: string | undefined, selfClose: string) => {
      if (!attrs) return `<${name}${selfClose}>`;
      return `<${name}${rewriteAttributes(attrs)}${selfClose}>`;
    });
}

// --- internals ---

/** The slice of ECharts used: an SSR instance we set one option on, serialise and dispose. */
interface SsrChart {
  setOption(option: Record<string, unknown>): void;
  renderToSVGString(): string;
  dispose(): void;
}
const initSsr = (width: number, height: number): SsrChart => echarts.init(null, null, { renderer: 'svg', ssr: true, width, height }) as unknown as SsrChart;

function renderRawSvg(spec: ChartSpec): string {
  validate(spec);
  const chart = initSsr(spec.width ?? 640, spec.height ?? 400);
  try {
    chart.setOption(chartOption(spec));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function validate(spec: ChartSpec): void {
  if (spec.categories.length === 0) throw ValidationError.field('chart.categories', '至少一个类别');
  if (spec.series.length === 0) throw ValidationError.field('chart.series', '至少一个数据系列');
  spec.series.forEach((s, i) => {
    if (s.values.length !== spec.categories.length) {
      throw ValidationError.field(`chart.series[${i}].values`, `有 ${s.values.length} 个值，类别有 ${spec.categories.length} 个`);
    }
    if (s.values.some((v) => v !== null && !Number.isFinite(v))) throw ValidationError.field(`chart.series[${i}].values`, '数值须为有限数');
  });
}

function chartOption(spec: ChartSpec): Record<string, unknown> {
  const showValues = spec.showValues ?? true;
  const many = spec.categories.length > 6;
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: CHART_FONT_FAMILY },
    ...(spec.title ? { title: { text: spec.title, left: 'center', top: 8, textStyle: { fontSize: 16, fontFamily: CHART_FONT_FAMILY } } } : {}),
    ...(spec.series.length > 1 ? { legend: { bottom: 4, textStyle: { fontFamily: CHART_FONT_FAMILY } } } : {}),
    // Room above the plot for the title and the unit, so neither meets the tallest value label.
    grid: { left: 16, right: 24, top: spec.title ? 80 : 48, bottom: spec.series.length > 1 ? 40 : 16, containLabel: true },
    xAxis: {
      type: 'category',
      data: [...spec.categories],
      // Every Chinese label shown; many labels are tilted rather than silently skipped.
      axisLabel: { interval: 0, rotate: many ? 30 : 0, fontSize: 12 },
    },
    yAxis: { type: 'value', ...(spec.unit ? { name: `单位：${spec.unit}`, nameTextStyle: { align: 'left' }, nameGap: 24 } : {}), minInterval: 1 },
    series: spec.series.map((s) => ({
      type: spec.kind,
      name: s.name,
      data: [...s.values],
      ...(spec.kind === 'bar' ? { barMaxWidth: 48 } : { symbolSize: 6 }),
      label: { show: showValues, position: 'top', fontSize: 12 },
    })),
  };
}

// SVG presentation attributes a CSS declaration can become one-for-one.
const PRESENTATION = new Set([
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-dashoffset',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-miterlimit',
  'opacity',
  'visibility',
  'display',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'font-variant',
  'text-anchor',
  'dominant-baseline',
  'alignment-baseline',
  'baseline-shift',
  'letter-spacing',
  'word-spacing',
  'text-decoration',
  'paint-order',
  'clip-path',
  'clip-rule',
  'mask',
  'filter',
  'color',
]);

const ATTRIBUTE = /\s([^\s=]+)\s*=\s*"([^"]*)"/g;

function rewriteAttributes(attrs: string): string {
  const list: [string, string][] = [];
  // Both groups are not optional: a match always has them.
  for (const [, name = '', value = ''] of attrs.matchAll(ATTRIBUTE)) list.push([name, value]);
  const style = list.find(([k]) => k === 'style');
  const fromStyle = new Map<string, string>();
  if (style) {
    for (const decl of style[1].split(';')) {
      const i = decl.indexOf(':');
      if (i < 0) continue;
      const prop = decl.slice(0, i).trim().toLowerCase();
      const value = decl.slice(i + 1).trim();
      // A declaration with no attribute form (e.g. cursor, user-select) has no meaning in an image.
      if (PRESENTATION.has(prop) && value) fromStyle.set(prop, value.replace(/"/g, '&quot;'));
    }
  }
  // CSS in a style attribute beats a presentation attribute, so its values replace same-named ones.
  const kept = list.filter(([k]) => k !== 'style' && k !== 'class' && !fromStyle.has(k));
  return [...kept, ...fromStyle].map(([k, v]) => ` ${k}="${v}"`).join('');
}
