import type { IsoDate } from '../../kernel/dates.ts';
import type { Queryable } from '../../storage/db.ts';
import type { Scope } from '../../platform/authz/policy.ts';
import type { WorkCalendar } from '../../platform/calendar/working-days.ts';
import { workdaysLeft } from './deadlines.ts';
import { dueRequests, feesOf, waitingRequests, type RequestRow } from './repo.ts';

/** "Due within 3 working days" (issue 4 §8): the window of the follow-up lists and the daily job. */
export const DUE_SOON_WORKDAYS = 3;

export type FollowUpKind = 'overdue' | 'due_soon' | 'correction_ended' | 'fee_window_ended' | 'unconfirmed';

export const FOLLOW_UP_LABELS: Record<FollowUpKind, string> = {
  overdue: '已超过答复期限',
  due_soon: '3个工作日内到期',
  correction_ended: '补正期限已届满，待登记',
  fee_window_ended: '缴费期限已届满，待登记',
  unconfirmed: '网络、传真或平信申请待确认收到',
};

export interface FollowUpItem {
  kind: FollowUpKind;
  request: RequestRow & { org_short_name: string; org_name: string };
  /** The date the item is about (due date, correction or fee window end, arrival). */
  date: IsoDate;
  /** Working days left (negative: overdue by). */
  workdaysLeft: number;
}

/**
 * One small query per phase (after Alaveteli's `InfoRequest::State` queries): what needs doing,
 * for the orgs the actor may see. Sorted most urgent first.
 */
export async function followUp(db: Queryable, cal: WorkCalendar, scope: Scope, today: IsoDate): Promise<FollowUpItem[]> {
  const until = cal.addWorkdays(today, DUE_SOON_WORKDAYS).date;
  const items: FollowUpItem[] = [];
  for (const r of await dueRequests(db, scope, until)) {
    // Waiting on the applicant (correction) or the fee: the answer deadline is the office's, still shown.
    const left = workdaysLeft(cal, today, r.due_on!);
    items.push({ kind: r.due_on! < today ? 'overdue' : 'due_soon', request: r, date: r.due_on!, workdaysLeft: left });
  }
  for (const r of await waitingRequests(db, scope)) {
    if (r.state === 'correction_requested' && r.correction_ends_on && r.correction_ends_on < today)
      items.push({ kind: 'correction_ended', request: r, date: r.correction_ends_on, workdaysLeft: workdaysLeft(cal, today, r.correction_ends_on) });
    if (r.state === 'fee_notified') {
      const fee = (await feesOf(db, r.id)).filter((f) => !f.paid_on && !f.lapsed_on).at(-1);
      if (fee?.due_on && fee.due_on < today)
        items.push({ kind: 'fee_window_ended', request: r, date: fee.due_on, workdaysLeft: workdaysLeft(cal, today, fee.due_on) });
    }
    if (r.state === 'submitted') items.push({ kind: 'unconfirmed', request: r, date: r.arrived_on, workdaysLeft: -cal.workdaysAfter(r.arrived_on, today) });
  }
  const rank: Record<FollowUpKind, number> = { overdue: 0, correction_ended: 1, fee_window_ended: 1, unconfirmed: 2, due_soon: 3 };
  return items.sort((a, b) => rank[a.kind] - rank[b.kind] || (a.date < b.date ? -1 : a.date > b.date ? 1 : a.request.id - b.request.id));
}

export function countByKind(items: readonly FollowUpItem[]): Record<FollowUpKind, number> {
  const out: Record<FollowUpKind, number> = { overdue: 0, due_soon: 0, correction_ended: 0, fee_window_ended: 0, unconfirmed: 0 };
  for (const i of items) out[i.kind] += 1;
  return out;
}
