/** Requests for disclosure (依申请公开): the only door other modules use. */
export * from './regimes.ts';
export * from './deadlines.ts';
export * from './fees.ts';
export * from './outcomes.ts';
export { registerClockCommand } from './cli/clock.ts';

export * from './applicants.ts';
export { STATES, STATE_LABELS, TRANSITIONS, OPEN, FINAL, WORKING, allowedEvents, type RequestState, type RequestEvent } from './states.ts';
export type { RequestsTable, AppealsTable } from './types.ts';
export { requestsMigrations } from './migrations.ts';
export { requestsPolicy } from './policies.ts';
export { correctionPeriodSetting, reconsiderationBodySetting, courtSetting, trackingLockSetting } from './settings.ts';
export { outboxNotifier, recordingNotifier, noPublishedSearch, type Notifier, type Notification, type PublishedSearch, type PublishedSuggestion } from './ports.ts';
export { findRequest, findByCode, listRequests, listAppeals, type RequestRow, type AppealRow } from './repo.ts';
export { followUp, DUE_SOON_WORKDAYS, FOLLOW_UP_LABELS, type FollowUpItem, type FollowUpKind } from './followup.ts';
export { requestsMetrics, reportOutcome, OUTCOME_2008_TO_2019, ANSWER_2008, REPORT_OUTCOME_KEYS } from './stats.ts';
export { letterModel, renderLetterPdf, renderLetterDocx, type LetterContext } from './letters.ts';
export { registerCalendarHook, recomputeDueDates } from './recompute.ts';

export { submitRequest, DuplicateSubmission } from './commands/submit-request.ts';
export { recordRequest } from './commands/record-request.ts';
export { confirmReceipt } from './commands/confirm-receipt.ts';
export { requestCorrection, receiveCorrection, submitCorrection, lapseCorrection } from './commands/correction.ts';
export { startConsultation, recordConsultationReply } from './commands/consultation.ts';
export { extendDeadline } from './commands/extend-deadline.ts';
export { setReasonableDeadline } from './commands/set-reasonable-deadline.ts';
export { notifyFee, recordPayment, lapseFee } from './commands/fees.ts';
export { transferRequest } from './commands/transfer-request.ts';
export { decideRequest, closeRequest } from './commands/decide-request.ts';
export { attachFile } from './commands/attach-file.ts';
export { recordAppeal, decideAppeal } from './commands/appeals.ts';
export { sendReminders } from './commands/send-reminders.ts';
export { processingTimes } from './processing-times.ts';
