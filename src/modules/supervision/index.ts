/** 电子监察 (services.md §3): the only door other modules use. */
export type { SignalLevel, ClockInput, ClockResult, ClockSignal, SignalDraft, SupervisionPort } from './ports.ts';
export { computeClock, clockOf, clocksOf, anomalyLevelOf, DayTable, type ClockOptions } from './deadlines.ts';
export {
  rulesSetting,
  answerDaysSetting,
  rulesSchema,
  PRESETS,
  DEFAULT_RULES,
  LEVEL_LABELS,
  BASIS_LABELS,
  UNIT_LABELS,
  CONVENTION_LABELS,
  ANOMALY_RULES,
  describeRule,
  type SupervisionRules,
  type TimeRule,
  type Threshold,
  type Convention,
  type AnomalyRule,
} from './settings.ts';
export { SIGNAL_STATES, SIGNAL_STATE_LABELS, NOTICE_STATES, NOTICE_STATE_LABELS, type SignalState, type NoticeState } from './states.ts';
export { markSignalRead } from './commands/mark-read.ts';
export { clearSignal } from './commands/clear.ts';
export { issueNotice } from './commands/issue-notice.ts';
export { answerNotice } from './commands/answer-notice.ts';
export { acceptAnswer } from './commands/accept-answer.ts';
export { returnAnswer } from './commands/return-answer.ts';
export { sweepOverdueNotices } from './commands/sweep-notices.ts';

import { defineModule } from '../../platform/module.ts';
import { lazyBlock } from '../../platform/web/blocks.ts';
import { supervisionMigrations } from './migrations.ts';
import { supervisionPolicy } from './policies.ts';
import { rulesSetting, answerDaysSetting } from './settings.ts';
import { anomalyLevelOf, clockOf, clocksOf } from './deadlines.ts';
import { raiseSignals } from './commands/raise.ts';
import type { SupervisionPort } from './ports.ts';
import { overdueNoticesJob } from './jobs.ts';

const supervision: SupervisionPort = { clock: clockOf, clocks: clocksOf, raise: raiseSignals, anomalyLevel: anomalyLevelOf };

/** 电子监察: the rules (settings), the clock, signals raised → read → cleared, and 督办 notices. */
export const supervisionModule = defineModule({
  name: 'supervision',
  migrations: supervisionMigrations,
  policies: supervisionPolicy,
  settings: [rulesSetting, answerDaysSetting],
  routes: async () => (await import('./http/routes.ts')).supervisionRoutes(),
  nav: {
    admin: [
      { group: '电子监察', href: '/admin/supervision', label: '监察总览', action: 'supervision.view', order: 660 },
      { group: '电子监察', href: '/admin/supervision/signals', label: '监察信号', action: 'supervision.view', order: 661 },
      { group: '电子监察', href: '/admin/supervision/notices', label: '督办', action: 'supervision.view', order: 662 },
      { group: '电子监察', href: '/admin/supervision/rules', label: '监察规则', action: 'supervision.view', order: 663 },
    ],
  },
  blocks: { dashboard: [lazyBlock('supervision.open', 25, async () => (await import('./http/routes.ts')).supervisionBlock)] },
  jobs: [overdueNoticesJob],
  provides: { supervision },
  requires: ['notifier'],
});
