/** All of the report module's SQL for its own tables (metrics are in stats.ts). */
import type { Queryable } from '../../storage/db.ts';
import { num } from '../../storage/db.ts';
import type { Scope } from '../../platform/authz/policy.ts';
import { orgIdInScope } from '../orgs/index.ts';
import type { ActivityKind, ReportStatus } from './types.ts';
import './types.ts';

export interface Activity {
  id: number;
  orgId: number;
  kind: ActivityKind;
  heldOn: string;
  title: string;
  leaderPresent: boolean;
  channel: string | null;
  concernId: number | null;
  concernTitle?: string;
  policyTitle: string;
  policyRef: string;
  policyItemId: number | null;
  participants: number | null;
  outcome: string;
  notes: string;
  deleted: boolean;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

type ActivityRow = {
  id: number;
  org_id: number;
  kind: string;
  held_on: string;
  title: string;
  leader_present: number;
  channel: string | null;
  concern_id: number | null;
  policy_title: string;
  policy_ref: string;
  policy_item_id: number | null;
  participants: number | null;
  outcome: string;
  notes: string;
  deleted: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
};

export function toActivity(r: ActivityRow & { concern_title?: string | null }): Activity {
  return {
    id: Number(r.id),
    orgId: Number(r.org_id),
    kind: r.kind as ActivityKind,
    heldOn: r.held_on,
    title: r.title,
    leaderPresent: Number(r.leader_present) === 1,
    channel: r.channel,
    concernId: r.concern_id === null ? null : Number(r.concern_id),
    ...(r.concern_title ? { concernTitle: r.concern_title } : {}),
    policyTitle: r.policy_title,
    policyRef: r.policy_ref,
    policyItemId: r.policy_item_id === null ? null : Number(r.policy_item_id),
    participants: r.participants === null ? null : Number(r.participants),
    outcome: r.outcome,
    notes: r.notes,
    deleted: Number(r.deleted) === 1,
    createdAt: r.created_at,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

export async function findActivity(db: Queryable, id: number): Promise<Activity | undefined> {
  const r = await db
    .selectFrom('report_activities as a')
    .leftJoin('report_concerns as c', 'c.id', 'a.concern_id')
    .selectAll('a')
    .select('c.title as concern_title')
    .where('a.id', '=', id)
    .executeTakeFirst();
  return r ? toActivity(r as ActivityRow & { concern_title: string | null }) : undefined;
}

export async function listActivities(
  db: Queryable,
  q: { scope: Scope; orgId?: number; year?: number; kind?: ActivityKind; limit: number; offset: number },
): Promise<{ total: number; rows: Activity[] }> {
  let base = db
    .selectFrom('report_activities')
    .leftJoin('report_concerns', 'report_concerns.id', 'report_activities.concern_id')
    .where('report_activities.deleted', '=', 0)
    .where((eb) => orgIdInScope(eb, 'report_activities.org_id', q.scope));
  if (q.orgId) base = base.where('report_activities.org_id', '=', q.orgId);
  if (q.kind) base = base.where('report_activities.kind', '=', q.kind);
  if (q.year) base = base.where('report_activities.held_on', '>=', `${q.year}-01-01`).where('report_activities.held_on', '<=', `${q.year}-12-31`);
  const total = num((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n);
  const rows = await base
    .selectAll('report_activities')
    .select('report_concerns.title as concern_title')
    .orderBy('report_activities.held_on', 'desc')
    .orderBy('report_activities.id', 'desc')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return { total, rows: rows.map((r) => toActivity(r as ActivityRow & { concern_title: string | null })) };
}

export interface Concern {
  id: number;
  orgId: number;
  title: string;
  raisedOn: string;
  isHot: boolean;
  notes: string;
  createdAt: string;
  createdBy: string;
  responses: number;
}

export async function listConcerns(db: Queryable, q: { scope: Scope; year?: number }): Promise<Concern[]> {
  let query = db
    .selectFrom('report_concerns')
    .leftJoin('report_activities', (j) => j.onRef('report_activities.concern_id', '=', 'report_concerns.id').on('report_activities.deleted', '=', 0))
    .where((eb) => orgIdInScope(eb, 'report_concerns.org_id', q.scope))
    .select([
      'report_concerns.id',
      'report_concerns.org_id',
      'report_concerns.title',
      'report_concerns.raised_on',
      'report_concerns.is_hot',
      'report_concerns.notes',
      'report_concerns.created_at',
      'report_concerns.created_by',
    ])
    .select((eb) => eb.fn.count('report_activities.id').as('responses'))
    .groupBy([
      'report_concerns.id',
      'report_concerns.org_id',
      'report_concerns.title',
      'report_concerns.raised_on',
      'report_concerns.is_hot',
      'report_concerns.notes',
      'report_concerns.created_at',
      'report_concerns.created_by',
    ]);
  if (q.year) query = query.where('report_concerns.raised_on', '>=', `${q.year - 1}-01-01`).where('report_concerns.raised_on', '<=', `${q.year}-12-31`);
  const rows = await query.orderBy('report_concerns.raised_on', 'desc').orderBy('report_concerns.id', 'desc').execute();
  return rows.map((r) => ({
    id: Number(r.id),
    orgId: Number(r.org_id),
    title: r.title,
    raisedOn: r.raised_on,
    isHot: Number(r.is_hot) === 1,
    notes: r.notes,
    createdAt: r.created_at,
    createdBy: r.created_by,
    responses: num(r.responses),
  }));
}

export async function findConcern(db: Queryable, id: number): Promise<{ id: number; orgId: number; title: string; isHot: boolean } | undefined> {
  const r = await db.selectFrom('report_concerns').select(['id', 'org_id', 'title', 'is_hot']).where('id', '=', id).executeTakeFirst();
  return r ? { id: Number(r.id), orgId: Number(r.org_id), title: r.title, isHot: Number(r.is_hot) === 1 } : undefined;
}

// ——— facts ———————————————————————————————————————————————————————————————————

export interface FactEntry {
  id: number;
  orgId: number;
  year: number;
  key: string;
  value: number;
  names: string[];
  note: string;
  enteredAt: string;
  enteredBy: string;
}

function toFact(r: {
  id: number;
  org_id: number;
  year: number;
  key: string;
  value: number;
  detail: string;
  note: string;
  entered_at: string;
  entered_by: string;
}): FactEntry {
  let names: string[] = [];
  try {
    const parsed: unknown = JSON.parse(r.detail);
    if (Array.isArray(parsed)) names = parsed.map(String);
  } catch {
    names = [];
  }
  return {
    id: Number(r.id),
    orgId: Number(r.org_id),
    year: Number(r.year),
    key: r.key,
    value: Number(r.value),
    names,
    note: r.note,
    enteredAt: r.entered_at,
    enteredBy: r.entered_by,
  };
}

/** The current facts of a year: orgId → key → newest entry. `orgIds` null = every org. */
export async function currentFacts(db: Queryable, year: number, orgIds: readonly number[] | null): Promise<Map<number, Map<string, FactEntry>>> {
  let q = db.selectFrom('report_facts').selectAll().where('year', '=', year);
  if (orgIds) {
    if (!orgIds.length) return new Map();
    q = q.where('org_id', 'in', [...orgIds]);
  }
  const rows = await q.orderBy('id').execute();
  const out = new Map<number, Map<string, FactEntry>>();
  for (const r of rows) {
    const f = toFact(r as Parameters<typeof toFact>[0]);
    if (!out.has(f.orgId)) out.set(f.orgId, new Map());
    out.get(f.orgId)!.set(f.key, f);
  }
  return out;
}

/** Every entry of one fact (or all facts) of an org and year, newest first. */
export async function factHistory(db: Queryable, orgId: number, year: number, key?: string): Promise<FactEntry[]> {
  let q = db.selectFrom('report_facts').selectAll().where('org_id', '=', orgId).where('year', '=', year);
  if (key) q = q.where('key', '=', key);
  const rows = await q.orderBy('id', 'desc').execute();
  return rows.map((r) => toFact(r as Parameters<typeof toFact>[0]));
}

// ——— stored reports ————————————————————————————————————————————————————————————

export interface StoredReport {
  id: number;
  orgId: number | null;
  parentOrgId: number | null;
  orgCode: string;
  orgName: string;
  year: number;
  format: string;
  status: Exclude<ReportStatus, 'not_started'>;
  source: 'platform' | 'import';
  narrative: Record<string, string>;
  narrativeUpdatedAt: string | null;
  narrativeUpdatedBy: string | null;
  snapshot: string | null;
  submittedAt: string | null;
  submittedBy: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  comment: string;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

type ReportRow = {
  id: number;
  org_id: number | null;
  parent_org_id: number | null;
  org_code: string;
  org_name: string;
  year: number;
  format: string;
  status: string;
  source: string;
  narrative: string;
  narrative_updated_at: string | null;
  narrative_updated_by: string | null;
  snapshot: string | null;
  submitted_at: string | null;
  submitted_by: string | null;
  decided_at: string | null;
  decided_by: string | null;
  comment: string;
  published_at: string | null;
  created_at: string;
  updated_at: string;
};

function toStored(r: ReportRow): StoredReport {
  let narrative: Record<string, string> = {};
  try {
    const parsed: unknown = JSON.parse(r.narrative);
    if (parsed && typeof parsed === 'object') narrative = Object.fromEntries(Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  } catch {
    narrative = {};
  }
  return {
    id: Number(r.id),
    orgId: r.org_id === null ? null : Number(r.org_id),
    parentOrgId: r.parent_org_id === null ? null : Number(r.parent_org_id),
    orgCode: r.org_code,
    orgName: r.org_name,
    year: Number(r.year),
    format: r.format,
    status: r.status as StoredReport['status'],
    source: r.source as StoredReport['source'],
    narrative,
    narrativeUpdatedAt: r.narrative_updated_at,
    narrativeUpdatedBy: r.narrative_updated_by,
    snapshot: r.snapshot,
    submittedAt: r.submitted_at,
    submittedBy: r.submitted_by,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    comment: r.comment,
    publishedAt: r.published_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function findReport(db: Queryable, orgId: number, year: number): Promise<StoredReport | undefined> {
  const r = await db.selectFrom('annual_reports').selectAll().where('org_id', '=', orgId).where('year', '=', year).executeTakeFirst();
  return r ? toStored(r as ReportRow) : undefined;
}

export async function findReportById(db: Queryable, id: number): Promise<StoredReport | undefined> {
  const r = await db.selectFrom('annual_reports').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toStored(r as ReportRow) : undefined;
}

/** Stored reports of a year: platform orgs in `orgIds`, and external ones rolled up under them. */
export async function reportsOfYear(db: Queryable, year: number, orgIds: readonly number[] | null): Promise<StoredReport[]> {
  let q = db.selectFrom('annual_reports').selectAll().where('year', '=', year);
  if (orgIds) {
    if (!orgIds.length) return [];
    const ids = [...orgIds];
    q = q.where((eb) => eb.or([eb('org_id', 'in', ids), eb.and([eb('org_id', 'is', null), eb('parent_org_id', 'in', ids)])]));
  }
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => toStored(r as ReportRow));
}

/** Accepted (published) reports, newest year first, for the portal column. */
export async function publishedReports(db: Queryable): Promise<StoredReport[]> {
  const rows = await db
    .selectFrom('annual_reports')
    .selectAll()
    .where('status', '=', 'accepted')
    .where('published_at', 'is not', null)
    .orderBy('year', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((r) => toStored(r as ReportRow));
}

export interface ReportEvent {
  at: string;
  actor: string;
  event: string;
  comment: string;
}

export async function reportEvents(db: Queryable, reportId: number): Promise<ReportEvent[]> {
  const rows = await db
    .selectFrom('annual_report_events')
    .select(['at', 'actor', 'event', 'comment'])
    .where('report_id', '=', reportId)
    .orderBy('id', 'desc')
    .execute();
  return rows;
}
