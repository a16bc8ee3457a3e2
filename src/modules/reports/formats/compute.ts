/**
 * Fills a format's cells for one org and year from the sources the caller wires in (the
 * catalogue's and requests' stats, the manually entered figures, last year's report). Pure: no
 * database or clock here — the sources close over them.
 */
import { createReport, getCell } from '../report-model.ts';
import type { CellValue, Report } from '../report-model.ts';
import { cellRule } from './resolve.ts';
import type { CellRule, ColumnDef, Params, ReportFormat, RowDef, TableDef } from './types.ts';

export interface OrgRef {
  code: string;
  name: string;
}

/** One figure asked of a module's stats, e.g. { name: 'requests.outcome', params: { outcome: 'disclose', applicant: 'natural' } }. */
export interface MetricQuery {
  name: string;
  params: Params;
  org: OrgRef;
  year: number;
}

export interface ReportSources {
  metric(query: MetricQuery): number | Promise<number>;
  /** A manually entered figure or per-year org fact; undefined when nobody has entered it. */
  manual(key: string, ctx: { org: OrgRef; year: number }): CellValue | undefined | Promise<CellValue | undefined>;
}

export interface UnresolvedCell {
  table: string;
  row: string;
  col: string;
  /** What is missing, in words for the office (e.g. 需手工填报「staff.fullTime」). */
  reason: string;
}

export interface ComputeInput {
  format: ReportFormat;
  org: OrgRef;
  year: number;
  sources: ReportSources;
  /** The same org's report for year − 1, for `carry` rules. */
  previous?: Report;
  texts?: Readonly<Record<string, string>>;
}

/**
 * A blank input (missing manual figure, no previous report) leaves the cell null and is listed
 * in `unresolved`; any sum that depends on it is null too, so no total is printed from partial data.
 */
export async function computeReport(input: ComputeInput): Promise<{ report: Report; unresolved: UnresolvedCell[] }> {
  const { format, org, year, sources, previous } = input;
  const unresolved: UnresolvedCell[] = [];
  const values = new Map<string, Promise<CellValue>>();

  const evalCell = (table: TableDef, row: RowDef, col: ColumnDef): Promise<CellValue> => {
    const id = `${table.id}/${row.key}/${col.key}`;
    let v = values.get(id);
    if (!v) {
      const rule = cellRule(table, row, col);
      // validateFormat guarantees a rule for every data cell of a registered format.
      v = rule ? evalRule(rule, table, row, col) : Promise.resolve(null);
      values.set(id, v);
    }
    return v;
  };

  const miss = (table: TableDef, row: RowDef, col: ColumnDef, reason: string) => unresolved.push({ table: table.id, row: row.key, col: col.key, reason });

  const total = (parts: CellValue[]): CellValue => (parts.some((p) => p === null) ? null : round(parts.reduce<number>((a, b) => a + (b ?? 0), 0)));

  async function evalRule(rule: CellRule, table: TableDef, row: RowDef, col: ColumnDef): Promise<CellValue> {
    if ('metric' in rule) {
      return sources.metric({ name: rule.metric, params: { ...col.params, ...rule.params }, org, year });
    }
    if ('manual' in rule) {
      const v = await sources.manual(rule.manual, { org, year });
      if (v === undefined || v === null) {
        miss(table, row, col, `需手工填报「${rule.manual}」`);
        return null;
      }
      return v;
    }
    if ('const' in rule) return rule.const;
    if ('sum' in rule) {
      const parts = await Promise.all(rule.sum.map((k) => evalCell(table, rowOf(table, k), col)));
      return total(parts);
    }
    if ('sumCols' in rule) {
      const parts = await Promise.all(rule.sumCols.map((k) => evalCell(table, row, colOf(table, k))));
      return total(parts);
    }
    if ('add' in rule) {
      const parts = await Promise.all(rule.add.map((r) => evalRule(r, table, row, col)));
      return total(parts);
    }
    const t = rule.table ?? table.id;
    const r = rule.row ?? row.key;
    const c = rule.col ?? col.key;
    const carried = previous && previous.year === year - 1 ? getCell(previous, t, r, c) : undefined;
    if (carried !== undefined && carried !== null) return carried;
    if (rule.fallback) return evalRule(rule.fallback, table, row, col);
    miss(table, row, col, `需上一年度报告的「${t}.${r}.${c}」`);
    return null;
  }

  const computed = new Map<string, CellValue>();
  for (const table of format.tables) {
    for (const row of table.rows) {
      if (row.heading) continue;
      for (const col of table.columns) computed.set(`${table.id}/${row.key}/${col.key}`, await evalCell(table, row, col));
    }
  }
  const report = createReport({
    format,
    org,
    year,
    texts: input.texts,
    value: (t, r, c) => computed.get(`${t}/${r}/${c}`),
  });
  return { report, unresolved };
}

function rowOf(table: TableDef, key: string): RowDef {
  const r = table.rows.find((x) => x.key === key);
  if (!r) throw new Error(`format error: ${table.id} has no row ${key}`);
  return r;
}

function colOf(table: TableDef, key: string): ColumnDef {
  const c = table.columns.find((x) => x.key === key);
  if (!c) throw new Error(`format error: ${table.id} has no column ${key}`);
  return c;
}

/** Sums of 万元 figures: keep four decimals (1 元 = 0.0001 万元) and drop float noise. */
function round(n: number): number {
  return Math.round(n * 10000) / 10000;
}
