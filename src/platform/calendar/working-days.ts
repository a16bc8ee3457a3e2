import chineseDays from 'chinese-days';
import { addDays, dayOfWeek, yearOf, type IsoDate } from '../../kernel/dates.ts';
import { statutoryDaysOf, provisionalReasonOf } from './statutory.ts';

/**
 * The working-day calendar every clock uses (requests, catalogue timeliness, services, hotline).
 *
 * A working day is a day that is not a weekend or statutory holiday, **plus** the official make-up
 * working days (调休) that fall on weekends — 《全国年节及纪念日放假办法》 and the State Council's
 * yearly 放假安排 notice. Official schedules come from `chinese-days` (2004–2026 at 1.5.7); the
 * override table (set by administrators) adds next year's schedule before the package ships it,
 * and local days off or on. For a year with neither, the public holidays fixed by the 办法 are
 * computed (statutory.ts: 第二条 and the 补假 of 第六条) and every day is marked provisional with the
 * reason — the 调休 working days are announced each year — so it is never silently wrong.
 */
export interface DayOverride {
  workday: boolean;
  reason: string;
}

export interface CalendarData {
  /** Administrator entries; they win over the package. */
  overrides: ReadonlyMap<IsoDate, DayOverride>;
  /** Years whose official schedule the administrators have entered in full. */
  loadedYears: ReadonlySet<number>;
}

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup' | 'override-workday' | 'override-holiday';

export interface DayInfo {
  date: IsoDate;
  workday: boolean;
  kind: DayKind;
  /** Why, in words a clerk can check: 国庆节, 国庆节调休上班, 星期六, an override's reason. */
  reason: string;
  /** True when the year's official schedule is not loaded. */
  provisional: boolean;
  /** Why, when provisional: how the year is counted and what is not known yet. */
  provisionalReason?: string;
  /** The article a computed holiday comes from (provisional years only). */
  basis?: string;
}

export interface AddResult {
  date: IsoDate;
  provisional: boolean;
  /** Years counted without the State Council's schedule (holidays computed from the 办法). */
  provisionalYears: number[];
  /** Every non-working day skipped, and every make-up working day counted, in order. */
  notable: DayInfo[];
}

const WEEKDAY = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

function weekdayName(dow: number): string {
  const name = WEEKDAY[dow];
  if (name === undefined) throw new RangeError(`not a day of the week: ${dow}`);
  return name;
}

const officialYearCache = new Map<number, boolean>();
/** Does the package carry this year's official schedule? (New Year's Day is always a holiday in one.) */
export function hasOfficialSchedule(year: number): boolean {
  let v = officialYearCache.get(year);
  if (v === undefined) {
    const d = chineseDays.getDayDetail(`${year}-01-01`);
    v = d.work === false && /元旦|New Year/.test(d.name);
    officialYearCache.set(year, v);
  }
  return v;
}

/** `National Day,国庆节,3` → 国庆节 */
function festivalName(detailName: string): string {
  const [first = '', second] = detailName.split(',');
  return second ?? first;
}

export class WorkCalendar {
  /** Day answers are pure for a given snapshot: memoised (chinese-days costs ~40 µs a lookup). */
  private readonly memo = new Map<IsoDate, DayInfo>();
  constructor(private readonly data: CalendarData = { overrides: new Map(), loadedYears: new Set() }) {}

  isProvisionalYear(year: number): boolean {
    return !hasOfficialSchedule(year) && !this.data.loadedYears.has(year);
  }

  day(date: IsoDate): DayInfo {
    let info = this.memo.get(date);
    if (!info) {
      info = this.computeDay(date);
      this.memo.set(date, info);
    }
    return info;
  }

  private computeDay(date: IsoDate): DayInfo {
    const info = this.baseDay(date);
    return info.provisional ? { ...info, provisionalReason: provisionalReasonOf(yearOf(date)) } : info;
  }

  private baseDay(date: IsoDate): DayInfo {
    const year = yearOf(date);
    const provisional = this.isProvisionalYear(year);
    const o = this.data.overrides.get(date);
    if (o) return { date, workday: o.workday, kind: o.workday ? 'override-workday' : 'override-holiday', reason: o.reason, provisional };
    const dow = dayOfWeek(date);
    const weekend = dow === 0 || dow === 6;
    if (hasOfficialSchedule(year)) {
      const d = chineseDays.getDayDetail(date);
      const fest = /,/.test(d.name) ? festivalName(d.name) : '';
      if (!d.work)
        return { date, workday: false, kind: weekend && !fest ? 'weekend' : fest ? 'holiday' : 'weekend', reason: fest || weekdayName(dow), provisional };
      if (weekend) return { date, workday: true, kind: 'makeup', reason: `${fest || '调休'}调休上班（${weekdayName(dow)}）`, provisional };
      return { date, workday: true, kind: 'workday', reason: weekdayName(dow), provisional };
    }
    if (provisional) {
      // No schedule yet: the holidays the 办法 fixes are known in advance (statutory.ts).
      const s = statutoryDaysOf(year).get(date);
      if (s) return { date, workday: false, kind: 'holiday', reason: s.reason, provisional, basis: s.basis };
    }
    return weekend
      ? { date, workday: false, kind: 'weekend', reason: weekdayName(dow), provisional }
      : { date, workday: true, kind: 'workday', reason: weekdayName(dow), provisional };
  }

  isWorkday(date: IsoDate): boolean {
    return this.day(date).workday;
  }

  /**
   * The Nth working day strictly after `date` (the day itself is not counted — the ordinary
   * 期间 rule: 《民法典》第二百零一条, and 2019 条例 practice for 答复期限). n = 0 returns `date`.
   */
  addWorkdays(date: IsoDate, n: number): AddResult {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0: ${n}`);
    let d = date;
    let counted = 0;
    const notable: DayInfo[] = [];
    const provisionalYears = new Set<number>();
    while (counted < n) {
      d = addDays(d, 1);
      const info = this.day(d);
      if (info.provisional) provisionalYears.add(yearOf(d));
      if (info.workday) counted += 1;
      if (!info.workday || info.kind !== 'workday') notable.push(info);
    }
    return { date: d, provisional: provisionalYears.size > 0, provisionalYears: [...provisionalYears].sort(), notable };
  }

  /** Working days in [from, to], both included (pauses for consultation are counted this way). */
  workdaysInRange(from: IsoDate, to: IsoDate): number {
    let n = 0;
    for (let d = from; d <= to; d = addDays(d, 1)) if (this.isWorkday(d)) n += 1;
    return n;
  }

  /** Working days strictly after `from` up to and including `to` (how far into a time limit `to` is). */
  workdaysAfter(from: IsoDate, to: IsoDate): number {
    return to <= from ? 0 : this.workdaysInRange(addDays(from, 1), to);
  }
}

/**
 * Explain skipped and make-up days in lines a clerk can check against the official notice, grouping
 * consecutive days off: "2016-10-01 至 2016-10-07 国庆节，不计", "2016-10-08 国庆节调休上班（星期六），计入".
 */
export function explainNotable(notable: DayInfo[]): string[] {
  const lines: string[] = [];
  let i = 0;
  while (i < notable.length) {
    const a = notable[i]!; // i < notable.length
    if (a.workday) {
      lines.push(`${a.date} ${a.reason}，计入`);
      i += 1;
      continue;
    }
    let j = i;
    let last = a;
    while (j + 1 < notable.length) {
      const next = notable[j + 1]!; // j + 1 < notable.length
      if (next.workday || next.date !== addDays(last.date, 1)) break;
      j += 1;
      last = next;
    }
    const run = notable.slice(i, j + 1);
    const names = [...new Set(run.map((x) => (x.kind === 'weekend' ? '周末' : x.reason)))].join('、');
    lines.push(run.length === 1 ? `${a.date} ${names}，不计` : `${a.date} 至 ${last.date} ${names}，不计`);
    i = j + 1;
  }
  return lines;
}
