import { sql, type RawBuilder } from 'kysely';
import type { Queryable } from '../../storage/db.ts';
import { num } from '../../storage/db.ts';
import type { MetricQuery } from './metrics.ts';

/**
 * Helpers for a metric's `countMany`: run one `GROUP BY org_id, <dimensions>` query, then hand
 * each params set the sum of the rows it matches.
 */
export type GroupedRow = Record<string, unknown> & { org_id: number; n: number };
type Params = MetricQuery['params'];

/** Calendar-year bounds as ISO dates. */
export const yearSpan = (y: number) => [`${y}-01-01`, `${y}-12-31`] as const;

/** `and <column> in (…)` for the orgs asked (nothing when every org is asked). */
export function orgIn(orgIds: readonly number[] | null, column = 'org_id'): RawBuilder<unknown> {
  return orgIds ? sql`and ${sql.ref(column)} in (${sql.join([...orgIds])})` : sql``;
}

export async function groupedRows(db: Queryable, query: RawBuilder<unknown>): Promise<GroupedRow[]> {
  return (await query.execute(db)).rows as GroupedRow[];
}

/** A param as a list of strings (absent → undefined, a value → [value], an array as is). */
export function paramValues(v: Params[string]): string[] | undefined {
  return v === undefined ? undefined : Array.isArray(v) ? v.map(String) : [String(v)];
}

/**
 * Sum the grouped rows that match each params set (`match` says whether a row belongs to it).
 * Rows are bucketed by their dimension values first, so each params set tests each distinct
 * combination once (table 三 asks 126 params of ~40,000 rows: tested per row, 5 million calls;
 * per combination, 16,000). `figures` names the columns that are figures, not dimensions.
 */
export function distribute(
  rows: readonly GroupedRow[],
  params: readonly Params[],
  match: (p: Params, r: GroupedRow) => boolean,
  value: (r: GroupedRow) => number = (r) => num(r.n),
  figures: ReadonlySet<string> = FIGURES,
): Array<Map<number, number>> {
  const buckets = new Map<string, GroupedRow[]>();
  for (const r of rows) {
    const key = Object.entries(r)
      .filter(([k]) => k !== 'org_id' && !figures.has(k))
      .map(([, v]) => String(v))
      .join('\u0000');
    let b = buckets.get(key);
    if (!b) {
      b = [];
      buckets.set(key, b);
    }
    b.push(r);
  }
  return params.map((p) => {
    const out = new Map<number, number>();
    for (const bucket of buckets.values()) {
      const [head] = bucket; // a bucket is made with its first row
      if (!head || !match(p, head)) continue;
      for (const r of bucket) {
        const org = Number(r.org_id);
        out.set(org, (out.get(org) ?? 0) + value(r));
      }
    }
    return out;
  });
}

const FIGURES = new Set(['n', 'y', 'decided', 'pending']);
