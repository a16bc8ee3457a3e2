import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { Queryable } from '../../storage/db.ts';
import type { DB } from '../../storage/schema.ts';
import { num } from '../../storage/db.ts';
import { defineMetric, type MetricDef, type MetricQuery, type MetricRecord } from '../../platform/stats/metrics.ts';
import { distribute, groupedRows, orgIn, yearSpan, type GroupedRow } from '../../platform/stats/grouped.ts';
import { APPLICANT_TYPES, CHANNELS, REPORT_CHANNEL, APPLICANT_TYPE_LABELS, type ApplicantType } from './applicants.ts';
import { outcome as outcomeOf, isOutcomeKey, OUTCOME_KEYS_2019, type OutcomeKey2008, type OutcomeKey2019 } from './outcomes.ts';
import { STATE_LABELS } from './states.ts';
import './types.ts';

/**
 * The requests figures of the annual report (docs/report-formats.md, "Requests module"), each for
 * one org's own records and one calendar year, and each able to list the records it counts
 * (personal data left out: codes, dates, outcome, what was asked).
 */

/** 2019 outcome keys are the report's table-三 keys. */
export const REPORT_OUTCOME_KEYS: readonly OutcomeKey2019[] = OUTCOME_KEYS_2019;

/**
 * A 2008-regime request decided in a 2019-format year still needs one of the 21 keys (local 口径,
 * docs/report-formats.md "Local 口径"): 属于已主动公开范围 → 予以公开; 不属于本机关公开 and 信息不存在 →
 * 本机关不掌握; 告知更改补充 (no correction) → 逾期不补正; 告知通过其他途径办理 → 其他. The exemptions map
 * to their 2019 successors: 商业秘密、个人隐私 → 保护第三方合法权益 (2019 第十五条); 危及安全稳定 →
 * 三安全一稳定 (第十四条); 法律法规规定的其他情形 → 其他法律行政法规禁止公开; 不是《条例》所指政府信息 → 其他.
 */
export const OUTCOME_2008_TO_2019: Record<OutcomeKey2008, OutcomeKey2019> = {
  already_public: 'disclose',
  disclose: 'disclose',
  partial: 'partial',
  refuse_state_secret: 'refuse_state_secret',
  refuse_commercial_secret: 'refuse_third_party',
  refuse_privacy: 'refuse_third_party',
  refuse_security_stability: 'refuse_three_security',
  refuse_not_government_information: 'other',
  refuse_other_law: 'refuse_law_forbids',
  not_this_agency: 'unable_not_held',
  not_exist: 'unable_not_held',
  correction: 'other_no_correction',
  other_route: 'other',
};

/** The old table's categories (2008 条例第二十一条) and refusal reasons, by 2008 outcome key. */
export const ANSWER_2008: Record<OutcomeKey2008, { category: string; reason?: string }> = {
  already_public: { category: 'already_public' },
  disclose: { category: 'disclose' },
  partial: { category: 'partial' },
  refuse_state_secret: { category: 'refuse', reason: 'state_secret' },
  refuse_commercial_secret: { category: 'refuse', reason: 'commercial_secret' },
  refuse_privacy: { category: 'refuse', reason: 'privacy' },
  refuse_security_stability: { category: 'refuse', reason: 'security_stability' },
  refuse_not_government_information: { category: 'refuse', reason: 'not_government_info' },
  refuse_other_law: { category: 'refuse', reason: 'other_law' },
  not_this_agency: { category: 'not_this_agency' },
  not_exist: { category: 'not_exist' },
  correction: { category: 'amend' },
  other_route: { category: 'other_route' },
};

/** The 21-key outcome of a decided request, whatever its regime. */
export function reportOutcome(regime: '2008' | '2019', key: string): OutcomeKey2019 {
  return regime === '2019' ? (key as OutcomeKey2019) : OUTCOME_2008_TO_2019[key as OutcomeKey2008];
}

type EB = ExpressionBuilder<DB, 'requests'>;
const applicantMatch = (p: MetricQuery['params'], r: GroupedRow) => p.applicant === undefined || String(p.applicant) === String(r.applicant_type);
type Where = (eb: EB) => Expression<SqlBool>;

const yearBounds = (y: number) => ({ from: `${y}-01-01`, to: `${y}-12-31` });
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);

function applicantIs(q: MetricQuery): Where | null {
  const a = str(q.params.applicant);
  if (!a) return null;
  if (!(APPLICANT_TYPES as readonly string[]).includes(a)) throw new Error(`unknown applicant key: ${a}`);
  return (eb) => eb('requests.applicant_type', '=', a as ApplicantType);
}

function and(...ws: Array<Where | null>): Where {
  return (eb) => eb.and(ws.filter((w): w is Where => w !== null).map((w) => w(eb)));
}

/** Requests of the org (its own records) matching `where`: count and records share one definition. */
function requestMetric(
  name: string,
  describe: string,
  where: (q: MetricQuery) => Where,
  dateOf: 'received_on' | 'decided_on',
  countMany: MetricDef['countMany'],
): MetricDef {
  const base = (db: Queryable, q: MetricQuery) => db.selectFrom('requests').where('requests.org_id', '=', q.orgId).where(where(q));
  const count = async (db: Queryable, q: MetricQuery) => num((await base(db, q).select(sql<number>`count(*)`.as('n')).executeTakeFirst())?.n);
  return defineMetric({
    name,
    describe,
    count,
    countMany,
    async records(db, q, page) {
      const [rows, total] = await Promise.all([
        base(db, q)
          .select(['id', 'query_code', 'regime', 'applicant_type', 'state', 'outcome', 'info_name', 'info_description', 'received_on', 'decided_on'])
          .orderBy(dateOf, 'desc')
          .orderBy('id', 'desc')
          .limit(page.limit)
          .offset(page.offset)
          .execute(),
        count(db, q),
      ]);
      return { total, rows: rows.map((r) => requestRecord(r, dateOf)) };
    },
  });
}

function requestRecord(
  r: {
    id: number;
    query_code: string;
    regime: '2008' | '2019';
    applicant_type: ApplicantType;
    state: keyof typeof STATE_LABELS;
    outcome: string | null;
    info_name: string;
    info_description: string;
    received_on: string | null;
    decided_on: string | null;
  },
  dateOf: 'received_on' | 'decided_on',
): MetricRecord {
  const what = (r.info_name || r.info_description).slice(0, 30);
  const result = r.outcome && isOutcomeKey(r.regime, r.outcome) ? outcomeOf(r.regime, r.outcome).label : STATE_LABELS[r.state];
  return {
    id: String(r.id),
    label: `${r.query_code}｜${APPLICANT_TYPE_LABELS[r.applicant_type]}｜${result}｜${what}`,
    href: `/admin/requests/${Number(r.id)}`,
    ...((dateOf === 'decided_on' ? r.decided_on : r.received_on) ? { date: (dateOf === 'decided_on' ? r.decided_on : r.received_on)! } : {}),
  };
}

// ───────────────────────────── table 三 and the old table's 三 ─────────────────────────────

export const receivedMetric = requestMetric(
  'requests.received',
  '收到申请之日（法定收到日期）在本年度的申请，每件申请计1件（含后来撤回、不予处理的）',
  (q) => {
    const { from, to } = yearBounds(q.year);
    const ch = str(q.params.channel);
    const channels = ch ? CHANNELS.filter((c) => REPORT_CHANNEL[c] === ch) : null;
    if (ch && !channels!.length) throw new Error(`unknown channel key: ${ch}`);
    return and(
      (eb) => eb.and([eb('requests.received_on', '>=', from), eb('requests.received_on', '<=', to)]),
      applicantIs(q),
      channels ? (eb) => eb('requests.channel', 'in', channels) : null,
    );
  },
  'received_on',
  async (db, q) => {
    const [from, to] = yearSpan(q.year);
    const r = await groupedRows(
      db,
      sql`select org_id, applicant_type, channel, count(*) as n from requests where received_on between ${from} and ${to} ${orgIn(q.orgIds)} group by org_id, applicant_type, channel`,
    );
    return distribute(
      r,
      q.params,
      (p, x) => applicantMatch(p, x) && (p.channel === undefined || REPORT_CHANNEL[x.channel as keyof typeof REPORT_CHANNEL] === p.channel),
    );
  },
);

export const carriedInMetric = requestMetric(
  'requests.carriedIn',
  '上年12月31日前收到、至上年末尚未办结（无最终办理结果）的申请',
  (q) => {
    const { from } = yearBounds(q.year);
    return and(
      (eb) => eb.and([eb('requests.received_on', '<', from), eb.or([eb('requests.decided_on', 'is', null), eb('requests.decided_on', '>=', from)])]),
      applicantIs(q),
    );
  },
  'received_on',
  async (db, q) => {
    const [from] = yearSpan(q.year);
    const r = await groupedRows(
      db,
      sql`select org_id, applicant_type, count(*) as n from requests where received_on < ${from} and (decided_on is null or decided_on >= ${from}) ${orgIn(q.orgIds)} group by org_id, applicant_type`,
    );
    return distribute(r, q.params, applicantMatch);
  },
);

export const carriedOutMetric = requestMetric(
  'requests.carriedOut',
  '本年12月31日前收到、至本年末尚未办结的申请（结转下年度继续办理）',
  (q) => {
    const { to } = yearBounds(q.year);
    return and(
      (eb) => eb.and([eb('requests.received_on', '<=', to), eb.or([eb('requests.decided_on', 'is', null), eb('requests.decided_on', '>', to)])]),
      applicantIs(q),
    );
  },
  'received_on',
  async (db, q) => {
    const [, to] = yearSpan(q.year);
    const r = await groupedRows(
      db,
      sql`select org_id, applicant_type, count(*) as n from requests where received_on <= ${to} and (decided_on is null or decided_on > ${to}) ${orgIn(q.orgIds)} group by org_id, applicant_type`,
    );
    return distribute(r, q.params, applicantMatch);
  },
);

export const outcomeMetric = requestMetric(
  'requests.outcome',
  '本年度作出最终办理结果（答复或不再处理）的申请，按办理结果（部分公开只计部分公开）；2008年条例下的申请按本地口径折算',
  (q) => {
    const { from, to } = yearBounds(q.year);
    const keys = list(q.params.outcome);
    for (const k of keys) if (!(REPORT_OUTCOME_KEYS as readonly string[]).includes(k)) throw new Error(`unknown outcome key: ${k}`);
    const old = (Object.keys(OUTCOME_2008_TO_2019) as OutcomeKey2008[]).filter((k) => keys.includes(OUTCOME_2008_TO_2019[k]));
    return and(
      (eb) => eb.and([eb('requests.decided_on', '>=', from), eb('requests.decided_on', '<=', to)]),
      (eb) =>
        eb.or([
          eb.and([eb('requests.regime', '=', '2019'), keys.length ? eb('requests.outcome', 'in', keys) : sql<SqlBool>`1 = 0`]),
          eb.and([eb('requests.regime', '=', '2008'), old.length ? eb('requests.outcome', 'in', old) : sql<SqlBool>`1 = 0`]),
        ]),
      applicantIs(q),
    );
  },
  'decided_on',
  async (db, q) => {
    const [from, to] = yearSpan(q.year);
    const r = await groupedRows(
      db,
      sql`select org_id, applicant_type, regime, outcome, count(*) as n from requests where decided_on between ${from} and ${to} and outcome is not null ${orgIn(q.orgIds)} group by org_id, applicant_type, regime, outcome`,
    );
    return distribute(r, q.params, (p, x) => applicantMatch(p, x) && list(p.outcome).includes(reportOutcome(x.regime as '2008' | '2019', String(x.outcome))));
  },
);

export const completedMetric = requestMetric(
  'requests.completed',
  '本年度办结的申请：按时（不晚于法定答复期限，征求第三方意见时间不计）或延期（经批准延期或逾期答复，本地口径）',
  (q) => {
    const { from, to } = yearBounds(q.year);
    const t = str(q.params.timeliness);
    if (t !== 'on_time' && t !== 'extended') throw new Error(`timeliness must be on_time or extended: ${String(t)}`);
    return and(
      (eb) => eb.and([eb('requests.decided_on', '>=', from), eb('requests.decided_on', '<=', to)]),
      t === 'on_time'
        ? (eb) => eb.or([eb('requests.statutory_due_on', 'is', null), eb('requests.decided_on', '<=', eb.ref('requests.statutory_due_on'))])
        : (eb) => eb.and([eb('requests.statutory_due_on', 'is not', null), eb('requests.decided_on', '>', eb.ref('requests.statutory_due_on'))]),
    );
  },
  'decided_on',
  async (db, q) => {
    const [from, to] = yearSpan(q.year);
    const r = await groupedRows(
      db,
      sql`select org_id, case when statutory_due_on is null or decided_on <= statutory_due_on then 'on_time' else 'extended' end as timeliness, count(*) as n
          from requests where decided_on between ${from} and ${to} ${orgIn(q.orgIds)} group by org_id, timeliness`,
    );
    return distribute(r, q.params, (p, x) => p.timeliness === x.timeliness);
  },
);

export const answer2008Metric = requestMetric(
  'requests.answer2008',
  '本年度答复的2008年条例下的申请，按原统计表的答复类别；不同意公开按告知书引用的第一项理由（本地口径）',
  (q) => {
    const { from, to } = yearBounds(q.year);
    const category = str(q.params.category);
    const reason = str(q.params.reason);
    const keys = (Object.keys(ANSWER_2008) as OutcomeKey2008[]).filter(
      (k) => ANSWER_2008[k].category === category && (!reason || ANSWER_2008[k].reason === reason),
    );
    if (!keys.length) throw new Error(`unknown 2008 answer category: ${String(category)}${reason ? `/${reason}` : ''}`);
    return and((eb) =>
      eb.and([
        eb('requests.decided_on', '>=', from),
        eb('requests.decided_on', '<=', to),
        eb('requests.regime', '=', '2008'),
        eb('requests.outcome', 'in', keys),
      ]),
    );
  },
  'decided_on',
  async (db, q) => {
    const [from, to] = yearSpan(q.year);
    const r = await groupedRows(
      db,
      sql`select org_id, outcome, count(*) as n from requests where decided_on between ${from} and ${to} and regime = '2008' and outcome is not null ${orgIn(q.orgIds)} group by org_id, outcome`,
    );
    return distribute(r, q.params, (p, x) => {
      const a = ANSWER_2008[x.outcome as OutcomeKey2008];
      return !!a && a.category === p.category && (!p.reason || a.reason === p.reason);
    });
  },
);

// ───────────────────────────── table 四 ─────────────────────────────

type AEB = ExpressionBuilder<DB, 'appeals'>;

function appealMetric(name: string, kind: 'reconsideration' | 'litigation', describe: string): MetricDef {
  const where = (q: MetricQuery) => (eb: AEB) => {
    const { from, to } = yearBounds(q.year);
    const result = str(q.params.result);
    const route = str(q.params.route);
    if (!result || !['upheld', 'corrected', 'other', 'pending'].includes(result))
      throw new Error(`result must be upheld, corrected, other or pending: ${String(result)}`);
    if (route && route !== 'direct' && route !== 'after_reconsideration') throw new Error(`unknown route: ${route}`);
    const conds: Expression<SqlBool>[] = [eb('appeals.org_id', '=', q.orgId), eb('appeals.kind', '=', kind)];
    if (route) conds.push(eb('appeals.route', '=', route as 'direct' | 'after_reconsideration'));
    if (result === 'pending') {
      // Applied for or filed by 31 December and not decided by then (an appeal pending at year end too).
      conds.push(eb('appeals.filed_on', '<=', to), eb.or([eb('appeals.decided_on', 'is', null), eb('appeals.decided_on', '>', to)]));
    } else {
      conds.push(
        eb('appeals.result', '=', result as 'upheld' | 'corrected' | 'other'),
        eb('appeals.decided_on', '>=', from),
        eb('appeals.decided_on', '<=', to),
      );
    }
    return eb.and(conds);
  };
  const base = (db: Queryable, q: MetricQuery) => db.selectFrom('appeals').where(where(q));
  const count = async (db: Queryable, q: MetricQuery) => num((await base(db, q).select(sql<number>`count(*)`.as('n')).executeTakeFirst())?.n);
  return defineMetric({
    name,
    describe,
    count,
    async countMany(db, q) {
      const [from, to] = yearSpan(q.year);
      const r = await groupedRows(
        db,
        sql`select org_id, route, result,
              sum(case when decided_on between ${from} and ${to} then 1 else 0 end) as decided,
              sum(case when filed_on <= ${to} and (decided_on is null or decided_on > ${to}) then 1 else 0 end) as pending
            from appeals where kind = ${kind} ${orgIn(q.orgIds)} group by org_id, route, result`,
      );
      return q.params.map((p) => {
        const route = str(p.route);
        const result = String(p.result);
        const [counts = new Map<number, number>()] = distribute(
          r,
          [p],
          (_p, x) => (route === undefined || x.route === route) && (result === 'pending' || x.result === result),
          (x) => num(result === 'pending' ? x.pending : x.decided),
        );
        return counts;
      });
    },
    async records(db, q, page) {
      const rows = await base(db, q)
        .select(['id', 'kind', 'route', 'body', 'case_number', 'filed_on', 'decided_on', 'result', 'request_id'])
        .orderBy('filed_on', 'desc')
        .orderBy('id', 'desc')
        .limit(page.limit)
        .offset(page.offset)
        .execute();
      return {
        total: await count(db, q),
        rows: rows.map((a) => ({
          id: String(a.id),
          label: `${a.kind === 'reconsideration' ? '行政复议' : a.route === 'after_reconsideration' ? '复议后起诉' : '直接起诉'}｜${a.body}${a.case_number ? `｜${a.case_number}` : ''}`,
          href: `/admin/appeals/${Number(a.id)}`,
          date: a.decided_on ?? a.filed_on,
        })),
      };
    },
  });
}

export const reconsiderationMetric = appealMetric(
  'requests.reconsideration',
  'reconsideration',
  '本机关为被申请人的政府信息公开行政复议案件：本年审结的按结果，尚未审结的按年末状态',
);
export const litigationMetric = appealMetric(
  'requests.litigation',
  'litigation',
  '本机关为被告的政府信息公开行政诉讼案件（复议机关作共同被告的只计原行政机关）：按最终审级的裁判结果，年末未审结的计尚未审结',
);

// ───────────────────────────── fees ─────────────────────────────

export const feesCollectedMetric = defineMetric({
  name: 'requests.feesCollected',
  describe: '本年度实际收取的依申请公开费用（按缴费日期），单位万元（元÷10000，不四舍五入）',
  async count(db, q) {
    const { from, to } = yearBounds(q.year);
    const r = await db
      .selectFrom('request_fees')
      .innerJoin('requests', 'requests.id', 'request_fees.request_id')
      .where('requests.org_id', '=', q.orgId)
      .where('request_fees.paid_on', '>=', from)
      .where('request_fees.paid_on', '<=', to)
      .select(sql<number>`coalesce(sum(request_fees.paid_fen), 0)`.as('fen'))
      .executeTakeFirst();
    // 分 → 万元: 1万元 = 1,000,000分.
    return num(r?.fen) / 1_000_000;
  },
  async countMany(db, q) {
    const [from, to] = yearSpan(q.year);
    const r = await groupedRows(
      db,
      sql`select r.org_id as org_id, coalesce(sum(f.paid_fen), 0) as n from request_fees f join requests r on r.id = f.request_id where f.paid_on between ${from} and ${to} ${orgIn(q.orgIds, 'r.org_id')} group by r.org_id`,
    );
    return distribute(
      r,
      q.params,
      () => true,
      (x) => num(x.n) / 1_000_000,
    );
  },
  async records(db, q, page) {
    const { from, to } = yearBounds(q.year);
    const base = db
      .selectFrom('request_fees')
      .innerJoin('requests', 'requests.id', 'request_fees.request_id')
      .where('requests.org_id', '=', q.orgId)
      .where('request_fees.paid_on', '>=', from)
      .where('request_fees.paid_on', '<=', to);
    const [rows, n] = await Promise.all([
      base
        .select(['requests.id as id', 'requests.query_code as code', 'request_fees.paid_on as paid_on', 'request_fees.paid_fen as paid_fen'])
        .orderBy('request_fees.paid_on', 'desc')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
      base.select(sql<number>`count(*)`.as('n')).executeTakeFirst(),
    ]);
    return {
      total: num(n?.n),
      rows: rows.map((r) => ({
        id: String(r.id),
        label: `${r.code}｜${(num(r.paid_fen) / 100).toFixed(2)}元`,
        href: `/admin/requests/${Number(r.id)}`,
        date: r.paid_on ?? undefined,
      })),
    };
  },
});

export const requestsMetrics: readonly MetricDef[] = [
  receivedMetric,
  carriedInMetric,
  carriedOutMetric,
  outcomeMetric,
  completedMetric,
  answer2008Metric,
  reconsiderationMetric,
  litigationMetric,
  feesCollectedMetric,
];
