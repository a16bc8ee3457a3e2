import type { CalendarChangeHook } from '../../platform/calendar/calendar.ts';
import type { AuditDraft } from '../../platform/audit/audit.ts';
import { publicationDue } from './deadlines.ts';
import { OPEN_STATES } from './states.ts';

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
