import { sql, type SelectQueryBuilder } from 'kysely';
import type { Queryable } from '../../storage/db.ts';
import { num } from '../../storage/db.ts';
import type { DB } from '../../storage/schema.ts';
import { defineMetric, type MetricDef, type MetricQuery } from '../../platform/stats/metrics.ts';
import { distribute, groupedRows, orgIn, paramValues, yearSpan, type GroupedRow } from '../../platform/stats/grouped.ts';
import { CHANNELS, type CatItemsTable } from './types.ts';
import './types.ts';

/**
 * The catalogue's figures for the annual report, with the names and counting rules of
 * docs/report-formats.md ("Catalogue module"). Each counts one org's own items for one year and
 * can list the items behind its figure.
 */
type Q = SelectQueryBuilder<DB & { i: CatItemsTable }, 'i', object>;

function base(db: Queryable, orgId: number): Q {
  return db.selectFrom('cat_items as i').where('i.org_id', '=', orgId) as unknown as Q;
}

const yearRange = (y: number) => [`${y}-01-01`, `${y}-12-31`] as const;

function kindFlag(q: Q, kind: unknown): Q {
  // 规章 (2019 条例第二十条第（一）项) or 行政规范性文件.
  return kind === 'rule' ? q.where('i.is_rule', '=', 1) : q.where('i.is_normative', '=', 1);
}

function metricOf(
  name: string,
  describe: string,
  where: (q: Q, m: MetricQuery) => Q,
  dateCol: 'published_on' | 'formed_on' | 'validity_changed_on',
  countMany: MetricDef['countMany'],
): MetricDef {
  return defineMetric({
    name,
    describe,
    countMany,
    async count(db, m) {
      const r = await where(base(db, m.orgId), m).select(sql<number>`count(*)`.as('n')).executeTakeFirst();
      return num((r as { n?: unknown } | undefined)?.n);
    },
    async records(db, m, page) {
      const q = where(base(db, m.orgId), m);
      const [rows, total] = await Promise.all([
        q
          .select(['i.id', 'i.title', 'i.index_no', 'i.doc_no', `i.${dateCol} as d`] as never)
          .orderBy(`i.${dateCol}` as never, 'desc')
          .orderBy('i.id' as never, 'desc')
          .limit(page.limit)
          .offset(page.offset)
          .execute(),
        q.select(sql<number>`count(*)`.as('n')).executeTakeFirst(),
      ]);
      return {
        total: num((total as { n?: unknown } | undefined)?.n),
        rows: (rows as unknown as Array<{ id: number; title: string; index_no: string | null; doc_no: string; d: string | null }>).map((r) => ({
          id: String(r.id),
          label: [r.index_no, r.doc_no, r.title].filter(Boolean).join(' '),
          href: `/admin/catalogue/${r.id}`,
          date: r.d ?? undefined,
        })),
      };
    },
  });
}

/** A `month` param as two digits, or undefined when absent or not 1–12. */
function monthOf(v: unknown): string | undefined {
  const n = Number(v);
  return v !== undefined && v !== '' && Number.isInteger(n) && n >= 1 && n <= 12 ? String(n).padStart(2, '0') : undefined;
}

/** Published (and possibly since withdrawn) 主动公开 items whose 发布日期 falls in the year. */
function publishedIn(q: Q, year: number): Q {
  const [from, to] = yearRange(year);
  return q
    .where('i.disclosure', '=', 'proactive')
    .where('i.state', 'in', ['published', 'withdrawn'])
    .where('i.published_on', '>=', from)
    .where('i.published_on', '<=', to);
}

/**
 * The same counts for every org at once (`countMany`): one `GROUP BY org_id, <dimensions>` query
 * per metric, the WHERE clauses as above (kept equal by src/modules/reports/engine/grouped.test.ts).
 */
const PUBLISHED = sql`disclosure = 'proactive' and state in ('published', 'withdrawn')`;
/** `kind: rule` counts 规章 (is_rule); anything else 规范性文件 (is_normative), as kindFlag. */
const kindMatch = (p: MetricQuery['params'], r: GroupedRow) => (p.kind === 'rule' ? Number(r.is_rule) === 1 : Number(r.is_normative) === 1);
const DOCUMENTS = sql`(is_rule = 1 or is_normative = 1)`;

const grouped: Record<string, MetricDef['countMany']> = {
  async published(db, q) {
    const [from, to] = yearSpan(q.year);
    const wantsChannel = q.params.some((p) => p.channel !== undefined);
    // By month only when a params set asks for one (the chart): twelve times the rows otherwise.
    const wantsMonth = q.params.some((p) => monthOf(p.month));
    const month = wantsMonth ? sql`, substr(published_on, 6, 2) as month` : sql``;
    const byMonth = wantsMonth ? sql`, substr(published_on, 6, 2)` : sql``;
    const totals = await groupedRows(
      db,
      sql`select org_id ${month}, count(*) as n from cat_items where ${PUBLISHED} and published_on between ${from} and ${to} ${orgIn(q.orgIds)} group by org_id ${byMonth}`,
    );
    const byChannel = wantsChannel
      ? await groupedRows(
          db,
          sql`select i.org_id as org_id, c.channel as channel ${wantsMonth ? sql`, substr(i.published_on, 6, 2) as month` : sql``}, count(distinct i.id) as n
              from cat_items i join cat_item_channels c on c.item_id = i.id
              where i.disclosure = 'proactive' and i.state in ('published', 'withdrawn') and i.published_on between ${from} and ${to} ${orgIn(q.orgIds, 'i.org_id')}
              group by i.org_id, c.channel ${wantsMonth ? sql`, substr(i.published_on, 6, 2)` : sql``}`,
        )
      : [];
    return q.params.map((p) => {
      const ch = paramValues(p.channel);
      const m = monthOf(p.month);
      return (
        distribute(ch ? byChannel : totals, [p], (_p, r) => (!ch || ch.includes(String(r.channel))) && (!m || r.month === m))[0] ?? new Map<number, number>()
      );
    });
  },
  async documentsPublished(db, q) {
    const [from, to] = yearSpan(q.year);
    const r = await groupedRows(
      db,
      sql`select org_id, is_rule, is_normative, sum(case when published_on >= ${from} then 1 else 0 end) as y, count(*) as n from cat_items
          where ${DOCUMENTS} and ${PUBLISHED} and published_on <= ${to} ${orgIn(q.orgIds)}
          group by org_id, is_rule, is_normative`,
    );
    return q.params.map((p) => distribute(r, [p], kindMatch, (x) => Number(p.scope === 'cumulative' ? x.n : x.y) || 0)[0] ?? new Map<number, number>());
  },
  async documentsIssued(db, q) {
    const [from, to] = yearSpan(q.year);
    const r = await groupedRows(
      db,
      sql`select org_id, is_rule, is_normative, count(*) as n from cat_items where formed_on between ${from} and ${to} and ${DOCUMENTS} ${orgIn(q.orgIds)} group by org_id, is_rule, is_normative`,
    );
    return distribute(r, q.params, kindMatch);
  },
  async documentsRepealed(db, q) {
    const [from, to] = yearSpan(q.year);
    const r = await groupedRows(
      db,
      sql`select org_id, is_rule, is_normative, count(*) as n from cat_items where validity in ('repealed', 'expired') and validity_changed_on between ${from} and ${to} and ${DOCUMENTS} ${orgIn(q.orgIds)} group by org_id, is_rule, is_normative`,
    );
    return distribute(r, q.params, kindMatch);
  },
  async documentsInForce(db, q) {
    const [, to] = yearSpan(q.year);
    const r = await groupedRows(
      db,
      sql`select org_id, is_rule, is_normative, count(*) as n from cat_items where formed_on <= ${to} and (validity = 'valid' or validity_changed_on > ${to} or validity_changed_on is null) and ${DOCUMENTS} ${orgIn(q.orgIds)} group by org_id, is_rule, is_normative`,
    );
    return distribute(r, q.params, kindMatch);
  },
};

export const catalogueMetrics = [
  metricOf(
    'catalogue.published',
    '本年发布的主动公开政府信息（不同渠道和方式公开相同的信息计1条）；指定渠道时为其中经该渠道公开的信息',
    (q, m) => {
      let r = publishedIn(q, m.year);
      // `month` (1–12, by 发布日期): the year-over-year chart of items by month.
      const month = monthOf(m.params.month);
      if (month) r = r.where('i.published_on', '>=', `${m.year}-${month}-01`).where('i.published_on', '<=', `${m.year}-${month}-31`);
      const ch = m.params.channel;
      if (typeof ch === 'string' && (CHANNELS as readonly string[]).includes(ch)) {
        r = r.where(({ exists, selectFrom }) =>
          exists(
            selectFrom('cat_item_channels as c')
              .select('c.id')
              .whereRef('c.item_id', '=', 'i.id')
              .where('c.channel', '=', ch as (typeof CHANNELS)[number]),
          ),
        ) as Q;
      }
      return r;
    },
    'published_on',
    grouped.published,
  ),
  metricOf(
    'catalogue.documentsPublished',
    '主动公开的规章或规范性文件：本年发布（scope=year）或截至年底累计发布（scope=cumulative）',
    (q, m) => {
      const [from, to] = yearRange(m.year);
      let r = kindFlag(q, m.params.kind)
        .where('i.disclosure', '=', 'proactive')
        .where('i.state', 'in', ['published', 'withdrawn'])
        .where('i.published_on', '<=', to);
      if (m.params.scope !== 'cumulative') r = r.where('i.published_on', '>=', from);
      return r;
    },
    'published_on',
    grouped.documentsPublished,
  ),
  metricOf(
    'catalogue.documentsIssued',
    '本机关制发的规章或规范性文件（成文日期在本年，不论是否公开）',
    (q, m) => {
      const [from, to] = yearRange(m.year);
      return kindFlag(q, m.params.kind).where('i.formed_on', '>=', from).where('i.formed_on', '<=', to);
    },
    'formed_on',
    grouped.documentsIssued,
  ),
  metricOf(
    'catalogue.documentsRepealed',
    '本年废止或失效的规章或规范性文件（以有效性变更日期计）',
    (q, m) => {
      const [from, to] = yearRange(m.year);
      return kindFlag(q, m.params.kind)
        .where('i.validity', 'in', ['repealed', 'expired'])
        .where('i.validity_changed_on', '>=', from)
        .where('i.validity_changed_on', '<=', to);
    },
    'validity_changed_on',
    grouped.documentsRepealed,
  ),
  metricOf(
    'catalogue.documentsInForce',
    '截至12月31日现行有效的规章或规范性文件（已成文、未废止或失效；已制发尚未施行的计入，本地口径）',
    (q, m) => {
      const [, to] = yearRange(m.year);
      return kindFlag(q, m.params.kind)
        .where('i.formed_on', '<=', to)
        .where((eb) => eb.or([eb('i.validity', '=', 'valid'), eb('i.validity_changed_on', '>', to), eb('i.validity_changed_on', 'is', null)]));
    },
    'formed_on',
    grouped.documentsInForce,
  ),
];
