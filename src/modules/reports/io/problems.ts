/**
 * What an import reports. Parsing never stops at the first problem: a department fixes its whole
 * file in one go, so every problem names where it is (table, row label, column), what was
 * expected and what was found.
 */
import type { Report } from '../report-model.ts';

export type ProblemCode =
  | 'syntax'
  /** A zip container over the size or entry limits (a zip bomb): refused before it is read. */
  | 'too_large'
  | 'schema'
  | 'missing_meta'
  | 'bad_meta'
  | 'unknown_format'
  | 'unknown_record'
  | 'unknown_section'
  | 'duplicate_section'
  | 'unknown_table'
  | 'missing_table'
  | 'duplicate_table'
  | 'unknown_column'
  | 'missing_column'
  | 'duplicate_column'
  | 'unknown_row'
  | 'missing_row'
  | 'duplicate_row'
  | 'heading_has_value'
  | 'unit_mismatch'
  | 'not_a_number';

export interface ParseProblem {
  code: ProblemCode;
  /** One sentence in Chinese naming the place, the expectation and what was found. */
  message: string;
  /** Table id when known, else the text found where a table was expected. */
  table?: string;
  /** Row label as printed in the format (or as found, for unknown rows). */
  row?: string;
  /** Column header as printed (groups joined by ·), or as found. */
  col?: string;
  expected?: string;
  found?: string;
  /** Where in the file: 第12行 (CSV) or 工作表「表三」第5行 (XLSX) or a JSON path. */
  at?: string;
}

export type ParseResult = { ok: true; report: Report } | { ok: false; problems: ParseProblem[] };
