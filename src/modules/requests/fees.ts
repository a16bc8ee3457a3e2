import { ValidationError, type FieldIssue } from '../../kernel/errors.ts';

/**
 * Fees for answering disclosure requests (docs: /work/shared/domain/disclosure.md §5).
 *
 * 2019 regime — 条例第四十二条: free by default; an information processing fee (信息处理费) only
 * when the volume or frequency of requests clearly exceeds a reasonable range, computed per
 * 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号). Whether the range is exceeded is the
 * office's decision; these functions price the request once it is made. Amounts in whole 元.
 *
 * 2008 regime — 2008 条例第二十七条: only the cost of search, copying and postage; 第二十八条:
 * citizens in economic hardship may have them reduced or waived. Amounts in 分 (integers), since
 * copying was priced per page in 角.
 */

// ───────────────────────────── 2019: 信息处理费 ─────────────────────────────

/** 按件计收 (per application, per applicant per calendar month) or 按量计收 (per page, per application). */
export type FeeBasis = 'per_application' | 'per_page';

export type ProcessingFeeInput =
  | {
      basis: 'per_application';
      /** How many applications are being priced. */
      count: number;
      /** Applications the same applicant already made earlier in the same calendar month. */
      earlierThisMonth?: number;
    }
  | {
      basis: 'per_page';
      /** Pages of information provided in answer to this one application. */
      pages: number;
    };

export interface FeeBand {
  /** 第11—30件 / 第31—100页 / 第201页起 */
  label: string;
  from: number;
  /** null: open-ended. */
  to: number | null;
  /** How many applications / pages of this request fall in the band. */
  units: number;
  rateYuan: number;
  amountYuan: number;
}

export interface ProcessingFee {
  basis: FeeBasis;
  amountYuan: number;
  /** Each band the request reaches, priced at its own rate (progressive by part, 超额累进). */
  bands: FeeBand[];
  explain: string[];
}

const BASIS_SOURCE = '国办函〔2020〕109号';

/**
 * 国办函〔2020〕109号 按件计收: per applicant per calendar month, 1–10 free; 11–30 at 100 元 each;
 * from the 31st, each further band of 10 costs 100 元 more per application (31–40 at 200 元,
 * 41–50 at 300 元, …). Each application is priced at the rate of the band its ordinal falls in.
 */
export function perApplicationRate(ordinal: number): number {
  if (ordinal <= 10) return 0;
  if (ordinal <= 30) return 100;
  return 100 * (2 + Math.floor((ordinal - 31) / 10));
}

/**
 * 国办函〔2020〕109号 按量计收: per application, pages 1–30 free; 31–100 at 10 元/page; 101–200 at
 * 20 元/page; 201 and above at 40 元/page.
 */
export const PAGE_BANDS: readonly { from: number; to: number | null; rateYuan: number }[] = [
  { from: 1, to: 30, rateYuan: 0 },
  { from: 31, to: 100, rateYuan: 10 },
  { from: 101, to: 200, rateYuan: 20 },
  { from: 201, to: null, rateYuan: 40 },
];

/** The information processing fee of the 2019 regime. One basis per application, never both. */
export function informationProcessingFee(input: ProcessingFeeInput): ProcessingFee {
  const raw = input as unknown as Record<string, unknown>;
  // 国办函〔2020〕109号：按件计收与按量计收，对同一申请只能选择一种.
  if (raw.count !== undefined && raw.pages !== undefined) throw ValidationError.field('basis', `同一申请不能同时按件和按量计收信息处理费（${BASIS_SOURCE}）`);
  if (input.basis === 'per_application') return perApplication(input.count, input.earlierThisMonth ?? 0);
  if (input.basis === 'per_page') return perPage(input.pages);
  throw ValidationError.field('basis', `计收方式须为 per_application（按件）或 per_page（按量）：${String(raw.basis)}`);
}

function perApplication(count: number, earlier: number): ProcessingFee {
  const issues: FieldIssue[] = [];
  if (!Number.isInteger(count) || count < 1) issues.push({ field: 'count', message: `申请件数须为正整数：${count}` });
  if (!Number.isInteger(earlier) || earlier < 0) issues.push({ field: 'earlierThisMonth', message: `本月此前申请件数须为非负整数：${earlier}` });
  if (issues.length) throw new ValidationError(issues);

  const first = earlier + 1;
  const last = earlier + count;
  const bands: FeeBand[] = [];
  // Walk band by band rather than application by application: a band is 1–10, 11–30, then tens.
  let n = first;
  while (n <= last) {
    const [from, to] = n <= 10 ? [1, 10] : n <= 30 ? [11, 30] : [31 + 10 * Math.floor((n - 31) / 10), 40 + 10 * Math.floor((n - 31) / 10)];
    const upto = Math.min(to, last);
    const units = upto - n + 1;
    const rate = perApplicationRate(n);
    bands.push({ label: `第${from}—${to}件`, from, to, units, rateYuan: rate, amountYuan: units * rate });
    n = upto + 1;
  }
  const amountYuan = bands.reduce((s, b) => s + b.amountYuan, 0);
  const explain = [
    `按件计收：同一申请人本自然月第${first}${count > 1 ? `—${last}` : ''}件申请（${BASIS_SOURCE}）`,
    ...bands.map((b) => `${b.label}：${b.units}件 × ${b.rateYuan}元 = ${b.amountYuan}元${b.rateYuan === 0 ? '（不收费）' : ''}`),
    `合计：${amountYuan}元`,
  ];
  return { basis: 'per_application', amountYuan, bands, explain };
}

function perPage(pages: number): ProcessingFee {
  if (!Number.isInteger(pages) || pages < 1) throw ValidationError.field('pages', `页数须为正整数：${pages}`);
  const bands: FeeBand[] = [];
  for (const b of PAGE_BANDS) {
    if (pages < b.from) break;
    const upto = b.to === null ? pages : Math.min(b.to, pages);
    const units = upto - b.from + 1;
    bands.push({
      label: b.to === null ? `第${b.from}页起` : `第${b.from}—${b.to}页`,
      from: b.from,
      to: b.to,
      units,
      rateYuan: b.rateYuan,
      amountYuan: units * b.rateYuan,
    });
  }
  const amountYuan = bands.reduce((s, b) => s + b.amountYuan, 0);
  const explain = [
    `按量计收：本申请提供${pages}页（${BASIS_SOURCE}）`,
    ...bands.map((b) => `${b.label}：${b.units}页 × ${b.rateYuan}元 = ${b.amountYuan}元${b.rateYuan === 0 ? '（不收费）' : ''}`),
    `合计：${amountYuan}元`,
  ];
  return { basis: 'per_page', amountYuan, bands, explain };
}

// ───────────────────────────── 2008: 成本费用 ─────────────────────────────

/** 2008 条例第二十七条：检索、复制、邮寄等成本费用 — nothing else may be charged. */
export type CostFeeKind = 'search' | 'copy' | 'postage';

export const COST_FEE_LABELS: Record<CostFeeKind, string> = { search: '检索费', copy: '复制费', postage: '邮寄费' };

export interface CostFeeItem {
  kind: CostFeeKind;
  /** e.g. "复印 A4 12页" */
  description?: string;
  /** In 分. */
  amountFen: number;
}

/**
 * 2008 条例第二十八条 grounds a reduction or waiver on a citizen's economic hardship; the usual
 * proofs are the three named below (disclosure.md §5). `other` needs the reason written down.
 */
export type HardshipBasis = 'wubao' | 'dibao' | 'youfu' | 'other';

export const HARDSHIP_LABELS: Record<HardshipBasis, string> = {
  wubao: '农村五保供养对象',
  dibao: '城乡居民最低生活保障对象',
  youfu: '优抚对象',
  other: '其他确有经济困难的情形',
};

export interface CostFeeInput {
  items: readonly CostFeeItem[];
  /** Only a citizen (公民) may be granted hardship relief: 2008 条例第二十八条. */
  applicant: 'citizen' | 'organisation';
  waiver?: {
    basis: HardshipBasis;
    /** Required for `other`. */
    reason?: string;
    /** The head of the disclosure office who approved it (第二十八条：政府信息公开工作机构负责人审核同意). */
    approvedBy: string;
    /** 减免: what remains payable after the reduction, in 分; omitted = waived in full. */
    payableFen?: number;
  };
}

export interface CostFee {
  grossFen: number;
  waivedFen: number;
  amountFen: number;
  items: (CostFeeItem & { label: string })[];
  explain: string[];
}

/** The cost fee of the 2008 regime (2008 条例第二十七条、第二十八条). */
export function costFee2008(input: CostFeeInput): CostFee {
  const issues: FieldIssue[] = [];
  input.items.forEach((it, i) => {
    if (!(it.kind in COST_FEE_LABELS))
      issues.push({ field: `items[${i}].kind`, message: `2008年条例第二十七条只允许收取检索、复制、邮寄等成本费用：${String(it.kind)}` });
    if (!Number.isInteger(it.amountFen) || it.amountFen < 0)
      issues.push({ field: `items[${i}].amountFen`, message: `金额须为非负整数（分）：${it.amountFen}` });
  });
  const w = input.waiver;
  if (w) {
    if (input.applicant !== 'citizen') issues.push({ field: 'waiver', message: '2008年条例第二十八条的费用减免只适用于确有经济困难的公民' });
    if (!(w.basis in HARDSHIP_LABELS)) issues.push({ field: 'waiver.basis', message: `未知的减免依据：${String(w.basis)}` });
    if (w.basis === 'other' && !w.reason?.trim()) issues.push({ field: 'waiver.reason', message: '其他经济困难情形须写明理由' });
    if (!w.approvedBy?.trim()) issues.push({ field: 'waiver.approvedBy', message: '减免须经政府信息公开工作机构负责人审核同意（2008年条例第二十八条）' });
  }
  if (issues.length) throw new ValidationError(issues);

  const items = input.items.map((it) => ({ ...it, label: COST_FEE_LABELS[it.kind] }));
  const grossFen = items.reduce((s, it) => s + it.amountFen, 0);
  let amountFen = grossFen;
  if (w) {
    const payable = w.payableFen ?? 0;
    if (!Number.isInteger(payable) || payable < 0 || payable > grossFen)
      throw ValidationError.field('waiver.payableFen', `减免后应缴金额须在0至${grossFen}分之间：${payable}`);
    amountFen = payable;
  }
  const explain = [
    '依2008年条例第二十七条收取检索、复制、邮寄等成本费用',
    ...items.map((it) => `${it.label}${it.description ? `（${it.description}）` : ''}：${formatFen(it.amountFen)}`),
    `小计：${formatFen(grossFen)}`,
  ];
  if (w) {
    explain.push(
      `${HARDSHIP_LABELS[w.basis]}${w.reason ? `（${w.reason}）` : ''}，经${w.approvedBy}审核同意${amountFen === 0 ? '免收' : `减收${formatFen(grossFen - amountFen)}`}（2008年条例第二十八条）`,
    );
  }
  explain.push(`应缴：${formatFen(amountFen)}`);
  return { grossFen, waivedFen: grossFen - amountFen, amountFen, items, explain };
}

/** 1250 → "12.50元" */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}元`;
}
