import chineseDays from 'chinese-days';
import { addDays, dayOfWeek, type IsoDate } from '../../kernel/dates.ts';

/**
 * The public holidays a year has before the State Council publishes its schedule.
 *
 * 《全国年节及纪念日放假办法》(2024年11月10日国务院令第795号修订，2025年1月1日起施行):
 *   第二条 全体公民放假的节日：元旦，放假1天（1月1日）；春节，放假4天（农历除夕、正月初一至初三）；
 *          清明节，放假1天（农历清明当日）；劳动节，放假2天（5月1日、2日）；端午节，放假1天（农历端午当日）；
 *          中秋节，放假1天（农历中秋当日）；国庆节，放假3天（10月1日至3日）。
 *   第六条 全体公民放假的假日，如果适逢周六、周日，应当在工作日补假。部分公民放假的假日（第三条：
 *          妇女节、青年节、儿童节、建军节），如果适逢周六、周日，则不补假 —— so they are not here: they are
 *          not days off for an agency's whole staff and never move a deadline.
 *   第七条 全体公民放假的假日，可合理安排统一放假调休 … —— the 调休 (which weekend days become working days,
 *          and how the block is stretched) is decided each year by the 国务院办公厅's notice. It is not fixed
 *          in advance, so it is not computed: every day of such a year stays marked provisional.
 *
 * The lunar dates (除夕, 正月初一, 端午 五月初五, 中秋 八月十五) and the 清明 solar term come from
 * `chinese-days`, the library the calendar already uses for the official schedules.
 *
 * The rule applied for 补假 (第六条 says "在工作日补假" but not which working day):
 *   - each day of a festival (第二条) that falls on a Saturday or Sunday owes one day;
 *   - so does a festival day that falls on another festival's day (中秋 on 10月1日 to 3日, e.g. 2028,
 *     2031): the 办法 does not say, but the State Council gave the day each time (2001; 2020:
 *     国办发明电〔2019〕16号, 国庆节、中秋节 10月1日至8日, 共8天) — a day off cannot be taken twice;
 *   - the owed days are given on the first Monday-to-Friday days after the festival's last day that are
 *     not themselves a festival or another festival's 补假 (劳动节 on Sat 1 and Sun 2 May → Mon 3, Tue 4).
 * The real schedule will differ: it usually moves weekends (调休上班 on Saturdays or Sundays) to make longer
 * breaks, which this rule cannot know. That is why the result is provisional, and why entering the notice
 * (calendar.import-notice) replaces it.
 */

/** The amended 办法 applies from 2025-01-01; earlier years had other rules (and are in the package from 2004). */
export const STATUTORY_RULES_FROM = 2025;

export type StatutoryKind = 'festival' | 'in-lieu';

export interface StatutoryDay {
  date: IsoDate;
  /** 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节 */
  festival: string;
  kind: StatutoryKind;
  /** What a clerk reads: 春节, 劳动节补假 (the lunar day, 除夕 or 正月初一, is in `basis`). */
  reason: string;
  /** The article the day comes from. */
  basis: string;
}

interface FestivalDay {
  date: IsoDate;
  label?: string;
}

interface FestivalDays {
  festival: string;
  /** Never empty: every festival of 第二条 has at least one day. */
  days: [FestivalDay, ...FestivalDay[]];
}

function lunar(year: number, month: number, day: number): IsoDate {
  return chineseDays.getSolarDateFromLunar(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`).date;
}

/** The festivals of 第二条 for a (Gregorian) year, each with its days. */
export function festivalsOf(year: number): FestivalDays[] {
  const chuyi = lunar(year, 1, 1);
  return [
    { festival: '元旦', days: [{ date: `${year}-01-01` }] },
    // 除夕 is the last day of the twelfth lunar month (廿九 or 三十): the day before 正月初一.
    {
      festival: '春节',
      days: [
        { date: addDays(chuyi, -1), label: '除夕' },
        { date: chuyi, label: '正月初一' },
        { date: addDays(chuyi, 1), label: '正月初二' },
        { date: addDays(chuyi, 2), label: '正月初三' },
      ],
    },
    { festival: '清明节', days: [{ date: chineseDays.getSolarTermDate(year, 4, 'pure_brightness') }] },
    { festival: '劳动节', days: [{ date: `${year}-05-01` }, { date: `${year}-05-02` }] },
    { festival: '端午节', days: [{ date: lunar(year, 5, 5) }] },
    { festival: '国庆节', days: [{ date: `${year}-10-01` }, { date: `${year}-10-02` }, { date: `${year}-10-03` }] },
    { festival: '中秋节', days: [{ date: lunar(year, 8, 15) }] },
  ];
}

const cache = new Map<number, ReadonlyMap<IsoDate, StatutoryDay>>();

/**
 * The days off of 第二条 and the 补假 of 第六条 for a year (empty before 2025, when other rules applied).
 * Pure for a year: memoised.
 */
export function statutoryDaysOf(year: number): ReadonlyMap<IsoDate, StatutoryDay> {
  let out = cache.get(year);
  if (out) return out;
  const map = new Map<IsoDate, StatutoryDay>();
  if (year >= STATUTORY_RULES_FROM) {
    // In date order; on a tie (中秋 on 10月1日) the list's order keeps 国庆节 first (sort is stable).
    const festivals = festivalsOf(year).sort((a, b) => a.days[0].date.localeCompare(b.days[0].date));
    const owed: Array<{ festival: string; after: IsoDate; count: number }> = [];
    for (const f of festivals) {
      let count = 0;
      let last = f.days[0].date;
      for (const d of f.days) {
        last = d.date;
        const dow = dayOfWeek(d.date);
        const taken = map.has(d.date); // another festival's day
        if (!taken)
          map.set(d.date, {
            date: d.date,
            festival: f.festival,
            kind: 'festival',
            reason: f.festival,
            basis: `《全国年节及纪念日放假办法》第二条${d.label ? `（${d.label}）` : ''}`,
          });
        // One day owed per festival day that is not a working day, however many reasons it has.
        if (taken || dow === 0 || dow === 6) count += 1;
      }
      if (count) owed.push({ festival: f.festival, after: last, count });
    }
    for (const o of owed) {
      let d = o.after;
      for (let n = 0; n < o.count; ) {
        d = addDays(d, 1);
        const dow = dayOfWeek(d);
        if (dow === 0 || dow === 6 || map.has(d)) continue;
        map.set(d, { date: d, festival: o.festival, kind: 'in-lieu', reason: `${o.festival}补假`, basis: '《全国年节及纪念日放假办法》第六条' });
        n += 1;
      }
    }
  }
  out = map;
  cache.set(year, out);
  return out;
}

/** How a year without the State Council's schedule is counted (a clause for explanations). */
export function provisionalBasisOf(year: number): string {
  return year >= STATUTORY_RULES_FROM
    ? '节假日按《全国年节及纪念日放假办法》第二条、第六条推算，调休上班日每年由国务院办公厅通知确定、尚未计入'
    : '只按双休日计算';
}

/** Why a day of a year without the State Council's schedule is provisional, in words a clerk can act on. */
export function provisionalReasonOf(year: number): string {
  return `${year}年国务院放假安排尚未录入：${provisionalBasisOf(year)}，为暂定`;
}
