/**
 * Generating an org's annual report from the records, rolled up through the cascade.
 *
 * How the cost stays linear in the records and flat in the number of cells:
 *   1. the format says which metric queries and facts it needs (rules.ts);
 *   2. each metric answers every org of the subtree and every params set in one grouped query
 *      (batch.ts: `countMany`), facts come in one query;
 *   3. each reporting unit's own report is computed in memory from those maps (computeReport);
 *   4. the parent's report is the cell-by-cell sum of its units' reports, with a child's filed
 *      report (submitted or accepted) or an imported report standing in for its live figures.
 * So a province (300 agencies, ~150 cells) costs one query per metric family, not one per cell
 * per agency.
 */
import type { Queryable } from '../../../storage/db.ts';
import { getSetting } from '../../../platform/settings/settings.ts';
import { listOrgs, type Org } from '../../orgs/index.ts';
import { computeReport } from '../formats/compute.ts';
import type { OrgRef, ReportSources, UnresolvedCell } from '../formats/compute.ts';
import { formatForYear, type FormatRegistry } from '../formats/registry.ts';
import type { CellRule, Params, ReportFormat } from '../formats/types.ts';
import { checkReport, type SkippedCheck } from '../checks.ts';
import { createReport, getCell, reportSchema } from '../report-model.ts';
import type { CellValue, CheckResult, Report } from '../report-model.ts';
import { currentFacts, reportsOfYear, type FactEntry, type StoredReport } from '../repo.ts';
import { factDef, factFigure } from '../facts.ts';
import { reportingKindsSetting } from '../settings.ts';
import { countForOrgs, type BatchMetric, type MetricParams } from './batch.ts';
import { draftNarrative } from './drafts.ts';
import { placeholdersOf, renderNarrative, type Placeholder } from './narrative.ts';
import { cellForLeaf, formatNeeds, metricLeaf, neededBy, type MetricLeaf } from './rules.ts';
import { flattenUnits, reportingTree, type ReportingUnit } from './units.ts';

export interface MetricFigures {
  leaf: MetricLeaf;
  /** False when no module has registered the metric (its cells stay blank). */
  registered: boolean;
  /** orgId → figure (0 omitted), for every org of the subtree. */
  byOrg: Map<number, number>;
}

export type ReportPart =
  | { kind: 'live'; unit: ReportingUnit }
  | { kind: 'filed'; unit: ReportingUnit; stored: StoredReport; report: Report }
  | { kind: 'import'; stored: StoredReport; report: Report };

export interface GeneratedReport {
  report: Report;
  format: ReportFormat;
  org: Org;
  year: number;
  tree: ReportingUnit;
  /** What the sum is made of: live units, children's filed reports, imported reports. */
  parts: ReportPart[];
  metrics: Map<string, MetricFigures>;
  /** Facts of the live orgs: orgId → key → newest entry. */
  facts: Map<number, Map<string, FactEntry>>;
  /** Facts nobody entered for a live unit (counted as 0): key → unit org ids. */
  missingFacts: Map<string, number[]>;
  unresolved: UnresolvedCell[];
  /** The org's own stored report (status, narrative), when it has one. */
  stored?: StoredReport;
  /** True when the prose is the pre-drafted text (nothing stored yet). */
  narrativeIsDraft: boolean;
  /** The narrative as stored or drafted, placeholders unresolved. */
  narrativeSource: Record<string, string>;
  previous?: Report;
  skipped: SkippedCheck[];
  /** Where the time went (ms): metric queries, the units' reports, the sum and prose, last year's report. */
  timings: { queriesMs: number; unitsMs: number; sumMs: number; previousMs: number; byMetric: Record<string, number> };
}

export interface GenerateOptions {
  registry?: FormatRegistry;
  /**
   * Last year's report, for the year-to-year checks (二 = 上年四, 现行有效, 五 not repeated):
   * 'checks' (default) computes only the cells those checks read; 'full' all of it (charts);
   * false none.
   */
  withPrevious?: boolean | 'checks' | 'full';
  /** Compute only the cells this predicate accepts (the others stay blank). Internal: previous-year checks. */
  only?: (table: string, row: string, col: string) => boolean;
  /** With `only`: the prose sections to render (the others stay empty). */
  onlySections?: readonly string[];
  /** Use children's filed (submitted/accepted) reports in the sum. Default true. */
  useFiled?: boolean;
  /** Preloaded org list (every org), to save a query when generating many reports. */
  orgs?: readonly Org[];
}

const FILED = new Set(['submitted', 'accepted']);

/**
 * What a report is computed from: the database and the app's registry (its metrics) — an
 * AppContext is one.
 */
export interface ReportSource {
  db: Queryable;
  registry: { metrics: ReadonlyMap<string, BatchMetric> };
  ports: { reportFormats: FormatRegistry };
}

export async function generateReport(src: ReportSource, orgId: number, year: number, options: GenerateOptions = {}): Promise<GeneratedReport> {
  const { db } = src;
  const registry = options.registry ?? src.ports.reportFormats;
  const format = formatForYear(year, { registry });
  const orgs = options.orgs ?? (await listOrgs(db, { includeInactive: true }));
  const org = orgs.find((o) => o.id === orgId);
  if (!org) throw new Error(`org ${orgId} not found`);
  const kinds = await getSetting(db, reportingKindsSetting);
  const tree = reportingTree(orgs, orgId, kinds);
  const units = flattenUnits(tree);
  const subtreeIds = units.flatMap((u) => u.members);

  // Stored reports of the subtree: the org's own, its children's filed ones, imported ones.
  const storedAll = await reportsOfYear(db, year, subtreeIds);
  const storedByOrg = new Map(storedAll.filter((s) => s.orgId !== null).map((s) => [s.orgId!, s]));
  const stored = storedByOrg.get(orgId);
  const useFiled = options.useFiled !== false;

  // Which units are live (computed here) and which are replaced by a filed or imported report.
  const parts: Array<
    { kind: 'live'; unit: ReportingUnit } | { kind: 'filed'; unit: ReportingUnit; stored: StoredReport } | { kind: 'import'; stored: StoredReport }
  > = [];
  const walk = (u: ReportingUnit, isRoot: boolean) => {
    const s = storedByOrg.get(u.org.id);
    if (!isRoot && s && s.snapshot && (s.source === 'import' || (useFiled && FILED.has(s.status)))) {
      parts.push({ kind: 'filed', unit: u, stored: s });
      return;
    }
    if (isRoot && s && s.source === 'import' && s.snapshot) {
      parts.push({ kind: 'filed', unit: u, stored: s });
    } else {
      parts.push({ kind: 'live', unit: u });
    }
    for (const ext of storedAll.filter((x) => x.orgId === null && x.parentOrgId !== null && u.members.includes(x.parentOrgId))) {
      parts.push({ kind: 'import', stored: ext });
    }
    for (const c of u.children) walk(c, false);
  };
  walk(tree, true);
  const liveUnits = parts.filter((p): p is { kind: 'live'; unit: ReportingUnit } => p.kind === 'live').map((p) => p.unit);
  const liveOrgIds = liveUnits.flatMap((u) => u.members);

  // The org's narrative (stored, else drafted) and the placeholders it uses.
  const narrativeIsDraft = !stored || Object.keys(stored.narrative).length === 0;
  const narrativeSource = narrativeIsDraft ? draftNarrative(format.id) : stored!.narrative;
  const renderSections = new Set(options.only ? (options.onlySections ?? []) : format.sections.map((s) => s.key));
  const placeholders = Object.entries(narrativeSource)
    .filter(([k]) => renderSections.has(k))
    .flatMap(([, text]) => placeholdersOf(text));

  // 1–2. Every metric figure for every org of the subtree, one batch per metric.
  const needs = options.only ? neededBy(format, options.only) : formatNeeds(format);
  const leaves = new Map<string, MetricLeaf>(needs.metrics.map((m) => [m.key, m]));
  for (const p of placeholders) {
    if (isMetricName(p.name)) {
      const leaf = metricLeaf(p.name, p.params);
      leaves.set(leaf.key, leaf);
    }
  }
  const t0 = performance.now();
  const byMetric: Record<string, number> = {};
  const metrics = await fetchMetrics(src, year, subtreeIds, [...leaves.values()], byMetric);
  const facts = await currentFacts(db, year, subtreeIds);
  const t1 = performance.now();

  // 3. Each live unit's own report, in memory.
  // 3. The live units' figures, in memory. Every rule is linear (metric, fact, sum, add), so the
  // live units' reports add up to one report computed from their summed figures: one evaluation
  // of the format, whatever the number of units (per-unit reports: unitReport()).
  const missingFacts = new Map<string, number[]>();
  for (const key of needs.manual) {
    const missing = liveUnits.filter((u) => !u.members.some((m) => facts.get(m)?.has(key))).map((u) => u.org.id);
    // A fact nobody entered counts as 0 (the table prints a number) and is listed as a warning.
    if (missing.length) missingFacts.set(key, missing);
  }
  const { report: liveReport, unresolved } = await computeReport({
    format,
    org: orgRef(org),
    year,
    sources: summedSources(metrics, facts, liveOrgIds),
    previous: undefined,
  });
  const t2 = performance.now();

  // 4. The sum of the parts.
  const finalParts: ReportPart[] = parts.map((p) => (p.kind === 'live' ? p : ({ ...p, report: parseSnapshot(p.stored.snapshot!) } as ReportPart)));
  const ref = orgRef(org);
  let report = sumReports(format, ref, year, [nanToNull(liveReport), ...finalParts.flatMap((p) => (p.kind === 'live' ? [] : [p.report]))]);
  for (const m of metrics.values()) {
    if (!m.registered) {
      for (const cell of cellsUsing(format, m.leaf)) {
        if (!unresolved.some((u) => u.table === cell.table && u.row === cell.row && u.col === cell.col)) {
          unresolved.push({ ...cell, reason: `尚无模块提供统计指标「${m.leaf.name}」` });
        }
      }
    }
  }

  // Prose: placeholders resolved against this report's figures.
  const unknownPlaceholders = new Set<string>();
  const texts: Record<string, string> = {};
  for (const s of format.sections) {
    const src = renderSections.has(s.key) ? (narrativeSource[s.key] ?? '') : '';
    texts[s.key] = renderNarrative(src, resolver(format, report, org, year, metrics, facts, subtreeIds), unknownPlaceholders);
  }
  report = { ...report, sections: report.sections.map((s) => ({ ...s, text: texts[s.key] ?? '' })) };

  const t3 = performance.now();
  // Checks (§6.4), with last year's report for the year-to-year rules.
  let previous: Report | undefined;
  const t4 = performance.now();
  if (options.withPrevious !== false && !options.only && year - 1 >= 2014) {
    const only = options.withPrevious === 'full' ? undefined : previousCellsOf(format);
    // The prose of last year the checks compare with (五 must not repeat it).
    const onlySections = format.checks.flatMap((c) => (c.kind === 'textNotRepeated' ? [c.section] : []));
    previous = await previousReport(src, orgId, year - 1, { ...options, orgs, withPrevious: false, only, onlySections });
  }
  const { results, skipped } = checkReport(report, { format, previous, registry });
  results.push(...extraChecks(format, missingFacts, unknownPlaceholders, unresolved, orgs));
  report = { ...report, checks: results };
  const t5 = performance.now();
  const timings = { queriesMs: round1(t1 - t0), unitsMs: round1(t2 - t1), sumMs: round1(t3 - t2), previousMs: round1(t5 - t4), byMetric };

  return {
    report,
    format,
    org,
    year,
    tree,
    parts: finalParts,
    metrics,
    facts,
    missingFacts,
    unresolved,
    stored,
    narrativeIsDraft,
    narrativeSource,
    previous,
    skipped,
    timings,
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Last year's report as the checks should compare with: the published (accepted) one if there is
 * one; else computed live — with its prose blanked when nothing was written (a draft is not a
 * report, and comparing this year's draft with last year's draft would flag every report).
 */
async function previousReport(src: ReportSource, orgId: number, year: number, options: GenerateOptions): Promise<Report | undefined> {
  const { db } = src;
  const registry = options.registry ?? src.ports.reportFormats;
  try {
    formatForYear(year, { registry });
  } catch {
    return undefined;
  }
  const [own] = (await reportsOfYear(db, year, [orgId])).filter((s) => s.orgId === orgId);
  if (own?.snapshot && (own.status === 'accepted' || own.source === 'import')) return parseSnapshot(own.snapshot);
  const g = await generateReport(src, orgId, year, options);
  if (!g.narrativeIsDraft) return g.report;
  return { ...g.report, sections: g.report.sections.map((s) => ({ ...s, text: '' })) };
}

async function fetchMetrics(
  src: ReportSource,
  year: number,
  orgIds: number[],
  leaves: MetricLeaf[],
  took: Record<string, number> = {},
): Promise<Map<string, MetricFigures>> {
  const byName = new Map<string, MetricLeaf[]>();
  for (const l of leaves) {
    if (!byName.has(l.name)) byName.set(l.name, []);
    byName.get(l.name)!.push(l);
  }
  const out = new Map<string, MetricFigures>();
  await Promise.all(
    [...byName.entries()].map(async ([name, list]) => {
      const def = src.registry.metrics.get(name);
      if (!def) {
        for (const leaf of list) out.set(leaf.key, { leaf, registered: false, byOrg: new Map() });
        return;
      }
      let figures: Array<Map<number, number>>;
      const started = performance.now();
      try {
        figures = await countForOrgs(
          src.db,
          def,
          year,
          orgIds,
          list.map((l) => l.params),
        );
        took[name] = round1(performance.now() - started);
      } catch (e) {
        throw new Error(`统计指标「${name}」计算出错：${(e as Error).message}`, { cause: e });
      }
      list.forEach((leaf, i) => {
        // countForOrgs answers one map per params object, in order.
        const byOrg = figures[i];
        if (!byOrg) throw new Error(`统计指标「${name}」缺少第 ${i + 1} 组参数的结果`);
        out.set(leaf.key, { leaf, registered: true, byOrg });
      });
    }),
  );
  return out;
}

function resolver(
  format: ReportFormat,
  report: Report,
  org: Org,
  year: number,
  metrics: Map<string, MetricFigures>,
  facts: Map<number, Map<string, FactEntry>>,
  subtreeIds: number[],
) {
  return (p: Placeholder): number | string | undefined => {
    if (p.name === 'year') return String(year);
    if (p.name === 'org') return org.name;
    if (p.name.startsWith('cell:')) {
      const [t, r, c] = p.name.slice(5).split('.');
      if (t === undefined || r === undefined) return undefined; // no table.row: no cell has it
      const v = getCell(report, t, r, c ?? 'value');
      return v === undefined || v === null ? undefined : v;
    }
    if (isMetricName(p.name)) {
      const leaf = metricLeaf(p.name, p.params);
      // A placeholder that names a printed cell prints that cell (filed and imported parts included).
      const cell = cellForLeaf(format, { metric: leaf });
      if (cell) {
        const v = getCell(report, cell.table, cell.row, cell.col);
        if (v !== undefined && v !== null) return v;
      }
      const m = metrics.get(leaf.key);
      if (!m?.registered) return undefined;
      return sumOver(m.byOrg, subtreeIds);
    }
    if (factDef(p.name)) {
      const cell = cellForLeaf(format, { manual: p.name });
      if (cell) {
        const v = getCell(report, cell.table, cell.row, cell.col);
        if (v !== undefined && v !== null) return v;
      }
      let total = 0;
      for (const id of subtreeIds) {
        const f = facts.get(id)?.get(p.name);
        if (f) total += f.value;
      }
      return total;
    }
    return undefined;
  };
}

/**
 * The cells of last year's report this format's checks read (terms with year: 'previous'), so
 * the year-to-year checks cost a handful of figures rather than a second whole report.
 */
export function previousCellsOf(format: ReportFormat): (t: string, r: string, c: string) => boolean {
  const patterns: Array<{ table: string; row?: string; col?: string }> = [];
  for (const spec of format.checks) {
    if (spec.kind !== 'equation') continue;
    for (const term of [...spec.left, ...spec.right]) {
      if (term.year !== 'previous') continue;
      patterns.push({ table: term.table ?? spec.table, row: term.row, col: term.col });
    }
  }
  return (t, r, c) => patterns.some((p) => p.table === t && (p.row === undefined || p.row === r) && (p.col === undefined || p.col === c));
}

function isMetricName(name: string): boolean {
  return /^[a-z]+\.[A-Za-z0-9]+$/.test(name) && !factDef(name);
}

function extraChecks(
  format: ReportFormat,
  missingFacts: Map<string, number[]>,
  unknown: Set<string>,
  unresolved: UnresolvedCell[],
  orgs: readonly Org[],
): CheckResult[] {
  const out: CheckResult[] = [];
  const name = (id: number) => orgs.find((o) => o.id === id)?.shortName ?? String(id);
  for (const [key, ids] of missingFacts) {
    const cells = cellsUsingManual(format, key);
    out.push({
      rule: 'facts.missing',
      severity: 'warning',
      message: `「${factDef(key)?.label ?? key}」未填报，按0计：${ids.map(name).join('、')}`,
      cells,
    });
  }
  if (unknown.size) {
    out.push({
      rule: 'narrative.placeholder',
      severity: 'warning',
      message: `正文中的占位符无法取值：${[...unknown].map((u) => `{{${u}}}`).join('、')}`,
      cells: [],
    });
  }
  const unregistered = [...new Set(unresolved.filter((u) => u.reason.startsWith('尚无模块')).map((u) => u.reason))];
  for (const reason of unregistered)
    out.push({
      rule: 'metric.unavailable',
      severity: 'error',
      message: reason,
      cells: unresolved.filter((u) => u.reason === reason).map(({ table, row, col }) => ({ table, row, col })),
    });
  return out;
}

function cellsUsingManual(format: ReportFormat, key: string): Array<{ table: string; row: string; col: string }> {
  const out: Array<{ table: string; row: string; col: string }> = [];
  const uses = (rule: CellRule | undefined): boolean =>
    !!rule && (('manual' in rule && rule.manual === key) || ('add' in rule && rule.add.some(uses)) || ('carry' in rule && uses(rule.fallback)));
  for (const t of format.tables) {
    for (const r of t.rows) {
      if (r.heading) continue;
      for (const c of t.columns) if (uses(r.cells?.[c.key] ?? c.rule ?? r.rule)) out.push({ table: t.id, row: r.key, col: c.key });
    }
  }
  return out;
}

function cellsUsing(format: ReportFormat, leaf: MetricLeaf): Array<{ table: string; row: string; col: string }> {
  const out: Array<{ table: string; row: string; col: string }> = [];
  for (const t of format.tables) {
    for (const r of t.rows) {
      if (r.heading) continue;
      for (const c of t.columns) {
        const rule = r.cells?.[c.key] ?? c.rule ?? r.rule;
        if (rule && usesLeaf(rule, c.params, leaf)) out.push({ table: t.id, row: r.key, col: c.key });
      }
    }
  }
  return out;
}

function usesLeaf(rule: CellRule, colParams: Params | undefined, leaf: MetricLeaf): boolean {
  if ('metric' in rule) return metricLeaf(rule.metric, toPlain({ ...colParams, ...rule.params })).key === leaf.key;
  if ('add' in rule) return rule.add.some((r) => usesLeaf(r, colParams, leaf));
  if ('carry' in rule && rule.fallback) return usesLeaf(rule.fallback, colParams, leaf);
  return false;
}

function toPlain(params: Params | MetricParams | undefined): MetricParams {
  const out: MetricParams = {};
  for (const [k, v] of Object.entries(params ?? {})) out[k] = Array.isArray(v) ? [...(v as readonly string[])] : (v as string | number | boolean | undefined);
  return out;
}

function sumOver(byOrg: Map<number, number>, ids: readonly number[]): number {
  let n = 0;
  for (const id of ids) n += byOrg.get(id) ?? 0;
  return Math.round(n * 10000) / 10000;
}

/** An unregistered metric's figure is NaN while computing; the printed cell is blank. */
function nanToNull(report: Report): Report {
  for (const t of report.tables) for (const r of t.rows) for (const k of Object.keys(r.cells)) if (Number.isNaN(r.cells[k] as number)) r.cells[k] = null;
  return report;
}

export function orgRef(org: Org): OrgRef {
  return { code: org.orgCode ?? org.code ?? '', name: org.name };
}

export function parseSnapshot(json: string): Report {
  return reportSchema.parse(JSON.parse(json)) as Report;
}

/** Metric figures and facts summed over a set of orgs (a missing fact counts as 0). */
function summedSources(metrics: Map<string, MetricFigures>, facts: Map<number, Map<string, FactEntry>>, orgIds: readonly number[]): ReportSources {
  const keys = new Map<string, string>();
  return {
    metric: (q) => {
      // computeReport builds the params object afresh for every cell: remember each raw form's key.
      const raw = `${q.name}|${JSON.stringify(q.params)}`;
      let key = keys.get(raw);
      if (!key) {
        key = metricLeaf(q.name, toPlain(q.params)).key;
        keys.set(raw, key);
      }
      const figures = metrics.get(key);
      if (!figures?.registered) return Number.NaN;
      return sumOver(figures.byOrg, orgIds);
    },
    manual: (key) => {
      let total = 0;
      for (const m of orgIds) {
        const f = facts.get(m)?.get(key);
        if (f) total += factFigure(factDef(key), f.value);
      }
      return Math.round(total * 10000) / 10000;
    },
  };
}

/** One live unit's own report (its members' records), from a generated report's figures. */
export async function unitReport(g: GeneratedReport, unit: ReportingUnit): Promise<Report> {
  const { report } = await computeReport({ format: g.format, org: orgRef(unit.org), year: g.year, sources: summedSources(g.metrics, g.facts, unit.members) });
  return nanToNull(report);
}

/** Cell-by-cell sum of reports of one format (a blank anywhere makes the sum blank). */
export function sumReports(format: ReportFormat, org: OrgRef, year: number, reports: readonly Report[]): Report {
  return createReport({
    format,
    org,
    year,
    value: (t, r, c) => {
      let total = 0;
      for (const rep of reports) {
        const v: CellValue | undefined = getCell(rep, t, r, c);
        if (v === null || v === undefined || Number.isNaN(v)) return null;
        total += v;
      }
      return Math.round(total * 10000) / 10000;
    },
  });
}
