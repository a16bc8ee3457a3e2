/**
 * What "one grouped query per metric family" means for the catalogue's and the requests module's
 * metrics: a `countMany` for each, with the same WHERE clauses as their `count` (src/modules/
 * catalogue/stats.ts, src/modules/requests/stats.ts) but grouped by org and by the dimensions the
 * report's params filter on, so one query answers every org and every cell of the metric.
 *
 * The benchmark attaches these to the registered metrics to measure the roll-up as designed; they
 * are the proposal for the two modules to adopt (docs/report-formats.md, "Counting many orgs").
 */
import { sql } from 'kysely';
import type { Queryable } from '../src/storage/db.ts';
import { num } from '../src/storage/db.ts';
import { batchMetric, type BatchMetric, type ManyQuery, type MetricParams } from '../src/modules/reports/engine/batch.ts';
import { REPORT_CHANNEL } from '../src/modules/requests/applicants.ts';

const range = (y: number) => [`${y}-01-01`, `${y}-12-31`] as const;
const list = (v: MetricParams[string]): string[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v.map(String) : [String(v)]);
const orgFilter = (orgIds: readonly number[] | null) => (orgIds ? sql`and org_id in (${sql.join([...orgIds])})` : sql``);

type Row = Record<string, unknown> & { org_id: number; n: number };

/**
 * Sum the grouped rows that match each params set (`match` says whether a row belongs to it).
 * Rows are bucketed by their dimension values first, so each params set tests each distinct
 * combination once (table 三 asks 126 params of ~40,000 rows: tested per row, that is 5 million
 * calls; per combination, 16,000).
 */
function distribute(rows: Row[], params: readonly MetricParams[], match: (p: MetricParams, r: Row) => boolean, value: (r: Row) => number = (r) => num(r.n)): Array<Map<number, number>> {
  const buckets = new Map<string, Row[]>();
  for (const r of rows) {
    const key = Object.entries(r)
      .filter(([k]) => k !== 'org_id' && !AGGREGATES.has(k))
      .map(([, v]) => String(v))
      .join('\u0000');
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = []));
    b.push(r);
  }
  return params.map((p) => {
    const out = new Map<number, number>();
    for (const bucket of buckets.values()) {
      if (!match(p, bucket[0])) continue;
      for (const r of bucket) {
        const org = Number(r.org_id);
        out.set(org, (out.get(org) ?? 0) + value(r));
      }
    }
    return out;
  });
}

/** Columns of a grouped row that are figures, not dimensions. */
const AGGREGATES = new Set(['n', 'y', 'decided', 'pending']);

async function rows(db: Queryable, query: ReturnType<typeof sql>): Promise<Row[]> {
  return (await query.execute(db)).rows as Row[];
}

const catalogue: Record<string, BatchMetric['countMany']> = {
  async 'catalogue.published'(db, q) {
    const [from, to] = range(q.year);
    const base = sql`disclosure = 'proactive' and state in ('published', 'withdrawn') and published_on between ${from} and ${to}`;
    const wantsChannel = q.params.some((p) => p.channel !== undefined);
    const totals = await rows(db, sql`select org_id, count(*) as n from cat_items where ${base} ${orgFilter(q.orgIds)} group by org_id`);
    const byChannel = wantsChannel
      ? await rows(
          db,
          sql`select i.org_id as org_id, c.channel as channel, count(distinct i.id) as n from cat_items i join cat_item_channels c on c.item_id = i.id
              where i.disclosure = 'proactive' and i.state in ('published', 'withdrawn') and i.published_on between ${from} and ${to} ${q.orgIds ? sql`and i.org_id in (${sql.join([...q.orgIds])})` : sql``}
              group by i.org_id, c.channel`,
        )
      : [];
    return q.params.map((p) => {
      const ch = list(p.channel);
      return distribute(ch ? byChannel : totals, [p], (_p, r) => !ch || ch.includes(String(r.channel)))[0];
    });
  },
  async 'catalogue.documentsPublished'(db, q) {
    const [from, to] = range(q.year);
    const r = await rows(
      db,
      sql`select org_id, is_rule, is_normative, sum(case when published_on >= ${from} then 1 else 0 end) as y, count(*) as n from cat_items
          where (is_rule = 1 or is_normative = 1) and disclosure = 'proactive' and state in ('published', 'withdrawn') and published_on <= ${to} ${orgFilter(q.orgIds)}
          group by org_id, is_rule, is_normative`,
    );
    return distribute(r, q.params, (p, x) => kindMatch(p, x), (x) => num(x.n)).map((m, i) =>
      q.params[i].scope === 'cumulative' ? m : distribute(r, [q.params[i]], (p, x) => kindMatch(p, x), (x) => num(x.y))[0],
    );
  },
  async 'catalogue.documentsIssued'(db, q) {
    const [from, to] = range(q.year);
    const r = await rows(db, sql`select org_id, is_rule, is_normative, count(*) as n from cat_items where formed_on between ${from} and ${to} and (is_rule = 1 or is_normative = 1) ${orgFilter(q.orgIds)} group by org_id, is_rule, is_normative`);
    return distribute(r, q.params, kindMatch);
  },
  async 'catalogue.documentsRepealed'(db, q) {
    const [from, to] = range(q.year);
    const r = await rows(
      db,
      sql`select org_id, is_rule, is_normative, count(*) as n from cat_items where validity in ('repealed', 'expired') and validity_changed_on between ${from} and ${to} and (is_rule = 1 or is_normative = 1) ${orgFilter(q.orgIds)} group by org_id, is_rule, is_normative`,
    );
    return distribute(r, q.params, kindMatch);
  },
  async 'catalogue.documentsInForce'(db, q) {
    const [, to] = range(q.year);
    const r = await rows(
      db,
      sql`select org_id, is_rule, is_normative, count(*) as n from cat_items where formed_on <= ${to} and (validity = 'valid' or validity_changed_on > ${to} or validity_changed_on is null) and (is_rule = 1 or is_normative = 1) ${orgFilter(q.orgIds)} group by org_id, is_rule, is_normative`,
    );
    return distribute(r, q.params, kindMatch);
  },
};

/** `kind: rule` counts 规章 (is_rule); anything else 规范性文件 (is_normative), as the module's kindFlag. */
function kindMatch(p: MetricParams, r: Row): boolean {
  return p.kind === 'rule' ? Number(r.is_rule) === 1 : Number(r.is_normative) === 1;
}

const applicantMatch = (p: MetricParams, r: Row) => p.applicant === undefined || String(p.applicant) === String(r.applicant_type);

const requests: Record<string, BatchMetric['countMany']> = {
  async 'requests.received'(db, q) {
    const [from, to] = range(q.year);
    const r = await rows(db, sql`select org_id, applicant_type, channel, count(*) as n from requests where received_on between ${from} and ${to} ${orgFilter(q.orgIds)} group by org_id, applicant_type, channel`);
    return distribute(r, q.params, (p, x) => applicantMatch(p, x) && (p.channel === undefined || REPORT_CHANNEL[x.channel as keyof typeof REPORT_CHANNEL] === p.channel));
  },
  async 'requests.carriedIn'(db, q) {
    const [from] = range(q.year);
    const r = await rows(db, sql`select org_id, applicant_type, count(*) as n from requests where received_on < ${from} and (decided_on is null or decided_on >= ${from}) ${orgFilter(q.orgIds)} group by org_id, applicant_type`);
    return distribute(r, q.params, applicantMatch);
  },
  async 'requests.carriedOut'(db, q) {
    const [, to] = range(q.year);
    const r = await rows(db, sql`select org_id, applicant_type, count(*) as n from requests where received_on <= ${to} and (decided_on is null or decided_on > ${to}) ${orgFilter(q.orgIds)} group by org_id, applicant_type`);
    return distribute(r, q.params, applicantMatch);
  },
  async 'requests.outcome'(db, q) {
    const [from, to] = range(q.year);
    const { OUTCOME_2008_TO_2019 } = await import('../src/modules/requests/stats.ts');
    const r = await rows(db, sql`select org_id, applicant_type, regime, outcome, count(*) as n from requests where decided_on between ${from} and ${to} and outcome is not null ${orgFilter(q.orgIds)} group by org_id, applicant_type, regime, outcome`);
    const key2019 = (x: Row) => (x.regime === '2008' ? OUTCOME_2008_TO_2019[x.outcome as keyof typeof OUTCOME_2008_TO_2019] : String(x.outcome));
    return distribute(r, q.params, (p, x) => applicantMatch(p, x) && (list(p.outcome) ?? []).includes(key2019(x)));
  },
  async 'requests.feesCollected'(db, q) {
    const [from, to] = range(q.year);
    const r = await rows(
      db,
      sql`select r.org_id as org_id, coalesce(sum(f.paid_fen), 0) as n from request_fees f join requests r on r.id = f.request_id where f.paid_on between ${from} and ${to} ${q.orgIds ? sql`and r.org_id in (${sql.join([...q.orgIds])})` : sql``} group by r.org_id`,
    );
    return distribute(r, q.params, () => true, (x) => num(x.n) / 1_000_000);
  },
};

/** 行政复议/行政诉讼 by result; pending = filed by 31 December and not decided by then. */
function appealsMany(kind: 'reconsideration' | 'litigation'): BatchMetric['countMany'] {
  return async (db, q) => {
    const [from, to] = range(q.year);
    const r = await rows(
      db,
      sql`select org_id, route, result,
            sum(case when decided_on between ${from} and ${to} then 1 else 0 end) as decided,
            sum(case when filed_on <= ${to} and (decided_on is null or decided_on > ${to}) then 1 else 0 end) as pending
          from appeals where kind = ${kind} ${orgFilter(q.orgIds)} group by org_id, route, result`,
    );
    return q.params.map((p) => {
      const route = p.route === undefined ? undefined : String(p.route);
      const result = String(p.result);
      const m = distribute(r, [p], (_p, x) => (route === undefined || x.route === route) && (result === 'pending' || x.result === result), (x) => num(result === 'pending' ? x.pending : x.decided))[0];
      return m;
    });
  };
}
requests['requests.reconsideration'] = appealsMany('reconsideration');
requests['requests.litigation'] = appealsMany('litigation');

/** Give the registered catalogue and requests metrics their grouped counts (returns the names). */
export function attachGroupedCounts(): string[] {
  const done: string[] = [];
  for (const [name, fn] of Object.entries({ ...catalogue, ...requests })) {
    const def = batchMetric(name);
    if (def && fn) {
      def.countMany = fn as (db: Queryable, q: ManyQuery) => Promise<Array<Map<number, number>>>;
      done.push(name);
    }
  }
  return done;
}

/** Remove them again (to measure the metrics as registered). */
export function detachGroupedCounts(): void {
  for (const name of [...Object.keys(catalogue), ...Object.keys(requests)]) {
    const def = batchMetric(name);
    if (def) delete def.countMany;
  }
}

/**
 * Indexes that let those grouped queries read only an index (covering), proposed to the two
 * modules: one year of 2,000,000 items otherwise costs a random table read per item. Partial
 * indexes (WHERE …) work on both SQLite and PostgreSQL.
 */
export const RECOMMENDED_INDEXES = [
  // catalogue.published: org and 发布日期, with the two columns its WHERE reads.
  'create index if not exists cat_items_report_published on cat_items (org_id, published_on, disclosure, state)',
  // 规章 and 规范性文件 (about 1 % of items): documentsIssued, …Repealed, …InForce, …Published.
  'create index if not exists cat_items_report_documents on cat_items (org_id, formed_on, is_rule, is_normative, validity, validity_changed_on, disclosure, state, published_on) where is_rule = 1 or is_normative = 1',
  // requests.outcome, requests.completed: decided in the year.
  'create index if not exists requests_report_decided on requests (org_id, decided_on, applicant_type, regime, outcome)',
  // requests.received, carriedIn, carriedOut: received by the year's end.
  'create index if not exists requests_report_received on requests (org_id, received_on, applicant_type, channel, decided_on)',
];
