import { addDays, isIsoDate, yearOf, type IsoDate } from '../../kernel/dates.ts';
import { ValidationError, type FieldIssue } from '../../kernel/errors.ts';
import type { WorkCalendar } from '../../platform/calendar/working-days.ts';
import { loadCalendar } from '../../platform/calendar/calendar.ts';
import { getSetting } from '../../platform/settings/settings.ts';
import type { Queryable } from '../../storage/db.ts';
import { provisionalBasisOf } from '../../platform/calendar/statutory.ts';
import type { ClockInput, ClockResult, ClockSignal, SignalLevel } from './ports.ts';
import {
  ANOMALY_RULES,
  BASIS_LABELS,
  LEVEL_LABELS,
  LEVEL_RANK,
  UNIT_LABELS,
  describeRule,
  rulesSetting,
  type AnomalyRule,
  type Basis,
  type RaisedLevel,
  type SupervisionRules,
  type TimeRule,
  type Unit,
} from './settings.ts';

/**
 * The supervision clock (services.md §3), a pure function of the case's dates, the district's rules
 * and the platform's working-day calendar. The counting is the disclosure requests' one
 * (src/modules/requests/deadlines.ts, `WorkCalendar.addWorkdays`): the day of acceptance is not
 * counted, a limit of N working days ends on the Nth working day after it, make-up days (调休) count
 * and holidays do not. Suspended days (特别程序 not counted, 补正 waiting) are not counted, both ends
 * included. A signal is reached when it is dated on or before the finish (or `asOf`, if unfinished).
 * Nothing here reads the system clock.
 */

export interface ClockOptions {
  /** The day-by-day explanation (the CLI, the case page); the sweep turns it off. Default true. */
  explain?: boolean;
  /** A day table shared by many clocks (the sweep): starting on or before this clock's acceptance. */
  days?: DayTable;
}

/**
 * The days from a start date on, as dates and working-day flags, extended as far as a clock asks:
 * many clocks share one, so the sweep looks each day up in the calendar once.
 */
export class DayTable {
  private readonly dates: IsoDate[] = [];
  private readonly work: boolean[] = [];
  private readonly index = new Map<IsoDate, number>();
  constructor(
    private readonly cal: WorkCalendar,
    readonly start: IsoDate,
  ) {
    this.push(start);
  }
  private push(d: IsoDate) {
    this.index.set(d, this.dates.length);
    this.dates.push(d);
    this.work.push(this.cal.isWorkday(d));
  }
  private extend() {
    if (this.dates.length > MAX_SPAN_DAYS * 20) throw ValidationError.field('acceptedOn', '日期跨度过大，无法计算时限');
    this.push(addDays(this.dates[this.dates.length - 1]!, 1)); // never empty: the start is pushed first
  }
  date(i: number): IsoDate {
    while (i >= this.dates.length) this.extend();
    return this.dates[i]!;
  }
  isWorkday(i: number): boolean {
    this.date(i);
    return this.work[i]!;
  }
  /** The index of a date on or after the start. */
  indexOf(d: IsoDate): number {
    if (d < this.start) throw new RangeError(`${d} is before the day table's start ${this.start}`);
    let i = this.index.get(d);
    while (i === undefined) {
      this.extend();
      i = this.index.get(d);
    }
    return i;
  }
}

/** No limit runs longer than this many days past acceptance (a guard, never reached by real limits). */
const MAX_SPAN_DAYS = 3660;

export function computeClock(cal: WorkCalendar, rules: SupervisionRules, input: ClockInput, asOf: IsoDate, opts: ClockOptions = {}): ClockResult {
  const withExplain = opts.explain !== false;
  const v = validate(input, asOf);
  const { acceptedOn, promisedDays } = v;
  const legalDays = input.legalDays ?? null;
  const step = input.step ?? null;

  // Suspensions, both ends included; only days after acceptance can be taken out of the limit.
  const susp = [...input.suspensions].map((s) => ({ from: s.from, to: s.to })).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const isSuspended = susp.length ? (d: IsoDate) => susp.some((s) => s.from <= d && d <= s.to) : () => false;
  const T = opts.days && opts.days.start <= acceptedOn ? opts.days : new DayTable(cal, acceptedOn);

  /** The countable days after a start, as day indices, extended as far as asked. */
  const seqs = new Map<string, { nth(n: number): number; pos(idx: number): number }>();
  const seq = (startIdx: number, unit: Unit) => {
    const k = `${startIdx}:${unit}`;
    let sq = seqs.get(k);
    if (!sq) {
      const out: number[] = [];
      let i = startIdx;
      const more = () => {
        for (;;) {
          i += 1;
          if (i - startIdx > MAX_SPAN_DAYS * 2) throw ValidationError.field('suspensions', '暂停计时的日期过长，无法计算时限');
          if (!isSuspended(T.date(i)) && (unit === 'calendar' || T.isWorkday(i))) {
            out.push(i);
            return;
          }
        }
      };
      sq = {
        nth(n) {
          if (n <= 0) return startIdx;
          while (out.length < n) more();
          return out[n - 1]!; // extended to n above
        },
        /** How many countable days lie in (start, idx]. */
        pos(idx) {
          while (!out.length || out[out.length - 1]! < idx) more();
          let c = 0;
          for (const x of out) if (x <= idx) c += 1;
          return c;
        },
      };
      seqs.set(k, sq);
    }
    return sq;
  };
  /** The nth countable day after `start` (n = 0: `start` itself). */
  const nth = (start: IsoDate, unit: Unit, n: number): IsoDate => T.date(seq(T.indexOf(start), unit).nth(n));
  /** Countable days in (start, target]. */
  const indexOf = (start: IsoDate, unit: Unit, target: IsoDate): number => seq(T.indexOf(start), unit).pos(T.indexOf(target));

  const limits: Record<Basis, { start: IsoDate; days: number; due: IsoDate; end: IsoDate } | null> = {
    promised: { start: acceptedOn, days: promisedDays, due: nth(acceptedOn, 'working', promisedDays), end: v.end },
    legal: legalDays === null ? null : { start: acceptedOn, days: legalDays, due: nth(acceptedOn, 'working', legalDays), end: v.end },
    step:
      step === null
        ? null
        : { start: step.startedOn, days: step.limitDays, due: nth(step.startedOn, 'working', step.limitDays), end: step.finishedOn ?? v.end },
  };
  const due = limits.promised!.due; // always set

  const dated = rules.rules.map((r): ClockSignal & { def: TimeRule } => {
    const lim = limits[r.basis];
    if (!lim) return { def: r, rule: r.key, level: r.level, on: null, reached: false };
    const dueIdx = r.unit === 'working' ? lim.days : indexOf(lim.start, 'calendar', lim.due);
    const idx = r.threshold.kind === 'offset' ? dueIdx + r.threshold.days : Math.ceil((dueIdx * r.threshold.percent) / 100);
    const on = idx <= 0 ? lim.start : nth(lim.start, r.unit, idx);
    return { def: r, rule: r.key, level: r.level, on, reached: on <= lim.end };
  });

  const first = (level: SignalLevel) =>
    dated
      .filter((s) => s.level === level && s.on !== null)
      .map((s) => s.on!)
      .sort()[0] ?? null;
  let level: SignalLevel = 'none';
  for (const s of dated) if (s.reached && LEVEL_RANK[s.level] > LEVEL_RANK[level]) level = s.level;

  // The days the clock looked at run from the day after acceptance to the last date it produced.
  const dates = [due, limits.legal?.due, limits.step?.due, input.finishedOn ?? undefined, ...dated.map((s) => s.on ?? undefined)].filter(
    (d): d is IsoDate => d !== undefined,
  );
  const last = dates.sort().at(-1) ?? due;
  const years: number[] = [];
  for (let y = yearOf(addDays(acceptedOn, 1)); y <= yearOf(last); y += 1) if (cal.isProvisionalYear(y)) years.push(y);

  const signals: ClockSignal[] = dated.map(({ def: _def, ...s }) => s);
  const result: ClockResult = {
    due,
    warnOn: first('warning'),
    yellowOn: first('yellow'),
    redOn: first('red'),
    level,
    provisional: years.length > 0,
    explain: [],
    signals,
    legalDue: limits.legal?.due ?? null,
  };
  if (!withExplain) return result;

  // ——— The explanation, day by day ———
  const ex = result.explain;
  const day0 = cal.day(acceptedOn);
  ex.push(`受理日期：${acceptedOn}（${day0.reason}），当日不计入，自次日起算`);
  ex.push(`承诺办结时限：${promisedDays}个工作日，届满日 ${due}`);
  if (limits.legal) ex.push(`法定办结时限：${limits.legal.days}个工作日，届满日 ${limits.legal.due}`);
  if (step && limits.step) ex.push(`环节“${step.name}”：自 ${step.startedOn} 次日起 ${step.limitDays}个工作日，届满日 ${limits.step.due}`);
  for (const s of susp) {
    const before = s.to <= acceptedOn;
    ex.push(`${s.from} 至 ${s.to} 暂停计时（特别程序或补正，首尾两日均不计入）${before ? '：在受理日及以前，本不计时' : ''}`);
  }

  const marks = new Map<IsoDate, string[]>();
  const mark = (d: IsoDate, s: string) => marks.set(d, [...(marks.get(d) ?? []), s]);
  mark(due, '承诺时限届满');
  if (limits.legal) mark(limits.legal.due, '法定时限届满');
  if (limits.step && step) mark(limits.step.due, `环节“${step.name}”时限届满`);
  for (const s of dated) if (s.on && s.on > acceptedOn) mark(s.on, LEVEL_LABELS[s.level]);
  if (input.finishedOn) mark(input.finishedOn, '办结');
  else if (asOf > acceptedOn && asOf <= last) mark(asOf, '今日');

  let k = 0;
  let run: { from: IsoDate; to: IsoDate; why: string } | null = null;
  const flush = () => {
    if (!run) return;
    ex.push(run.from === run.to ? `${run.from} ${run.why}，不计` : `${run.from} 至 ${run.to} ${run.why}，不计`);
    run = null;
  };
  for (let d = addDays(acceptedOn, 1); d <= last; d = addDays(d, 1)) {
    const info = cal.day(d);
    const m = marks.get(d);
    const tail = m ? `　← ${m.join('；')}` : '';
    if (isSuspended(d) || !info.workday) {
      const why = isSuspended(d) ? '暂停计时' : info.kind === 'weekend' ? '周末' : info.reason;
      if (m) {
        flush();
        ex.push(`${d}（${info.reason}）${why}，不计${tail}`);
        continue;
      }
      const r = run as { from: IsoDate; to: IsoDate; why: string } | null;
      if (r && r.why === why && addDays(r.to, 1) === d) r.to = d;
      else {
        flush();
        run = { from: d, to: d, why };
      }
      continue;
    }
    flush();
    k += 1;
    const nthDay = k > promisedDays ? `超过承诺时限第${k - promisedDays}个工作日` : `第${k}个工作日`;
    ex.push(
      info.kind === 'makeup' || info.kind === 'override-workday' ? `${d} ${info.reason}，计入：${nthDay}${tail}` : `${d}（${info.reason}）${nthDay}${tail}`,
    );
  }
  flush();

  for (const s of dated) {
    if (!s.on) {
      ex.push(`规则“${describeRule(s.def)}”：${s.def.basis === 'legal' ? '未提供法定时限' : '没有环节时限'}，不适用`);
      continue;
    }
    const unitNote = s.def.unit === 'calendar' ? `（按${UNIT_LABELS.calendar}计算）` : '';
    ex.push(`${describeRule(s.def)}${unitNote}：${s.on}，${s.reached ? '已触发' : '未触发'}`);
  }
  const end = input.finishedOn ? `办结日 ${input.finishedOn}` : `${asOf}（尚未办结）`;
  ex.push(
    level === 'none'
      ? `截至${end}，未触发任何信号（${BASIS_LABELS.promised}届满日 ${due}）`
      : `截至${end}，已达到：${LEVEL_LABELS[level]}（办结日或今日及以前的信号均计为已触发）`,
  );
  if (years.length)
    ex.push(
      `注意：${years.map((y) => `${y}年`).join('、')}的国务院节假日安排尚未载入日历，${[...new Set(years.map(provisionalBasisOf))].join('；')}，以上日期为暂定；安排公布并载入后请复核`,
    );
  return result;
}

interface Valid {
  acceptedOn: IsoDate;
  promisedDays: number;
  /** The day signals are reached by: the finish, or `asOf`. */
  end: IsoDate;
}

/** Every problem of a clock's input at once, each naming its field (中文). */
function validate(input: ClockInput, asOf: IsoDate): Valid {
  const issues: FieldIssue[] = [];
  const isDate = (v: unknown): v is IsoDate => typeof v === 'string' && isIsoDate(v);
  const date = (field: string, v: unknown, required: boolean) => {
    if (v === undefined || v === null) {
      if (required) issues.push({ field, message: '必须填写日期（YYYY-MM-DD）' });
      return false;
    }
    if (!isDate(v)) {
      issues.push({ field, message: `不是有效日期（YYYY-MM-DD）：${String(v)}` });
      return false;
    }
    return true;
  };
  const days = (field: string, v: unknown, label: string) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 1000)
      issues.push({ field, message: `${label}应为1–1000之间的整数个工作日：${String(v)}` });
  };
  const okAccepted = date('acceptedOn', input.acceptedOn, true);
  date('asOf', asOf, true);
  days('promisedDays', input.promisedDays, '承诺办结时限');
  if (input.legalDays !== undefined && input.legalDays !== null) days('legalDays', input.legalDays, '法定办结时限');
  if (!Array.isArray(input.suspensions)) issues.push({ field: 'suspensions', message: '暂停计时应为日期区间的列表' });
  else
    input.suspensions.forEach((s, i) => {
      const a = date(`suspensions[${i}].from`, s?.from, true);
      const b = date(`suspensions[${i}].to`, s?.to, true);
      if (a && b && s.to < s.from) issues.push({ field: `suspensions[${i}].to`, message: `暂停结束日（${s.to}）不能早于开始日（${s.from}）` });
    });
  if (date('finishedOn', input.finishedOn, false) && okAccepted && input.finishedOn! < input.acceptedOn)
    issues.push({ field: 'finishedOn', message: `办结日期（${input.finishedOn}）不能早于受理日期（${input.acceptedOn}）` });
  const st = input.step;
  if (st) {
    if (typeof st.name !== 'string' || !st.name.trim()) issues.push({ field: 'step.name', message: '请填写环节名称' });
    const a = date('step.startedOn', st.startedOn, true);
    days('step.limitDays', st.limitDays, '环节时限');
    if (date('step.finishedOn', st.finishedOn, false) && a && st.finishedOn! < st.startedOn)
      issues.push({ field: 'step.finishedOn', message: `环节完成日期（${st.finishedOn}）不能早于开始日期（${st.startedOn}）` });
    if (a && okAccepted && st.startedOn < input.acceptedOn)
      issues.push({ field: 'step.startedOn', message: `环节开始日期（${st.startedOn}）不能早于受理日期（${input.acceptedOn}）` });
  }
  if (issues.length) throw new ValidationError(issues);
  return { acceptedOn: input.acceptedOn, promisedDays: input.promisedDays, end: input.finishedOn ?? asOf };
}

/** The port's `clock`: the district's current rules (settings) and the stored calendar, read from `db`. */
export async function clockOf(db: Queryable, input: ClockInput, asOf: IsoDate): Promise<ClockResult> {
  const [cal, rules] = await Promise.all([loadCalendar(db), getSetting(db, rulesSetting)]);
  return computeClock(cal, rules, input, asOf);
}

/** The port's `clocks`: one load of the calendar and the rules for many clocks, without explanations. */
export async function clocksOf(db: Queryable, inputs: readonly ClockInput[], asOf: IsoDate): Promise<ClockResult[]> {
  const [cal, rules] = await Promise.all([loadCalendar(db), getSetting(db, rulesSetting)]);
  let first: IsoDate | null = null;
  for (const i of inputs) if (typeof i.acceptedOn === 'string' && isIsoDate(i.acceptedOn) && (first === null || i.acceptedOn < first)) first = i.acceptedOn;
  const days = first ? new DayTable(cal, first) : undefined;
  return inputs.map((i) => computeClock(cal, rules, i, asOf, { explain: false, ...(days ? { days } : {}) }));
}

/** The port's `anomalyLevel`: the level the rules setting gives a non-time rule. */
export async function anomalyLevelOf(db: Queryable, rule: string): Promise<RaisedLevel | null> {
  const rules = await getSetting(db, rulesSetting);
  return rule in ANOMALY_RULES ? rules.anomalies[rule as AnomalyRule] : null;
}
