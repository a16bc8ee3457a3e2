import type { AuditDraft } from '../../platform/audit/audit.ts';
import type { CalendarChangeHook } from '../../platform/calendar/calendar.ts';
import { consultationsOf, feesOf, openReceivedRequests } from './repo.ts';
import { feeDueOf, scheduleOf } from './schedule.ts';

/**
 * When the calendar changes (a holiday entered, next year's schedule loaded), every open request's
 * stored due dates are recomputed in the same transaction, with the new explanation, and each one
 * that moved is audited. Decided requests keep the dates they were decided against.
 */
export const recomputeDueDates: CalendarChangeHook = async (ctx, calendar) => {
  const out: AuditDraft[] = [];
  const today = ctx.clock.today();
  for (const r of await openReceivedRequests(ctx.tx)) {
    const s = scheduleOf(calendar, r, await consultationsOf(ctx.tx, r.id), today);
    const moved = s.due_on !== r.due_on || s.statutory_due_on !== r.statutory_due_on || s.correction_ends_on !== r.correction_ends_on;
    const fees = r.state === 'fee_notified' ? (await feesOf(ctx.tx, r.id)).filter((f) => !f.paid_on && !f.lapsed_on) : [];
    const feeMoves: Array<{ id: number; before: string | null; after: string }> = [];
    for (const f of fees) {
      const d = feeDueOf(calendar, f);
      if (d && d.date !== f.due_on) {
        await ctx.tx.updateTable('request_fees').set({ due_on: d.date }).where('id', '=', f.id).execute();
        feeMoves.push({ id: f.id, before: f.due_on, after: d.date });
      }
    }
    if (!moved && s.due_provisional === r.due_provisional && s.due_explain === r.due_explain && !feeMoves.length) continue;
    await ctx.tx
      .updateTable('requests')
      .set({ ...s, updated_at: ctx.clock.now().toISOString() })
      .where('id', '=', r.id)
      .execute();
    if (!moved && !feeMoves.length && s.due_provisional === r.due_provisional) continue; // only wording changed
    out.push({
      action: 'requests.recompute',
      subjectType: 'request',
      subjectId: r.id,
      orgId: r.org_id,
      summary: {
        code: r.query_code,
        reason: '工作日历变更',
        due: { before: r.due_on, after: s.due_on },
        statutoryDue: { before: r.statutory_due_on, after: s.statutory_due_on },
        correctionEnds: { before: r.correction_ends_on, after: s.correction_ends_on },
        provisional: { before: r.due_provisional === 1, after: s.due_provisional === 1 },
        ...(feeMoves.length ? { feeDue: feeMoves } : {}),
      },
    });
  }
  return out;
};
