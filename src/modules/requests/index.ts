/** Requests for disclosure (依申请公开): the only door other modules use. */
export * from './regimes.ts';
export * from './deadlines.ts';
export * from './fees.ts';
export * from './outcomes.ts';

export * from './applicants.ts';
export { STATES, STATE_LABELS, TRANSITIONS, OPEN, FINAL, WORKING, allowedEvents, type RequestState, type RequestEvent } from './states.ts';
export type { RequestsTable, AppealsTable } from './types.ts';
export { correctionPeriodSetting, reconsiderationBodySetting, courtSetting, trackingLockSetting } from './settings.ts';
export { outboxNotifier, recordingNotifier, type Notifier, type Notification } from './ports.ts';
export { findRequest, findByCode, listRequests, listAppeals, type RequestRow, type AppealRow } from './repo.ts';
export { followUp, DUE_SOON_WORKDAYS, FOLLOW_UP_LABELS, type FollowUpItem, type FollowUpKind } from './followup.ts';
export { requestsMetrics, reportOutcome, OUTCOME_2008_TO_2019, ANSWER_2008, REPORT_OUTCOME_KEYS } from './stats.ts';
export { letterModel, renderLetterPdf, renderLetterDocx, type LetterContext } from './letters.ts';
export { recomputeDueDates } from './deadlines.ts';

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

import { defineModule } from '../../platform/module.ts';
import { lazyBlock } from '../../platform/web/blocks.ts';
import { loadCalendar } from '../../platform/calendar/calendar.ts';
import { requestsMigrations } from './migrations.ts';
import { requestsPolicy } from './policies.ts';
import { requestsMetrics } from './stats.ts';
import { correctionPeriodSetting, reconsiderationBodySetting, courtSetting, trackingLockSetting } from './settings.ts';
import { recomputeDueDates } from './deadlines.ts';
import { remindJob } from './jobs.ts';
import { outboxNotifier } from './ports.ts';
import { processingTimes } from './processing-times.ts';
import { accountNotices } from './account-notices.ts';
import { registerClockCommand, registerRequestsCli } from './cli.ts';
import { requestsAudit } from './labels.ts';

/** 依申请公开: intake, the statutory clock, decisions and letters, appeals, follow-up, the ledger import. */
export const requestsModule = defineModule({
  name: 'requests',
  audit: requestsAudit,
  migrations: requestsMigrations,
  policies: requestsPolicy,
  metrics: requestsMetrics,
  settings: [correctionPeriodSetting, reconsiderationBodySetting, courtSetting, trackingLockSetting],
  routes: async () => (await import('./http/routes.ts')).requestsRoutes(),
  nav: {
    portal: [{ href: '/requests', label: '依申请公开', order: 40 }],
    admin: [
      { group: '依申请公开', href: '/admin/requests', label: '申请办理', action: 'requests.view', order: 300 },
      { group: '依申请公开', href: '/admin/requests/new', label: '登记申请', action: 'requests.intake', order: 301 },
      { group: '依申请公开', href: '/admin/requests/follow-up', label: '跟进提醒', action: 'requests.view', order: 302 },
      { group: '依申请公开', href: '/admin/appeals', label: '复议和诉讼', action: 'requests.appeals.view', order: 303 },
    ],
  },
  blocks: {
    home: [lazyBlock('requests.apply', 60, async () => (await import('./http/routes.ts')).requestsApplyBlock)],
    dashboard: [lazyBlock('requests.follow-up', 30, async () => (await import('./http/routes.ts')).requestsFollowUpBlock)],
  },
  cli: (program, deps) => {
    registerClockCommand(program, async () => loadCalendar((await deps.open()).database.db));
    registerRequestsCli(program, deps.operator);
  },
  jobs: [remindJob],
  onCalendarChange: [recomputeDueDates],
  demo: { order: 40, load: async (ctx) => (await import('./demo.ts')).loadDemoRequests(ctx) },
  requires: ['publishedSearch'],
  provides: { notifier: outboxNotifier, processingTimes, accountNotifier: accountNotices },
});
