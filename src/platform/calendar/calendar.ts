import { z } from 'zod';
import './types.ts';
import type { Queryable } from '../../storage/db.ts';
import { addDays, isIsoDate, type IsoDate } from '../../kernel/dates.ts';
import { defineCommand, execute, NUL_MESSAGE, type CommandContext } from '../command.ts';
import type { AuditDraft } from '../audit/audit.ts';
import { definePolicy, withRoleAtRoot, signedIn } from '../authz/policy.ts';
import { ValidationError } from '../../kernel/errors.ts';
import { WorkCalendar, hasOfficialSchedule, type DayInfo, type DayOverride } from './working-days.ts';
import { noticeSourceOf, parseNotice, type NoticeBlock, type ParsedNotice } from './notice.ts';

export { WorkCalendar, explainNotable, hasOfficialSchedule } from './working-days.ts';
export { statutoryDaysOf, provisionalReasonOf, provisionalBasisOf } from './statutory.ts';
export { parseNotice, decodeNoticeBytes, noticeSourceOf, type ParsedNotice } from './notice.ts';

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
  input: z
    .object({
      date: isoDate,
      /** `workday` or `holiday`; `official` removes the override. */
      kind: z.enum(['workday', 'holiday', 'official']),
      reason: z.string().trim().max(100, '原因不超过100字').default(''),
    })
    .refine((v) => v.kind === 'official' || v.reason.length > 0, { message: '请说明原因（如：2027年国庆节放假安排）', path: ['reason'] }),
  async handler(ctx, input) {
    ctx.authorize('calendar.edit');
    const before = await ctx.tx.selectFrom('calendar_overrides').selectAll().where('date', '=', input.date).executeTakeFirst();
    if (input.kind === 'official') {
      await ctx.tx.deleteFrom('calendar_overrides').where('date', '=', input.date).execute();
    } else {
      // A day set by hand is a local adjustment, even on a day a notice set (notice_year null).
      const row = {
        workday: input.kind === 'workday' ? 1 : 0,
        reason: input.reason,
        updated_at: ctx.clock.now().toISOString(),
        updated_by: ctx.actor.name,
        notice_year: null,
      };
      await ctx.tx
        .insertInto('calendar_overrides')
        .values({ date: input.date, ...row })
        .onConflict((oc) => oc.column('date').doUpdateSet(row))
        .execute();
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
    await ctx.tx
      .insertInto('calendar_years')
      .values({ year: input.year, ...row })
      .onConflict((oc) => oc.column('year').doUpdateSet(row))
      .execute();
    const calendar = await loadCalendar(ctx.tx);
    const cascade: AuditDraft[] = [];
    for (const hook of ctx.registry.calendarHooks) cascade.push(...(await hook(ctx, calendar, [])));
    return {
      result: { year: input.year },
      audit: [{ action: 'calendar.year', subjectType: 'calendar_year', subjectId: input.year, summary: { after: input } }, ...cascade],
    };
  },
});

/** A day the notice changes, as the preview and the audit entry show it. */
export interface DayChange {
  date: IsoDate;
  before: { workday: boolean; reason: string; provisional: boolean };
  after: { workday: boolean; reason: string };
}

export interface NoticeImportResult {
  year: number;
  source: string;
  blocks: NoticeBlock[];
  ignored: ParsedNotice['ignored'];
  /** Days whose answer (working or not, and why) differs from the calendar before the notice. */
  changed: DayChange[];
  /** Local adjustments on days the notice sets, replaced by it. */
  replaced: Array<{ date: IsoDate; workday: boolean; reason: string }>;
  /** Festivals of 第二条 the notice does not mention (a line missed when pasting?). */
  missing: string[];
  /** The due dates that moved (each also audited by its module). */
  recomputed: Array<Pick<AuditDraft, 'action' | 'subjectType' | 'subjectId' | 'summary'>>;
  dryRun: boolean;
}

/** Thrown by a dry run once everything is computed, to roll the transaction back; carries the preview. */
export class NoticePreview extends Error {
  constructor(readonly preview: NoticeImportResult) {
    super('notice preview');
  }
}

const FESTIVALS = ['元旦', '春节', '清明', '劳动', '端午', '中秋', '国庆'];
const brief = (d: DayInfo) => ({ workday: d.workday, reason: d.reason });

/**
 * The State Council's yearly schedule entered in one step (《全国年节及纪念日放假办法》第七条: the 调休
 * are set each year by the 国务院办公厅's notice): the notice's holiday ranges and make-up working days,
 * as pasted or uploaded, replace the computed provisional holidays of the year; the year is declared
 * loaded (its days stop being provisional); every open due date is recomputed by the modules' hooks in
 * the same transaction, each change audited by its module; the entry itself is audited with what it set.
 * Entering the same year again replaces that notice's days (a corrected notice), never local adjustments
 * on other days. With `dryRun` it computes all of this and rolls back (the preview: NoticePreview).
 */
export const importHolidayNotice = defineCommand({
  name: 'calendar.import-notice',
  input: z.object({
    year: z.preprocess(
      (v) => (v === '' || v === undefined || v === null ? undefined : Number(v)),
      z
        .number({ required_error: '请填写年份', invalid_type_error: '年份应为数字' })
        .int('年份应为整数')
        .min(2000, '年份应在2000–2100之间')
        .max(2100, '年份应在2000–2100之间'),
    ),
    /** Empty: the notice's title and number, read from the text. */
    source: z
      .string()
      .trim()
      .max(200, '依据文件不超过200字')
      .refine((t) => !t.includes('\u0000'), NUL_MESSAGE)
      .default(''),
    text: z
      .string()
      .max(20000, '通知文字不超过20000字')
      .refine((t) => t.trim().length > 0, '请粘贴通知中的放假安排，或上传通知的文本文件')
      .refine((t) => !t.includes('\u0000'), NUL_MESSAGE),
    dryRun: z.boolean().default(false),
  }),
  async handler(ctx, input) {
    ctx.authorize('calendar.edit');
    if (hasOfficialSchedule(input.year))
      throw ValidationError.field('year', `${input.year}年的国务院放假安排已内置在日历中，无需录入；本地增加的休息日或工作日请用“调整某一天”`);
    const notice = parseNotice(input.text, input.year);
    const source = input.source || noticeSourceOf(input.text);
    if (!source) throw ValidationError.field('source', '请注明依据文件（如：国办发明电〔2026〕7号）：粘贴的文字中没有通知的标题或文号');
    const beforeCal = await loadCalendar(ctx.tx);
    const noticeDates = new Set(notice.days.map((d) => d.date));
    const replaced = (
      await ctx.tx
        .selectFrom('calendar_overrides')
        .selectAll()
        .where('date', 'in', [...noticeDates])
        .where('notice_year', 'is', null)
        .execute()
    ).map((r) => ({
      date: r.date,
      workday: Number(r.workday) === 1,
      reason: r.reason,
    }));
    await ctx.tx.deleteFrom('calendar_overrides').where('notice_year', '=', input.year).execute();
    const at = ctx.clock.now().toISOString();
    for (const d of notice.days) {
      const row = { workday: d.workday ? 1 : 0, reason: d.reason.slice(0, 100), updated_at: at, updated_by: ctx.actor.name, notice_year: input.year };
      await ctx.tx
        .insertInto('calendar_overrides')
        .values({ date: d.date, ...row })
        .onConflict((oc) => oc.column('date').doUpdateSet(row))
        .execute();
    }
    const yearRow = { source, loaded_at: at, loaded_by: ctx.actor.name };
    await ctx.tx
      .insertInto('calendar_years')
      .values({ year: input.year, ...yearRow })
      .onConflict((oc) => oc.column('year').doUpdateSet(yearRow))
      .execute();
    const calendar = await loadCalendar(ctx.tx);
    const changed: DayChange[] = [];
    // parseNotice refuses a notice without days; with none, the year alone is compared.
    const earliest = notice.days[0]?.date ?? `${input.year}-01-01`;
    const first = earliest < `${input.year}-01-01` ? earliest : `${input.year}-01-01`;
    for (let d = first; d <= `${input.year}-12-31`; d = addDays(d, 1)) {
      const a = beforeCal.day(d);
      const b = calendar.day(d);
      if (a.workday !== b.workday || a.reason !== b.reason) {
        changed.push({ date: d, before: { ...brief(a), provisional: a.provisional }, after: brief(b) });
      }
    }
    const cascade: AuditDraft[] = [];
    for (const hook of ctx.registry.calendarHooks) cascade.push(...(await hook(ctx, calendar, [...noticeDates])));
    const result: NoticeImportResult = {
      year: input.year,
      source,
      blocks: notice.blocks,
      ignored: notice.ignored,
      changed,
      replaced,
      missing: FESTIVALS.filter((f) => !notice.days.some((d) => d.reason.includes(f))).map((f) => (f === '元旦' || f === '春节' ? f : `${f}节`)),
      recomputed: cascade.map((c) => ({ action: c.action, subjectType: c.subjectType, subjectId: c.subjectId, summary: c.summary })),
      dryRun: input.dryRun,
    };
    if (input.dryRun) throw new NoticePreview(result);
    return {
      result,
      audit: [
        {
          action: 'calendar.import-notice',
          subjectType: 'calendar_year',
          subjectId: input.year,
          summary: {
            source,
            holidays: notice.blocks.flatMap((b) => b.holidays.map((h) => ({ festival: b.festival, from: h.from, to: h.to }))),
            workdays: notice.blocks.flatMap((b) => b.workdays.map((date) => ({ festival: b.festival, date }))),
            daysChanged: changed.length,
            replaced,
            recomputed: cascade.length,
          },
        },
        ...cascade,
      ],
    };
  },
});

/** The preview of a notice entry: everything the entry would change, nothing written. */
export async function previewHolidayNotice(ctx: Parameters<typeof execute>[0], raw: Record<string, unknown>): Promise<NoticeImportResult> {
  try {
    await execute(ctx, importHolidayNotice, { ...raw, dryRun: true });
  } catch (e) {
    if (e instanceof NoticePreview) return e.preview;
    throw e;
  }
  throw new Error('a dry run of calendar.import-notice committed');
}

export async function listOverrides(db: Queryable, year?: number) {
  let q = db.selectFrom('calendar_overrides').selectAll().orderBy('date');
  if (year) q = q.where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`);
  return q.execute();
}

export async function listLoadedYears(db: Queryable) {
  return db.selectFrom('calendar_years').selectAll().orderBy('year').execute();
}
