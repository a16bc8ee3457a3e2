/**
 * A report as JSON: the model itself (docs/report-json.schema.json, schemaVersion 1). Reading
 * validates the shape, then compares it with its format, so a hand-edited or foreign file gets the
 * same named problems as a CSV (unknown row, missing row, a cell that is not a number…).
 */
import { nationalRegistry } from '../formats/registry.ts';
import { fieldText } from '../../../kernel/text.ts';
import type { FormatRegistry } from '../formats/registry.ts';
import { columnHeader } from '../formats/resolve.ts';
import type { ReportFormat } from '../formats/types.ts';
import { REPORT_SCHEMA_VERSION, reportSchema } from '../report-model.ts';
import type { Report } from '../report-model.ts';
import type { ParseProblem, ParseResult } from './problems.ts';

export function reportToJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export interface JsonReadOptions {
  format?: ReportFormat;
  registry?: FormatRegistry;
}

export function parseReportJson(input: string | unknown, options: JsonReadOptions = {}): ParseResult {
  let data: unknown = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input);
    } catch (e) {
      return { ok: false, problems: [{ code: 'syntax', message: `JSON 格式错误：${(e as Error).message}` }] };
    }
  }
  const problems: ParseProblem[] = [];
  const parsed = reportSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(schemaProblem(data, issue.path, issue.message));
    return { ok: false, problems };
  }
  const report = parsed.data as Report;
  const registry = options.registry ?? nationalRegistry;
  const format = options.format ?? registry.get(report.format);
  if (!format) {
    return {
      ok: false,
      problems: [
        {
          code: 'unknown_format',
          message: `未知的报告格式「${report.format}」`,
          expected: registry
            .list()
            .map((f) => f.id)
            .join('、'),
          found: report.format,
          at: 'format',
        },
      ],
    };
  }
  if (format.id !== report.format) {
    problems.push({
      code: 'bad_meta',
      message: `报告格式应为「${format.id}」，实为「${report.format}」`,
      expected: format.id,
      found: report.format,
      at: 'format',
    });
  }
  for (const s of report.sections) {
    if (!format.sections.some((x) => x.key === s.key)) {
      problems.push({ code: 'unknown_section', message: `格式「${format.id}」没有章节「${s.title}」（${s.key}）`, found: s.key, at: 'sections' });
    }
  }
  for (const t of format.tables) {
    const rt = report.tables.find((x) => x.id === t.id);
    if (!rt) {
      problems.push({ code: 'missing_table', message: `缺少${t.ref}「${t.title}」`, table: t.id, expected: t.title, at: 'tables' });
      continue;
    }
    for (const r of t.rows) {
      const rr = rt.rows.find((x) => x.key === r.key);
      if (!rr) {
        if (!r.heading)
          problems.push({ code: 'missing_row', message: `${t.ref}缺少行「${r.label}」`, table: t.id, row: r.label, expected: r.label, at: `tables.${t.id}` });
        continue;
      }
      if (r.heading) continue;
      for (const c of t.columns) {
        if (!(c.key in rr.cells)) {
          problems.push({
            code: 'missing_column',
            message: `${t.ref}「${r.label}」缺少「${columnHeader(c)}」列`,
            table: t.id,
            row: r.label,
            col: columnHeader(c),
            at: `tables.${t.id}.${r.key}`,
          });
        }
      }
      for (const k of Object.keys(rr.cells)) {
        if (!t.columns.some((c) => c.key === k)) {
          problems.push({
            code: 'unknown_column',
            message: `${t.ref}「${r.label}」含未知列「${k}」`,
            table: t.id,
            row: r.label,
            col: k,
            found: k,
            at: `tables.${t.id}.${r.key}`,
          });
        }
      }
    }
    for (const rr of rt.rows) {
      if (!t.rows.some((r) => r.key === rr.key)) {
        problems.push({
          code: 'unknown_row',
          message: `${t.ref}没有行「${rr.label}」（${rr.key}）`,
          table: t.id,
          row: rr.label,
          found: rr.key,
          at: `tables.${t.id}`,
        });
      }
    }
  }
  for (const rt of report.tables) {
    if (!format.tables.some((t) => t.id === rt.id)) {
      problems.push({ code: 'unknown_table', message: `格式「${format.id}」没有表「${rt.title}」（${rt.id}）`, table: rt.id, found: rt.id, at: 'tables' });
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, report };
}

/** A zod issue, named by table/row/column when its path points into a table. */
function schemaProblem(data: unknown, path: (string | number)[], message: string): ParseProblem {
  const at = path.join('.') || '(根)';
  if (path[0] === 'schemaVersion') {
    return {
      code: 'bad_meta',
      message: `不支持的数据格式版本（应为 ${REPORT_SCHEMA_VERSION}）`,
      expected: String(REPORT_SCHEMA_VERSION),
      found: fieldText(pick(data, path)),
      at,
    };
  }
  if (path[0] === 'tables' && typeof path[1] === 'number') {
    const table = pick(data, ['tables', path[1]]);
    const tableId = str(pick(table, ['id'])) ?? `#${path[1]}`;
    if (path[2] === 'rows' && typeof path[3] === 'number') {
      const row = pick(table, ['rows', path[3]]);
      const label = str(pick(row, ['label'])) ?? str(pick(row, ['key'])) ?? `#${path[3]}`;
      if (path[4] === 'cells' && typeof path[5] === 'string') {
        const found = pick(row, ['cells', path[5]]);
        return {
          code: 'not_a_number',
          message: `表「${tableId}」「${label}」「${path[5]}」列应为数字或 null，实为 ${JSON.stringify(found)}`,
          table: tableId,
          row: label,
          col: path[5],
          expected: '数字',
          found: JSON.stringify(found),
          at,
        };
      }
      return { code: 'schema', message: `表「${tableId}」行「${label}」：${path.slice(4).join('.')} ${message}`, table: tableId, row: label, at };
    }
    return { code: 'schema', message: `表「${tableId}」：${path.slice(2).join('.')} ${message}`, table: tableId, at };
  }
  return { code: 'schema', message: `${at}：${message}`, at };
}

function pick(v: unknown, path: (string | number)[]): unknown {
  let cur = v;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
