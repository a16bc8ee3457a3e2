import { isIsoDate, type IsoDate } from '../../kernel/dates.ts';
import { ValidationError } from '../../kernel/errors.ts';

/**
 * Which 《政府信息公开条例》 governs a request, and the numbers each one sets.
 *
 * Two texts share one title: the original (国务院令第492号, in force 2008-05-01) and the revision
 * (国务院令第711号, in force 2019-05-15). A request keeps the regime of its legal receipt date for
 * its whole life; no national transition rule exists, so a request straddling 2019-05-15 stays
 * under the rules of the day it was received (local 口径, docs: disclosure.md §1).
 */
export type Regime = '2008' | '2019';

export const REGIMES: readonly Regime[] = ['2008', '2019'];

/** Kinds of consultation whose time is not counted in the answer deadline. */
export type PauseKind = 'third_party' | 'other_agency';

/** The first legal receipt date the 2019 rules govern (国务院令第711号 施行之日). */
export const REGIME_2019_FROM: IsoDate = '2019-05-15';

/**
 * A place in the 条例: article, optional paragraph (款) and item (项). `regime` says which text,
 * since both are titled 《中华人民共和国政府信息公开条例》 and their numbering differs.
 */
export interface Citation {
  regime: Regime;
  article: number;
  paragraph?: number;
  item?: number;
}

export interface RegimeRules {
  regime: Regime;
  /** 国务院令第492号 / 国务院令第711号 */
  instrument: string;
  /** How a clerk names it: 《中华人民共和国政府信息公开条例》（国务院令第711号） */
  title: string;
  inForceFrom: IsoDate;
  /** Working days to answer after the day of receipt. */
  baseDays: number;
  baseDaysBasis: Citation;
  /** The most working days the head of the disclosure office may add. */
  maxExtensionDays: number;
  extensionBasis: Citation;
  /** Consultations whose time is not counted, with the article that says so. */
  pauses: Partial<Record<PauseKind, Citation>>;
  /** Working days after receipt within which the single correction notice must go out; null: no limit set. */
  correctionNoticeDays: number | null;
  correctionBasis: Citation;
  /** Working days a consulted third party / agency has to reply; null: the text sets none. */
  consultationReplyDays: number | null;
}

const RULES: Record<Regime, RegimeRules> = {
  '2008': {
    regime: '2008',
    instrument: '国务院令第492号',
    title: '《中华人民共和国政府信息公开条例》（国务院令第492号）',
    inForceFrom: '2008-05-01',
    // 2008 条例第二十四条第二款：自收到申请之日起15个工作日内予以答复
    baseDays: 15,
    baseDaysBasis: { regime: '2008', article: 24, paragraph: 2 },
    // 2008 条例第二十四条第二款：延长答复的期限最长不得超过15个工作日
    maxExtensionDays: 15,
    extensionBasis: { regime: '2008', article: 24, paragraph: 2 },
    // 2008 条例第二十四条第三款：征求第三方意见所需时间不计算在期限内（其他机关：2008年条例无此规定）
    pauses: { third_party: { regime: '2008', article: 24, paragraph: 3 } },
    // 2008 条例第二十一条第（四）项：告知作出更改、补充，未规定告知期限
    correctionNoticeDays: null,
    correctionBasis: { regime: '2008', article: 21, item: 4 },
    // 2008 条例第二十三条：书面征求第三方意见，未规定第三方答复期限
    consultationReplyDays: null,
  },
  '2019': {
    regime: '2019',
    instrument: '国务院令第711号',
    title: '《中华人民共和国政府信息公开条例》（国务院令第711号）',
    inForceFrom: REGIME_2019_FROM,
    // 2019 条例第三十三条第二款：自收到申请之日起20个工作日内予以答复
    baseDays: 20,
    baseDaysBasis: { regime: '2019', article: 33, paragraph: 2 },
    // 2019 条例第三十三条第二款：延长的期限最长不得超过20个工作日
    maxExtensionDays: 20,
    extensionBasis: { regime: '2019', article: 33, paragraph: 2 },
    // 2019 条例第三十三条第三款：征求第三方和其他机关意见所需时间不计算在前款规定的期限内
    pauses: {
      third_party: { regime: '2019', article: 33, paragraph: 3 },
      other_agency: { regime: '2019', article: 33, paragraph: 3 },
    },
    // 2019 条例第三十条：自收到申请之日起7个工作日内一次性告知申请人作出补正
    correctionNoticeDays: 7,
    correctionBasis: { regime: '2019', article: 30 },
    // 2019 条例第三十二条（第三方）、第三十四条（共同制作机关）：15个工作日内提出意见
    consultationReplyDays: 15,
  },
};

/** 2019 rules for requests received on or after 2019-05-15 (国务院令第711号), else 2008 (国务院令第492号). */
export function regimeFor(legalReceiptDate: IsoDate): Regime {
  if (!isIsoDate(legalReceiptDate)) throw ValidationError.field('receivedOn', `不是有效日期（YYYY-MM-DD）：${legalReceiptDate}`);
  // ISO dates compare correctly as strings.
  return legalReceiptDate >= REGIME_2019_FROM ? '2019' : '2008';
}

export function rulesFor(regime: Regime): RegimeRules {
  const r = RULES[regime];
  if (!r) throw ValidationError.field('regime', `未知的条例版本：${String(regime)}（应为 2008 或 2019）`);
  return r;
}

export function isRegime(s: unknown): s is Regime {
  return s === '2008' || s === '2019';
}

/** Third-party consultation pauses the clock in both regimes; other agencies only from 2019 (Art. 33 ¶3). */
export function allowsPause(regime: Regime, kind: PauseKind): boolean {
  return rulesFor(regime).pauses[kind] !== undefined;
}

export const LAW_TITLE = '《中华人民共和国政府信息公开条例》';

/**
 * "《中华人民共和国政府信息公开条例》第三十六条第（一）项"; several citations share one title:
 * "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项". `short` uses 《条例》 (as the
 * report tables do); `withInstrument` names the decree, for texts that mix both regimes.
 */
export function formatCitation(c: Citation | readonly Citation[], opts: { short?: boolean; withInstrument?: boolean } = {}): string {
  const list = Array.isArray(c) ? (c as readonly Citation[]) : [c as Citation];
  const [first] = list;
  if (!first) return '';
  const title = opts.short ? '《条例》' : LAW_TITLE;
  const decree = opts.withInstrument ? `（${rulesFor(first.regime).instrument}）` : '';
  return `${title}${decree}${list.map(citationPlace).join('、')}`;
}

/** 第三十三条第三款 / 第三十六条第（一）项 / 第十六条第二款 */
export function citationPlace(c: Citation): string {
  let s = `第${chineseNumber(c.article)}条`;
  if (c.paragraph !== undefined) s += `第${chineseNumber(c.paragraph)}款`;
  if (c.item !== undefined) s += `第（${chineseNumber(c.item)}）项`;
  return s;
}

const DIGITS = '零一二三四五六七八九';

/** 1–99 in the form statutes use: 十, 十四, 二十, 三十六. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`article numbers run 1–99: ${n}`);
  if (n < 10) return DIGITS.charAt(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS.charAt(tens)}十${ones === 0 ? '' : DIGITS.charAt(ones)}`;
}
