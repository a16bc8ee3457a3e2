/** The annual report (政府信息公开工作年度报告): the only door other modules use. */
export { reportingKindsSetting } from './settings.ts';
export type { ActivityKind, ReportStatus, ResponseChannel } from './types.ts';
export { ACTIVITY_KINDS, ACTIVITY_KIND_LABELS, RESPONSE_CHANNELS, RESPONSE_CHANNEL_LABELS, REPORT_STATUSES, REPORT_STATUS_LABELS } from './types.ts';
export { FACT_DEFS, factDef, type FactDef } from './facts.ts';
export { recordActivity, updateActivity, deleteActivity, recordConcern } from './commands/activities.ts';
export { setFacts, parseFactValue } from './commands/set-fact.ts';
export { saveNarrative, submitReport, returnReport, acceptReport } from './commands/workflow.ts';
export { importReport, type ImportOutcome } from './commands/import-report.ts';
export {
  generateReport,
  unitReport,
  previousCellsOf,
  sumReports,
  parseSnapshot,
  type GeneratedReport,
  type GenerateOptions,
  type ReportPart,
} from './engine/generate.ts';
export { reportingTree, flattenUnits, reportDueDate, type ReportingUnit } from './engine/units.ts';
export { renderNarrative, placeholdersOf } from './engine/narrative.ts';
export { draftNarrative } from './engine/drafts.ts';
export { countForOrgs, type BatchMetric, type ManyQuery } from './engine/batch.ts';
export {
  durationStats,
  processingStats,
  type ProcessingStats,
  type ProcessingTimeSource,
  type RequestDuration,
  type PendingRequest,
} from './engine/processing-time.ts';
export { activityMetrics } from './stats.ts';
export { findReport, reportsOfYear, publishedReports, currentFacts, factHistory, listActivities, listConcerns } from './repo.ts';
export { checkReport, runChecks, passes } from './checks.ts';
export { readReportFile, describeProblem, describeCheck } from './io/read-file.ts';
// XLSX reading and writing (exceljs) and the renderers are loaded only where used (io/xlsx.ts, export/):
// importing this door must stay cheap for the CLI and every test.
export { reportToJson, parseReportJson } from './io/json.ts';
export { reportToCsv, parseReportCsv } from './io/csv.ts';
export * from './formats/index.ts';
export type { Report, CheckResult } from './report-model.ts';

import { defineModule } from '../../platform/module.ts';
import { lazyBlock } from '../../platform/web/blocks.ts';
import { reportsMigrations } from './migrations.ts';
import { reportsPolicy } from './policies.ts';
import { activityMetrics } from './stats.ts';
import { reportingKindsSetting } from './settings.ts';
import { registerReportCli } from './cli.ts';
import { reportsCommitted } from './http/report-cache.ts';
import { NIANBAO } from './http/paths.ts';
import { nationalRegistry } from './formats/registry.ts';
import { reportsAudit } from './labels.ts';

/** The annual report: computed from every module's metrics, checked, reviewed, published. */
export const reportsModule = defineModule({
  name: 'reports',
  audit: reportsAudit,
  migrations: reportsMigrations,
  policies: reportsPolicy,
  metrics: activityMetrics,
  settings: [reportingKindsSetting],
  routes: async () => (await import('./http/routes.ts')).reportsRoutes(),
  nav: {
    portal: [{ href: NIANBAO, label: '政府信息公开年报', order: 80 }],
    admin: [
      { group: '年度报告', href: '/admin/reports', label: '年度报告', action: 'reports.view', order: 500 },
      { group: '年度报告', href: '/admin/reports/activities', label: '公开工作活动', action: 'reports.view', order: 510 },
      { group: '年度报告', href: '/admin/reports/concerns', label: '公众关注事项', action: 'reports.view', order: 520 },
      { group: '年度报告', href: '/admin/reports/facts', label: '年度数据', action: 'reports.view', order: 530 },
    ],
  },
  blocks: { dashboard: [lazyBlock('reports', 60, async () => (await import('./http/routes.ts')).reportsBlock)] },
  cli: (program, deps) => registerReportCli(program, deps.open, deps.config),
  onCommitted: [reportsCommitted],
  demo: { order: 90, load: async (ctx) => (await import('./demo.ts')).loadDemoReports(ctx) },
  requires: ['processingTimes'],
  provides: { reportFormats: nationalRegistry },
});
