import { sql, type Selectable } from 'kysely';
import type { Queryable } from '../../storage/db.ts';
import { num } from '../../storage/db.ts';
import type { Scope } from '../../platform/authz/policy.ts';
import { orgIdInScope } from '../orgs/index.ts';
import type { IsoDate } from '../../kernel/dates.ts';
import type { AppealsTable, RequestConsultationsTable, RequestEventsTable, RequestFeesTable, RequestsTable } from './types.ts';
import { OPEN, type RequestState } from './states.ts';
import './types.ts';

/** All SQL of the module's records lives here; commands and views call these. */
export type RequestRow = Selectable<RequestsTable>;
export type EventRow = Selectable<RequestEventsTable>;
export type ConsultationRow = Selectable<RequestConsultationsTable>;
export type FeeRow = Selectable<RequestFeesTable>;
export type AppealRow = Selectable<AppealsTable>;

/** pg returns int columns as numbers but ids through identity may arrive as strings: normalise. */
function fixRequest(r: RequestRow): RequestRow {
  return {
    ...r,
    id: Number(r.id),
    org_id: Number(r.org_id),
    due_provisional: Number(r.due_provisional),
    answered_late: Number(r.answered_late),
    track_failures: Number(r.track_failures),
    correction_period_days: r.correction_period_days === null ? null : Number(r.correction_period_days),
    extension_days: r.extension_days === null ? null : Number(r.extension_days),
    decision_year: r.decision_year === null ? null : Number(r.decision_year),
    decision_serial: r.decision_serial === null ? null : Number(r.decision_serial),
  };
}

export async function findRequest(db: Queryable, id: number): Promise<RequestRow | undefined> {
  if (!Number.isSafeInteger(id) || id < 1) return undefined;
  const r = await db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? fixRequest(r) : undefined;
}

export async function findByCode(db: Queryable, code: string): Promise<RequestRow | undefined> {
  const r = await db.selectFrom('requests').selectAll().where('query_code', '=', normaliseCode(code)).executeTakeFirst();
  return r ? fixRequest(r) : undefined;
}

export async function findByIdempotencyKey(db: Queryable, key: string): Promise<RequestRow | undefined> {
  const r = await db.selectFrom('requests').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  return r ? fixRequest(r) : undefined;
}

/** What applicants type: lower case, spaces, missing dashes — `abcd efgh jkmn` → `ABCD-EFGH-JKMN`. */
export function normaliseCode(raw: string): string {
  const s = raw
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '');
  return s.replace(/(.{4})(?=.)/g, '$1-');
}

export async function eventsOf(db: Queryable, requestId: number, opts: { publicOnly?: boolean } = {}): Promise<EventRow[]> {
  let q = db.selectFrom('request_events').selectAll().where('request_id', '=', requestId);
  if (opts.publicOnly) q = q.where('public', '=', 1);
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), request_id: Number(r.request_id), org_id: Number(r.org_id), public: Number(r.public) }));
}

export async function consultationsOf(db: Queryable, requestId: number): Promise<ConsultationRow[]> {
  const rows = await db.selectFrom('request_consultations').selectAll().where('request_id', '=', requestId).orderBy('id').execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), request_id: Number(r.request_id) }));
}

export async function feesOf(db: Queryable, requestId: number): Promise<FeeRow[]> {
  const rows = await db.selectFrom('request_fees').selectAll().where('request_id', '=', requestId).orderBy('id').execute();
  return rows.map(fixFee);
}

function fixFee(r: FeeRow): FeeRow {
  return {
    ...r,
    id: Number(r.id),
    request_id: Number(r.request_id),
    units: Number(r.units),
    earlier_this_month: Number(r.earlier_this_month),
    gross_fen: Number(r.gross_fen),
    waived_fen: Number(r.waived_fen),
    amount_fen: Number(r.amount_fen),
    paid_fen: r.paid_fen === null ? null : Number(r.paid_fen),
  };
}

export interface AttachmentInfo {
  id: number;
  filename: string;
  mime: string;
  size: number;
  createdAt: string;
}

export async function attachmentsOf(db: Queryable, requestId: number): Promise<AttachmentInfo[]> {
  const rows = await db
    .selectFrom('request_attachments')
    .select(['id', 'filename', 'mime', 'size', 'created_at'])
    .where('request_id', '=', requestId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), filename: r.filename, mime: r.mime, size: Number(r.size), createdAt: r.created_at }));
}

export async function attachmentContent(
  db: Queryable,
  requestId: number,
  id: number,
): Promise<{ filename: string; mime: string; content: Buffer } | undefined> {
  const r = await db
    .selectFrom('request_attachments')
    .select(['filename', 'mime', 'content'])
    .where('request_id', '=', requestId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? { filename: r.filename, mime: r.mime, content: Buffer.from(r.content) } : undefined;
}

export interface ListFilter {
  scope: Scope;
  state?: RequestState | 'open' | 'final';
  orgId?: number;
  year?: number;
  q?: string;
  due?: 'overdue' | 'soon';
  today?: IsoDate;
  soonUntil?: IsoDate;
}

/** Requests the actor may see, newest first, with the name of the answering org. */
export async function listRequests(db: Queryable, f: ListFilter, page: { limit: number; offset: number }) {
  let q = db
    .selectFrom('requests')
    .innerJoin('orgs', 'orgs.id', 'requests.org_id')
    .where((eb) => orgIdInScope(eb, 'requests.org_id', f.scope));
  if (f.state === 'open') q = q.where('requests.state', 'in', [...OPEN]);
  else if (f.state === 'final') q = q.where('requests.state', 'not in', [...OPEN]);
  else if (f.state) q = q.where('requests.state', '=', f.state);
  if (f.orgId) q = q.where('requests.org_id', '=', f.orgId);
  if (f.year)
    q = q
      .where(sql<string>`coalesce(requests.received_on, requests.arrived_on)`, '>=', `${f.year}-01-01`)
      .where(sql<string>`coalesce(requests.received_on, requests.arrived_on)`, '<=', `${f.year}-12-31`);
  if (f.q) {
    const like = `%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        sql<boolean>`requests.query_code like ${like} escape '\\'`,
        sql<boolean>`requests.info_description like ${like} escape '\\'`,
        sql<boolean>`requests.info_name like ${like} escape '\\'`,
        sql<boolean>`requests.applicant_name like ${like} escape '\\'`,
        sql<boolean>`requests.decision_number like ${like} escape '\\'`,
      ]),
    );
  }
  if (f.due === 'overdue' && f.today) q = q.where('requests.state', 'in', [...OPEN]).where('requests.due_on', '<', f.today);
  if (f.due === 'soon' && f.today && f.soonUntil)
    q = q
      .where('requests.state', 'in', [...OPEN])
      .where('requests.due_on', '>=', f.today)
      .where('requests.due_on', '<=', f.soonUntil);
  const [rows, total] = await Promise.all([
    q
      .selectAll('requests')
      .select(['orgs.short_name as org_short_name', 'orgs.name as org_name'])
      .orderBy(sql`coalesce(requests.received_on, requests.arrived_on)`, 'desc')
      .orderBy('requests.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    q.select(sql<number>`count(*)`.as('n')).executeTakeFirst(),
  ]);
  return { rows: rows.map((r) => ({ ...fixRequest(r), org_short_name: r.org_short_name, org_name: r.org_name })), total: num(total?.n) };
}

/** Open requests with a running clock whose due date is on or before `until` (follow-up lists). */
export async function dueRequests(db: Queryable, scope: Scope, until: IsoDate) {
  const rows = await db
    .selectFrom('requests')
    .innerJoin('orgs', 'orgs.id', 'requests.org_id')
    .where((eb) => orgIdInScope(eb, 'requests.org_id', scope))
    .where('requests.state', 'in', [...OPEN])
    .where('requests.due_on', 'is not', null)
    .where('requests.due_on', '<=', until)
    .selectAll('requests')
    .select(['orgs.short_name as org_short_name', 'orgs.name as org_name', 'orgs.path as org_path'])
    .orderBy('requests.due_on')
    .orderBy('requests.id')
    .execute();
  return rows.map((r) => ({ ...fixRequest(r), org_short_name: r.org_short_name, org_name: r.org_name, org_path: r.org_path }));
}

/** Open requests whose correction or fee window has ended, and unconfirmed submissions. */
export async function waitingRequests(db: Queryable, scope: Scope) {
  const rows = await db
    .selectFrom('requests')
    .innerJoin('orgs', 'orgs.id', 'requests.org_id')
    .where((eb) => orgIdInScope(eb, 'requests.org_id', scope))
    .where('requests.state', 'in', ['submitted', 'correction_requested', 'fee_notified', 'consulting'])
    .selectAll('requests')
    .select(['orgs.short_name as org_short_name', 'orgs.name as org_name'])
    .orderBy('requests.id')
    .execute();
  return rows.map((r) => ({ ...fixRequest(r), org_short_name: r.org_short_name, org_name: r.org_name }));
}

/** Open requests with a received date (their due dates depend on the calendar). */
export async function openReceivedRequests(db: Queryable): Promise<RequestRow[]> {
  const rows = await db
    .selectFrom('requests')
    .selectAll()
    .where('state', 'in', [...OPEN])
    .where('received_on', 'is not', null)
    .orderBy('id')
    .execute();
  return rows.map(fixRequest);
}

/**
 * How many applications the same applicant made earlier in the same calendar month, before this
 * one (国办函〔2020〕109号 按件计收: 同一申请人一个自然月内累计申请). The applicant is matched on
 * identity document number, else on type and name.
 */
export async function earlierApplicationsThisMonth(db: Queryable, r: RequestRow): Promise<number> {
  if (!r.received_on) return 0;
  const month = r.received_on.slice(0, 7);
  let q = db
    .selectFrom('requests')
    .select(sql<number>`count(*)`.as('n'))
    .where('id', '!=', r.id)
    .where('received_on', '>=', `${month}-01`)
    .where('received_on', '<=', `${month}-31`)
    .where((eb) => eb.or([eb('received_on', '<', r.received_on!), eb.and([eb('received_on', '=', r.received_on!), eb('id', '<', r.id)])]));
  q = r.id_number ? q.where('id_number', '=', r.id_number) : q.where('applicant_type', '=', r.applicant_type).where('applicant_name', '=', r.applicant_name);
  return num((await q.executeTakeFirst())?.n);
}

export async function nextDecisionSerial(db: Queryable, orgId: number, year: number): Promise<number> {
  const r = await db
    .selectFrom('requests')
    .select(sql<number>`max(decision_serial)`.as('m'))
    .where('org_id', '=', orgId)
    .where('decision_year', '=', year)
    .executeTakeFirst();
  return num(r?.m) + 1;
}

// ───────────────────────────── appeals ─────────────────────────────

function fixAppeal(r: AppealRow): AppealRow {
  return {
    ...r,
    id: Number(r.id),
    org_id: Number(r.org_id),
    request_id: r.request_id === null ? null : Number(r.request_id),
    reconsideration_id: r.reconsideration_id === null ? null : Number(r.reconsideration_id),
    co_defendant_org_id: r.co_defendant_org_id === null ? null : Number(r.co_defendant_org_id),
  };
}

export async function findAppeal(db: Queryable, id: number): Promise<AppealRow | undefined> {
  if (!Number.isSafeInteger(id) || id < 1) return undefined;
  const r = await db.selectFrom('appeals').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? fixAppeal(r) : undefined;
}

export async function appealsOfRequest(db: Queryable, requestId: number): Promise<AppealRow[]> {
  const rows = await db.selectFrom('appeals').selectAll().where('request_id', '=', requestId).orderBy('filed_on').orderBy('id').execute();
  return rows.map(fixAppeal);
}

export async function listAppeals(
  db: Queryable,
  f: { scope: Scope; orgId?: number; kind?: 'reconsideration' | 'litigation'; year?: number },
  page: { limit: number; offset: number },
) {
  let q = db
    .selectFrom('appeals')
    .innerJoin('orgs', 'orgs.id', 'appeals.org_id')
    .where((eb) => orgIdInScope(eb, 'appeals.org_id', f.scope));
  if (f.orgId) q = q.where('appeals.org_id', '=', f.orgId);
  if (f.kind) q = q.where('appeals.kind', '=', f.kind);
  if (f.year)
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('appeals.filed_on', '>=', `${f.year}-01-01`), eb('appeals.filed_on', '<=', `${f.year}-12-31`)]),
        eb.and([eb('appeals.decided_on', '>=', `${f.year}-01-01`), eb('appeals.decided_on', '<=', `${f.year}-12-31`)]),
      ]),
    );
  const [rows, total] = await Promise.all([
    q
      .selectAll('appeals')
      .select(['orgs.short_name as org_short_name', 'orgs.name as org_name'])
      .orderBy('appeals.filed_on', 'desc')
      .orderBy('appeals.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    q.select(sql<number>`count(*)`.as('n')).executeTakeFirst(),
  ]);
  return { rows: rows.map((r) => ({ ...fixAppeal(r), org_short_name: r.org_short_name, org_name: r.org_name })), total: num(total?.n) };
}
