/**
 * Narrative sections with live placeholders. The office writes 「全年主动公开政府信息{{catalogue.published}}条」
 * once; every rendering (view, export, snapshot at submission) puts in the figure as it is then, so
 * the prose never disagrees with the tables.
 *
 * Syntax (Mustache-like, no nesting of sections):
 *   {{year}} {{org}}                       the report year, the org's name
 *   {{name}} {{name k=v k2=a,b}}           a metric (e.g. catalogue.published channel=website) or a
 *                                          per-year fact key (e.g. staff.fullTime); a comma list = any of
 *   {{cell:t3.total.total}}                a printed cell, by table.row.col
 *   {{#name …}}text{{/name}}               text shown when the figure is not 0
 *   {{^name …}}text{{/name}}               text shown when the figure is 0
 * An unknown name prints 【?name】 and is reported as a warning, so a typo cannot slip into print.
 */
import type { MetricParams } from './batch.ts';

export interface Placeholder {
  /** As written, e.g. `catalogue.published channel=website`. */
  source: string;
  name: string;
  params: MetricParams;
}

const TOKEN = /\{\{\s*([#^/]?)\s*([A-Za-z][\w.:]*)((?:\s+[A-Za-z_]\w*=[^\s}]+)*)\s*\}\}/g;

function parseParams(s: string): MetricParams {
  const out: MetricParams = {};
  for (const part of s.trim().split(/\s+/).filter(Boolean)) {
    // TOKEN only lets through parts of the form k=v.
    const [k = '', v = ''] = part.split('=');
    out[k] = v.includes(',') ? v.split(',').filter(Boolean) : v;
  }
  return out;
}

/** Every placeholder used in a text (sections included), in order. */
export function placeholdersOf(text: string): Placeholder[] {
  const out: Placeholder[] = [];
  for (const [, kind, name = '', params = ''] of text.matchAll(TOKEN)) {
    if (kind === '/') continue;
    out.push({ source: `${name}${params}`.trim(), name, params: parseParams(params) });
  }
  return out;
}

export type Resolver = (p: Placeholder) => number | string | undefined;

/** Figures as the report prints them: whole numbers plain, 万元 with up to four decimals. */
export function formatFigure(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Math.round(n * 10000) / 10000);
}

/** The text with every placeholder replaced; `unknown` collects the names nothing resolved. */
export function renderNarrative(text: string, resolve: Resolver, unknown: Set<string> = new Set()): string {
  const value = (name: string, params: string): number | string | undefined => {
    const p: Placeholder = { source: `${name}${params}`.trim(), name, params: parseParams(params) };
    const v = resolve(p);
    if (v === undefined) unknown.add(p.source);
    return v;
  };
  // Sections first: {{#x}}…{{/x}} and {{^x}}…{{/x}}.
  const sections = /\{\{\s*([#^])\s*([A-Za-z][\w.:]*)((?:\s+[A-Za-z_]\w*=[^\s}]+)*)\s*\}\}([\s\S]*?)\{\{\s*\/\s*\2\s*\}\}/g;
  const withSections = text.replace(sections, (_all, kind: string, name: string, params: string, body: string) => {
    const v = value(name, params ?? '');
    if (v === undefined) return `【?${name}】`;
    const isZero = v === 0 || v === '0' || v === '';
    return (kind === '#') !== isZero ? body : '';
  });
  return withSections.replace(TOKEN, (_all, kind: string, name: string, params: string) => {
    if (kind) return `【?${name}】`;
    const v = value(name, params ?? '');
    if (v === undefined) return `【?${name}】`;
    return typeof v === 'number' ? formatFigure(v) : v;
  });
}
