/** The annual report (政府信息公开工作年度报告): the only door other modules use. */
import { registerActivityMetrics } from './stats.ts';

registerActivityMetrics();

export { reportsMigrations } from './migrations.ts';
export { reportsPolicy } from './policies.ts';
export { registerReportCli } from './cli.ts';
export { reportingKindsSetting } from './settings.ts';
export type { ActivityKind, ReportStatus, ResponseChannel } from './types.ts';
export { ACTIVITY_KINDS, ACTIVITY_KIND_LABELS, RESPONSE_CHANNELS, RESPONSE_CHANNEL_LABELS, REPORT_STATUSES, REPORT_STATUS_LABELS } from './types.ts';
export { FACT_DEFS, factDef, type FactDef } from './facts.ts';
export { recordActivity, updateActivity, deleteActivity, recordConcern } from './commands/activities.ts';
export { setFacts, parseFactValue } from './commands/set-fact.ts';
export { saveNarrative, submitReport, returnReport, acceptReport } from './commands/workflow.ts';
export { importReport, type ImportOutcome } from './commands/import-report.ts';
export { generateReport, unitReport, previousCellsOf, sumReports, parseSnapshot, type GeneratedReport, type GenerateOptions, type ReportPart } from './engine/generate.ts';
export { reportingTree, flattenUnits, reportDueDate, type ReportingUnit } from './engine/units.ts';
export { renderNarrative, placeholdersOf } from './engine/narrative.ts';
export { draftNarrative } from './engine/drafts.ts';
export { setFormatRegistry, activeRegistry } from './engine/active-registry.ts';
export { countForOrgs, type BatchMetric, type ManyQuery } from './engine/batch.ts';
export {
  durationStats,
  processingStats,
  setProcessingTimeSource,
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
