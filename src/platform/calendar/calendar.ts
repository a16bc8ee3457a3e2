import { z } from 'zod';
import './types.ts';
import type { Queryable } from '../../storage/db.ts';
import { isIsoDate, type IsoDate } from '../../kernel/dates.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import type { AuditDraft } from '../audit/audit.ts';
import { definePolicy, withRoleAtRoot, signedIn } from '../authz/policy.ts';
import { WorkCalendar, type DayOverride } from './working-days.ts';

export { WorkCalendar, explainNotable, hasOfficialSchedule } from './working-days.ts';

/**
 * The calendar as stored: the package's official schedules plus the override table. Loaded per
 * use (the table is a few dozen rows), so a change made by the CLI is seen by the server at once.
 */
export async function loadCalendar(db: Queryable): Promise<WorkCalendar> {
  const [overrides, years] = await Promise.all([
    db.selectFrom('calendar_overrides').select(['date', 'workday', 'reason']).execute(),
    db.selectFrom('calendar_years').select('year').execute(),
  ]);
  return new WorkCalendar({
    overrides: new Map(overrides.map((o) => [o.date, { workday: Number(o.workday) === 1, reason: o.reason } satisfies DayOverride])),
    loadedYears: new Set(years.map((y) => Number(y.year))),
  });
}

export const calendarPolicy = definePolicy({
  'calendar.view': signedIn,
  // The calendar counts every agency's deadlines: changed only with a grant at the root.
  'calendar.edit': withRoleAtRoot('admin'),
});

/**
 * Modules whose cases carry stored due dates list one in their manifest (`onCalendarChange`); after a calendar change they
 * recompute the due dates of their open cases inside the same transaction and return audit
 * entries for each case that changed.
 */
export type CalendarChangeHook = (ctx: CommandContext, calendar: WorkCalendar, changedDates: IsoDate[]) => Promise<AuditDraft[]>;

const isoDate = z.string().refine(isIsoDate, '日期格式应为 YYYY-MM-DD 且为有效日期');

export const setCalendarDay = defineCommand({
  name: 'calendar.set',
  input: z.object({
    date: isoDate,
    /** `workday` or `holiday`; `official` removes the override. */
    kind: z.enum(['workday', 'holiday', 'official']),
    reason: z.string().trim().max(100, '原因不超过100字').default(''),
  }).refine((v) => v.kind === 'official' || v.reason.length > 0, { message: '请说明原因（如：2027年国庆节放假安排）', path: ['reason'] }),
  async handler(ctx, input) {
    ctx.authorize('calendar.edit');
    const before = await ctx.tx.selectFrom('calendar_overrides').selectAll().where('date', '=', input.date).executeTakeFirst();
    if (input.kind === 'official') {
      await ctx.tx.deleteFrom('calendar_overrides').where('date', '=', input.date).execute();
    } else {
      const row = { workday: input.kind === 'workday' ? 1 : 0, reason: input.reason, updated_at: ctx.clock.now().toISOString(), updated_by: ctx.actor.name };
      await ctx.tx.insertInto('calendar_overrides').values({ date: input.date, ...row }).onConflict((oc) => oc.column('date').doUpdateSet(row)).execute();
    }
    const calendar = await loadCalendar(ctx.tx);
    const cascade: AuditDraft[] = [];
    for (const hook of ctx.registry.calendarHooks) cascade.push(...(await hook(ctx, calendar, [input.date])));
    return {
      result: { date: input.date, day: calendar.day(input.date), recomputed: cascade.length },
      audit: [
        {
          action: 'calendar.set',
          subjectType: 'calendar_day',
          subjectId: input.date,
          summary: {
            before: before ? { workday: Number(before.workday) === 1, reason: before.reason } : 'official',
            after: input.kind === 'official' ? 'official' : { workday: input.kind === 'workday', reason: input.reason },
          },
        },
        ...cascade,
      ],
    };
  },
});

export const declareYearLoaded = defineCommand({
  name: 'calendar.year',
  input: z.object({
    year: z.coerce.number().int().min(2000).max(2100),
    source: z.string().trim().min(1, '请注明依据（如：国办发明电〔2026〕7号）').max(200),
  }),
  async handler(ctx, input) {
    ctx.authorize('calendar.edit');
    const row = { source: input.source, loaded_at: ctx.clock.now().toISOString(), loaded_by: ctx.actor.name };
    await ctx.tx.insertInto('calendar_years').values({ year: input.year, ...row }).onConflict((oc) => oc.column('year').doUpdateSet(row)).execute();
    const calendar = await loadCalendar(ctx.tx);
    const cascade: AuditDraft[] = [];
    for (const hook of ctx.registry.calendarHooks) cascade.push(...(await hook(ctx, calendar, [])));
    return {
      result: { year: input.year },
      audit: [{ action: 'calendar.year', subjectType: 'calendar_year', subjectId: input.year, summary: { after: input } }, ...cascade],
    };
  },
});

export async function listOverrides(db: Queryable, year?: number) {
  let q = db.selectFrom('calendar_overrides').selectAll().orderBy('date');
  if (year) q = q.where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`);
  return q.execute();
}

export async function listLoadedYears(db: Queryable) {
  return db.selectFrom('calendar_years').selectAll().orderBy('year').execute();
}
