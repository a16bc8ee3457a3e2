import { CHANNELS, CHANNEL_LABELS, DISCLOSURE_LABELS, VALIDITY_LABELS, type Channel, type Disclosure, type Validity } from '../types.ts';
import { fieldText } from '../../../kernel/text.ts';

/**
 * The catalogue's file format (docs/catalogue-import.md): one record per item, the same fields in
 * JSONL, CSV and XLSX. CSV/XLSX headers may be the English keys or the Chinese labels.
 */
export const FIELDS = [
  ['indexNo', '索引号'],
  ['title', '名称'],
  ['summary', '内容概述'],
  ['body', '正文'],
  ['org', '发布机构'],
  ['docNo', '文号'],
  ['formedOn', '成文日期'],
  ['publishedOn', '发布日期'],
  ['column', '栏目'],
  ['topic', '主题分类'],
  ['genre', '体裁'],
  ['assort', '组配分类'],
  ['keywords', '关键词'],
  ['disclosure', '公开方式'],
  ['validity', '有效性'],
  ['effectiveOn', '施行日期'],
  ['validityChangedOn', '失效废止日期'],
  ['normative', '行政规范性文件'],
  ['rule', '规章'],
  ['channels', '发布渠道'],
  ['successor', '替代文件索引号'],
] as const;
export type FieldKey = (typeof FIELDS)[number][0];
export const FIELD_KEYS = FIELDS.map(([k]) => k) as FieldKey[];
export const FIELD_LABELS = Object.fromEntries(FIELDS) as Record<FieldKey, string>;
const BY_HEADER = new Map<string, FieldKey>(
  FIELDS.flatMap(
    ([k, l]) =>
      [
        [k.toLowerCase(), k],
        [l, k],
      ] as Array<[string, FieldKey]>,
  ),
);

/** A header cell → field key (English key in any case, or the Chinese label), or undefined. */
export function fieldOfHeader(h: string): FieldKey | undefined {
  const t = h.replace(/^\uFEFF/, '').trim();
  return BY_HEADER.get(t) ?? BY_HEADER.get(t.toLowerCase());
}

/** One record as read from a file: its line (JSONL/CSV) or row (XLSX) number, and raw values. */
export interface RawRecord {
  line: number;
  data: Record<string, unknown>;
}

export function disclosureOf(v: string): Disclosure | undefined {
  const t = v.trim();
  if (!t) return 'proactive';
  if (t in DISCLOSURE_LABELS) return t as Disclosure;
  return (Object.entries(DISCLOSURE_LABELS).find(([, l]) => l === t)?.[0] as Disclosure | undefined) ?? undefined;
}

export function validityOf(v: string): Validity | undefined {
  const t = v.trim();
  if (!t) return 'valid';
  if (t in VALIDITY_LABELS) return t as Validity;
  return Object.entries(VALIDITY_LABELS).find(([, l]) => l === t)?.[0] as Validity | undefined;
}

export function channelOf(v: string): Channel | undefined {
  const t = v.trim();
  if ((CHANNELS as readonly string[]).includes(t)) return t as Channel;
  return Object.entries(CHANNEL_LABELS).find(([, l]) => l === t || l.replace(/^政府|^政务/, '') === t)?.[0] as Channel | undefined;
}

export function boolOf(v: unknown): boolean | undefined {
  if (v === true || v === false) return v;
  const t = fieldText(v).toLowerCase();
  if (['', '0', 'false', 'no', '否', 'n'].includes(t)) return false;
  if (['1', 'true', 'yes', '是', 'y'].includes(t)) return true;
  return undefined;
}

export interface ChannelEntry {
  channel: Channel;
  publishedOn: string;
  reference: string;
  medium: string;
}

/**
 * Channels: in JSONL an array of { channel, publishedOn, reference?, medium? }; in CSV/XLSX a
 * string `website:2016-03-01; gazette:2016-03-05:2016年第3期`, `other:2025-03-01:洪江日报第2版:报刊`.
 */
export function channelsOf(v: unknown): { ok: true; value: ChannelEntry[] } | { ok: false; message: string } {
  if (v === undefined || v === null || v === '') return { ok: true, value: [] };
  const list: Array<Record<string, unknown>> = [];
  if (Array.isArray(v)) list.push(...(v as Array<Record<string, unknown>>));
  else if (typeof v === 'string') {
    for (const part of v
      .split(/[;；\n]/)
      .map((x) => x.trim())
      .filter(Boolean)) {
      const [channel, publishedOn, reference = '', medium = ''] = part.split(/[:：]/).map((x) => x.trim());
      list.push({ channel, publishedOn, reference, medium });
    }
  } else return { ok: false, message: '发布渠道格式不对' };
  const out: ChannelEntry[] = [];
  for (const e of list) {
    const ch = channelOf(fieldText(e?.channel));
    if (!ch)
      return { ok: false, message: `未知的发布渠道“${fieldText(e?.channel)}”（可用：${CHANNELS.join('、')} 或 ${Object.values(CHANNEL_LABELS).join('、')}）` };
    const d = fieldText(e.publishedOn);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return { ok: false, message: `发布渠道 ${ch} 的日期“${d}”应为 YYYY-MM-DD` };
    out.push({ channel: ch, publishedOn: d, reference: fieldText(e.reference).slice(0, 200), medium: fieldText(e.medium).slice(0, 40) });
  }
  return { ok: true, value: out };
}

/** Spreadsheet formula guard (exports): a cell starting with = + - @ gets a leading apostrophe. */
export function guardCell(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** …and imports take it off again, so an export re-imports unchanged. */
export function unguardCell(s: string): string {
  return /^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s;
}
