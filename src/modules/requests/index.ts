/** 依申请公开: the only door other modules use. */
export { regimeFor, rulesFor, allowsPause, formatCitation, type Regime, type PauseKind } from './regimes.ts';
export { computeClock, correctionNoticeDeadline, correctionPeriodEnds, consultationReplyDeadline, feePaymentDeadline, workdaysLeft, isOverdue, isDueWithin } from './deadlines.ts';
export { informationProcessingFee, costFee2008 } from './fees.ts';
export { outcomesFor, outcome } from './outcomes.ts';
export { registerClockCommand } from './cli/clock.ts';
