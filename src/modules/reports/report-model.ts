/**
 * The annual report in memory: what is computed, imported, checked and exported. It carries its
 * own labels (copied from the format) so a stored or exchanged report reads without the format;
 * the format id says how to check it. docs/report-json.schema.json is the same shape as JSON
 * Schema; bump REPORT_SCHEMA_VERSION when either changes incompatibly.
 *
 * A cell is a number, or null for a blank as printed: an imported report may have blanks, and
 * §6.4 rule 9 (every cell prints a number, 0 not blank) must be able to find them.
 */
import { z } from 'zod';
import type { ReportFormat } from './formats/types.ts';

export const REPORT_SCHEMA_VERSION = 1 as const;

export type CellValue = number | null;

export interface ReportColumn {
  key: string;
  label: string;
  group?: string[];
}

export interface ReportRow {
  key: string;
  label: string;
  level?: number;
  unit?: string;
  /** Heading rows print no figures; their `cells` is empty. */
  heading?: boolean;
  cells: Record<string, CellValue>;
}

export interface ReportTable {
  id: string;
  title: string;
  columns: ReportColumn[];
  rows: ReportRow[];
}

export interface ReportSection {
  key: string;
  title: string;
  text: string;
}

export interface CheckCell {
  table: string;
  row: string;
  col: string;
  expected?: number;
  found?: CellValue;
}

export interface CheckResult {
  rule: string;
  severity: 'error' | 'warning';
  message: string;
  cells: CheckCell[];
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  /** Format id, e.g. cn-2021. */
  format: string;
  org: { code: string; name: string };
  year: number;
  sections: ReportSection[];
  tables: ReportTable[];
  checks: CheckResult[];
}

// ---- zod schema (kept in step with docs/report-json.schema.json by a test) ----

const key = z.string().min(1);
const cellValue = z.number().finite().nullable();

export const checkResultSchema = z
  .object({
    rule: z.string().min(1),
    severity: z.enum(['error', 'warning']),
    message: z.string().min(1),
    cells: z.array(
      z
        .object({
          table: key,
          row: key,
          col: key,
          expected: z.number().finite().optional(),
          found: cellValue.optional(),
        })
        .strict(),
    ),
  })
  .strict();

export const reportSchema = z
  .object({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
    format: key,
    org: z.object({ code: z.string(), name: z.string().min(1) }).strict(),
    year: z.number().int().min(2008).max(2100),
    sections: z.array(z.object({ key, title: z.string(), text: z.string() }).strict()),
    tables: z.array(
      z
        .object({
          id: key,
          title: z.string(),
          columns: z.array(z.object({ key, label: z.string(), group: z.array(z.string()).optional() }).strict()),
          rows: z.array(
            z
              .object({
                key,
                label: z.string(),
                level: z.number().int().min(0).optional(),
                unit: z.string().optional(),
                heading: z.boolean().optional(),
                cells: z.record(cellValue),
              })
              .strict(),
          ),
        })
        .strict(),
    ),
    checks: z.array(checkResultSchema),
  })
  .strict();

// ---- building and reading ----

export interface CreateReportInput {
  format: ReportFormat;
  org: { code: string; name: string };
  year: number;
  /** Section texts by key; missing ones are empty. */
  texts?: Readonly<Record<string, string>>;
  /** The value of each data cell; undefined leaves it blank (null). */
  value?: (table: string, row: string, col: string) => CellValue | undefined;
}

/** A report shaped by its format: every section, table, row and column, in format order. */
export function createReport(input: CreateReportInput): Report {
  const { format } = input;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    format: format.id,
    org: { ...input.org },
    year: input.year,
    sections: format.sections.map((s) => ({ key: s.key, title: s.title, text: input.texts?.[s.key] ?? '' })),
    tables: format.tables.map((t) => ({
      id: t.id,
      title: t.title,
      columns: t.columns.map((c) => ({ key: c.key, label: c.label, ...(c.group ? { group: [...c.group] } : {}) })),
      rows: t.rows.map((r) => {
        const cells: Record<string, CellValue> = {};
        if (!r.heading) {
          for (const c of t.columns) {
            cells[c.key] = input.value?.(t.id, r.key, c.key) ?? null;
          }
        }
        return {
          key: r.key,
          label: r.label,
          level: r.level,
          ...(r.unit ? { unit: r.unit } : {}),
          ...(r.heading ? { heading: true } : {}),
          cells,
        };
      }),
    })),
    checks: [],
  };
}

/** The value of one cell; undefined when the table, row or column is absent. */
export function getCell(report: Report, table: string, row: string, col: string): CellValue | undefined {
  const r = report.tables.find((t) => t.id === table)?.rows.find((x) => x.key === row);
  if (!r || !(col in r.cells)) return undefined;
  return r.cells[col];
}

/** A copy of the report with one cell changed (tests and editors use it). */
export function withCell(report: Report, table: string, row: string, col: string, value: CellValue): Report {
  const copy = structuredClone(report);
  const r = copy.tables.find((t) => t.id === table)?.rows.find((x) => x.key === row);
  if (!r) throw new Error(`no row ${table}.${row}`);
  r.cells[col] = value;
  return copy;
}
