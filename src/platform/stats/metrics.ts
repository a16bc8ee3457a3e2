import type { Queryable } from '../../storage/db.ts';

/**
 * Figures the annual report counts, each contributed by the module that owns the records
 * (catalogue, requests, reports' own activity records). A metric answers for **one org's own
 * records** and one calendar year; the report engine rolls orgs up by summing their reports.
 * Every metric can also list the records behind its figure, so each report cell links to them
 * (traceability). Names and counting rules: docs/report-formats.md.
 */
export interface MetricQuery {
  /** The reporting org (its own records only, not its subtree). */
  orgId: number;
  year: number;
  params: Record<string, string | string[] | number | boolean | undefined>;
}

export interface MetricRecord {
  /** Stable id of the record (item id, request id…). */
  id: string;
  /** What a reviewer reads in the list; personal data already masked. */
  label: string;
  /** Back-office link to the record. */
  href: string;
  date?: string;
}

/** Many orgs and many params sets of one metric at once (a roll-up). */
export interface ManyQuery {
  year: number;
  /** null = every org (the caller keeps the ones it needs). */
  orgIds: readonly number[] | null;
  params: readonly MetricQuery['params'][];
}

export interface MetricDef {
  name: string;
  /** One sentence of what is counted (shown beside a cell's record list). */
  describe: string;
  count(db: Queryable, q: MetricQuery): Promise<number>;
  /**
   * Optional: every org and every params set in one grouped query (`GROUP BY org_id, <its
   * dimensions>`), so a roll-up over 300 agencies costs one query per metric, not one per org and
   * cell. result[i]: orgId → figure for params[i] (orgs at 0 may be absent). It must agree with
   * `count` (tested over the demo: src/modules/reports/engine/grouped.test.ts).
   */
  countMany?(db: Queryable, q: ManyQuery): Promise<Array<Map<number, number>>>;
  /** The records counted by `count`, newest first, paged. `total` equals `count`. */
  records(db: Queryable, q: MetricQuery, page: { limit: number; offset: number }): Promise<{ total: number; rows: MetricRecord[] }>;
}

/** Typed identity: a module lists its metrics in its manifest (`metrics: [...]`); the app's registry holds them. */
export function defineMetric(def: MetricDef): MetricDef {
  return def;
}
