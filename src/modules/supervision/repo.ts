import { sql } from 'kysely';
import type { Queryable } from '../../storage/db.ts';
import type { Scope } from '../../platform/authz/policy.ts';
import { orgIdInScope, pathInScope } from '../orgs/index.ts';
import type { RaisedLevel } from './settings.ts';
import type { NoticeState, SignalState } from './states.ts';
import type { SupervisionNoticeEventsTable } from './types.ts';
import './types.ts';

/** Every read of 电子监察's tables (writes are in commands/). Lists take the viewer's scope. */

export interface SignalRow {
  id: number;
  subject_type: string;
  subject_id: number;
  org_id: number;
  org_name: string;
  org_path: string;
  rule: string;
  level: RaisedLevel;
  raised_on: string;
  raised_at: string;
  detail: string;
  href: string;
  state: SignalState;
  read_at: string | null;
  read_by: string | null;
  cleared_at: string | null;
  cleared_by: string | null;
  clear_reason: string | null;
}

const num = <T extends { id: unknown; subject_id: unknown; org_id: unknown }>(r: T) => ({
  ...r,
  id: Number(r.id),
  subject_id: Number(r.subject_id),
  org_id: Number(r.org_id),
});

function signals(db: Queryable) {
  return db
    .selectFrom('supervision_signals')
    .innerJoin('orgs', 'orgs.id', 'supervision_signals.org_id')
    .select([
      'supervision_signals.id',
      'supervision_signals.subject_type',
      'supervision_signals.subject_id',
      'supervision_signals.org_id',
      'orgs.name as org_name',
      'orgs.path as org_path',
      'supervision_signals.rule',
      'supervision_signals.level',
      'supervision_signals.raised_on',
      'supervision_signals.raised_at',
      'supervision_signals.detail',
      'supervision_signals.href',
      'supervision_signals.state',
      'supervision_signals.read_at',
      'supervision_signals.read_by',
      'supervision_signals.cleared_at',
      'supervision_signals.cleared_by',
      'supervision_signals.clear_reason',
    ]);
}

export async function findSignal(db: Queryable, id: number): Promise<SignalRow | undefined> {
  if (!Number.isSafeInteger(id)) return undefined;
  const r = await signals(db).where('supervision_signals.id', '=', id).executeTakeFirst();
  return r ? (num(r) as SignalRow) : undefined;
}

export async function findSignals(db: Queryable, ids: readonly number[]): Promise<SignalRow[]> {
  if (!ids.length) return [];
  const rows = await signals(db)
    .where('supervision_signals.id', 'in', [...ids])
    .orderBy('supervision_signals.id')
    .execute();
  return rows.map((r) => num(r) as SignalRow);
}

export interface SignalFilter {
  orgId?: number;
  level?: RaisedLevel;
  state?: SignalState;
  subjectType?: string;
  subjectId?: number;
  /** Raised on or after / on or before. */
  from?: string;
  to?: string;
}

export async function listSignals(
  db: Queryable,
  scope: Scope,
  f: SignalFilter,
  page: { limit: number; offset: number },
): Promise<{ total: number; rows: SignalRow[] }> {
  let q = signals(db).where((eb) => pathInScope(eb, 'orgs.path', scope));
  if (f.orgId) q = q.where('supervision_signals.org_id', '=', f.orgId);
  if (f.level) q = q.where('supervision_signals.level', '=', f.level);
  if (f.state) q = q.where('supervision_signals.state', '=', f.state);
  if (f.subjectType) q = q.where('supervision_signals.subject_type', '=', f.subjectType);
  if (f.subjectId) q = q.where('supervision_signals.subject_id', '=', f.subjectId);
  if (f.from) q = q.where('supervision_signals.raised_on', '>=', f.from);
  if (f.to) q = q.where('supervision_signals.raised_on', '<=', f.to);
  const [rows, total] = await Promise.all([
    q.orderBy('supervision_signals.raised_on', 'desc').orderBy('supervision_signals.id', 'desc').limit(page.limit).offset(page.offset).execute(),
    q
      .clearSelect()
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { total: Number(total.n), rows: rows.map((r) => num(r) as SignalRow) };
}

export interface DepartmentCounts {
  orgId: number;
  orgName: string;
  counts: Record<RaisedLevel, Record<SignalState, number>>;
}

/** Signals by department × level × state (the overview), in the viewer's scope. */
export async function countsByDepartment(db: Queryable, scope: Scope, f: Pick<SignalFilter, 'from' | 'to'> = {}): Promise<DepartmentCounts[]> {
  let q = db
    .selectFrom('supervision_signals')
    .innerJoin('orgs', 'orgs.id', 'supervision_signals.org_id')
    .where((eb) => pathInScope(eb, 'orgs.path', scope));
  if (f.from) q = q.where('supervision_signals.raised_on', '>=', f.from);
  if (f.to) q = q.where('supervision_signals.raised_on', '<=', f.to);
  const rows = await q
    .select([
      'supervision_signals.org_id',
      'orgs.name',
      'orgs.path',
      'supervision_signals.level',
      'supervision_signals.state',
      (eb) => eb.fn.countAll().as('n'),
    ])
    .groupBy(['supervision_signals.org_id', 'orgs.name', 'orgs.path', 'supervision_signals.level', 'supervision_signals.state'])
    .orderBy('orgs.path')
    .execute();
  const out = new Map<number, DepartmentCounts>();
  for (const r of rows) {
    const id = Number(r.org_id);
    let d = out.get(id);
    if (!d) {
      d = { orgId: id, orgName: r.name, counts: { warning: zero(), yellow: zero(), red: zero() } };
      out.set(id, d);
    }
    d.counts[r.level][r.state] += Number(r.n);
  }
  return [...out.values()];
}

const zero = (): Record<SignalState, number> => ({ raised: 0, read: 0, cleared: 0 });

/** Signals not cleared, by level, in the scope (the dashboard block). */
export async function openCounts(db: Queryable, scope: Scope): Promise<Record<RaisedLevel, number>> {
  const rows = await db
    .selectFrom('supervision_signals')
    .where((eb) => orgIdInScope(eb, 'supervision_signals.org_id', scope))
    .where('supervision_signals.state', '!=', 'cleared')
    .select(['supervision_signals.level', (eb) => eb.fn.countAll().as('n')])
    .groupBy('supervision_signals.level')
    .execute();
  const out: Record<RaisedLevel, number> = { warning: 0, yellow: 0, red: 0 };
  for (const r of rows) out[r.level] = Number(r.n);
  return out;
}

export interface NoticeRow {
  id: number;
  number: string;
  subject_type: string;
  subject_id: number;
  org_id: number;
  org_name: string;
  org_path: string;
  requirement: string;
  issued_on: string;
  issued_at: string;
  issued_by: string;
  answer_days: number;
  answer_by: string;
  state: NoticeState;
  answer: string | null;
  answered_at: string | null;
  answered_by: string | null;
  closed_at: string | null;
  closed_by: string | null;
}

function notices(db: Queryable) {
  return db
    .selectFrom('supervision_notices')
    .innerJoin('orgs', 'orgs.id', 'supervision_notices.org_id')
    .select([
      'supervision_notices.id',
      'supervision_notices.number',
      'supervision_notices.subject_type',
      'supervision_notices.subject_id',
      'supervision_notices.org_id',
      'orgs.name as org_name',
      'orgs.path as org_path',
      'supervision_notices.requirement',
      'supervision_notices.issued_on',
      'supervision_notices.issued_at',
      'supervision_notices.issued_by',
      'supervision_notices.answer_days',
      'supervision_notices.answer_by',
      'supervision_notices.state',
      'supervision_notices.answer',
      'supervision_notices.answered_at',
      'supervision_notices.answered_by',
      'supervision_notices.closed_at',
      'supervision_notices.closed_by',
    ]);
}

const numNotice = (r: Record<string, unknown>) =>
  ({ ...num(r as { id: unknown; subject_id: unknown; org_id: unknown }), answer_days: Number(r.answer_days) }) as NoticeRow;

export async function findNotice(db: Queryable, id: number): Promise<NoticeRow | undefined> {
  if (!Number.isSafeInteger(id)) return undefined;
  const r = await notices(db).where('supervision_notices.id', '=', id).executeTakeFirst();
  return r ? numNotice(r) : undefined;
}

export async function listNotices(
  db: Queryable,
  scope: Scope,
  f: { state?: NoticeState; orgId?: number; signalId?: number },
  page: { limit: number; offset: number },
): Promise<{ total: number; rows: NoticeRow[] }> {
  let q = notices(db).where((eb) => pathInScope(eb, 'orgs.path', scope));
  if (f.state) q = q.where('supervision_notices.state', '=', f.state);
  if (f.orgId) q = q.where('supervision_notices.org_id', '=', f.orgId);
  if (f.signalId)
    q = q.where('supervision_notices.id', 'in', (eb) => eb.selectFrom('supervision_notice_signals').select('notice_id').where('signal_id', '=', f.signalId!));
  const [rows, total] = await Promise.all([
    q.orderBy('supervision_notices.issued_at', 'desc').orderBy('supervision_notices.id', 'desc').limit(page.limit).offset(page.offset).execute(),
    q
      .clearSelect()
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { total: Number(total.n), rows: rows.map(numNotice) };
}

export async function noticeSignalIds(db: Queryable, noticeId: number): Promise<number[]> {
  const rows = await db.selectFrom('supervision_notice_signals').select('signal_id').where('notice_id', '=', noticeId).orderBy('signal_id').execute();
  return rows.map((r) => Number(r.signal_id));
}

export type NoticeEvent = Omit<SupervisionNoticeEventsTable, 'id'> & { id: number };

export async function noticeEvents(db: Queryable, noticeId: number): Promise<NoticeEvent[]> {
  const rows = await db.selectFrom('supervision_notice_events').selectAll().where('notice_id', '=', noticeId).orderBy('id').execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), notice_id: Number(r.notice_id) }));
}

/** The next 督办 number of a year (in the issuing transaction; the unique index guards a race). */
export async function nextNoticeSeq(db: Queryable, year: number): Promise<number> {
  const r = await db.selectFrom('supervision_notices').select(sql<number>`coalesce(max(seq), 0)`.as('m')).where('year', '=', year).executeTakeFirstOrThrow();
  return Number(r.m) + 1;
}
