import { isIsoDate, type IsoDate } from '../../kernel/dates.ts';
import { checkOrgCode } from '../orgs/index.ts';

/**
 * Who asks and how (docs: /work/shared/domain/disclosure.md §1–2; report columns of table 三,
 * docs/report-formats.md). Keys are stable ASCII stored in the database; labels are what people read.
 *
 * 2019 条例第二十九条第二款: an application states the applicant's name, proof of identity and
 * contact details; the information sought (name, 文号 or a description that lets the office find
 * it); and the form in which it is wanted (how and through what channel to obtain it). Since 2019
 * no reason or "special need" is asked (2019 条例第二十七条), so the form has no purpose field.
 */

/** Table 三 applicant columns (国办公开办函〔2021〕30号): 自然人, then 法人或其他组织 by kind. */
export const APPLICANT_TYPES = ['natural', 'commercial', 'research', 'social_welfare', 'legal_services', 'other_org'] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];

export const APPLICANT_TYPE_LABELS: Record<ApplicantType, string> = {
  natural: '自然人',
  commercial: '商业企业',
  research: '科研机构',
  social_welfare: '社会公益组织',
  legal_services: '法律服务机构',
  other_org: '其他组织',
};

export function isOrganisation(t: ApplicantType): boolean {
  return t !== 'natural';
}

/**
 * How a request arrived. The report groups them (cn-2014 rows 当面, 传真, 网络, 信函): oral requests
 * written down by staff count as 当面 (2019 条例第二十九条第一款), e-mail as 网络.
 */
export const CHANNELS = ['online', 'email', 'in_person', 'oral', 'letter_registered', 'letter_ordinary', 'fax'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_LABELS: Record<Channel, string> = {
  online: '网络（在线申请）',
  email: '网络（电子邮件）',
  in_person: '当面提交',
  oral: '口头提出（工作人员代为填写）',
  letter_registered: '信函（挂号信、EMS等需签收）',
  letter_ordinary: '信函（平信等无需签收）',
  fax: '传真',
};

export type ReportChannel = 'in_person' | 'fax' | 'online' | 'letter';
export const REPORT_CHANNEL: Record<Channel, ReportChannel> = {
  online: 'online',
  email: 'online',
  in_person: 'in_person',
  oral: 'in_person',
  letter_registered: 'letter',
  letter_ordinary: 'letter',
  fax: 'fax',
};

/**
 * The legal receipt date (收到申请之日) by channel, 2019 条例第三十一条. Kept apart from the arrival
 * time: a letter that arrives on Friday and is signed for on Monday was received on Monday.
 */
export const RECEIPT_RULES: Record<Channel, { rule: string; basis: string; needsConfirmation: boolean }> = {
  // 2019 条例第三十一条第（一）项：当面提交的，以提交之日为收到申请之日
  in_person: { rule: '当面提交之日', basis: '条例第三十一条第（一）项', needsConfirmation: false },
  // 第二十九条第一款口头提出、代为填写：当面提出，同第三十一条第（一）项
  oral: { rule: '口头提出之日（当面提出）', basis: '条例第二十九条第一款、第三十一条第（一）项', needsConfirmation: false },
  // 第三十一条第（二）项：以邮寄方式提交的，以行政机关签收之日为收到申请之日
  letter_registered: { rule: '本机关签收之日', basis: '条例第三十一条第（二）项', needsConfirmation: false },
  // 第三十一条第（二）项：平常信函等无需签收的，于收到当日与申请人确认，确认之日为收到申请之日
  letter_ordinary: { rule: '本机关与申请人确认之日', basis: '条例第三十一条第（二）项', needsConfirmation: true },
  // 第三十一条第（三）项：通过互联网渠道或者传真提交的，以双方确认之日为收到申请之日
  online: { rule: '双方确认之日', basis: '条例第三十一条第（三）项', needsConfirmation: true },
  email: { rule: '双方确认之日', basis: '条例第三十一条第（三）项', needsConfirmation: true },
  fax: { rule: '双方确认之日', basis: '条例第三十一条第（三）项', needsConfirmation: true },
};

export const ID_TYPES = ['resident_id', 'passport', 'hk_macao', 'taiwan', 'foreign_permanent', 'other_person', 'uscc', 'other_org'] as const;
export type IdType = (typeof ID_TYPES)[number];

export const ID_TYPE_LABELS: Record<IdType, string> = {
  resident_id: '居民身份证',
  passport: '护照',
  hk_macao: '港澳居民来往内地通行证',
  taiwan: '台湾居民来往大陆通行证',
  foreign_permanent: '外国人永久居留身份证',
  other_person: '其他有效身份证件',
  uscc: '统一社会信用代码',
  other_org: '其他登记证照号码',
};

export const PERSON_ID_TYPES: readonly IdType[] = ['resident_id', 'passport', 'hk_macao', 'taiwan', 'foreign_permanent', 'other_person'];
export const ORG_ID_TYPES: readonly IdType[] = ['uscc', 'other_org'];

/** 获取信息的载体形式 (2019 条例第二十九条第二款第（三）项; 第四十条). */
export const DELIVERY_FORMS = ['paper', 'electronic', 'other'] as const;
export type DeliveryForm = (typeof DELIVERY_FORMS)[number];
export const DELIVERY_FORM_LABELS: Record<DeliveryForm, string> = { paper: '纸质文本', electronic: '电子文档', other: '其他形式' };

/** 获取信息的方式、途径. */
export const DELIVERY_CHANNELS = ['post', 'email', 'pickup', 'fax', 'online'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];
export const DELIVERY_CHANNEL_LABELS: Record<DeliveryChannel, string> = {
  post: '邮寄',
  email: '电子邮件',
  pickup: '当面领取',
  fax: '传真',
  online: '在本网站查询页面下载',
};

// ───────────────────────────── identity documents ─────────────────────────────

const ID18_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID18_CHECK = '10X98765432';
/** GB/T 2260 province-level codes (first two digits of a resident ID number). */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
]);

/** The check character of the first 17 digits (GB 11643-1999, ISO 7064 MOD 11-2). */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (const [i, weight] of ID18_WEIGHTS.entries()) sum += Number(first17[i]) * weight;
  // Not a digit among the 17 makes the sum NaN: no check character matches.
  return ID18_CHECK[sum % 11] ?? '';
}

export type IdCheck = { ok: true; normalised: string } | { ok: false; reason: string };

/**
 * The 18-digit 公民身份号码 (GB 11643-1999): region code, birth date, sequence, check character.
 * `today` bounds the birth date (no birth dates in the future).
 */
export function checkResidentId(raw: string, today: IsoDate): IdCheck {
  const s = raw.trim().toUpperCase().replace(/\s/g, '');
  if (!/^\d{17}[\dX]$/.test(s)) return { ok: false, reason: '居民身份证号码应为18位（前17位为数字，末位为数字或X）' };
  if (!PROVINCES.has(Number(s.slice(0, 2)))) return { ok: false, reason: `前两位“${s.slice(0, 2)}”不是有效的省级行政区划代码` };
  const birth = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  if (!isIsoDate(birth) || birth < '1900-01-01') return { ok: false, reason: `第7至14位出生日期“${s.slice(6, 14)}”不是有效日期` };
  if (birth > today) return { ok: false, reason: `第7至14位出生日期“${s.slice(6, 14)}”晚于今天` };
  const want = residentIdCheckChar(s.slice(0, 17));
  if (s[17] !== want) return { ok: false, reason: '校验位不符（号码有误，请核对每一位）' };
  return { ok: true, normalised: s };
}

/** Check an identity document number by its type; non-resident documents are checked for shape only. */
export function checkIdNumber(type: IdType, raw: string, today: IsoDate): IdCheck {
  const s = raw.trim().toUpperCase().replace(/\s/g, '');
  if (!s) return { ok: false, reason: '请填写证件号码' };
  switch (type) {
    case 'resident_id':
      return checkResidentId(s, today);
    case 'uscc': {
      if (s.length !== 18) return { ok: false, reason: '统一社会信用代码应为18位' };
      const r = checkOrgCode(s);
      return r.ok ? { ok: true, normalised: s } : { ok: false, reason: r.reason };
    }
    default:
      if (!/^[0-9A-Z()（）-]{5,30}$/.test(s)) return { ok: false, reason: '证件号码应为5至30位字母或数字' };
      return { ok: true, normalised: s };
  }
}

// ───────────────────────────── masking ─────────────────────────────

/**
 * ID numbers and phone numbers are shown masked to everyone but the handler of the request
 * (issue 4 §10): `431202********123X`. Short numbers keep fewer characters so little is revealed.
 */
export function maskIdNumber(s: string | null | undefined): string {
  if (!s) return '';
  const t = s.trim();
  if (t.length <= 4) return '*'.repeat(t.length);
  if (t.length <= 8) return `${t.slice(0, 1)}${'*'.repeat(t.length - 3)}${t.slice(-2)}`;
  return `${t.slice(0, 3)}${'*'.repeat(t.length - 7)}${t.slice(-4)}`;
}

/** `13812345678` → `138****5678`; landlines keep the area code and last four digits. */
export function maskPhone(s: string | null | undefined): string {
  if (!s) return '';
  const t = s.trim();
  const digits = t.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(t.length);
  if (/^1\d{10}$/.test(digits)) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  // Keep what precedes the last 8 characters' middle: "0745-76310001" → "0745-****0001".
  return `${t.slice(0, Math.max(0, t.length - 8))}****${t.slice(-4)}`;
}

/** `zhang.san@example.com` → `z***@example.com`. */
export function maskEmail(s: string | null | undefined): string {
  if (!s) return '';
  const [local = '', domain] = s.split('@');
  if (!domain) return '***';
  return `${local.slice(0, 1)}***@${domain}`;
}

/** Mainland mobile or a landline with optional area code and extension. */
export function isPhone(s: string): boolean {
  const t = s.trim();
  return /^1[3-9]\d{9}$/.test(t) || /^(0\d{2,3}-?)?\d{7,8}(-\d{1,6})?$/.test(t) || /^\+?\d[\d -]{6,19}$/.test(t);
}

/** Compare phones as digits only (what an applicant types on the tracking page varies). */
export function samePhone(a: string, b: string): boolean {
  const da = a.replace(/\D/g, '');
  const db = b.replace(/\D/g, '');
  return da.length >= 7 && da === db;
}

/** Names compare after trimming, NFKC and without inner spaces (全角/半角, "张 三"). */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  return norm(a).length > 0 && norm(a) === norm(b);
}
