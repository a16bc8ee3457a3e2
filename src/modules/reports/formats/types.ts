/**
 * A report format as data. The national formats (2014–2018 table, the 2019 trial format, the
 * 2021 format) and any provincial variant are values of `ReportFormat`; the engine has no code
 * path per format. The zod schemas below let a variant be loaded from a JSON file and checked
 * before use (see `load.ts`).
 *
 * Keys (format, table, row, column, section, check rule) are stable ASCII; labels are the official
 * text exactly as printed. See docs/report-formats.md for the cell vocabulary and every metric.
 */
import { z } from 'zod';

/** Units the national tables print. 项 (item count) and 个/篇 are used by some rows. */
export const UNITS = ['条', '件', '次', '篇', '个', '项', '人', '人次', '万元'] as const;
export type Unit = (typeof UNITS)[number];

/** Money units allow decimals; every other unit is a count and must be a whole number. */
export const DECIMAL_UNITS: readonly Unit[] = ['万元'];

export type ParamValue = string | number | boolean | readonly string[];
export type Params = Readonly<Record<string, ParamValue>>;

/**
 * How one cell is computed — the whole vocabulary.
 * - metric: a figure a module's stats supply for org + year (params merged over column params).
 * - manual: a per-year org fact or a manually entered figure, by key.
 * - sum: the sum of other rows of the same table, same column.
 * - sumCols: the sum of other columns of the same row.
 * - add: the sum of several rules (e.g. two metrics that one printed row merges).
 * - const: a fixed number (used as a fallback, e.g. 0).
 * - carry: a cell of the same org's previous-year report; table/row/col default to this cell's.
 *   When the previous report or that cell is missing, `fallback` is used (else the cell is unresolved).
 */
export type CellRule =
  | { metric: string; params?: Params }
  | { manual: string }
  | { sum: readonly string[] }
  | { sumCols: readonly string[] }
  | { add: readonly CellRule[] }
  | { const: number }
  | { carry: 'previousYear'; table?: string; row?: string; col?: string; fallback?: CellRule };

export interface ColumnDef {
  key: string;
  /** The column's own header text, exactly as printed. */
  label: string;
  /** Header cells above this one, outermost first (e.g. ['申请人情况', '法人或其他组织']). */
  group?: readonly string[];
  /** Unit when the column, not the row, carries it (e.g. 本年收费金额（单位：万元）). */
  unit?: Unit;
  /** Params merged into every metric rule evaluated in this column (e.g. { applicant: 'natural' }). */
  params?: Params;
  /** A rule for every cell of this column (e.g. 总计 = sumCols); overrides the row's rule. */
  rule?: CellRule;
  /** The column may hold negative numbers (e.g. 本年增/减). */
  signed?: boolean;
}

export interface RowDef {
  key: string;
  /** Official label text exactly as printed (punctuation as printed, simplified script). */
  label: string;
  /** Indentation level: 0 for 一、, 1 for （一）, 2 for 1., 3 for 其中 under a 1. row. */
  level: number;
  unit?: Unit;
  /** A heading row prints no figures (e.g. 三、本年度办理结果 or （三）不予公开). */
  heading?: boolean;
  /** The official table prints no row label (table 四's single row of figures). */
  labelHidden?: boolean;
  /** The rule for every cell of this row, unless the column or `cells` says otherwise. */
  rule?: CellRule;
  /** Per-column rules, highest precedence. */
  cells?: Readonly<Record<string, CellRule>>;
}

export interface TableDef {
  id: string;
  /** How messages name the table, e.g. 表三 or 表二（第二十条第（一）项）. */
  ref: string;
  /** Title printed above the table (sub-tables of 二 use the article item as title). */
  title: string;
  /** The text of the top-left header cell, as printed (e.g. 信息内容, 统计指标). */
  stubLabel: string;
  /** The old table prints a 单位 column between the label and the figures. */
  unitColumn?: boolean;
  /** Default unit of its cells. */
  unit?: Unit;
  /** Key of the section the table belongs to. */
  section: string;
  columns: readonly ColumnDef[];
  rows: readonly RowDef[];
  /** Counting notes printed under or beside the table. */
  notes?: readonly string[];
}

export interface SectionDef {
  key: string;
  /** Section title exactly as printed, e.g. 一、总体情况. */
  title: string;
  /** prose: text only; tables: its tables (text optional, before them). */
  kind: 'prose' | 'tables';
  tables?: readonly string[];
  /** What the section must say, for the editor UI. */
  guidance?: string;
}

/** One operand of an equation check: a cell, where a missing row/col is the iterated one. */
export interface Term {
  table?: string;
  row?: string;
  col?: string;
  /** Read from the previous year's report (the check is skipped when it is absent). */
  year?: 'previous';
  /** -1 subtracts the term. */
  sign?: 1 | -1;
}

export type Severity = 'error' | 'warning';

/**
 * Checks are data too. Each names a stable `rule` id; severity decides error or warning.
 * - equation: for each column (each: 'col') or each row (each: 'row') of `table` (or only `over`),
 *   Σ left  op  Σ right, with op '=' (default) or '<='. Blank cells count as 0 here (blanks are
 *   reported by `cellsNumeric`).
 * - cellsNumeric: every data cell of every table holds a number (0, not blank), whole for counts,
 *   non-negative unless the column is signed.
 * - textLength: a prose section is at most `maxChars` characters (whitespace not counted).
 * - textNotRepeated: a prose section is not a near-copy of the previous year's (character-bigram
 *   Jaccard similarity below `threshold`).
 */
export type CheckSpec =
  | {
      kind: 'equation';
      rule: string;
      severity: Severity;
      /** The relation in words, used in the message, e.g. 一+二 应等于 三（七）+四. */
      description: string;
      table: string;
      each: 'col' | 'row';
      over?: readonly string[];
      left: readonly Term[];
      right: readonly Term[];
      op?: '=' | '<=';
    }
  | { kind: 'cellsNumeric'; rule: string; severity: Severity }
  | { kind: 'textLength'; rule: string; severity: Severity; section: string; maxChars: number }
  | { kind: 'textNotRepeated'; rule: string; severity: Severity; section: string; threshold: number };

export interface ReportFormat {
  /** Stable id, e.g. cn-2021. */
  id: string;
  title: string;
  /** The notice that prescribes it, e.g. 国办公开办函〔2021〕30号. */
  basis: string;
  /** Report years it applies to, inclusive; `to` absent = still current. */
  years: { from: number; to?: number };
  /** Absent for the national formats; a province or city code/name for variants. */
  region?: string;
  sections: readonly SectionDef[];
  tables: readonly TableDef[];
  checks: readonly CheckSpec[];
}

// ---- zod schemas, for formats loaded from JSON (provincial variants) ----

const key = z.string().regex(/^[a-z][a-z0-9_]*$/, '键应为小写 ASCII（字母开头，可含数字和下划线）');
const paramValue: z.ZodType<ParamValue> = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
const params = z.record(paramValue);
const unit = z.enum(UNITS);

export const cellRuleSchema: z.ZodType<CellRule> = z.lazy(() =>
  z.union([
    z.object({ metric: z.string().regex(/^[a-z]+\.[A-Za-z0-9]+$/), params: params.optional() }).strict(),
    z.object({ manual: z.string().min(1) }).strict(),
    z.object({ sum: z.array(key).min(1) }).strict(),
    z.object({ sumCols: z.array(key).min(1) }).strict(),
    z.object({ add: z.array(cellRuleSchema).min(1) }).strict(),
    z.object({ const: z.number() }).strict(),
    z
      .object({
        carry: z.literal('previousYear'),
        table: key.optional(),
        row: key.optional(),
        col: key.optional(),
        fallback: cellRuleSchema.optional(),
      })
      .strict(),
  ]),
);

export const columnSchema = z
  .object({
    key,
    label: z.string().min(1),
    group: z.array(z.string().min(1)).optional(),
    unit: unit.optional(),
    params: params.optional(),
    rule: cellRuleSchema.optional(),
    signed: z.boolean().optional(),
  })
  .strict();

export const rowSchema = z
  .object({
    key,
    label: z.string().min(1),
    level: z.number().int().min(0).max(4),
    unit: unit.optional(),
    heading: z.boolean().optional(),
    labelHidden: z.boolean().optional(),
    rule: cellRuleSchema.optional(),
    cells: z.record(cellRuleSchema).optional(),
  })
  .strict();

export const tableSchema = z
  .object({
    id: key,
    ref: z.string().min(1),
    title: z.string().min(1),
    stubLabel: z.string(),
    unitColumn: z.boolean().optional(),
    unit: unit.optional(),
    section: key,
    columns: z.array(columnSchema).min(1),
    rows: z.array(rowSchema).min(1),
    notes: z.array(z.string()).optional(),
  })
  .strict();

export const sectionSchema = z
  .object({
    key,
    title: z.string().min(1),
    kind: z.enum(['prose', 'tables']),
    tables: z.array(key).optional(),
    guidance: z.string().optional(),
  })
  .strict();

const termSchema = z
  .object({
    table: key.optional(),
    row: key.optional(),
    col: key.optional(),
    year: z.literal('previous').optional(),
    sign: z.union([z.literal(1), z.literal(-1)]).optional(),
  })
  .strict();

const severity = z.enum(['error', 'warning']);
const ruleId = z.string().regex(/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/);

export const checkSpecSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('equation'),
      rule: ruleId,
      severity,
      description: z.string().min(1),
      table: key,
      each: z.enum(['col', 'row']),
      over: z.array(key).optional(),
      left: z.array(termSchema).min(1),
      right: z.array(termSchema).min(1),
      op: z.enum(['=', '<=']).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('cellsNumeric'), rule: ruleId, severity }).strict(),
  z.object({ kind: z.literal('textLength'), rule: ruleId, severity, section: key, maxChars: z.number().int().positive() }).strict(),
  z
    .object({
      kind: z.literal('textNotRepeated'),
      rule: ruleId,
      severity,
      section: key,
      threshold: z.number().gt(0).lte(1),
    })
    .strict(),
]);

const formatId = z.string().regex(/^[a-z][a-z0-9-]*$/, '格式编号应为小写 ASCII（可含连字符）');
const years = z.object({ from: z.number().int().min(2008), to: z.number().int().min(2008).optional() }).strict();

export const reportFormatSchema = z
  .object({
    id: formatId,
    title: z.string().min(1),
    basis: z.string().min(1),
    years,
    region: z.string().min(1).optional(),
    sections: z.array(sectionSchema).min(1),
    tables: z.array(tableSchema),
    checks: z.array(checkSpecSchema),
  })
  .strict();

/**
 * A variant that starts from a registered format: tables and sections with an existing id/key are
 * replaced, others appended; checks are appended after `removeChecks` (rule ids) are dropped.
 */
export const formatVariantSchema = z
  .object({
    id: formatId,
    extends: formatId,
    title: z.string().min(1),
    basis: z.string().min(1),
    years: years.optional(),
    region: z.string().min(1),
    sections: z.array(sectionSchema).optional(),
    tables: z.array(tableSchema).optional(),
    checks: z.array(checkSpecSchema).optional(),
    removeChecks: z.array(ruleId).optional(),
  })
  .strict();

export type FormatVariant = z.infer<typeof formatVariantSchema>;
