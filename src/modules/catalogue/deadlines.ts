import type { WorkCalendar } from '../../platform/calendar/working-days.ts';
import type { IsoDate } from '../../kernel/dates.ts';
import type { CalendarChangeHook } from '../../platform/calendar/calendar.ts';
import type { AuditDraft } from '../../platform/audit/audit.ts';
import { OPEN_STATES } from './states.ts';

/**
 * Timeliness of proactive disclosure. Information within the scope of proactive disclosure is
 * published within 20 working days of being formed or changed (2008 条例第十八条; 2019 条例第二十六条:
 * 属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开). The day it
 * was formed is not counted (the ordinary 期间 rule, as for request deadlines); working days follow
 * the calendar service, make-up working days (调休) included.
 */
export const PUBLISH_WITHIN_WORKDAYS = 20;

export interface Due {
  dueOn: IsoDate;
  /** The calendar of a year past the due date's has no official schedule yet (weekends only). */
  provisional: boolean;
}

export function publicationDue(calendar: WorkCalendar, formedOn: IsoDate): Due {
  const r = calendar.addWorkdays(formedOn, PUBLISH_WITHIN_WORKDAYS);
  return { dueOn: r.date, provisional: r.provisional };
}

/** Published on or before the due date. */
export function isOnTime(publishedOn: IsoDate, dueOn: IsoDate): boolean {
  return publishedOn <= dueOn;
}

export type Urgency = 'late' | 'due_soon' | 'ok';

/**
 * Where an unpublished item stands today: late once the due date has passed, due soon within
 * `soonWorkdays` working days of it (local 口径: the office chooses the warning window).
 */
export function urgency(calendar: WorkCalendar, dueOn: IsoDate, today: IsoDate, soonWorkdays: number): Urgency {
  if (today > dueOn) return 'late';
  return calendar.workdaysAfter(today, dueOn) <= soonWorkdays ? 'due_soon' : 'ok';
}

/** The last due date that counts as "due soon" today: today + N working days. */
export function dueSoonHorizon(calendar: WorkCalendar, today: IsoDate, soonWorkdays: number): IsoDate {
  return calendar.addWorkdays(today, soonWorkdays).date;
}

/**
 * Stored due dates follow the calendar: when an administrator changes a day or declares a year's
 * schedule loaded, the due dates of items not yet published are recomputed in the same transaction
 * (2019 条例第二十六条 counts working days, which only the calendar knows). Published items keep the
 * on-time judgement made when they were published: that is a record of what happened.
 */
export const catalogueDueDatesHook: CalendarChangeHook = async (ctx, calendar) => {
  const rows = await ctx.tx
    .selectFrom('cat_items')
    .select(['id', 'org_id', 'formed_on', 'due_on', 'due_provisional'])
    .where('state', 'in', [...OPEN_STATES])
    .execute();
  const audits: AuditDraft[] = [];
  for (const r of rows) {
    const due = publicationDue(calendar, r.formed_on);
    if (due.dueOn === r.due_on && (due.provisional ? 1 : 0) === Number(r.due_provisional)) continue;
    await ctx.tx
      .updateTable('cat_items')
      .set({ due_on: due.dueOn, due_provisional: due.provisional ? 1 : 0 })
      .where('id', '=', r.id)
      .execute();
    audits.push({
      action: 'catalogue.due.recompute',
      subjectType: 'catalogue_item',
      subjectId: Number(r.id),
      orgId: Number(r.org_id),
      summary: { before: r.due_on, after: due.dueOn, provisional: due.provisional },
    });
  }
  return audits;
};
