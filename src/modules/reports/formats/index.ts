/** The report formats as data, and how to choose, load, validate and compute them. */
export type {
  CellRule,
  CheckSpec,
  ColumnDef,
  FormatVariant,
  ParamValue,
  Params,
  ReportFormat,
  RowDef,
  SectionDef,
  Severity,
  TableDef,
  Term,
  Unit,
} from './types.ts';
export { UNITS, DECIMAL_UNITS, reportFormatSchema, formatVariantSchema, cellRuleSchema } from './types.ts';
export { national2014 } from './national-2014.ts';
export { national2019 } from './national-2019.ts';
export { national2021 } from './national-2021.ts';
export { APPLICANT_KEYS, OUTCOME_KEYS, outcomeLeafKeys } from './request-tables.ts';
export type { ApplicantKey, OutcomeKey } from './request-tables.ts';
export { createFormatRegistry, formatForYear, nationalFormats, nationalRegistry } from './registry.ts';
export type { FormatRegistry } from './registry.ts';
export { loadFormat } from './load.ts';
export type { LoadFormatResult } from './load.ts';
export { validateFormat } from './validate.ts';
export { computeReport } from './compute.ts';
export type { ComputeInput, MetricQuery, OrgRef, ReportSources, UnresolvedCell } from './compute.ts';
export { cellRef, cellRule, cellUnit, columnHeader, dataRows, findTable, rowRef } from './resolve.ts';
