/**
 * Whether a format is usable: every key unique and referenced keys present, every data cell has a
 * rule, no rule depends on itself, every check names real tables, rows and columns. The registry
 * refuses an invalid format, so a mistake in a provincial variant file shows when it is loaded,
 * not when a district office opens its report.
 */
import { cellRule, dataRows, findTable } from './resolve.ts';
import type { CellRule, ReportFormat, TableDef } from './types.ts';

const KEY = /^[a-z][a-z0-9_]*$/;

export function validateFormat(format: ReportFormat): string[] {
  const issues: string[] = [];
  const say = (m: string) => issues.push(`${format.id}: ${m}`);

  if (format.years.to !== undefined && format.years.to < format.years.from) say('适用年度的起止颠倒');

  const sectionKeys = new Set<string>();
  for (const s of format.sections) {
    if (!KEY.test(s.key)) say(`章节键 ${s.key} 不是小写 ASCII`);
    if (sectionKeys.has(s.key)) say(`章节键 ${s.key} 重复`);
    sectionKeys.add(s.key);
    for (const t of s.tables ?? []) {
      const table = findTable(format, t);
      if (!table) say(`章节 ${s.key} 列出的表 ${t} 不存在`);
      else if (table.section !== s.key) say(`表 ${t} 属于章节 ${table.section}，却列在章节 ${s.key} 下`);
    }
    if (s.kind === 'prose' && s.tables?.length) say(`正文章节 ${s.key} 不应含表`);
  }

  const tableIds = new Set<string>();
  for (const t of format.tables) {
    if (!KEY.test(t.id)) say(`表编号 ${t.id} 不是小写 ASCII`);
    if (tableIds.has(t.id)) say(`表编号 ${t.id} 重复`);
    tableIds.add(t.id);
    const section = format.sections.find((s) => s.key === t.section);
    if (!section) say(`表 ${t.id} 所属章节 ${t.section} 不存在`);
    else if (!section.tables?.includes(t.id)) say(`章节 ${t.section} 未列出表 ${t.id}`);
    validateTable(t, say);
  }

  for (const c of format.checks) {
    if (c.kind === 'textLength' || c.kind === 'textNotRepeated') {
      if (!sectionKeys.has(c.section)) say(`检查 ${c.rule} 所指章节 ${c.section} 不存在`);
      continue;
    }
    if (c.kind !== 'equation') continue;
    const table = findTable(format, c.table);
    if (!table) {
      say(`检查 ${c.rule} 所指表 ${c.table} 不存在`);
      continue;
    }
    const rows = new Set(dataRows(table).map((r) => r.key));
    const cols = new Set(table.columns.map((x) => x.key));
    for (const k of c.over ?? []) {
      if (!(c.each === 'col' ? cols : rows).has(k)) say(`检查 ${c.rule} 的 over 含未知${c.each === 'col' ? '列' : '行'} ${k}`);
    }
    for (const term of [...c.left, ...c.right]) {
      const fixed = c.each === 'col' ? term.row : term.col;
      if (fixed === undefined) say(`检查 ${c.rule} 的每一项都须指明${c.each === 'col' ? '行' : '列'}`);
      // Previous-year terms may name another format's table; they are skipped when absent.
      if (term.year === 'previous') continue;
      const t = term.table ? findTable(format, term.table) : table;
      if (!t) {
        say(`检查 ${c.rule} 所指表 ${term.table} 不存在`);
        continue;
      }
      if (term.row !== undefined && !dataRows(t).some((r) => r.key === term.row)) say(`检查 ${c.rule} 所指行 ${term.row} 不存在或为标题行`);
      if (term.col !== undefined && !t.columns.some((x) => x.key === term.col)) say(`检查 ${c.rule} 所指列 ${term.col} 不存在`);
    }
  }
  return issues;
}

function validateTable(t: TableDef, say: (m: string) => void): void {
  const rowKeys = new Set<string>();
  for (const r of t.rows) {
    if (!KEY.test(r.key)) say(`表 ${t.id} 的行键 ${r.key} 不是小写 ASCII`);
    if (rowKeys.has(r.key)) say(`表 ${t.id} 的行键 ${r.key} 重复`);
    rowKeys.add(r.key);
    if (r.heading && (r.rule || r.cells)) say(`表 ${t.id} 的标题行 ${r.key} 不应有计算规则`);
  }
  const colKeys = new Set<string>();
  for (const c of t.columns) {
    if (!KEY.test(c.key)) say(`表 ${t.id} 的列键 ${c.key} 不是小写 ASCII`);
    if (colKeys.has(c.key)) say(`表 ${t.id} 的列键 ${c.key} 重复`);
    colKeys.add(c.key);
  }
  const dataKeys = new Set(dataRows(t).map((r) => r.key));
  for (const r of dataRows(t)) {
    for (const k of Object.keys(r.cells ?? {})) if (!colKeys.has(k)) say(`表 ${t.id} 行 ${r.key} 为未知列 ${k} 定义了规则`);
    for (const c of t.columns) {
      const rule = cellRule(t, r, c);
      const where = `表 ${t.id} 行 ${r.key} 列 ${c.key}`;
      if (!rule) {
        say(`${where} 没有计算规则`);
        continue;
      }
      checkRefs(rule, where, dataKeys, colKeys, say);
    }
  }
  // A cell may not depend on itself through sums.
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (rowKey: string, colKey: string, path: string[]): void => {
    const id = `${rowKey}/${colKey}`;
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      say(`表 ${t.id} 的计算规则循环引用：${[...path, id].join(' → ')}`);
      return;
    }
    state.set(id, 'visiting');
    const row = t.rows.find((r) => r.key === rowKey);
    const col = t.columns.find((c) => c.key === colKey);
    const rule = row && col ? cellRule(t, row, col) : undefined;
    if (rule) for (const [r2, c2] of dependencies(rule, rowKey, colKey)) visit(r2, c2, [...path, id]);
    state.set(id, 'done');
  };
  for (const r of dataRows(t)) for (const c of t.columns) visit(r.key, c.key, []);
}

function checkRefs(rule: CellRule, where: string, rows: Set<string>, cols: Set<string>, say: (m: string) => void): void {
  if ('sum' in rule) for (const k of rule.sum) if (!rows.has(k)) say(`${where} 的 sum 含未知或标题行 ${k}`);
  if ('sumCols' in rule) for (const k of rule.sumCols) if (!cols.has(k)) say(`${where} 的 sumCols 含未知列 ${k}`);
  if ('add' in rule) for (const r of rule.add) checkRefs(r, where, rows, cols, say);
  if ('carry' in rule && rule.fallback) checkRefs(rule.fallback, where, rows, cols, say);
}

/** Same-table cells a rule reads (carry reads last year's report, not this one). */
export function dependencies(rule: CellRule, row: string, col: string): Array<[string, string]> {
  if ('sum' in rule) return rule.sum.map((r) => [r, col]);
  if ('sumCols' in rule) return rule.sumCols.map((c) => [row, c]);
  if ('add' in rule) return rule.add.flatMap((r) => dependencies(r, row, col));
  if ('carry' in rule && rule.fallback) return dependencies(rule.fallback, row, col);
  return [];
}
