/**
 * What the report module's own records contribute to the report: the disclosure activities
 * (press conferences, online interviews, interpretation articles, responses to public concern,
 * hearings, meetings, training), each counted for the org that held it, in the year it took place.
 * Names and counting rules: docs/report-formats.md (Activities). Each metric answers many orgs in
 * one grouped query (`countMany`, see engine/batch.ts) and lists the records it counts.
 */
import { sql, type SqlBool } from 'kysely';
import type { Queryable } from '../../storage/db.ts';
import { num } from '../../storage/db.ts';
import type { MetricQuery, MetricRecord } from '../../platform/stats/metrics.ts';
import { paramList, type BatchMetric, type ManyQuery, type MetricParams } from './engine/batch.ts';
import { ACTIVITY_KIND_LABELS, RESPONSE_CHANNEL_LABELS, type ActivityKind, type ResponseChannel } from './types.ts';
import './types.ts';

const yearRange = (year: number) => [`${year}-01-01`, `${year}-12-31`] as const;

interface ActivityMetricSpec {
  name: string;
  kind: ActivityKind;
  describe: string;
  /** Params this metric understands: leader ('yes' → only those the principal leader attended), channel. */
  filters: Array<'leader' | 'channel'>;
  /** count: one per record; participants: the sum of attendees (人次). */
  measure: 'count' | 'participants';
}

function matches(spec: ActivityMetricSpec, params: MetricParams, row: { leader_present: number; channel: string | null }): boolean {
  if (spec.filters.includes('leader') && params.leader !== undefined) {
    const want = String(params.leader) === 'yes' || params.leader === true;
    if ((Number(row.leader_present) === 1) !== want) return false;
  }
  if (spec.filters.includes('channel')) {
    const channels = paramList(params.channel);
    if (channels && !channels.includes(row.channel ?? '')) return false;
  }
  return true;
}

function activityQuery(db: Queryable, spec: ActivityMetricSpec, year: number) {
  const [from, to] = yearRange(year);
  return db.selectFrom('report_activities').where('kind', '=', spec.kind).where('deleted', '=', 0).where('held_on', '>=', from).where('held_on', '<=', to);
}

function activityMetric(spec: ActivityMetricSpec): BatchMetric {
  const filterSql = (params: MetricParams) => {
    const parts: Array<ReturnType<typeof sql<SqlBool>>> = [];
    if (spec.filters.includes('leader') && params.leader !== undefined) {
      parts.push(sql<SqlBool>`leader_present = ${String(params.leader) === 'yes' || params.leader === true ? 1 : 0}`);
    }
    const channels = spec.filters.includes('channel') ? paramList(params.channel) : undefined;
    if (channels) parts.push(sql<SqlBool>`channel in (${sql.join(channels)})`);
    return parts;
  };
  const def: BatchMetric = {
    name: spec.name,
    describe: spec.describe,
    async count(db, q: MetricQuery) {
      let query = activityQuery(db, spec, q.year).where('org_id', '=', q.orgId);
      for (const f of filterSql(q.params)) query = query.where(f);
      const r = await query
        .select((eb) => (spec.measure === 'count' ? eb.fn.countAll().as('n') : eb.fn.sum<number>('participants').as('n')))
        .executeTakeFirst();
      return num(r?.n);
    },
    async countMany(db, q: ManyQuery) {
      // One grouped query answers every params set: group by the dimensions params can filter on.
      let query = activityQuery(db, spec, q.year);
      if (q.orgIds) query = query.where('org_id', 'in', [...q.orgIds]);
      const rows = await query
        .select(['org_id', 'leader_present', 'channel'])
        .select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum<number>('participants').as('p')])
        .groupBy(['org_id', 'leader_present', 'channel'])
        .execute();
      return q.params.map((params) => {
        const out = new Map<number, number>();
        for (const r of rows) {
          if (!matches(spec, params, r)) continue;
          const org = Number(r.org_id);
          out.set(org, (out.get(org) ?? 0) + (spec.measure === 'count' ? num(r.n) : num(r.p)));
        }
        return out;
      });
    },
    async records(db, q, page) {
      let query = activityQuery(db, spec, q.year).where('org_id', '=', q.orgId);
      for (const f of filterSql(q.params)) query = query.where(f);
      const total = spec.measure === 'count' ? await def.count(db, q) : num((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n);
      const rows = await query
        .select(['id', 'title', 'held_on', 'leader_present', 'channel', 'participants'])
        .orderBy('held_on', 'desc')
        .orderBy('id', 'desc')
        .limit(page.limit)
        .offset(page.offset)
        .execute();
      return {
        total,
        rows: rows.map(
          (r): MetricRecord => ({
            id: String(r.id),
            label: activityLabel(spec.kind, r),
            href: `/admin/reports/activities/${r.id}`,
            date: r.held_on,
          }),
        ),
      };
    },
  };
  return def;
}

function activityLabel(kind: ActivityKind, r: { title: string; leader_present: number; channel: string | null; participants: number | null }): string {
  const extras: string[] = [];
  if ((kind === 'press_conference' || kind === 'online_interview') && Number(r.leader_present) === 1) extras.push('主要负责同志参加');
  if (kind === 'response' && r.channel) extras.push(RESPONSE_CHANNEL_LABELS[r.channel as ResponseChannel] ?? r.channel);
  if ((kind === 'training' || kind === 'hearing' || kind === 'meeting') && r.participants !== null) extras.push(`${r.participants}人`);
  return extras.length ? `${r.title}（${extras.join('，')}）` : r.title;
}

const SPECS: ActivityMetricSpec[] = [
  {
    name: 'activity.pressConferences',
    kind: 'press_conference',
    describe: '本年参加或举办的新闻发布会（leader=yes：主要负责同志参加的）',
    filters: ['leader'],
    measure: 'count',
  },
  {
    name: 'activity.onlineInterviews',
    kind: 'online_interview',
    describe: '本年政府网站在线访谈（leader=yes：主要负责同志参加的）',
    filters: ['leader'],
    measure: 'count',
  },
  { name: 'activity.interpretations', kind: 'interpretation', describe: '本年发布的政策解读稿件，每篇关联所解读的政策', filters: [], measure: 'count' },
  {
    name: 'activity.responses',
    kind: 'response',
    describe: '本年回应公众关注的事件，按回应渠道（channel：website 政府网站、social_media 微博微信、other 其他方式）',
    filters: ['channel'],
    measure: 'count',
  },
  { name: 'activity.hearings', kind: 'hearing', describe: '本年举行的听证会', filters: [], measure: 'count' },
  { name: 'activity.meetings', kind: 'meeting', describe: '本年召开的政府信息公开工作会议或专题会议', filters: [], measure: 'count' },
  { name: 'activity.trainingCourses', kind: 'training', describe: '本年举办的政府信息公开培训班', filters: [], measure: 'count' },
  { name: 'activity.trainees', kind: 'training', describe: '本年培训班参加人次之和', filters: [], measure: 'participants' },
];

/**
 * 回应公众关注热点或重大舆情数: concerns flagged 热点/重大舆情, of the org that recorded them,
 * answered at least once in the year — once each however many responses and channels
 * (不同方式回应同一热点或舆情计1次). Counting the concern for its own org keeps a roll-up from
 * counting one concern twice when two departments answered it.
 */
const hotTopics: BatchMetric = {
  name: 'activity.hotTopics',
  describe: '本年作出回应的公众关注热点或重大舆情（同一事项多种方式回应计1次）',
  async count(db, q) {
    const m = await hotTopicsQuery(db, q.year, [q.orgId]);
    return m.get(q.orgId) ?? 0;
  },
  async countMany(db, q) {
    const m = await hotTopicsQuery(db, q.year, q.orgIds);
    return q.params.map(() => m);
  },
  async records(db, q, page) {
    const [from, to] = yearRange(q.year);
    const base = db
      .selectFrom('report_concerns as c')
      .where('c.org_id', '=', q.orgId)
      .where('c.is_hot', '=', 1)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('report_activities as a')
            .select('a.id')
            .whereRef('a.concern_id', '=', 'c.id')
            .where('a.kind', '=', 'response')
            .where('a.deleted', '=', 0)
            .where('a.held_on', '>=', from)
            .where('a.held_on', '<=', to),
        ),
      );
    const total = num((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n);
    const rows = await base.select(['c.id', 'c.title', 'c.raised_on']).orderBy('c.raised_on', 'desc').limit(page.limit).offset(page.offset).execute();
    return { total, rows: rows.map((r) => ({ id: String(r.id), label: r.title, href: `/admin/reports/concerns#concern-${r.id}`, date: r.raised_on })) };
  },
};

async function hotTopicsQuery(db: Queryable, year: number, orgIds: readonly number[] | null): Promise<Map<number, number>> {
  const [from, to] = yearRange(year);
  let q = db
    .selectFrom('report_concerns as c')
    .innerJoin('report_activities as a', 'a.concern_id', 'c.id')
    .where('c.is_hot', '=', 1)
    .where('a.kind', '=', 'response')
    .where('a.deleted', '=', 0)
    .where('a.held_on', '>=', from)
    .where('a.held_on', '<=', to);
  if (orgIds) q = q.where('c.org_id', 'in', [...orgIds]);
  const rows = await q
    .select('c.org_id')
    .select((eb) => eb.fn.count('c.id').distinct().as('n'))
    .groupBy('c.org_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.org_id), num(r.n)]));
}

export const activityMetrics: BatchMetric[] = [...SPECS.map(activityMetric), hotTopics];

export { ACTIVITY_KIND_LABELS };
