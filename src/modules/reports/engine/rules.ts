/**
 * Walking a format's cell rules: which metric figures and manual facts a report needs (so they can
 * be fetched in one batch), and which ones a given cell is made of (so the cell can link to the
 * records behind it).
 */
import { cellRule } from '../formats/resolve.ts';
import type { CellRule, ColumnDef, Params, ReportFormat, RowDef, TableDef } from '../formats/types.ts';
import { paramsKey, type MetricParams } from './batch.ts';

export interface MetricLeaf {
  name: string;
  params: MetricParams;
  /** name + canonical params: equal queries share one figure. */
  key: string;
}

export interface CellLeaves {
  metrics: MetricLeaf[];
  manual: string[];
  /** The cell reads last year's report (cn-2019 上一年项目数量). */
  carry: boolean;
  consts: number[];
}

export function toMetricParams(params: Params | undefined): MetricParams {
  const out: MetricParams = {};
  for (const [k, v] of Object.entries(params ?? {})) out[k] = Array.isArray(v) ? [...(v as readonly string[])] : (v as string | number | boolean);
  return out;
}

export function metricLeaf(name: string, params: MetricParams): MetricLeaf {
  return { name, params, key: `${name}|${paramsKey(params)}` };
}

/** The metric and manual leaves of one rule evaluated in a column (sum rules expand to their cells). */
export function ruleLeaves(
  table: TableDef,
  row: RowDef,
  col: ColumnDef,
  rule: CellRule | undefined,
  out: CellLeaves = { metrics: [], manual: [], carry: false, consts: [] },
  seen = new Set<string>(),
): CellLeaves {
  if (!rule) return out;
  if ('metric' in rule) {
    out.metrics.push(metricLeaf(rule.metric, toMetricParams({ ...col.params, ...rule.params })));
  } else if ('manual' in rule) {
    out.manual.push(rule.manual);
  } else if ('const' in rule) {
    out.consts.push(rule.const);
  } else if ('add' in rule) {
    for (const r of rule.add) ruleLeaves(table, row, col, r, out, seen);
  } else if ('sum' in rule) {
    for (const k of rule.sum) {
      const r = table.rows.find((x) => x.key === k);
      if (r) cellLeaves(table, r, col, out, seen);
    }
  } else if ('sumCols' in rule) {
    for (const k of rule.sumCols) {
      const c = table.columns.find((x) => x.key === k);
      if (c) cellLeaves(table, row, c, out, seen);
    }
  } else {
    out.carry = true;
    if (rule.fallback) ruleLeaves(table, row, col, rule.fallback, out, seen);
  }
  return out;
}

/** Every leaf a cell's figure is made of. */
export function cellLeaves(
  table: TableDef,
  row: RowDef,
  col: ColumnDef,
  out: CellLeaves = { metrics: [], manual: [], carry: false, consts: [] },
  seen = new Set<string>(),
): CellLeaves {
  const id = `${table.id}/${row.key}/${col.key}`;
  if (seen.has(id)) return out;
  seen.add(id);
  return ruleLeaves(table, row, col, cellRule(table, row, col), out, seen);
}

/** Every metric query and manual key a format needs, deduplicated (direct leaves only: sums are computed from the other cells). */
export function formatNeeds(format: ReportFormat): { metrics: MetricLeaf[]; manual: string[] } {
  return gatherNeeds(format, (t, r, c) => directLeaves(t, r, c, cellRule(t, r, c)));
}

/** The metric leaves and facts of the cells `only` accepts, sums expanded to their parts. */
export function neededBy(format: ReportFormat, only: (t: string, r: string, c: string) => boolean): { metrics: MetricLeaf[]; manual: string[] } {
  return gatherNeeds(format, (t, r, c) => cellLeaves(t, r, c), only);
}

/** Walk every data cell of a format (those `only` accepts) and collect their leaves, deduplicated. */
function gatherNeeds(
  format: ReportFormat,
  leavesOf: (t: TableDef, r: RowDef, c: ColumnDef) => CellLeaves,
  only: (t: string, r: string, c: string) => boolean = () => true,
): { metrics: MetricLeaf[]; manual: string[] } {
  const metrics = new Map<string, MetricLeaf>();
  const manual = new Set<string>();
  for (const t of format.tables) {
    for (const r of t.rows) {
      if (r.heading) continue;
      for (const c of t.columns) {
        if (!only(t.id, r.key, c.key)) continue;
        const leaves = leavesOf(t, r, c);
        for (const m of leaves.metrics) metrics.set(m.key, m);
        for (const k of leaves.manual) manual.add(k);
      }
    }
  }
  return { metrics: [...metrics.values()], manual: [...manual] };
}

function directLeaves(
  table: TableDef,
  row: RowDef,
  col: ColumnDef,
  rule: CellRule | undefined,
  out: CellLeaves = { metrics: [], manual: [], carry: false, consts: [] },
): CellLeaves {
  if (!rule) return out;
  if ('metric' in rule) out.metrics.push(metricLeaf(rule.metric, toMetricParams({ ...col.params, ...rule.params })));
  else if ('manual' in rule) out.manual.push(rule.manual);
  else if ('add' in rule) for (const r of rule.add) directLeaves(table, row, col, r, out);
  else if ('carry' in rule && rule.fallback) directLeaves(table, row, col, rule.fallback, out);
  return out;
}

/**
 * The cell whose rule is exactly this metric query or manual key (how a narrative placeholder such
 * as {{catalogue.published}} finds the printed figure it must agree with).
 */
export function cellForLeaf(format: ReportFormat, leaf: { metric: MetricLeaf } | { manual: string }): { table: string; row: string; col: string } | undefined {
  for (const t of format.tables) {
    for (const r of t.rows) {
      if (r.heading) continue;
      for (const c of t.columns) {
        const rule = cellRule(t, r, c);
        if (!rule) continue;
        if ('metric' in leaf && 'metric' in rule && metricLeaf(rule.metric, toMetricParams({ ...c.params, ...rule.params })).key === leaf.metric.key) {
          return { table: t.id, row: r.key, col: c.key };
        }
        if ('manual' in leaf && 'manual' in rule && rule.manual === leaf.manual) return { table: t.id, row: r.key, col: c.key };
      }
    }
  }
  return undefined;
}
