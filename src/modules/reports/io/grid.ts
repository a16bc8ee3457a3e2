/**
 * The spreadsheet layout shared by CSV and XLSX (docs/report-formats.md, "CSV and XLSX layout").
 * A report is a list of records (rows of fields):
 *
 *   格式,cn-2021,<format title>         ← report information (keys in the first field)
 *   机关代码,000014349
 *   机关名称,洪江区人民政府
 *   年度,2021
 *   数据格式版本,1
 *                                        ← blank record
 *   章节,overview,一、总体情况           ← a section: marker, key, title
 *   <the section text in one field>
 *
 *   表,t3,收到和处理政府信息公开申请情况   ← a table: marker, id, title
 *   <stub>,单位,<column headers…>          ← headers: groups and label joined by ·
 *   <row label>,<unit>,<figures…>          ← one record per row, in format order; headings blank
 *                                        ← a blank record (or the next marker) ends the table
 *
 * In XLSX the information and sections are the first sheet and each table is its own sheet with the
 * same records; the reader concatenates the sheets. Reading is by label, not position: columns by
 * header (or key), rows by label (or key), so reordered or partly re-typed files still read, and
 * every mismatch is a named problem.
 */
import { nationalRegistry } from '../formats/registry.ts';
import type { FormatRegistry } from '../formats/registry.ts';
import { cellUnit, columnHeader } from '../formats/resolve.ts';
import type { ColumnDef, ReportFormat, RowDef, TableDef } from '../formats/types.ts';
import { REPORT_SCHEMA_VERSION, createReport } from '../report-model.ts';
import type { CellValue, Report } from '../report-model.ts';
import type { ParseProblem, ParseResult } from './problems.ts';

export type GridValue = string | number | null;

export interface GridSheet {
  /** XLSX sheet name (≤ 31 characters, none of []:*?/\). */
  name: string;
  /** The table this sheet holds; absent for the information sheet. */
  tableId?: string;
  rows: GridValue[][];
}

export interface GridRecord {
  fields: GridValue[];
  /** Location for messages, e.g. 第12行 or 工作表「表三」第5行. */
  at: string;
}

export const META = {
  format: '格式',
  orgCode: '机关代码',
  orgName: '机关名称',
  year: '年度',
  version: '数据格式版本',
} as const;
export const SECTION_MARK = '章节';
export const TABLE_MARK = '表';
export const UNIT_HEADER = '单位';

/** The unit printed in a row's 单位 field: the row's, else one shared by all its columns. */
function rowUnit(table: TableDef, row: RowDef): string {
  if (row.heading) return '';
  const units = new Set(table.columns.map((c) => cellUnit(table, row, c) ?? ''));
  const [only = ''] = units;
  return units.size === 1 ? only : '';
}

export function reportToGrid(report: Report, format: ReportFormat): GridSheet[] {
  const info: GridValue[][] = [
    [META.format, format.id, `${format.title}（${format.basis}）`],
    [META.orgCode, report.org.code],
    [META.orgName, report.org.name],
    [META.year, report.year],
    [META.version, REPORT_SCHEMA_VERSION],
  ];
  for (const s of format.sections) {
    info.push([]);
    info.push([SECTION_MARK, s.key, s.title]);
    info.push([report.sections.find((x) => x.key === s.key)?.text ?? '']);
  }
  const used = new Set<string>(['报告']);
  const sheets: GridSheet[] = [{ name: '报告', rows: info }];
  for (const t of format.tables) {
    const rt = report.tables.find((x) => x.id === t.id);
    const rows: GridValue[][] = [
      [TABLE_MARK, t.id, t.title],
      [t.stubLabel, UNIT_HEADER, ...t.columns.map(columnHeader)],
    ];
    for (const r of t.rows) {
      const cells = rt?.rows.find((x) => x.key === r.key)?.cells ?? {};
      rows.push([r.label, rowUnit(t, r), ...t.columns.map((c) => (r.heading ? null : (cells[c.key] ?? null)))]);
    }
    sheets.push({ name: sheetName(t, used), tableId: t.id, rows });
  }
  return sheets;
}

function sheetName(t: TableDef, used: Set<string>): string {
  let name = t.ref.replace(/[[\]:*?/\\]/g, '').slice(0, 31);
  if (!name || used.has(name)) name = t.id.slice(0, 31);
  used.add(name);
  return name;
}

export interface ReadOptions {
  /** The format to read against; else the one named in the file, looked up in `registry`. */
  format?: ReportFormat;
  registry?: FormatRegistry;
  /** Override or supply the org and year (e.g. an upload form already knows them). */
  org?: { code: string; name: string };
  year?: number;
}

const text = (v: GridValue | undefined): string => (v === null || v === undefined ? '' : String(v)).trim();
const isBlankRecord = (r: GridRecord) => r.fields.every((f) => text(f) === '');

/** Labels compare after NFKC (full-width ＝ half-width punctuation) and without whitespace. */
export function normaliseLabel(s: string): string {
  return s.normalize('NFKC').replace(/\s+/gu, '');
}

export function gridToReport(records: GridRecord[], options: ReadOptions = {}): ParseResult {
  const problems: ParseProblem[] = [];
  const registry = options.registry ?? nationalRegistry;

  // Pass 1: information records (before the first section or table).
  const meta = new Map<string, GridRecord>();
  let i = 0;
  for (; i < records.length; i++) {
    const r = records[i]!;
    if (isBlankRecord(r)) continue;
    const k = text(r.fields[0]);
    if (k === SECTION_MARK || k === TABLE_MARK) break;
    if ((Object.values(META) as string[]).includes(k)) {
      meta.set(k, r);
    } else {
      problems.push({
        code: 'unknown_record',
        message: `${r.at}：无法识别「${k}」，报告信息只应包含 ${Object.values(META).join('、')}`,
        found: k,
        at: r.at,
      });
    }
  }

  const formatId = text(meta.get(META.format)?.fields[1]);
  let format = options.format;
  if (format) {
    if (formatId && formatId !== format.id) {
      problems.push({
        code: 'bad_meta',
        message: `${meta.get(META.format)?.at}：文件的格式为「${formatId}」，应为「${format.id}」`,
        expected: format.id,
        found: formatId,
        at: meta.get(META.format)?.at,
      });
    }
  } else if (!formatId) {
    problems.push({ code: 'missing_meta', message: `缺少「${META.format}」（报告格式编号，如 cn-2021）`, expected: '格式编号' });
  } else {
    format = registry.get(formatId);
    if (!format) {
      problems.push({
        code: 'unknown_format',
        message: `${meta.get(META.format)?.at}：未知的报告格式「${formatId}」`,
        expected: registry
          .list()
          .map((f) => f.id)
          .join('、'),
        found: formatId,
        at: meta.get(META.format)?.at,
      });
    }
  }

  const orgCode = options.org?.code ?? text(meta.get(META.orgCode)?.fields[1]);
  const orgName = options.org?.name ?? text(meta.get(META.orgName)?.fields[1]);
  if (!orgName) problems.push({ code: 'missing_meta', message: `缺少「${META.orgName}」`, expected: '机关名称' });
  let year = options.year;
  if (year === undefined) {
    const raw = text(meta.get(META.year)?.fields[1]);
    const n = Number(raw.normalize('NFKC').replace(/年度?$/u, ''));
    if (!raw) problems.push({ code: 'missing_meta', message: `缺少「${META.year}」`, expected: '四位年份' });
    else if (!Number.isInteger(n) || n < 2008 || n > 2100) {
      problems.push({
        code: 'bad_meta',
        message: `${meta.get(META.year)?.at}：「${META.year}」应为四位年份，实为「${raw}」`,
        expected: '四位年份',
        found: raw,
        at: meta.get(META.year)?.at,
      });
    } else year = n;
  }
  const version = text(meta.get(META.version)?.fields[1]);
  if (version && version !== String(REPORT_SCHEMA_VERSION)) {
    problems.push({
      code: 'bad_meta',
      message: `${meta.get(META.version)?.at}：不支持的数据格式版本「${version}」`,
      expected: String(REPORT_SCHEMA_VERSION),
      found: version,
      at: meta.get(META.version)?.at,
    });
  }
  if (!format) return { ok: false, problems };

  // Pass 2: sections and tables.
  const texts: Record<string, string> = {};
  const values = new Map<string, CellValue>();
  const seenTables = new Set<string>();
  while (i < records.length) {
    const r = records[i]!;
    if (isBlankRecord(r)) {
      i++;
      continue;
    }
    const mark = text(r.fields[0]);
    if (mark === SECTION_MARK) {
      const key = text(r.fields[1]);
      const title = text(r.fields[2]);
      const s = format.sections.find((x) => x.key === key) ?? format.sections.find((x) => normaliseLabel(x.title) === normaliseLabel(title));
      const body = records[i + 1];
      const bodyMark = body ? text(body.fields[0]) : '';
      const hasBody = body && bodyMark !== SECTION_MARK && bodyMark !== TABLE_MARK;
      if (!s) {
        problems.push({
          code: 'unknown_section',
          message: `${r.at}：格式「${format.id}」没有章节「${key || title}」`,
          expected: format.sections.map((x) => x.title).join('、'),
          found: key || title,
          at: r.at,
        });
      } else if (s.key in texts) {
        problems.push({ code: 'duplicate_section', message: `${r.at}：章节「${s.title}」重复出现`, found: s.title, at: r.at });
      } else {
        texts[s.key] = hasBody ? (body.fields[0] === null ? '' : String(body.fields[0])) : '';
      }
      i += hasBody ? 2 : 1;
      continue;
    }
    if (mark === TABLE_MARK) {
      i = readTable(records, i, format, values, seenTables, problems);
      continue;
    }
    problems.push({
      code: 'unknown_record',
      message: `${r.at}：无法识别的内容「${mark}」（表应以「${TABLE_MARK}」开头，章节以「${SECTION_MARK}」开头）`,
      found: mark,
      at: r.at,
    });
    i++;
  }
  for (const t of format.tables) {
    if (!seenTables.has(t.id)) {
      problems.push({
        code: 'missing_table',
        message: `缺少${t.ref}「${t.title}」`,
        table: t.id,
        expected: t.title,
      });
    }
  }
  if (problems.length || year === undefined) return { ok: false, problems };
  const report = createReport({
    format,
    org: { code: orgCode, name: orgName },
    year,
    texts,
    value: (t, r, c) => values.get(`${t}/${r}/${c}`),
  });
  return { ok: true, report };
}

/** Reads one table block starting at the marker record; returns the index after it. */
function readTable(
  records: GridRecord[],
  start: number,
  format: ReportFormat,
  values: Map<string, CellValue>,
  seenTables: Set<string>,
  problems: ParseProblem[],
): number {
  const marker = records[start];
  if (!marker) throw new RangeError(`readTable: no record at ${start}`); // the caller found the marker there
  const id = text(marker.fields[1]);
  const title = text(marker.fields[2]);
  const table = format.tables.find((t) => t.id === id) ?? format.tables.find((t) => normaliseLabel(t.title) === normaliseLabel(title) && title !== '');
  // The block runs to the next blank record or marker.
  let end = start + 1;
  while (end < records.length && !isBlankRecord(records[end]!)) {
    const m = text(records[end]!.fields[0]);
    if (m === TABLE_MARK || m === SECTION_MARK) break;
    end++;
  }
  if (!table) {
    problems.push({
      code: 'unknown_table',
      message: `${marker.at}：格式「${format.id}」没有表「${id || title}」`,
      table: id || title,
      expected: format.tables.map((t) => t.id).join('、'),
      found: id || title,
      at: marker.at,
    });
    return end;
  }
  if (seenTables.has(table.id)) {
    problems.push({
      code: 'duplicate_table',
      message: `${marker.at}：${table.ref}「${table.title}」重复出现`,
      table: table.id,
      at: marker.at,
    });
    return end;
  }
  seenTables.add(table.id);
  const header = records[start + 1];
  if (!header || start + 1 >= end) {
    problems.push({
      code: 'missing_column',
      message: `${marker.at}：${table.ref}缺少表头行（应为：${[table.stubLabel || '项目', UNIT_HEADER, ...table.columns.map(columnHeader)].join('，')}）`,
      table: table.id,
      at: marker.at,
    });
    for (const r of table.rows) if (!r.heading) missingRow(table, r, problems);
    return end;
  }

  // Columns: by header (groups·label), by key, or by bare label when unique.
  const hasUnit = normaliseLabel(text(header.fields[1])) === UNIT_HEADER;
  const firstValue = hasUnit ? 2 : 1;
  const colAt = new Map<number, ColumnDef>();
  for (let f = firstValue; f < header.fields.length; f++) {
    const h = text(header.fields[f]);
    if (!h) continue;
    const n = normaliseLabel(h);
    const byLabel = table.columns.filter((c) => normaliseLabel(c.label) === n);
    const col =
      table.columns.find((c) => normaliseLabel(columnHeader(c)) === n) ??
      table.columns.find((c) => c.key === h) ??
      (byLabel.length === 1 ? byLabel[0] : undefined);
    if (!col) {
      problems.push({
        code: 'unknown_column',
        message: `${header.at}：${table.ref}没有列「${h}」`,
        table: table.id,
        col: h,
        expected: table.columns.map(columnHeader).join('、'),
        found: h,
        at: header.at,
      });
    } else if ([...colAt.values()].includes(col)) {
      problems.push({
        code: 'duplicate_column',
        message: `${header.at}：${table.ref}的列「${columnHeader(col)}」重复出现`,
        table: table.id,
        col: columnHeader(col),
        at: header.at,
      });
    } else colAt.set(f, col);
  }
  const present = new Set(colAt.values());
  for (const c of table.columns) {
    if (!present.has(c)) {
      problems.push({
        code: 'missing_column',
        message: `${header.at}：${table.ref}缺少列「${columnHeader(c)}」`,
        table: table.id,
        col: columnHeader(c),
        expected: columnHeader(c),
        at: header.at,
      });
    }
  }

  // Rows: by label in order (labels may repeat, e.g. the old table's two 「(三)其他情形数」), else by key.
  const matched = new Set<RowDef>();
  let cursor = 0;
  for (let k = start + 2; k < end; k++) {
    const rec = records[k]!;
    const label = text(rec.fields[0]);
    const n = normaliseLabel(label);
    const candidates = table.rows.filter((r) => !matched.has(r) && (normaliseLabel(r.label) === n || r.key === label));
    const row = candidates.find((r) => table.rows.indexOf(r) >= cursor) ?? candidates[0];
    if (!row) {
      const twice = table.rows.some((r) => matched.has(r) && normaliseLabel(r.label) === n);
      problems.push({
        code: twice ? 'duplicate_row' : 'unknown_row',
        message: twice ? `${rec.at}：${table.ref}的行「${label}」重复出现` : `${rec.at}：${table.ref}没有行「${label}」`,
        table: table.id,
        row: label,
        found: label,
        at: rec.at,
      });
      continue;
    }
    matched.add(row);
    cursor = table.rows.indexOf(row) + 1;
    if (hasUnit) {
      const found = text(rec.fields[1]);
      const expected = rowUnit(table, row);
      if (found && expected && normaliseLabel(found) !== expected) {
        problems.push({
          code: 'unit_mismatch',
          message: `${rec.at}：${table.ref}「${row.label}」的单位应为「${expected}」，实为「${found}」`,
          table: table.id,
          row: row.label,
          col: UNIT_HEADER,
          expected,
          found,
          at: rec.at,
        });
      }
    }
    for (const [f, col] of colAt) {
      const raw = rec.fields[f] ?? null;
      const where = `${rec.at}：${table.ref}「${row.label}」「${columnHeader(col)}」列`;
      if (row.heading) {
        if (text(raw) !== '' && !isBlankMark(text(raw))) {
          problems.push({
            code: 'heading_has_value',
            message: `${where}是标题行，不应填写数字，实为「${text(raw)}」`,
            table: table.id,
            row: row.label,
            col: columnHeader(col),
            expected: '空',
            found: text(raw),
            at: rec.at,
          });
        }
        continue;
      }
      const parsed = parseFigure(raw, cellUnit(table, row, col));
      if (parsed === 'invalid') {
        problems.push({
          code: 'not_a_number',
          message: `${where}应为数字，实为「${text(raw)}」`,
          table: table.id,
          row: row.label,
          col: columnHeader(col),
          expected: '数字',
          found: text(raw),
          at: rec.at,
        });
        continue;
      }
      values.set(`${table.id}/${row.key}/${col.key}`, parsed);
    }
    for (let f = firstValue; f < rec.fields.length; f++) {
      if (!colAt.has(f) && text(rec.fields[f]) !== '' && !text(header.fields[f])) {
        problems.push({
          code: 'unknown_column',
          message: `${rec.at}：${table.ref}「${row.label}」第${f + 1}栏「${text(rec.fields[f])}」没有对应的表头`,
          table: table.id,
          row: row.label,
          found: text(rec.fields[f]),
          at: rec.at,
        });
      }
    }
  }
  for (const r of table.rows) if (!r.heading && !matched.has(r)) missingRow(table, r, problems, marker.at);
  return end;
}

function missingRow(table: TableDef, row: RowDef, problems: ParseProblem[], at?: string): void {
  problems.push({
    code: 'missing_row',
    message: `${table.ref}缺少行「${row.label}」`,
    table: table.id,
    row: row.label,
    expected: row.label,
    ...(at ? { at } : {}),
  });
}

/** Marks that print as "nothing here" in published tables; they read as a blank, not as 0. */
const isBlankMark = (s: string) => /^[—–\-－/／]+$/u.test(s);

/**
 * A figure as printed: 6105, 6,105, 0.35, -3, ６１０５, or with the cell's unit (2件, 8万元).
 * Blank and dash marks read as null (a blank cell, which check cells.numeric reports).
 */
export function parseFigure(raw: GridValue, unit: string | undefined): CellValue | 'invalid' {
  if (raw === null) return null;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : 'invalid';
  let s = raw.normalize('NFKC').replace(/\s+/gu, '');
  if (s === '' || isBlankMark(s)) return null;
  if (unit && s.endsWith(unit)) s = s.slice(0, -unit.length);
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  if (!/^[+-]?\d+(\.\d+)?$/.test(s)) return 'invalid';
  return Number(s);
}
