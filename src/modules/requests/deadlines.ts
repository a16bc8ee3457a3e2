import { addDays, isIsoDate, type IsoDate } from '../../kernel/dates.ts';
import { ValidationError, type FieldIssue } from '../../kernel/errors.ts';
import { explainNotable, type AddResult, type WorkCalendar } from '../../platform/calendar/working-days.ts';
import { provisionalBasisOf } from '../../platform/calendar/statutory.ts';
import { citationPlace, formatCitation, isRegime, regimeFor, rulesFor, type PauseKind, type Regime, type RegimeRules } from './regimes.ts';
import type { ConsultationRow, FeeRow, RequestRow } from './repo.ts';
import { FINAL } from './states.ts';
import type { AuditDraft } from '../../platform/audit/audit.ts';
import type { CalendarChangeHook } from '../../platform/calendar/calendar.ts';
import { consultationsOf, feesOf, openReceivedRequests } from './repo.ts';

/**
 * The statutory clock of a disclosure request, as pure functions of its events, the working-day
 * calendar and the rules of its regime (docs: /work/shared/domain/disclosure.md §2–3, §5).
 *
 * Counting rule used throughout: the day an event happens is not counted; a limit of N working days
 * ends on the Nth working day after it (the ordinary 期间 rule, `WorkCalendar.addWorkdays`).
 * Working days include the State Council's make-up days (调休) and exclude statutory holidays.
 * No function here reads the system clock: "today" is always passed in.
 */

/** A consultation whose time is not counted. `to` omitted = no reply yet (2019 only; see below). */
export interface Pause {
  /** The day the consultation letter (征求意见书) is sent. */
  from: IsoDate;
  /** The day the reply arrives, or the consultee's time runs out. */
  to?: IsoDate;
  kind: PauseKind;
}

export interface CorrectionEvents {
  /** The day the single correction notice (补正告知) went out. */
  noticeOn?: IsoDate;
  /** The day the corrected request was received; omitted while the applicant has not corrected. */
  correctedOn?: IsoDate;
  /** Working days allowed to correct, counted after the notice. Local 口径 setting; default 15. */
  periodDays?: number;
}

export interface ClockInput {
  /** Legal receipt date (2019 条例第三十一条), not the raw arrival time. */
  receivedOn: IsoDate;
  /** Normally derived from `receivedOn`; an override is honoured and noted in the explanation. */
  regime?: Regime;
  correction?: CorrectionEvents;
  pauses?: readonly Pause[];
  /** Extension approved by the head of the disclosure office; `days` defaults to the maximum. */
  extension?: { days?: number };
  /** 2019 条例第三十五条: a reasonable later deadline set by the office for a large request. */
  reasonableDeadline?: IsoDate;
}

interface ClockCommon {
  regime: Regime;
  receivedOn: IsoDate;
  baseDays: number;
  maxExtensionDays: number;
  /** Working days not counted because of consultations (pauses), overlaps counted once. */
  pausedWorkdays: number;
  /** True when a date here was counted across a year whose official holiday schedule is not loaded. */
  provisional: boolean;
  provisionalYears: number[];
  /** Lines a clerk can check, in Chinese, in order. Warnings are repeated here. */
  explain: string[];
  /** Irregularities worth a second look (late correction notice, consultation after expiry…). */
  warnings: string[];
}

export interface RunningClock extends ClockCommon {
  status: 'running';
  /** The day the clock counts from (receipt, or receipt of the corrected request); not itself counted. */
  start: IsoDate;
  /** The answer deadline: the (baseDays + pausedWorkdays)th working day after `start`. */
  due: IsoDate;
  extensionDays?: number;
  extendedDue?: IsoDate;
  reasonableDeadline?: IsoDate;
  /** The date to answer by: the Art. 35 deadline, else the extended deadline, else `due`. */
  answerBy: IsoDate;
  /** A consultation without a reply is counted to the consultee's time limit (an estimate). */
  hasPendingConsultation: boolean;
}

/** A correction was asked for and the corrected request has not arrived: no deadline runs. */
export interface AwaitingCorrectionClock extends ClockCommon {
  status: 'awaiting_correction';
  start: null;
  due: null;
  correctionNoticeOn: IsoDate | null;
  /** When the applicant's time to correct runs out (2019 条例第三十条; period a local setting). */
  correctionPeriodEnds: IsoDate | null;
}

export type ClockResult = RunningClock | AwaitingCorrectionClock;

/** A single computed limit. */
export interface DeadlineResult {
  date: IsoDate;
  provisional: boolean;
  provisionalYears: number[];
  explain: string[];
}

/** Local 口径 (disclosure.md §3): guidance in practice allows at most 15 working days to correct. */
export const DEFAULT_CORRECTION_PERIOD_DAYS = 15;

/** 国办函〔2020〕109号：收到收费通知的次日起20个工作日内缴纳费用. */
export const FEE_PAYMENT_DAYS = 20;

const KIND_LABEL: Record<PauseKind, string> = { third_party: '征求第三方意见', other_agency: '征求其他机关意见' };

/** The answer deadline of a request, with everything that moved it, explained line by line. */
export function computeClock(cal: WorkCalendar, input: ClockInput): ClockResult {
  const issues: FieldIssue[] = [];
  const date = (field: string, v: IsoDate | undefined): v is IsoDate => {
    if (v === undefined) return false;
    if (typeof v === 'string' && isIsoDate(v)) return true;
    issues.push({ field, message: `不是有效日期（YYYY-MM-DD）：${String(v)}` });
    return false;
  };

  if (!date('receivedOn', input.receivedOn)) throw new ValidationError(issues.length ? issues : [{ field: 'receivedOn', message: '必须填写收到申请之日' }]);
  const receivedOn = input.receivedOn;
  const byDate = regimeFor(receivedOn);
  if (input.regime !== undefined && !isRegime(input.regime))
    throw ValidationError.field('regime', `未知的条例版本：${String(input.regime)}（应为 2008 或 2019）`);
  const regime = input.regime ?? byDate;
  const rules = rulesFor(regime);
  const art = (c: Parameters<typeof citationPlace>[0]) => `条例${citationPlace(c)}`;

  const explain: string[] = [];
  const warnings: string[] = [];
  const warn = (s: string) => {
    warnings.push(s);
    explain.push(`注意：${s}`);
  };

  // 国务院令第711号 applies to requests received on or after 2019-05-15 (disclosure.md §1).
  const why = regime !== byDate ? '按指定版本计算' : regime === '2019' ? '收到申请之日在2019年5月15日（含）以后' : '收到申请之日在2019年5月15日以前';
  explain.push(`适用${rules.title}（${why}），答复期限为${rules.baseDays}个工作日（${art(rules.baseDaysBasis)}）`);
  if (regime !== byDate) warn(`依收到申请之日（${receivedOn}）本应适用${rulesFor(byDate).instrument}，现按指定的${rules.instrument}计算`);
  explain.push(`收到申请之日：${receivedOn}（${cal.day(receivedOn).reason}），当日不计入，自次日起算`);

  // ---- Validate everything before computing anything ----
  const corr = input.correction;
  const period = corr?.periodDays ?? DEFAULT_CORRECTION_PERIOD_DAYS;
  let hasNotice = false;
  let hasCorrected = false;
  if (corr) {
    hasNotice = date('correction.noticeOn', corr.noticeOn);
    hasCorrected = date('correction.correctedOn', corr.correctedOn);
    if (!Number.isInteger(period) || period < 1) issues.push({ field: 'correction.periodDays', message: `补正期限须为正整数个工作日：${period}` });
    if (corr.noticeOn === undefined && corr.correctedOn === undefined) issues.push({ field: 'correction', message: '须填写补正告知日期或收到补正申请日期' });
    if (hasNotice && corr.noticeOn! < receivedOn) issues.push({ field: 'correction.noticeOn', message: `补正告知日期不能早于收到申请之日（${receivedOn}）` });
    const floor = hasNotice ? corr.noticeOn! : receivedOn;
    if (hasCorrected && corr.correctedOn! < floor)
      issues.push({ field: 'correction.correctedOn', message: `收到补正申请日期不能早于${hasNotice ? '补正告知日期' : '收到申请之日'}（${floor}）` });
  }

  // Extension: 2008 条例第二十四条第二款 / 2019 条例第三十三条第二款 — at most 15 / 20 working days.
  let extensionDays = 0;
  if (input.extension) {
    const d = input.extension.days ?? rules.maxExtensionDays;
    if (!Number.isInteger(d) || d < 1) issues.push({ field: 'extension.days', message: `延长天数须为正整数个工作日：${String(d)}` });
    else if (d > rules.maxExtensionDays)
      issues.push({
        field: 'extension.days',
        message: `延长答复期限最长不得超过${rules.maxExtensionDays}个工作日（${formatCitation(rules.extensionBasis, { withInstrument: true })}），不能延长${d}个工作日`,
      });
    else extensionDays = d;
  }

  // Pauses: third party in both regimes (2008 第二十四条第三款; 2019 第三十三条第三款), other agencies from 2019 only.
  const pauses = (input.pauses ?? []).map((p, i) => ({ ...p, i }));
  for (const p of pauses) {
    if (p.kind !== 'third_party' && p.kind !== 'other_agency') {
      issues.push({ field: `pauses[${p.i}].kind`, message: `未知的征求意见类型：${String(p.kind)}（third_party 或 other_agency）` });
      continue;
    }
    if (!rules.pauses[p.kind])
      issues.push({
        field: `pauses[${p.i}].kind`,
        message: `${rules.instrument}只规定征求第三方意见的时间不计入答复期限（${art(rulesFor('2008').pauses.third_party!)}）；征求其他机关意见的时间自2019年条例第三十三条第三款起才不计入`,
      });
    const okFrom = date(`pauses[${p.i}].from`, p.from);
    const okTo = date(`pauses[${p.i}].to`, p.to);
    if (okFrom && okTo && p.to! < p.from) issues.push({ field: `pauses[${p.i}].to`, message: `收到回复之日（${p.to}）不能早于发出征求意见之日（${p.from}）` });
    if (p.to === undefined && rules.consultationReplyDays === null)
      issues.push({ field: `pauses[${p.i}].to`, message: `${rules.instrument}未规定被征求意见方的答复期限，尚未回复的征求意见无法估算，须填写收到回复之日` });
  }

  // Art. 35 reasonable later deadline: 2019 only.
  if (input.reasonableDeadline !== undefined) {
    if (regime !== '2019') issues.push({ field: 'reasonableDeadline', message: '确定延迟答复的合理期限是2019年条例第三十五条的规定，2008年条例无此规定' });
    else date('reasonableDeadline', input.reasonableDeadline);
  }
  if (issues.length) throw new ValidationError(issues);

  // ---- Correction (补正): 2019 条例第三十条; 2008 条例第二十一条第（四）项 + local 口径 ----
  let start = receivedOn;
  let correctionPeriodEnds: IsoDate | null = null;
  const provisionalYears = new Set<number>();
  const note = (r: AddResult) => {
    for (const y of r.provisionalYears) provisionalYears.add(y);
  };
  if (corr) {
    if (hasNotice) {
      const noticeOn = corr.noticeOn!;
      explain.push(`${noticeOn} 告知申请人作出补正（${art(rules.correctionBasis)}）`);
      if (rules.correctionNoticeDays !== null) {
        // 2019 条例第三十条：自收到申请之日起7个工作日内一次性告知
        // A check, not a date we report: its provisional marking does not carry into the result.
        const lim = cal.addWorkdays(receivedOn, rules.correctionNoticeDays);
        if (noticeOn > lim.date)
          warn(`补正告知（${noticeOn}）晚于收到申请后${rules.correctionNoticeDays}个工作日（${lim.date}）（${art(rules.correctionBasis)}）`);
      }
      const ends = cal.addWorkdays(noticeOn, period);
      if (!hasCorrected) note(ends); // reported only while waiting for the correction
      correctionPeriodEnds = ends.date;
      explain.push(`补正期限：告知后${period}个工作日，至 ${ends.date}（期限为本地口径设置）`);
      if (hasCorrected && corr.correctedOn! > ends.date)
        warn(`补正申请（${corr.correctedOn}）晚于补正期限（${ends.date}）；无正当理由逾期不补正的，视为放弃申请（${art(rules.correctionBasis)}）`);
    }
    if (!hasCorrected) {
      explain.push('尚未收到补正后的申请：答复期限自收到补正后的申请之日起计算，目前不计时');
      const waiting: AwaitingCorrectionClock = {
        status: 'awaiting_correction',
        regime,
        receivedOn,
        baseDays: rules.baseDays,
        maxExtensionDays: rules.maxExtensionDays,
        start: null,
        due: null,
        correctionNoticeOn: corr.noticeOn ?? null,
        correctionPeriodEnds,
        pausedWorkdays: 0,
        ...provisionalOf(provisionalYears, explain),
        explain,
        warnings,
      };
      return waiting;
    }
    start = corr.correctedOn!;
    explain.push(
      regime === '2019'
        ? `${start} 收到补正后的申请：答复期限自该日重新计算，当日不计入（${art(rules.correctionBasis)}）`
        : `${start} 收到补正后的申请：答复期限自该日重新计算，当日不计入（${art(rules.correctionBasis)}未规定期限如何计算；本地口径，与2019年条例第三十条相同）`,
    );
  }

  // Paused working days: from the day the consultation is sent to the day the reply arrives (or its
  // time runs out), both included (local 口径, disclosure.md §2); only days after `start` can be taken
  // out of a limit that starts after `start`; parallel consultations do not count a day twice.
  const paused = new Set<IsoDate>();
  let hasPendingConsultation = false;
  let pausedBefore = 0;
  const firstCountable = addDays(start, 1);
  for (const p of [...pauses].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))) {
    const basis = rules.pauses[p.kind]!;
    let to = p.to;
    let pending = '';
    if (to === undefined) {
      // 2019 条例第三十二条、第三十四条：被征求意见方自收到征求意见书之日起15个工作日内提出意见。
      // Counted from the day sent (the day received is not known here): an estimate, said so.
      const lim = cal.addWorkdays(p.from, rules.consultationReplyDays!);
      note(lim);
      to = lim.date;
      hasPendingConsultation = true;
      pending = `尚未回复：暂计至发出后${rules.consultationReplyDays}个工作日，条例第${p.kind === 'third_party' ? '三十二' : '三十四'}条规定的回复期限，估计`;
    } else if (rules.consultationReplyDays !== null) {
      const lim = cal.addWorkdays(p.from, rules.consultationReplyDays);
      if (to > lim.date)
        warn(`${KIND_LABEL[p.kind]}的回复（${to}）晚于发出后${rules.consultationReplyDays}个工作日（${lim.date}），请核实对方收到征求意见书的日期`);
    }
    // A consultation begun after the deadline (as it stood) had run out cannot revive it.
    const standing = cal.addWorkdays(start, rules.baseDays + extensionDays + pausedBefore).date;
    if (p.from > standing) warn(`${p.from} 发出征求意见时，答复期限已于 ${standing} 届满；按本地口径仍顺延，请核实`);
    let own = 0;
    let fresh = 0;
    const clipped = p.from < firstCountable;
    for (let d = clipped ? firstCountable : p.from; d <= to; d = addDays(d, 1)) {
      const info = cal.day(d);
      if (info.provisional) provisionalYears.add(Number(d.slice(0, 4)));
      if (!info.workday) continue;
      own += 1;
      if (!paused.has(d)) {
        paused.add(d);
        fresh += 1;
      }
    }
    pausedBefore += fresh;
    const overlap = own - fresh;
    explain.push(
      `${p.from} 至 ${to} ${KIND_LABEL[p.kind]}${pending ? `（${pending}）` : ''}，其间${own}个工作日不计入答复期限（${art(basis)}；含发出之日和收到回复之日，本地口径` +
        (clipped ? `；${start}及以前本不计时` : '') +
        '）' +
        (overlap > 0 ? `，其中${overlap}个工作日与另一征求意见重叠，不重复扣除` : '') +
        `：顺延${fresh}个工作日`,
    );
  }
  const pausedWorkdays = paused.size;

  // ---- The dates ----
  const dueR = cal.addWorkdays(start, rules.baseDays + pausedWorkdays);
  const longest = extensionDays > 0 ? cal.addWorkdays(start, rules.baseDays + pausedWorkdays + extensionDays) : dueR;
  note(longest);
  const due = dueR.date;
  // Skipped and make-up days up to the due date, then (if extended) those of the extension.
  for (const line of explainNotable(longest.notable.filter((d) => d.date <= due))) explain.push(line);
  explain.push(
    `答复期限届满日：${due}（${cal.day(due).reason}），即${start === receivedOn ? '收到申请' : '收到补正申请'}之日后第${rules.baseDays + pausedWorkdays}个工作日` +
      (pausedWorkdays > 0 ? `（${rules.baseDays}个工作日 + 不计入的${pausedWorkdays}个工作日）` : ''),
  );

  const result: RunningClock = {
    status: 'running',
    regime,
    receivedOn,
    baseDays: rules.baseDays,
    maxExtensionDays: rules.maxExtensionDays,
    start,
    due,
    answerBy: due,
    pausedWorkdays,
    hasPendingConsultation,
    provisional: false,
    provisionalYears: [],
    explain,
    warnings,
  };

  if (extensionDays > 0) {
    for (const line of explainNotable(longest.notable.filter((d) => d.date > due))) explain.push(line);
    result.extensionDays = extensionDays;
    result.extendedDue = longest.date;
    result.answerBy = longest.date;
    explain.push(
      `经政府信息公开工作机构负责人同意并告知申请人，延长答复期限${extensionDays}个工作日（${art(rules.extensionBasis)}，最长${rules.maxExtensionDays}个工作日），延长后届满日：${longest.date}（${cal.day(longest.date).reason}）`,
    );
  }

  if (input.reasonableDeadline !== undefined) {
    const rd = input.reasonableDeadline;
    // 2019 条例第三十五条：理由合理，但是无法在第三十三条规定的期限内答复的，可以确定延迟答复的合理期限
    if (rd <= due) throw ValidationError.field('reasonableDeadline', `延迟答复的合理期限（${rd}）须晚于第三十三条规定的答复期限（${due}）`);
    result.reasonableDeadline = rd;
    if (rd > result.answerBy) result.answerBy = rd;
    explain.push(
      `申请数量、频次明显超过合理范围，理由合理但无法在第三十三条规定的期限内答复，本机关确定延迟答复的合理期限至 ${rd} 并告知申请人（条例第三十五条）`,
    );
    if (extensionDays > 0 && rd < result.extendedDue!) warn(`合理期限（${rd}）早于延长后届满日（${result.extendedDue}）`);
  }

  Object.assign(result, provisionalOf(provisionalYears, explain));
  return result;
}

/** 2019 条例第三十条: the single correction notice is due within 7 working days of receipt. 2008: no limit (null). */
export function correctionNoticeDeadline(cal: WorkCalendar, receivedOn: IsoDate, regime: Regime = regimeFor(receivedOn)): DeadlineResult | null {
  checkDate('receivedOn', receivedOn);
  const rules = rulesFor(regime);
  if (rules.correctionNoticeDays === null) return null;
  return limit(
    cal,
    receivedOn,
    rules.correctionNoticeDays,
    `收到申请之日（${receivedOn}）后${rules.correctionNoticeDays}个工作日内一次性告知补正（条例${citationPlace(rules.correctionBasis)}）`,
  );
}

/**
 * When the applicant's time to correct runs out: `periodDays` working days after the notice. The
 * period is the office's choice (2019 条例第三十条 "合理的补正期限"); 15 is the local default.
 */
export function correctionPeriodEnds(cal: WorkCalendar, noticeOn: IsoDate, periodDays: number = DEFAULT_CORRECTION_PERIOD_DAYS): DeadlineResult {
  checkDate('noticeOn', noticeOn);
  if (!Number.isInteger(periodDays) || periodDays < 1) throw ValidationError.field('periodDays', `补正期限须为正整数个工作日：${periodDays}`);
  return limit(
    cal,
    noticeOn,
    periodDays,
    `补正告知（${noticeOn}）后${periodDays}个工作日内补正（条例第三十条；期限为本地口径设置）；无正当理由逾期不补正的，视为放弃申请`,
  );
}

/**
 * When a consulted third party or co-producing agency must reply: 15 working days after it received
 * the consultation letter (2019 条例第三十二条、第三十四条). A silent co-producing agency is taken to
 * consent (第三十四条); a silent third party leaves the decision to the office (第三十二条).
 * The 2008 text sets no limit (第二十三条): null.
 */
export function consultationReplyDeadline(
  cal: WorkCalendar,
  consulteeReceivedOn: IsoDate,
  kind: PauseKind,
  regime: Regime = '2019',
): (DeadlineResult & { silence: 'consent' | 'office_decides' }) | null {
  checkDate('consulteeReceivedOn', consulteeReceivedOn);
  const rules = rulesFor(regime);
  if (rules.consultationReplyDays === null) return null;
  const r = limit(
    cal,
    consulteeReceivedOn,
    rules.consultationReplyDays,
    kind === 'other_agency'
      ? `被征求意见机关自收到征求意见书之日（${consulteeReceivedOn}）起${rules.consultationReplyDays}个工作日内提出意见，逾期未提出意见的视为同意公开（条例第三十四条）`
      : `第三方自收到征求意见书之日（${consulteeReceivedOn}）起${rules.consultationReplyDays}个工作日内提出意见，逾期未提出意见的，由行政机关依照条例规定决定是否公开（条例第三十二条）`,
  );
  return { ...r, silence: kind === 'other_agency' ? 'consent' : 'office_decides' };
}

/**
 * 国办函〔2020〕109号: the applicant pays within 20 working days from the day after receiving the fee
 * notice — the 20th working day after it — else the request is treated as abandoned (row 三（六）2).
 */
export function feePaymentDeadline(cal: WorkCalendar, noticeReceivedOn: IsoDate): DeadlineResult {
  checkDate('noticeReceivedOn', noticeReceivedOn);
  return limit(
    cal,
    noticeReceivedOn,
    FEE_PAYMENT_DAYS,
    `收到收费通知（${noticeReceivedOn}）的次日起${FEE_PAYMENT_DAYS}个工作日内缴纳费用，逾期未缴纳的视为放弃申请（国办函〔2020〕109号）`,
  );
}

/**
 * Working days left until `due`: positive before it (working days after today up to and including
 * due), 0 on the day, negative once overdue (working days past due up to today).
 */
export function workdaysLeft(cal: WorkCalendar, today: IsoDate, due: IsoDate): number {
  checkDate('today', today);
  checkDate('due', due);
  if (today === due) return 0;
  return today < due ? cal.workdaysAfter(today, due) : -cal.workdaysAfter(due, today);
}

/** Past the last day. The last day itself is still in time. */
export function isOverdue(today: IsoDate, due: IsoDate): boolean {
  checkDate('today', today);
  checkDate('due', due);
  return today > due;
}

/** Not overdue and at most `n` working days left (follow-up lists: "due within 3 working days"). */
export function isDueWithin(cal: WorkCalendar, today: IsoDate, due: IsoDate, n: number): boolean {
  if (!Number.isInteger(n) || n < 0) throw ValidationError.field('n', `工作日数须为非负整数：${n}`);
  return !isOverdue(today, due) && workdaysLeft(cal, today, due) <= n;
}

/** The rules a clock was computed with (for views that show "20 个工作日，可延长 20 个"). */
export function clockRules(regime: Regime): RegimeRules {
  return rulesFor(regime);
}

function limit(cal: WorkCalendar, from: IsoDate, n: number, head: string): DeadlineResult {
  const r = cal.addWorkdays(from, n);
  const explain = [head, ...explainNotable(r.notable), `届满日：${r.date}（${cal.day(r.date).reason}）`];
  const p = provisionalOf(new Set(r.provisionalYears), explain);
  return { date: r.date, ...p, explain };
}

function provisionalOf(years: Set<number>, explain: string[]): { provisional: boolean; provisionalYears: number[] } {
  const list = [...years].sort((a, b) => a - b);
  if (list.length)
    explain.push(
      `注意：${list.map((y) => `${y}年`).join('、')}的国务院节假日安排尚未载入日历，${[...new Set(list.map(provisionalBasisOf))].join('；')}，以上日期为暂定；安排公布并载入后请复核`,
    );
  return { provisional: list.length > 0, provisionalYears: list };
}

function checkDate(field: string, v: unknown): asserts v is IsoDate {
  if (typeof v !== 'string' || !isIsoDate(v)) throw ValidationError.field(field, `不是有效日期（YYYY-MM-DD）：${String(v)}`);
}

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
