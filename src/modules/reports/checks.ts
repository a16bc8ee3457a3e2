/**
 * The checks of §6.4, run on any report — computed here or imported from a department's file.
 * Which checks apply is the format's `checks` list; this file only knows the four kinds. Every
 * failure names its rule, severity, a precise Chinese message and the cells involved, because a
 * district office uses the list to send a department's report back with what to fix.
 */
import { cellRef, cellUnit, dataRows, findTable } from './formats/resolve.ts';
import { nationalRegistry } from './formats/registry.ts';
import type { FormatRegistry } from './formats/registry.ts';
import { DECIMAL_UNITS } from './formats/types.ts';
import type { CheckSpec, ReportFormat, TableDef, Term } from './formats/types.ts';
import type { CellValue, CheckCell, CheckResult, Report } from './report-model.ts';

export interface CheckOptions {
  /** Defaults to the registry's format named by `report.format`. */
  format?: ReportFormat;
  registry?: FormatRegistry;
  /** The same org's report for year − 1 (rules 4, 6 and the narrative repeat check). */
  previous?: Report;
}

export interface SkippedCheck {
  rule: string;
  reason: string;
}

/** Failures (errors and warnings), and the checks that could not run and why. */
export function checkReport(report: Report, options: CheckOptions = {}): { results: CheckResult[]; skipped: SkippedCheck[] } {
  const format = options.format ?? (options.registry ?? nationalRegistry).get(report.format);
  if (!format) {
    return {
      results: [{ rule: 'format.unknown', severity: 'error', message: `未知的报告格式「${report.format}」，无法检查`, cells: [] }],
      skipped: [],
    };
  }
  const results: CheckResult[] = [];
  const skipped: SkippedCheck[] = [];
  if (report.year < format.years.from || (format.years.to !== undefined && report.year > format.years.to)) {
    const span = `${format.years.from}–${format.years.to ?? ''}`;
    results.push({
      rule: 'format.year',
      severity: 'error',
      message: `${report.year}年度报告不适用格式「${format.title}」（${format.basis}，适用于${span}年度）`,
      cells: [],
    });
  }
  const previous = options.previous && options.previous.year === report.year - 1 ? options.previous : undefined;
  const ctx: Ctx = { format, report, previous, results, skipped };
  for (const spec of format.checks) {
    switch (spec.kind) {
      case 'equation':
        runEquation(ctx, spec);
        break;
      case 'cellsNumeric':
        runCellsNumeric(ctx, spec);
        break;
      case 'textLength':
        runTextLength(ctx, spec);
        break;
      case 'textNotRepeated':
        runTextNotRepeated(ctx, spec);
        break;
    }
  }
  return { results, skipped: dedupeSkipped(skipped) };
}

/** The failures only. */
export function runChecks(report: Report, options: CheckOptions = {}): CheckResult[] {
  return checkReport(report, options).results;
}

/** True when no failure is an error (warnings allowed). */
export function passes(results: readonly CheckResult[]): boolean {
  return results.every((r) => r.severity !== 'error');
}

// ---- narrative measures ----

/** Characters as a reader counts them: code points, whitespace not counted. */
export function narrativeLength(text: string): number {
  return [...text.replace(/\s+/gu, '')].length;
}

/**
 * Similarity of two texts as the Jaccard index of their character-bigram sets, after NFKC folding
 * and dropping whitespace, punctuation and digits.
 *
 * Why this measure: Chinese has no spaces, so words would need a segmenter whose errors vary with
 * vocabulary; single characters are too coarse (all government prose shares the same few hundred
 * characters); bigrams approximate two-character words, the commonest word length, without a
 * dictionary. Sets (not sequences) make a copy with reordered paragraphs still a copy. Measured
 * on the texts in checks.test.ts: last year's text with its paragraphs swapped and one word
 * changed scores 0.93; a rewrite on the same topics 0.06; half copied, half new 0.41. A Jaccard
 * of 0.8 (four fifths of all distinct bigrams of both texts shared) thus flags copies with light
 * edits and leaves honest rewrites — even partial ones — alone; the check is a warning for a person
 * to judge, so erring towards fewer flags is right.
 * Digits are dropped because the typical near-copy changes only 2020年 → 2021年 and counts.
 */
export function bigramJaccard(a: string, b: string): number {
  const A = bigrams(a);
  const B = bigrams(b);
  if (A.size === 0 && B.size === 0) return 1;
  let shared = 0;
  for (const g of A) if (B.has(g)) shared++;
  return shared / (A.size + B.size - shared);
}

function bigrams(text: string): Set<string> {
  const chars = [...text.normalize('NFKC').replace(/[\s\p{P}\p{S}\p{N}]+/gu, '')];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return out;
}

// ---- the four kinds ----

interface Ctx {
  format: ReportFormat;
  report: Report;
  previous: Report | undefined;
  results: CheckResult[];
  skipped: SkippedCheck[];
}

type Equation = Extract<CheckSpec, { kind: 'equation' }>;

function readCell(report: Report, table: string, row: string, col: string): CellValue | undefined {
  const r = report.tables.find((t) => t.id === table)?.rows.find((x) => x.key === row);
  if (!r || !Object.hasOwn(r.cells, col)) return undefined;
  const v = r.cells[col];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

const EPSILON = 1e-6;
const fmt = (n: number) => String(Math.round(n * 10000) / 10000);

function runEquation(ctx: Ctx, spec: Equation): void {
  const table = findTable(ctx.format, spec.table);
  if (!table) return; // validateFormat rules this out for registered formats
  const usesPrevious = [...spec.left, ...spec.right].some((t) => t.year === 'previous');
  if (usesPrevious && !ctx.previous) {
    ctx.skipped.push({ rule: spec.rule, reason: `未提供${ctx.report.year - 1}年度报告，无法核对与上一年度的衔接` });
    return;
  }
  const keys = spec.over ?? (spec.each === 'col' ? table.columns.map((c) => c.key) : dataRows(table).map((r) => r.key));
  for (const k of keys) {
    const resolve = (t: Term) => ({
      table: t.table ?? spec.table,
      row: t.row ?? k,
      col: t.col ?? k,
      previous: t.year === 'previous',
      sign: t.sign ?? 1,
    });
    const left = spec.left.map(resolve);
    const right = spec.right.map(resolve);
    let missingPrevious = false;
    const value = (t: ReturnType<typeof resolve>): number => {
      const source = t.previous ? ctx.previous : ctx.report;
      const v = source ? readCell(source, t.table, t.row, t.col) : undefined;
      if (t.previous && v === undefined) missingPrevious = true;
      return (v ?? 0) * t.sign; // blanks count as 0 here; cellsNumeric reports them
    };
    const lv = left.map(value);
    const rv = right.map(value);
    if (missingPrevious) {
      ctx.skipped.push({
        rule: spec.rule,
        reason: `上一年度报告（格式 ${ctx.previous?.format}）没有可对应的数据项，无法核对与上一年度的衔接`,
      });
      continue;
    }
    const L = lv.reduce((a, b) => a + b, 0);
    const R = rv.reduce((a, b) => a + b, 0);
    const ok = (spec.op ?? '=') === '=' ? Math.abs(L - R) < EPSILON : L <= R + EPSILON;
    if (ok) continue;

    const cells: CheckCell[] = [];
    const currentLeft = left.filter((t) => !t.previous);
    const single = spec.left.length === 1 && currentLeft.length === 1 && (spec.op ?? '=') === '=';
    for (const [i, t] of [...left, ...right].entries()) {
      if (t.previous) continue;
      const found = readCell(ctx.report, t.table, t.row, t.col) ?? null;
      cells.push({
        table: t.table,
        row: t.row,
        col: t.col,
        ...(single && i === 0 ? { expected: Number(fmt(R)) } : {}),
        found,
      });
    }
    ctx.results.push({
      rule: spec.rule,
      severity: spec.severity,
      message: equationMessage(ctx, table, spec, k, { left, right, lv, rv, L, R, single }),
      cells,
    });
  }
}

function equationMessage(
  ctx: Ctx,
  table: TableDef,
  spec: Equation,
  k: string,
  e: {
    left: { table: string; row: string; col: string; previous: boolean }[];
    right: { table: string; row: string; col: string; previous: boolean }[];
    lv: number[];
    rv: number[];
    L: number;
    R: number;
    single: boolean;
  },
): string {
  const cellName = (t: { table: string; row: string; col: string; previous: boolean }) =>
    `${t.previous ? '上一年度' : ''}${cellRef(findTable(ctx.format, t.table) ?? table, t.row, t.col)}`;
  // The format schema gives both sides at least one term.
  const [firstLeft] = e.left;
  const [firstRight] = e.right;
  if (e.single && firstLeft) {
    return `${cellName(firstLeft)}应为 ${fmt(e.R)}，实为 ${fmt(e.L)}（${spec.description}）`;
  }
  if (spec.op === '<=' && firstLeft && firstRight) {
    return `${cellName(firstLeft)}为 ${fmt(e.L)}，超过${cellName(firstRight)}的 ${fmt(e.R)}（${spec.description}）`;
  }
  const where = spec.each === 'col' ? cellRef(table, undefined, k) : `${cellRef(table, k)}行`;
  const parts = (vs: number[]) => (vs.length > 1 ? `（${vs.map(fmt).join(' + ').replace(/\+ -/g, '- ')}）` : '');
  return `${where}不符合：${spec.description}；左边为 ${fmt(e.L)}${parts(e.lv)}，右边为 ${fmt(e.R)}${parts(e.rv)}`;
}

function runCellsNumeric(ctx: Ctx, spec: Extract<CheckSpec, { kind: 'cellsNumeric' }>): void {
  const push = (message: string, cells: CheckCell[]) => ctx.results.push({ rule: spec.rule, severity: spec.severity, message, cells });
  for (const table of ctx.format.tables) {
    const rt = ctx.report.tables.find((t) => t.id === table.id);
    if (!rt) {
      push(`缺少${table.ref}「${table.title}」`, []);
      continue;
    }
    for (const row of table.rows) {
      const rr = rt.rows.find((r) => r.key === row.key);
      const name = cellRef(table, row.key);
      if (row.heading) {
        const filled = rr ? Object.entries(rr.cells).filter(([, v]) => v !== null) : [];
        if (filled.length) {
          push(
            `${name}是标题行，不应填写数字`,
            filled.map(([col, v]) => ({ table: table.id, row: row.key, col, found: v })),
          );
        }
        continue;
      }
      if (!rr) {
        push(
          `${name}整行缺失`,
          table.columns.map((c) => ({ table: table.id, row: row.key, col: c.key })),
        );
        continue;
      }
      for (const col of table.columns) {
        const where = cellRef(table, row.key, col.key);
        const cell = { table: table.id, row: row.key, col: col.key };
        const has = Object.hasOwn(rr.cells, col.key);
        const v: unknown = has ? rr.cells[col.key] : undefined;
        if (v === undefined || v === null) {
          // §6.4 rule 9: a figure of nothing prints 0, never a blank.
          push(`${where}为空，应填写数字（没有的填 0）`, [{ ...cell, found: null }]);
          continue;
        }
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          push(`${where}不是数字`, [{ ...cell, found: null }]);
          continue;
        }
        if (v < 0 && !col.signed) push(`${where}为 ${v}，不应为负数`, [{ ...cell, found: v }]);
        const unit = cellUnit(table, row, col);
        if (!Number.isInteger(v) && !(unit && DECIMAL_UNITS.includes(unit))) {
          push(`${where}为 ${v}，单位为「${unit ?? '件'}」的计数应为整数`, [{ ...cell, found: v }]);
        }
      }
      for (const extra of Object.keys(rr.cells)) {
        if (!table.columns.some((c) => c.key === extra)) {
          push(`${name}含格式中没有的列「${extra}」`, [{ table: table.id, row: row.key, col: extra, found: rr.cells[extra] }]);
        }
      }
    }
    for (const rr of rt.rows) {
      if (!table.rows.some((r) => r.key === rr.key)) {
        push(
          `${table.ref}含格式中没有的行「${rr.label}」（${rr.key}）`,
          Object.entries(rr.cells).map(([col, v]) => ({ table: table.id, row: rr.key, col, found: v })),
        );
      }
    }
  }
  for (const rt of ctx.report.tables) {
    if (!findTable(ctx.format, rt.id)) push(`报告含格式中没有的表「${rt.title}」（${rt.id}）`, []);
  }
}

function sectionText(report: Report, key: string): string | undefined {
  return report.sections.find((s) => s.key === key)?.text;
}

function runTextLength(ctx: Ctx, spec: Extract<CheckSpec, { kind: 'textLength' }>): void {
  const title = ctx.format.sections.find((s) => s.key === spec.section)?.title ?? spec.section;
  const n = narrativeLength(sectionText(ctx.report, spec.section) ?? '');
  if (n > spec.maxChars) {
    ctx.results.push({
      rule: spec.rule,
      severity: spec.severity,
      message: `「${title}」共 ${n} 字，超过约 ${spec.maxChars} 字的篇幅要求`,
      cells: [],
    });
  }
}

function runTextNotRepeated(ctx: Ctx, spec: Extract<CheckSpec, { kind: 'textNotRepeated' }>): void {
  const title = ctx.format.sections.find((s) => s.key === spec.section)?.title ?? spec.section;
  if (!ctx.previous) {
    ctx.skipped.push({ rule: spec.rule, reason: `未提供${ctx.report.year - 1}年度报告，无法比对「${title}」是否照搬` });
    return;
  }
  const now = sectionText(ctx.report, spec.section) ?? '';
  const before = sectionText(ctx.previous, spec.section);
  if (before === undefined || narrativeLength(before) === 0 || narrativeLength(now) === 0) {
    ctx.skipped.push({ rule: spec.rule, reason: `本年度或上一年度报告的「${title}」为空，无法比对` });
    return;
  }
  const similarity = bigramJaccard(now, before);
  if (similarity >= spec.threshold) {
    ctx.results.push({
      rule: spec.rule,
      severity: spec.severity,
      message: `「${title}」与${ctx.previous.year}年度报告高度相似（字符二元组 Jaccard 相似度 ${similarity.toFixed(2)}，阈值 ${spec.threshold}），疑似照搬上一年度内容`,
      cells: [],
    });
  }
}

function dedupeSkipped(list: SkippedCheck[]): SkippedCheck[] {
  const seen = new Set<string>();
  return list.filter((s) => {
    const k = `${s.rule}|${s.reason}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
