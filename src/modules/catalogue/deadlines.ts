import type { WorkCalendar } from '../../platform/calendar/working-days.ts';
import type { IsoDate } from '../../kernel/dates.ts';

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
