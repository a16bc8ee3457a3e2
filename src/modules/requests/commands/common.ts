import type { Updateable } from 'kysely';
import type { IsoDate } from '../../../kernel/dates.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../kernel/errors.ts';
import type { CommandContext } from '../../../platform/command.ts';
import type { AuditDraft } from '../../../platform/audit/audit.ts';
import { loadCalendar } from '../../../platform/calendar/calendar.ts';
import type { WorkCalendar } from '../../../platform/calendar/working-days.ts';
import { findOrgById, type Org } from '../../orgs/index.ts';
import { consultationsOf, findRequest, type RequestRow } from '../repo.ts';
import { scheduleOf } from '../deadlines.ts';
import { advance, FINAL, STATE_LABELS, type RequestEvent, type RequestState } from '../states.ts';
import type { Notification } from '../ports.ts';
import type { RequestsTable } from '../types.ts';

/**
 * What every request command shares: load the request and its org, authorise against the org's
 * path, check dates against today and the receipt date, write the row and the timeline event,
 * recompute the stored due dates, and describe the change for the audit trail — without personal data.
 */
export interface Loaded {
  r: RequestRow;
  org: Org;
}

export async function loadRequest(ctx: CommandContext, id: number, action: string): Promise<Loaded> {
  const r = await findRequest(ctx.tx, id);
  if (!r) throw new NotFoundError('申请不存在');
  const org = await findOrgById(ctx.tx, r.org_id);
  if (!org) throw new NotFoundError('承办机关不存在');
  ctx.authorize(action, { orgPath: org.path });
  return { r, org };
}

/** A legal date of an event: a valid date, not after today, not before `notBefore` (named). */
export function checkEventDate(ctx: CommandContext, field: string, date: IsoDate, notBefore?: { date: IsoDate | null; label: string }): void {
  const today = ctx.clock.today();
  if (date > today) throw ValidationError.field(field, `日期（${date}）晚于今天（${today}），不能登记将来的日期`);
  if (notBefore?.date && date < notBefore.date) throw ValidationError.field(field, `日期（${date}）早于${notBefore.label}（${notBefore.date}）`);
}

/** The event's transition (409 with the reason when the current state does not allow it). */
export function transition(r: RequestRow, event: RequestEvent): RequestState {
  return advance(r.state, event);
}

export function refuse(message: string): never {
  throw new ConflictError(message);
}

export interface Change {
  event: RequestEvent | 'note' | 'consultation_reply' | 'attach' | 'reasonable_deadline' | 'submitted' | 'recorded';
  /** The legal date of what happened. */
  onDate: IsoDate;
  /** Row fields to write. */
  patch?: Updateable<RequestsTable>;
  /** The state after the event (unchanged when omitted). */
  to?: RequestState;
  /** Timeline detail (no personal data). */
  detail?: Record<string, unknown>;
  /** Shown on the applicant's tracking page. */
  isPublic?: boolean;
  /** Extra audit summary fields (no personal data). */
  audit?: Record<string, unknown>;
}

/**
 * Apply a change: write the row (with freshly computed due dates while the request is open), add
 * the timeline event, and return the audit entry. Returns the updated row too.
 */
export async function applyChange(ctx: CommandContext, loaded: Loaded, change: Change, cal?: WorkCalendar): Promise<{ row: RequestRow; audit: AuditDraft }> {
  const { r } = loaded;
  const now = ctx.clock.now().toISOString();
  const next: RequestRow = { ...r, ...(change.patch ?? {}), state: change.to ?? r.state, updated_at: now } as RequestRow;
  let schedule = {};
  if (!FINAL.includes(next.state)) {
    const calendar = cal ?? (await loadCalendar(ctx.tx));
    schedule = scheduleOf(calendar, next, await consultationsOf(ctx.tx, r.id), ctx.clock.today());
    Object.assign(next, schedule);
  }
  await ctx.tx
    .updateTable('requests')
    .set({ ...(change.patch ?? {}), ...schedule, state: next.state, updated_at: now })
    .where('id', '=', r.id)
    .execute();
  await insertEvent(ctx, {
    requestId: r.id,
    orgId: next.org_id,
    kind: change.event,
    onDate: change.onDate,
    detail: change.detail ?? {},
    isPublic: change.isPublic ?? false,
  });
  const audit: AuditDraft = {
    action: `requests.${change.event}`,
    subjectType: 'request',
    subjectId: r.id,
    orgId: next.org_id,
    summary: {
      code: r.query_code,
      on: change.onDate,
      ...(change.to && change.to !== r.state ? { state: { before: r.state, after: change.to } } : {}),
      ...(next.due_on !== r.due_on ? { due: { before: r.due_on, after: next.due_on } } : {}),
      ...(change.audit ?? {}),
    },
  };
  return { row: next, audit };
}

export async function insertEvent(
  ctx: CommandContext,
  e: { requestId: number; orgId: number; kind: string; onDate: IsoDate; detail?: Record<string, unknown>; isPublic?: boolean },
): Promise<void> {
  await ctx.tx
    .insertInto('request_events')
    .values({
      request_id: e.requestId,
      org_id: e.orgId,
      kind: e.kind,
      on_date: e.onDate,
      at: ctx.clock.now().toISOString(),
      actor_name: ctx.actor.name,
      detail: JSON.stringify(e.detail ?? {}),
      public: e.isPublic ? 1 : 0,
    })
    .execute();
}

/** Tell the applicant (SMS and/or e-mail, as they gave), inside the transaction (an outbox row). */
export async function notifyApplicant(ctx: CommandContext, r: RequestRow, subject: string, body: string): Promise<void> {
  if (!r.phone && !r.email) return;
  const n: Notification = {
    to: { kind: 'applicant', ...(r.phone ? { phone: r.phone } : {}), ...(r.email ? { email: r.email } : {}) },
    subject,
    body,
    requestId: r.id,
  };
  await ctx.ports.notifier.send(ctx.tx, n, ctx.clock.now());
}

export function stateLabel(s: RequestState): string {
  return STATE_LABELS[s];
}

/** `2025-03-04` → `2025年3月4日` for letters and notices. */
export function cnDate(d: IsoDate): string {
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
}
