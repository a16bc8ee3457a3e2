import type { IsoDate } from '../../kernel/dates.ts';
import type { CommandContext } from '../../platform/command.ts';
import type { Queryable } from '../../storage/db.ts';

/**
 * What the electronic supervision module (电子监察, services.md §3) offers the modules whose work it
 * watches (cases now; rating tickets and hotline work orders later): the clock of a time limit under
 * the district's signal rules, and raising signals. The rules are data (settings), not code.
 */

/** The level a clock has reached: none, 预警 (warning), 黄牌 (yellow), 红牌 (red). */
export type SignalLevel = 'none' | 'warning' | 'yellow' | 'red';

export interface ClockInput {
  /** 受理日期: the day of acceptance is not counted (the same counting as disclosure requests). */
  acceptedOn: IsoDate;
  /** 承诺办结时限, in working days. */
  promisedDays: number;
  /** 法定办结时限, in working days, when known (a rule may be based on it). */
  legalDays?: number | null;
  /** Days the clock stands still (特别程序 not counted, 补正 waiting), both ends included. */
  suspensions: ReadonlyArray<{ from: IsoDate; to: IsoDate }>;
  /** 办结日期: a case finished on day F has reached every signal dated on or before F. */
  finishedOn?: IsoDate | null;
  /** A step with its own limit (rules whose basis is `step`): from its start, in working days, suspensions excluded. */
  step?: { name: string; startedOn: IsoDate; limitDays: number; finishedOn?: IsoDate | null } | null;
}

/** One rule's signal date under the clock (ClockResult.signals). */
export interface ClockSignal {
  /** The rule key, as `SignalDraft.rule`. */
  rule: string;
  level: Exclude<SignalLevel, 'none'>;
  /** The day the signal is dated; null when the rule does not apply (no legal limit, no step). */
  on: IsoDate | null;
  /** Dated on or before the finish (or `asOf` for an unfinished case). */
  reached: boolean;
}

export interface ClockResult {
  /** The last day of the promised limit. */
  due: IsoDate;
  warnOn: IsoDate | null;
  yellowOn: IsoDate | null;
  redOn: IsoDate | null;
  /** The level reached by `finishedOn`, or by `asOf` for an unfinished case. */
  level: SignalLevel;
  /** A date falls in a year whose official holiday schedule is not loaded. */
  provisional: boolean;
  /** Day by day, in Chinese, for the CLI's explanation and the case page. */
  explain: string[];
  /** Every time rule's date, in the order of the rules (optional member: the supervision module always fills it). */
  signals?: ClockSignal[];
  /** The last day of the legal limit, when `legalDays` is given. */
  legalDue?: IsoDate | null;
}

/** A signal a watched module asks to raise. Time signals carry their level; anomalies their rule. */
export interface SignalDraft {
  /** What is watched: 'case' (办件), later 'rating-ticket', 'work-order'. */
  subjectType: string;
  subjectId: number;
  /** The department responsible (signals by department; who is notified). */
  orgId: number;
  /** A rule key of the supervision rules, e.g. 'time.warning', 'time.yellow', 'time.red', 'refusal-without-reasons', 'step-over-limit', 'fee-off-standard', 'offline-should-be-online'. */
  rule: string;
  level: Exclude<SignalLevel, 'none'>;
  /** The day the signal is dated (for time signals: the signal's date from the clock). */
  raisedOn: IsoDate;
  /** One line in Chinese, without personal data: 「办件 HJ2016-000123 已超过承诺时限」. */
  detail: string;
  /** Where a supervisor reads the subject's full record (a back-office path). */
  href: string;
}

export interface SupervisionPort {
  /** The clock under the district's current rules (settings), against the platform's calendar. */
  clock(db: Queryable, input: ClockInput, asOf: IsoDate): Promise<ClockResult>;
  /**
   * Raise these signals in the caller's command transaction: idempotent (one signal per subject ×
   * rule, never duplicated, never deleted), each new one notifying the responsible staff through
   * the outbox. Returns how many were new.
   */
  raise(ctx: CommandContext, drafts: readonly SignalDraft[]): Promise<number>;
  /**
   * Many clocks at once under one load of the calendar and the rules (the daily sweep): the same
   * results as `clock`, without the day-by-day explanation (`explain` is empty).
   */
  clocks?(db: Queryable, inputs: readonly ClockInput[], asOf: IsoDate): Promise<ClockResult[]>;
  /**
   * The level the district's rules give a non-time rule ('refusal-without-reasons',
   * 'step-over-limit', 'fee-off-standard', 'offline-should-be-online'), for the draft's `level`;
   * null for a rule the settings do not know.
   */
  anomalyLevel?(db: Queryable, rule: string): Promise<Exclude<SignalLevel, 'none'> | null>;
}

declare module '../../platform/module.ts' {
  interface Ports {
    /** 电子监察: clocks and signals (provided by the supervision module). */
    supervision: SupervisionPort;
  }
}
