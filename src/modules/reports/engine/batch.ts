/**
 * Counting many orgs at once. A metric's `count` answers one org and one set of params, which is
 * right for a cell's record list but wrong for a roll-up: a province has 300 agencies and a report
 * ~150 metric cells, i.e. 45,000 queries. Metrics with `countMany` (platform/stats/metrics.ts)
 * answer every org and every params set in one grouped query; the others are asked org by org
 * (correct, slower).
 */
import type { Queryable } from '../../../storage/db.ts';
import type { ManyQuery, MetricDef, MetricQuery } from '../../../platform/stats/metrics.ts';

export type MetricParams = MetricQuery['params'];
export type { ManyQuery };
/** A metric as the roll-up uses it (the platform's definition, `countMany` included). */
export type BatchMetric = MetricDef;

/**
 * Figures of one metric for many orgs and params: one grouped query when the metric can, else one
 * `count` per org and params (run a few at a time so PostgreSQL's pool is used).
 */
export async function countForOrgs(
  db: Queryable,
  def: BatchMetric,
  year: number,
  orgIds: readonly number[],
  params: readonly MetricParams[],
): Promise<Array<Map<number, number>>> {
  if (!params.length) return [];
  if (def.countMany) {
    const all = await def.countMany(db, { year, orgIds, params });
    const wanted = new Set(orgIds);
    return all.map((m) => {
      const out = new Map<number, number>();
      for (const [org, n] of m) if (wanted.has(org) && n) out.set(org, n);
      return out;
    });
  }
  const out: Array<Map<number, number>> = [];
  const jobs: Array<() => Promise<void>> = [];
  for (const p of params) {
    const figures = new Map<number, number>();
    out.push(figures);
    for (const orgId of orgIds) {
      jobs.push(async () => {
        const n = await def.count(db, { orgId, year, params: p });
        if (n) figures.set(orgId, n);
      });
    }
  }
  await runLimited(jobs, 8);
  return out;
}

async function runLimited(jobs: Array<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      await job();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
}

/** A stable key for a params object (arrays sorted), to share one figure between equal queries. */
export function paramsKey(params: MetricParams): string {
  const entries = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [k, Array.isArray(v) ? [...v].map(String).sort() : v] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

/** A param as a list of strings (a single value, an array meaning "any of", or absent). */
export function paramList(v: MetricParams[string]): string[] | undefined {
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.map(String) : [String(v)];
}
