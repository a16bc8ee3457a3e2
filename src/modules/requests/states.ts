import { eventsFrom, nextState, type TransitionTable } from '../../platform/workflow/transitions.ts';

/**
 * A disclosure request's life as the legal process (docs: /work/shared/domain/disclosure.md §2–5),
 * kept out of the entity: the table says which event may leave which state and where it goes.
 * Every event is one command (commands/), audited. Facts that outlive a state (the one extension,
 * the one correction notice) are checked by the commands as guards on the stored record, so a
 * request that was extended, then consulted, cannot be extended again after it resumes.
 *
 * Keys are stable ASCII; labels are what clerks and applicants read.
 */
export const STATES = [
  'submitted',
  'received',
  'correction_requested',
  'corrected',
  'abandoned',
  'consulting',
  'resumed',
  'extended',
  'fee_notified',
  'paid',
  'fee_abandoned',
  'transferred',
  'decided',
  'closed',
] as const;
export type RequestState = (typeof STATES)[number];

export const STATE_LABELS: Record<RequestState, string> = {
  submitted: '待确认收到',
  received: '已收到，办理中',
  correction_requested: '已告知补正',
  corrected: '已补正，办理中',
  abandoned: '逾期未补正，视为放弃',
  consulting: '征求意见中',
  resumed: '征求意见结束，办理中',
  extended: '已延长答复期限',
  fee_notified: '已发出收费通知',
  paid: '已缴费，办理中',
  fee_abandoned: '逾期未缴费，视为放弃',
  transferred: '已转送承办机关，办理中',
  decided: '已答复',
  closed: '已办结',
};

/** States in which the office works on the answer: it may decide, consult, extend, charge or transfer. */
export const WORKING: readonly RequestState[] = ['received', 'corrected', 'resumed', 'extended', 'paid', 'transferred'];

/** States whose answer clock is running (the request is open and awaiting the office). */
export const CLOCK_RUNNING: readonly RequestState[] = [...WORKING, 'consulting', 'fee_notified'];

/** States with a final outcome (exactly one per request). */
export const FINAL: readonly RequestState[] = ['abandoned', 'fee_abandoned', 'decided', 'closed'];

/** Still open: no final outcome yet. */
export const OPEN: readonly RequestState[] = STATES.filter((s) => !FINAL.includes(s));

export type RequestEvent =
  | 'confirm_receipt'
  | 'request_correction'
  | 'receive_correction'
  | 'correction_lapsed'
  | 'start_consultation'
  | 'resume'
  | 'extend'
  | 'notify_fee'
  | 'record_payment'
  | 'fee_lapsed'
  | 'transfer'
  | 'decide'
  | 'close';

export const TRANSITIONS: TransitionTable<RequestState, RequestEvent> = {
  // 2019 条例第三十一条：网络、传真、平信提交的，以确认之日为收到申请之日
  confirm_receipt: { from: ['submitted'], to: 'received', label: '确认收到申请' },
  // 2019 条例第三十条：收到申请之日起7个工作日内一次性告知补正 — once, so only from `received`
  request_correction: { from: ['received'], to: 'correction_requested', label: '一次性告知补正' },
  // 2019 条例第三十条：答复期限自收到补正的申请之日起计算
  receive_correction: { from: ['correction_requested'], to: 'corrected', label: '收到补正后的申请' },
  // 2019 条例第三十条：无正当理由逾期不补正的，视为放弃申请 (row 三（六）1)
  correction_lapsed: { from: ['correction_requested'], to: 'abandoned', label: '逾期未补正，视为放弃申请' },
  // 2019 条例第三十二条（第三方）、第三十四条（其他机关）；征求意见期间不计入答复期限（第三十三条第三款）
  start_consultation: { from: [...WORKING, 'consulting'], to: 'consulting', label: '书面征求意见' },
  resume: { from: ['consulting'], to: 'resumed', label: '征求意见结束，恢复计算期限' },
  // 2019 条例第三十三条第二款 / 2008 条例第二十四条第二款：经负责人同意并告知申请人，延长一次
  extend: { from: WORKING.filter((s) => s !== 'extended'), to: 'extended', label: '延长答复期限' },
  // 2019 条例第四十二条、国办函〔2020〕109号 / 2008 条例第二十七条
  notify_fee: { from: WORKING.filter((s) => s !== 'paid'), to: 'fee_notified', label: '发出收费通知' },
  record_payment: { from: ['fee_notified'], to: 'paid', label: '登记缴费' },
  // 国办函〔2020〕109号：逾期未缴纳的，视为放弃申请 (row 三（六）2)
  fee_lapsed: { from: ['fee_notified'], to: 'fee_abandoned', label: '逾期未缴费，视为放弃申请' },
  transfer: { from: WORKING, to: 'transferred', label: '转送承办机关' },
  // 2019 条例第三十六条至第三十九条：作出答复（一件申请只有一个最终办理结果）
  decide: { from: WORKING, to: 'decided', label: '作出答复' },
  close: { from: ['decided'], to: 'closed', label: '送达并办结' },
};

export function advance(current: RequestState, event: RequestEvent): RequestState {
  return nextState(TRANSITIONS, current, event, STATE_LABELS);
}

export function allowedEvents(current: RequestState): RequestEvent[] {
  return eventsFrom(TRANSITIONS, current);
}

export function isState(s: string): s is RequestState {
  return (STATES as readonly string[]).includes(s);
}

/** Badge colour for lists. */
export function stateTone(s: RequestState): 'ok' | 'warn' | 'bad' | 'info' {
  if (s === 'closed' || s === 'decided') return 'ok';
  if (s === 'abandoned' || s === 'fee_abandoned') return 'bad';
  if (s === 'submitted' || s === 'correction_requested' || s === 'fee_notified' || s === 'consulting') return 'warn';
  return 'info';
}
