/**
 * Reading a report file whatever its kind (JSON, CSV or XLSX in the documented layouts), and
 * putting parse problems and check failures in words a department can act on — every one, with
 * where it is, what was expected and what was found.
 */
import type { CheckResult } from '../report-model.ts';
import { parseReportCsv } from './csv.ts';
import { parseReportJson } from './json.ts';
import type { ReadOptions } from './grid.ts';
import type { ParseProblem, ParseResult } from './problems.ts';
import type { ZipLimits } from '../../../platform/render/zip-guard.ts';

export type ReportFileKind = 'json' | 'csv' | 'xlsx';

/** By extension, else by content: a ZIP signature is XLSX, a leading { is JSON, else CSV. */
export function reportFileKind(name: string, bytes: Uint8Array): ReportFileKind {
  const ext = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'json' || ext === 'csv' || ext === 'xlsx') return ext;
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'xlsx';
  const head = Buffer.from(bytes.subarray(0, 16))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return head.startsWith('{') ? 'json' : 'csv';
}

/** `zip`: the limits an XLSX must keep to once inflated (ctx.config; see platform/render/zip-guard.ts). */
export async function readReportFile(name: string, bytes: Uint8Array, options: ReadOptions & { zip?: ZipLimits } = {}): Promise<ParseResult> {
  const kind = reportFileKind(name, bytes);
  // exceljs is heavy to load: only when an XLSX file arrives.
  if (kind === 'xlsx') return (await import('./xlsx.ts')).parseReportXlsx(Buffer.from(bytes), { ...options, fileName: name.split(/[\\/]/).pop() || name });
  const text = Buffer.from(bytes)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  if (kind === 'json') return parseReportJson(text, options);
  return parseReportCsv(text, options);
}

/** One line per parse problem: where, what, expected vs found. */
export function describeProblem(p: ParseProblem): string {
  const where = [
    p.at,
    p.table && !p.message.includes(p.table) ? `表「${p.table}」` : '',
    p.row && !p.message.includes(p.row) ? `行「${p.row}」` : '',
    p.col && !p.message.includes(p.col) ? `列「${p.col}」` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const ef = p.expected !== undefined || p.found !== undefined ? `（应为：${p.expected ?? '—'}；实为：${p.found ?? '—'}）` : '';
  return `${where ? `${where}：` : ''}${p.message}${ef && !p.message.includes('实为') ? ef : ''}`;
}

/** One line per failed check: the rule, its message and the cells with expected vs found. */
export function describeCheck(c: CheckResult): string {
  const cells = c.cells
    .filter((x) => x.expected !== undefined || x.found !== undefined)
    .map((x) => `${x.table}.${x.row}.${x.col}：应为 ${x.expected ?? '—'}，实为 ${x.found ?? '空白'}`);
  return `[${c.severity === 'error' ? '错误' : '提示'}] ${c.rule}：${c.message}${cells.length && !c.message.includes('应为') ? `（${cells.join('；')}）` : ''}`;
}
