import { search } from '../../platform/search/index.ts';
import { findItem } from '../catalogue/index.ts';
import type { PublishedSearch, PublishedSuggestion } from './ports.ts';

/**
 * The catalogue's search behind the requests module's `PublishedSearch` port: what the applicant
 * typed is turned into a few short queries — the 文号, the name, and the first phrases of the
 * description (the search requires every term of a query, so one long sentence would find
 * nothing) — and the published items they find are merged in order, best first.
 */
export function queriesFor(text: string): string[] {
  const phrases = text
    .split(/[，。；：、！？,.;:!?\s“”"'（）()《》]+/)
    .map((s) => s.trim())
    .filter((s) => s.length >= 2 && s.length <= 24);
  return [...new Set([text.trim().length <= 24 ? text.trim() : '', ...phrases])].filter(Boolean).slice(0, 4);
}

export const catalogueSearch: PublishedSearch = {
  async suggest(db, text, limit) {
    const seen = new Set<number>();
    const out: PublishedSuggestion[] = [];
    for (const q of queriesFor(text)) {
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
