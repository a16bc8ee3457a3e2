/**
 * The scan before 保密审查: flags text that looks like personal information, which must not be
 * published (2019 条例第十五条：涉及个人隐私的政府信息不得公开; 《个人信息保护法》第二十八条: ID
 * numbers and financial accounts are sensitive personal information). It only flags; the reviewer
 * decides. Findings are shown masked, so the review screen does not spread what it warns about.
 */
export type FindingKind = 'id_number' | 'mobile' | 'bank_card' | 'hidden_sheet' | 'metadata' | 'comments' | 'tracked_changes';

export interface Finding {
  kind: FindingKind;
  /** Where: 正文, 标题, 内容概述, or 附件《name》. */
  where: string;
  /** Masked excerpt or a description. */
  detail: string;
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
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11] === id[17].toUpperCase();
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

/** Likely personal data in one text. */
export function scanText(text: string, where: string): Finding[] {
  const out: Finding[] = [];
  const idSpans: Array<[number, number]> = [];
  for (const m of text.matchAll(ID_RE)) {
    if (isValidIdNumber(m[0])) {
      out.push({ kind: 'id_number', where, detail: maskMiddle(m[0], 6, 4) });
      idSpans.push([m.index, m.index + m[0].length]);
    }
  }
  for (const m of text.matchAll(MOBILE_RE)) {
    const digits = m[0].replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
    out.push({ kind: 'mobile', where, detail: maskMiddle(digits, 3, 4) });
  }
  for (const m of text.matchAll(CARD_RE)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length < 16 || digits.length > 19) continue;
    if (idSpans.some(([s, e]) => m.index < e && m.index + m[0].length > s)) continue;
    if (luhnValid(digits)) out.push({ kind: 'bank_card', where, detail: maskMiddle(digits, 4, 4) });
  }
  return out;
}

/** Mask personal data in text destined for logs and audit summaries. */
export function maskPersonalData(text: string): string {
  return text
    .replace(ID_RE, (m) => (isValidIdNumber(m) ? maskMiddle(m, 6, 4) : m))
    .replace(MOBILE_RE, (m) => maskMiddle(m, 3, 4));
}
