import { ValidationError, type FieldIssue } from '../../kernel/errors.ts';
import { addDays, daysBetween, isIsoDate, yearOf, type IsoDate } from '../../kernel/dates.ts';

/**
 * The State Council's yearly holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知), read from
 * the text the office pastes or uploads — the notice's own wording, one festival a line:
 *
 *   一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
 *   二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
 *
 * or a plain form, one day (or range) a line: `2027-01-01 holiday 元旦`, `2027-02-20 workday 春节调休上班`,
 * `2027-10-01..2027-10-07 holiday 国庆节`. The rest of a pasted notice (title, addressees, the closing
 * paragraph, the signature date) carries no 放假/上班 date and is set aside, listed so the office sees it.
 * A line that names dates but cannot be read is refused with its number: nothing is half-entered.
 */

export interface NoticeDay {
  date: IsoDate;
  workday: boolean;
  /** What the calendar shows: 春节, 春节调休上班. */
  reason: string;
  /** The line it was read from (1-based). */
  line: number;
}

export interface NoticeBlock {
  festival: string;
  line: number;
  holidays: Array<{ from: IsoDate; to: IsoDate; days: number }>;
  workdays: IsoDate[];
}

export interface ParsedNotice {
  year: number;
  /** Every day the notice sets, in date order. */
  days: NoticeDay[];
  /** Per line, what it says (for the preview). */
  blocks: NoticeBlock[];
  /** Lines set aside (no 放假/上班 date): title, preamble, signature. */
  ignored: Array<{ line: number; text: string }>;
}

/** Uploaded text: UTF-8 (with or without BOM), else GB18030 (a notice saved on a Windows desktop). */
export function decodeNoticeBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

const CN_NUMBER = /^[一二三四五六七八九十]+[、.．]\s*|^\d+[、.．]\s*|^[（(][一二三四五六七八九十\d]+[）)]\s*/;
const DATE = /(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日/g;
const MACHINE = /^(\d{4}-\d{2}-\d{2})(?:\s*(?:\.\.|至|~|～)\s*(\d{4}-\d{2}-\d{2}))?\s+(holiday|workday|休息|放假|上班)\s+(\S.*)$/i;
/** A holiday range longer than this is a typing error (the longest ever, 2020's Spring Festival extension, was set apart). */
const MAX_RANGE = 15;

function normalise(line: string): string {
  return line
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .trim();
}

/** Parenthesised remarks — （周四）, （农历腊月二十八、周日） — say nothing the dates do not. */
function stripRemarks(s: string): string {
  return s.replace(/（[^（）]*）|\([^()]*\)/g, '');
}

interface Ctx {
  year: number;
  line: number;
  issues: string[];
}

/** A date as written: 2月15日, 23日 (month of `prev`), 2018年12月30日. */
function dateOf(m: RegExpMatchArray, c: Ctx, prev?: { y: number; m: number }): { iso: IsoDate | null; y: number; m: number; explicitYear: boolean } {
  const explicitYear = m[1] !== undefined;
  let y = explicitYear ? Number(m[1]) : (prev?.y ?? c.year);
  const mo = m[2] !== undefined ? Number(m[2]) : prev?.m;
  if (mo === undefined) {
    c.issues.push(`第${c.line}行：“${m[0]}”没有写月份`);
    return { iso: null, y, m: 0, explicitYear };
  }
  // 12月30日至1月1日 written without years: the range runs into the next year.
  if (!explicitYear && prev && m[2] !== undefined && mo < prev.m) y = prev.y + 1;
  const iso = `${y}-${String(mo).padStart(2, '0')}-${String(Number(m[3])).padStart(2, '0')}`;
  if (!isIsoDate(iso)) {
    c.issues.push(`第${c.line}行：“${m[0]}”不是有效日期`);
    return { iso: null, y, m: mo, explicitYear };
  }
  return { iso, y, m: mo, explicitYear };
}

/** A notice for year Y sets days of Y, and (元旦 bridges, as in the 2019 notice) of December Y−1. */
function inYear(iso: IsoDate, c: Ctx, shown: string): boolean {
  if (yearOf(iso) === c.year || (iso >= `${c.year - 1}-12-01` && iso <= `${c.year - 1}-12-31`)) return true;
  c.issues.push(`第${c.line}行：${shown}不在${c.year}年内（只可包括上一年12月的调休）`);
  return false;
}

function parseNoticeLine(text: string, c: Ctx, out: NoticeDay[], blocks: NoticeBlock[]): boolean {
  const body0 = stripRemarks(text.replace(CN_NUMBER, ''));
  const m = /^([^：:\d]{1,12})[：:]\s*(.*)$/.exec(body0);
  const hasDate = /\d{1,2}日/.test(body0);
  const hasKeyword = /放假|上班|休息/.test(body0);
  if (!hasDate || !hasKeyword) return false;
  if (!m) {
    c.issues.push(`第${c.line}行：没有节日名称，应写成“元旦：1月1日放假，共1天。”`);
    return true;
  }
  const [, name = '', rest = ''] = m;
  const festival = name.trim();
  const block: NoticeBlock = { festival, line: c.line, holidays: [], workdays: [] };
  for (const sentence of rest.split(/[。；;]/)) {
    // Clauses: "10月1日至8日放假调休" "共8天" "9月27日、10月10日上班". A clause with dates and no verb
    // takes the verb of the next clause that has one ("1月1日至3日，放假3天").
    const clauses = sentence
      .split(/[，,]/)
      .map((x) => x.trim())
      .filter(Boolean);
    let lastTotal = 0;
    for (const [k, clause] of clauses.entries()) {
      const dates = [...clause.matchAll(DATE)];
      const said = /共\s*(\d+)\s*天/.exec(clause) ?? /放假\s*(\d+)\s*天/.exec(clause);
      if (said && !dates.length && lastTotal && Number(said[1]) !== lastTotal) c.issues.push(`第${c.line}行：写明共${said[1]}天，但所列日期共${lastTotal}天`);
      if (!dates.length) continue; // 共3天, 不调休, 与周末连休
      const verb = [clause, ...clauses.slice(k + 1)].map((x) => (/放假|休息/.test(x) ? 'off' : /上班/.test(x) ? 'work' : null)).find((v) => v !== null);
      if (!verb) {
        c.issues.push(`第${c.line}行：“${clause}”看不出是放假还是上班`);
        continue;
      }
      const [head = ''] = clause.split(/放假|休息|上班/);
      let prev: { y: number; m: number } | undefined;
      if (verb === 'work') {
        for (const d of head.matchAll(DATE)) {
          const a = dateOf(d, c, prev);
          if (!a.iso) continue;
          prev = { y: a.y, m: a.m };
          if (!inYear(a.iso, c, d[0])) continue;
          out.push({ date: a.iso, workday: true, reason: `${festival}调休上班`, line: c.line });
          block.workdays.push(a.iso);
        }
        continue;
      }
      // Ranges "2月15日至23日" and single days "1月1日", listed with 、 or 和.
      let total = 0;
      for (const part of head.split(/[、和及]/).filter((p) => /\d{1,2}日/.test(p))) {
        const ds = [...part.matchAll(DATE)];
        const [first, second] = ds;
        if (!first) continue; // cannot happen: the part was kept because it has a date
        const a = dateOf(first, c, prev);
        if (!a.iso) continue;
        prev = { y: a.y, m: a.m };
        let to = a.iso;
        if (second) {
          if (ds.length > 2 || !/至|到|—|-|～|~/.test(part)) {
            c.issues.push(`第${c.line}行：“${part}”看不出是日期范围（应写成“2月15日至23日”）`);
            continue;
          }
          const b = dateOf(second, c, prev);
          if (!b.iso) continue;
          to = b.iso;
        }
        if (to < a.iso) {
          c.issues.push(`第${c.line}行：“${part}”结束日早于开始日`);
          continue;
        }
        const n = daysBetween(a.iso, to) + 1;
        if (n > MAX_RANGE) {
          c.issues.push(`第${c.line}行：“${part}”长达${n}天，请核对`);
          continue;
        }
        if (!inYear(a.iso, c, first[0]) || !inYear(to, c, (second ?? first)[0])) continue;
        for (let d = a.iso; d <= to; d = addDays(d, 1)) out.push({ date: d, workday: false, reason: festival, line: c.line });
        block.holidays.push({ from: a.iso, to, days: n });
        total += n;
      }
      lastTotal = total;
      // "放假1天" in the same clause as the date.
      const inClause = /放假\s*(\d+)\s*天/.exec(clause);
      if (inClause && total && Number(inClause[1]) !== total) c.issues.push(`第${c.line}行：写明共${inClause[1]}天，但所列日期共${total}天`);
    }
  }
  if (!block.holidays.length && !block.workdays.length && !c.issues.some((i) => i.startsWith(`第${c.line}行`)))
    c.issues.push(`第${c.line}行：没有读出放假或上班的日期`);
  blocks.push(block);
  return true;
}

function parseMachineLine(text: string, c: Ctx, out: NoticeDay[], blocks: NoticeBlock[]): void {
  const m = MACHINE.exec(text);
  if (!m) {
    c.issues.push(`第${c.line}行：应写成“2027-01-01 holiday 元旦”或“2027-02-20 workday 春节调休上班”`);
    return;
  }
  // The groups without `?` are always there when the line matched.
  const [, from = '', to0, kind = '', reason0 = ''] = m;
  const to = to0 ?? from;
  for (const d of [from, to]) if (!isIsoDate(d)) return void c.issues.push(`第${c.line}行：${d}不是有效日期`);
  if (!inYear(from, c, from) || !inYear(to, c, to)) return;
  if (to < from) return void c.issues.push(`第${c.line}行：结束日早于开始日`);
  if (daysBetween(from, to) + 1 > MAX_RANGE) return void c.issues.push(`第${c.line}行：范围长达${daysBetween(from, to) + 1}天，请核对`);
  const reason = reason0.trim().slice(0, 100);
  const workday = /^(workday|上班)$/i.test(kind);
  for (let d = from; d <= to; d = addDays(d, 1)) out.push({ date: d, workday, reason, line: c.line });
  blocks.push({ festival: reason, line: c.line, holidays: workday ? [] : [{ from, to, days: daysBetween(from, to) + 1 }], workdays: workday ? [from] : [] });
}

/**
 * Read a notice for `year`. Throws a ValidationError on `field`, one issue per problem, each naming
 * its line ("第3行：“2月30日”不是有效日期"), when any line cannot be read or two lines disagree.
 */
export function parseNotice(text: string, year: number, field = 'text'): ParsedNotice {
  const days: NoticeDay[] = [];
  const blocks: NoticeBlock[] = [];
  const ignored: ParsedNotice['ignored'] = [];
  const c: Ctx = { year, line: 0, issues: [] };
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    c.line = i + 1;
    const line = normalise(raw);
    if (!line || line.startsWith('#')) return;
    if (/^\d{4}-\d{2}-\d{2}/.test(line)) parseMachineLine(line, c, days, blocks);
    else if (!parseNoticeLine(line, c, days, blocks)) ignored.push({ line: c.line, text: line.slice(0, 200) });
  });
  // One answer per day: the same day twice is fine if the lines agree.
  const byDate = new Map<IsoDate, NoticeDay>();
  for (const d of days) {
    const seen = byDate.get(d.date);
    if (!seen) byDate.set(d.date, d);
    else if (seen.workday !== d.workday) c.issues.push(`第${d.line}行：${d.date}与第${seen.line}行矛盾（一处放假、一处上班）`);
  }
  if (!byDate.size && !c.issues.length) c.issues.push(`没有读出任何放假或上班的日期：请粘贴通知中“一、元旦：……”各行，或写成“${year}-01-01 holiday 元旦”`);
  if (c.issues.length) throw new ValidationError(c.issues.map((message): FieldIssue => ({ field, message })));
  return { year, days: [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date)), blocks, ignored };
}

/** The notice's document number or title, when the pasted text carries it (the entry's 依据). */
export function noticeSourceOf(text: string): string {
  const number = /国办发(?:明电)?〔\d{4}〕\d+号/.exec(text)?.[0];
  const title = /国务院办公厅关于\d{4}年(?:部分)?节假日安排的通知/.exec(text)?.[0];
  return [title ? `《${title}》` : '', number ?? ''].filter(Boolean).join('（') + (title && number ? '）' : '');
}
