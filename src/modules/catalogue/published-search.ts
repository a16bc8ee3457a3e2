import { search } from '../../platform/search/index.ts';
import { queryWords } from '../../platform/search/segment.ts';
import { foldText } from '../../platform/search/normalize.ts';
import { findItem } from './repo.ts';
import { listOrgs } from '../orgs/index.ts';
import type { Queryable } from '../../storage/db.ts';

export interface PublishedSuggestion {
  title: string;
  href: string;
  /** 发布机构 */
  org?: string;
  date?: string;
  /** 文号 */
  docNumber?: string;
}

/** Already-published items that may answer what an applicant is asking for. */
export interface PublishedSearch {
  suggest(db: Queryable, query: string, limit: number): Promise<PublishedSuggestion[]>;
}

declare module '../../platform/module.ts' {
  interface Ports {
    /** The catalogue's search over published items (the request form's suggestions). */
    publishedSearch: PublishedSearch;
  }
}

/**
 * The catalogue's search behind the `publishedSearch` port (the requests module's form). The search requires
 * every term of a query, so one long sentence would find nothing: what the applicant typed becomes
 * a few queries, from narrow to broad — a short phrase as typed (a 文号, a title), then the three,
 * two and one most specific words of the description (longest first, common words left out) — and
 * the published items found are merged in that order.
 */
const COMMON = new Set([
  '项目',
  '情况',
  '有关',
  '相关',
  '信息',
  '政府',
  '文件',
  '申请',
  '公开',
  '年度',
  '关于',
  '要求',
  '全部',
  '具体',
  '所有',
  '资料',
  '内容',
  '提供',
  '工作',
  '我们',
  '需要',
  '报告',
  '通知',
  '方案',
]);

/** Place names of the district itself (洪江区, 常青乡) match nearly every item: never a query on their own. */
function isOwnPlace(w: string, places: readonly string[]): boolean {
  return /^.{1,5}(区|县|市|乡|镇|街道)$/.test(w) && places.some((p) => p.includes(w));
}

export function queriesFor(text: string, places: readonly string[] = []): string[] {
  const phrases = text
    .split(/[，。；：、！？,.;:!?\s“”"'（）()《》]+/)
    .map((s) => s.trim())
    .filter((s) => s.length >= 2 && s.length <= 16);
  const words = [...new Set(queryWords(foldText(text)).filter((w) => w.length >= 2 && !/^\d+$/.test(w) && !isOwnPlace(w, places)))];
  // Specific words first: uncommon before common, longer before shorter, then as typed.
  const specific = [...words].sort((a, b) => Number(COMMON.has(a)) - Number(COMMON.has(b)) || b.length - a.length);
  const out = [...phrases.slice(0, 2), words.slice(0, 4).join(' ')];
  for (const n of [3, 2]) if (specific.length >= n) out.push(specific.slice(0, n).join(' '));
  if (specific[0] && specific[0].length >= 3 && !COMMON.has(specific[0])) out.push(specific[0]);
  return [...new Set(out)].filter(Boolean);
}

/** Enough suggestions from the narrower queries: the broader ones would only add noise. */
const ENOUGH = 3;

export const catalogueSearch: PublishedSearch = {
  async suggest(db, text, limit) {
    const seen = new Set<number>();
    const out: PublishedSuggestion[] = [];
    const places = (await listOrgs(db)).map((o) => o.name);
    for (const q of queriesFor(text, places)) {
      if (out.length >= ENOUGH) break;
      const r = await search(db, { q, sort: 'relevance', limit: Math.min(limit, 20) });
      for (const h of r.hits) {
        if (seen.has(h.id) || out.length >= limit) continue;
        seen.add(h.id);
        const item = await findItem(db, h.id);
        if (!item?.isPublic || !item.indexNo) continue;
        out.push({
          title: item.title,
          // The catalogue's public item address (its http/views.ts itemUrl): 索引号 with `/` kept.
          href: `/item/${item.indexNo.split('/').map(encodeURIComponent).join('/')}`,
          org: item.orgShortName,
          ...(item.publishedOn ? { date: item.publishedOn } : {}),
          ...(item.docNo ? { docNumber: item.docNo } : {}),
        });
      }
      if (out.length >= limit) break;
    }
    return out;
  },
};
