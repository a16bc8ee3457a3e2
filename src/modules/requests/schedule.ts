import type { IsoDate } from '../../kernel/dates.ts';
import type { WorkCalendar } from '../../platform/calendar/working-days.ts';
import { computeClock, feePaymentDeadline, type ClockInput, type ClockResult, type Pause } from './deadlines.ts';
import { rulesFor } from './regimes.ts';
import type { ConsultationRow, FeeRow, RequestRow } from './repo.ts';
import { FINAL } from './states.ts';

/**
 * The stored due dates of a request, derived from its recorded events by the pure clock
 * (deadlines.ts). Stored so lists can sort and filter by due date; recomputed after every event
 * and whenever the calendar changes (onCalendarChange), with the explanation kept beside them.
 */
export interface Schedule {
  due_on: IsoDate | null;
  statutory_due_on: IsoDate | null;
  due_provisional: number;
  due_explain: string;
  correction_ends_on: IsoDate | null;
}

/** The clock's input from what is recorded. `today` closes a 2008-regime consultation with no reply yet. */
export function clockInputOf(r: RequestRow, consultations: readonly ConsultationRow[], today: IsoDate): ClockInput | null {
  if (!r.received_on) return null;
  const input: ClockInput = { receivedOn: r.received_on, regime: r.regime };
  if (r.correction_notice_on || r.corrected_on) {
    input.correction = {
      ...(r.correction_notice_on ? { noticeOn: r.correction_notice_on } : {}),
      ...(r.corrected_on ? { correctedOn: r.corrected_on } : {}),
      ...(r.correction_period_days ? { periodDays: r.correction_period_days } : {}),
    };
  }
  const rules = rulesFor(r.regime);
  const pauses: Pause[] = [];
  for (const c of consultations) {
    // 2008 条例第二十四条第三款 pauses only for third parties; the other-agency pause starts in 2019.
    if (!rules.pauses[c.kind]) continue;
    if (c.replied_on) pauses.push({ from: c.sent_on, to: c.replied_on, kind: c.kind });
    // The 2008 text sets no reply limit (第二十三条): an open consultation is counted up to today.
    else if (rules.consultationReplyDays === null) pauses.push({ from: c.sent_on, to: today > c.sent_on ? today : c.sent_on, kind: c.kind });
    else pauses.push({ from: c.sent_on, kind: c.kind });
  }
  if (pauses.length) input.pauses = pauses;
  if (r.extension_days) input.extension = { days: r.extension_days };
  if (r.reasonable_deadline) input.reasonableDeadline = r.reasonable_deadline;
  return input;
}

export function clockOf(cal: WorkCalendar, r: RequestRow, consultations: readonly ConsultationRow[], today: IsoDate): ClockResult | null {
  const input = clockInputOf(r, consultations, today);
  return input ? computeClock(cal, input) : null;
}

/**
 * The schedule to store. A request with a final outcome keeps the due dates it had when decided
 * (the report's on-time test reads them), so only open requests are recomputed.
 */
export function scheduleOf(cal: WorkCalendar, r: RequestRow, consultations: readonly ConsultationRow[], today: IsoDate): Schedule {
  const clock = clockOf(cal, r, consultations, today);
  if (!clock) return { due_on: null, statutory_due_on: null, due_provisional: 0, due_explain: '[]', correction_ends_on: null };
  if (clock.status === 'awaiting_correction')
    return {
      due_on: null,
      statutory_due_on: null,
      due_provisional: clock.provisional ? 1 : 0,
      due_explain: JSON.stringify(clock.explain),
      correction_ends_on: clock.correctionPeriodEnds,
    };
  return {
    due_on: clock.answerBy,
    statutory_due_on: clock.due,
    due_provisional: clock.provisional ? 1 : 0,
    due_explain: JSON.stringify(clock.explain),
    correction_ends_on: r.correction_notice_on ? (r.correction_ends_on ?? null) : null,
  };
}

export function isFinal(r: Pick<RequestRow, 'state'>): boolean {
  return FINAL.includes(r.state);
}

/** The 20-working-day payment window of an open fee notice (国办函〔2020〕109号). 2008: none. */
export function feeDueOf(cal: WorkCalendar, f: Pick<FeeRow, 'regime' | 'notice_received_on'>): { date: IsoDate; explain: string[] } | null {
  if (f.regime !== '2019') return null;
  const d = feePaymentDeadline(cal, f.notice_received_on);
  return { date: d.date, explain: d.explain };
}
