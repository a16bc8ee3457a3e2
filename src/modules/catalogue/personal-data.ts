/**
 * The scan before 保密审查: flags text that looks like personal information, which must not be
 * published (2019 条例第十五条：涉及个人隐私的政府信息不得公开; 《个人信息保护法》第二十八条: ID
 * numbers and financial accounts are sensitive personal information). It only flags; the reviewer
 * decides. Findings are shown masked, so the review screen does not spread what it warns about.
 */
import { createHash } from 'node:crypto';

export type FindingKind = 'id_number' | 'mobile' | 'bank_card' | 'hidden_sheet' | 'metadata' | 'comments' | 'tracked_changes';

export interface Finding {
  kind: FindingKind;
  /** Where: 正文, 标题, 内容概述, or 附件《name》. */
  where: string;
  /** Masked excerpt or a description. */
  detail: string;
  /**
   * Which finding this is, stable across scans: the kind and a hash of the number itself (two
   * numbers that mask alike stay apart), or of the attachment's flag. A dismissal names it. Old
   * findings stored before keys existed have none.
   */
  key?: string;
}

/** Text findings the platform can mask in place (遮盖); the rest are resolved on the attachment. */
export const MASKABLE: readonly FindingKind[] = ['id_number', 'mobile', 'bank_card'];

export function findingKey(kind: FindingKind, value: string): string {
  return `${kind}:${createHash('sha256').update(`${kind}|${value}`).digest('hex').slice(0, 16)}`;
}

export const FINDING_LABELS: Record<FindingKind, string> = {
  id_number: '居民身份证号码',
  mobile: '手机号码',
  bank_card: '银行卡号',
  hidden_sheet: '隐藏工作表',
  metadata: '文档属性（作者等）',
  comments: '批注',
  tracked_changes: '修订痕迹',
};

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643-1999 check character of an 18-character 公民身份号码. */
export function isValidIdNumber(id: string): boolean {
  if (!/^[1-9]\d{16}[\dXx]$/.test(id)) return false;
  const m = +id.slice(10, 12);
  const d = +id.slice(12, 14);
  const y = +id.slice(6, 10);
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31) return false;
  let sum = 0;
  // 17 weights, one for each digit before the check character.
  for (const [i, w] of ID_WEIGHTS.entries()) sum += Number(id[i]) * w;
  return ID_CHECK[sum % 11] === id.charAt(17).toUpperCase();
}

/** ISO/IEC 7812 Luhn check (bank cards, UnionPay included). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let n = digits.charCodeAt(i) - 48;
    if (dbl) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

// Digits not glued to other digits or Latin letters (a 文号, a URL or an order number is not a hit).
const ID_RE = /(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])/g;
const MOBILE_RE = /(?<![0-9])(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?![0-9])/g;
const CARD_RE = /(?<![0-9])\d{4}(?:[ -]?\d{4}){2,3}(?:[ -]?\d{1,3})?(?![0-9])/g;

export function maskMiddle(s: string, keepStart: number, keepEnd: number): string {
  if (s.length <= keepStart + keepEnd) return '*'.repeat(s.length);
  return s.slice(0, keepStart) + '*'.repeat(s.length - keepStart - keepEnd) + s.slice(s.length - keepEnd);
}

export interface Span {
  kind: 'id_number' | 'mobile' | 'bank_card';
  start: number;
  end: number;
  /** The number as written (separators included). */
  raw: string;
  /** The number's digits, normalised (a mobile without +86). */
  value: string;
  /** What replaces it when redacted, and what the review screen shows. */
  masked: string;
  key: string;
}

/**
 * The masking rule of each kind (遮盖): 居民身份证号码 keeps the first 6 (the 行政区划代码) and
 * the last 4 — 430102********0018; 手机号码 keeps the first 3 and the last 4 — 138****1234;
 * 银行卡号 keeps the first 4 and the last 4 (within what GB/T 35273 附录 and the card schemes allow).
 */
export function personalSpans(text: string): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(ID_RE)) {
    if (!isValidIdNumber(m[0])) continue;
    const value = m[0].toUpperCase();
    out.push({
      kind: 'id_number',
      start: m.index,
      end: m.index + m[0].length,
      raw: m[0],
      value,
      masked: maskMiddle(value, 6, 4),
      key: findingKey('id_number', value),
    });
  }
  const inId = (s: number, e: number) => out.some((x) => x.kind === 'id_number' && s < x.end && e > x.start);
  for (const m of text.matchAll(MOBILE_RE)) {
    const value = m[0].replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
    out.push({
      kind: 'mobile',
      start: m.index,
      end: m.index + m[0].length,
      raw: m[0],
      value,
      masked: maskMiddle(value, 3, 4),
      key: findingKey('mobile', value),
    });
  }
  for (const m of text.matchAll(CARD_RE)) {
    const value = m[0].replace(/\D/g, '');
    if (value.length < 16 || value.length > 19) continue;
    if (inId(m.index, m.index + m[0].length)) continue;
    if (luhnValid(value))
      out.push({
        kind: 'bank_card',
        start: m.index,
        end: m.index + m[0].length,
        raw: m[0],
        value,
        masked: maskMiddle(value, 4, 4),
        key: findingKey('bank_card', value),
      });
  }
  return out;
}

/** Likely personal data in one text. */
export function scanText(text: string, where: string): Finding[] {
  return personalSpans(text).map((x) => ({ kind: x.kind, where, detail: x.masked, key: x.key }));
}

/** Replace each occurrence of the finding `key` with its masked form (plain text). */
export function redactText(text: string, key: string): string {
  const spans = personalSpans(text).filter((x) => x.key === key);
  let out = '';
  let at = 0;
  for (const x of spans.sort((a, b) => a.start - b.start)) {
    if (x.start < at) continue;
    out += text.slice(at, x.start) + x.masked;
    at = x.end;
  }
  return out + text.slice(at);
}

/**
 * The same in sanitised HTML, tags included: a number in an attribute (a tel: link, a title) is
 * shown to the visitor's browser as surely as one in the text.
 */
export function redactHtml(html: string, key: string): string {
  return redactText(html, key);
}

/** The markup of a body without its text: what htmlToText drops, and the scan must still read. */
export function tagsOf(html: string): string {
  return [...html.matchAll(/<[^>]*>/g)].map((m) => m[0]).join('\n');
}

/**
 * Wrap each finding in sanitised HTML in <mark> (the review screen's body preview). the input
 * is already sanitised markup; the marks carry the finding's label, nothing else.
 */
export function markHtml(html: string, keys: ReadonlySet<string>, label: (s: Span) => string): string {
  return html
    .split(/(<[^>]*>)/)
    .map((part) => {
      if (part.startsWith('<')) return part;
      let out = '';
      let at = 0;
      for (const x of personalSpans(part)
        .filter((y) => keys.has(y.key))
        .sort((a, b) => a.start - b.start)) {
        if (x.start < at) continue;
        out += `${part.slice(at, x.start)}<mark class="pd-finding" title="${label(x)}">${part.slice(x.start, x.end)}</mark>`;
        at = x.end;
      }
      return out + part.slice(at);
    })
    .join('');
}

/** Mask personal data in text destined for logs and audit summaries. */
export function maskPersonalData(text: string): string {
  return text.replace(ID_RE, (m) => (isValidIdNumber(m) ? maskMiddle(m, 6, 4) : m)).replace(MOBILE_RE, (m) => maskMiddle(m, 3, 4));
}
