import { ValidationError } from '../../kernel/errors.ts';
import { isIsoDate } from '../../kernel/dates.ts';
import { parseQuery } from './normalize.ts';
import { DAY_SLOTS, dayNumber, dayOfRank } from './prepare.ts';
import { queryWords } from './segment.ts';
import { bestSnippet, highlightAll } from './snippet.ts';
import {
  FACET_FIELDS,
  type FacetCount,
  type FacetField,
  type SearchFilters,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
  type Segment,
} from './types.ts';
import type { FilterSet, MatchSpec, SearchDb, SearchEngine, StoredRow } from './index.ts';

/**
 * Ranking without sorting every hit.
 *
 * A very common term (工作, 通知) matches most of a million documents; scoring and sorting all of
 * them is what makes ranked full-text search slow (bm25 over every hit cost ~110 ms p99 at 200k
 * documents, STACK.md). Instead results come in two tiers, each read newest-first from the index
 * and ranked only inside a window of its newest RELEVANCE_WINDOW hits:
 *
 *   1. title tier — every term in the title. Inside the window: the whole query as one phrase in
 *      the title first (multi-word queries), then titles where the query is a real word (jieba:
 *      复议 in 行政复议, not in 答复议题), then newer first. Older title hits follow by date.
 *   2. rest tier — the other hits. Inside the window: the whole query as one phrase first, then
 *      hits in the 内容概述, then newer first. Older ones follow by date.
 *
 * For a rare term (fewer hits than the window) this is a full ranking. For a common one it ranks
 * the newest few hundred, which is what readers of government information want first anyway, and
 * costs a few short index reads however many documents match. Every hit stays reachable by paging.
 */
export const RELEVANCE_WINDOW = 300;
/** Longer input is a paste, not a query; it would only build a huge index expression. */
export const MAX_QUERY = 200;
/** Totals are counted exactly up to this many hits and estimated beyond (see estimateTotal). */
export const COUNT_CAP = 1000;

export async function runSearch(engine: SearchEngine, db: SearchDb, query: SearchQuery): Promise<SearchResult> {
  return engine.read(db, (reader) => searchIn(engine, reader, query));
}

async function searchIn(engine: SearchEngine, db: SearchDb, query: SearchQuery): Promise<SearchResult> {
  const limit = intIn('limit', query.limit ?? 20, 1, 100);
  const offset = intIn('offset', query.offset ?? 0, 0, 1_000_000);
  if (typeof query.q !== 'string' || query.q.length > MAX_QUERY) throw ValidationError.field('q', `检索词最多 ${MAX_QUERY} 个字符`);
  const filters = normalizeFilters(query.filters ?? {});
  if (filters.year.length) {
    const span = await engine.yearSpan(db, filters.year);
    if (!span) return emptyResult(query.facets);
    filters.rkFrom = Math.max(filters.rkFrom ?? -Infinity, span.min);
    filters.rkTo = Math.min(filters.rkTo ?? Infinity, span.max + 1);
    if (filters.rkFrom >= filters.rkTo) return emptyResult(query.facets);
  }
  const runs = [...new Set(parseQuery(query.q).flat())];
  const base: MatchSpec = { runs, scope: 'any', filters };
  const sort = query.sort ?? 'relevance';
  if (sort !== 'relevance' && sort !== 'date') throw ValidationError.field('sort', 'relevance 或 date');

  const ranked = runs.length && sort === 'relevance';
  const [page, counted] = await Promise.all([
    ranked ? rankedPage(engine, db, runs, filters, offset, limit) : datePage(engine, db, base, offset, limit),
    engine.count(db, base, COUNT_CAP),
  ]);

  let total = counted.n;
  let totalIsEstimate = false;
  if (counted.n === COUNT_CAP && counted.oldest !== undefined) {
    total = await estimateTotal(engine, db, counted.oldest, filters);
    totalIsEstimate = total > COUNT_CAP;
  }

  // Facets count the hits when there are at most COUNT_CAP of them, else the newest COUNT_CAP
  // (facetBasis says which; the page shows 约 for the latter).
  const facets: SearchResult['facets'] = {};
  const wanted = (query.facets ?? []).filter((f) => FACET_FIELDS.includes(f));
  let facetBasis = 0;
  if (wanted.length && counted.n) {
    const rows = await engine.rows(db, await engine.match(db, base, { limit: COUNT_CAP }));
    facetBasis = rows.length;
    for (const field of wanted) facets[field] = countFacet(rows, field);
  }

  const texts = new Map(
    (
      await engine.texts(
        db,
        page.map((p) => p.rk),
      )
    ).map((t) => [t.rk, t]),
  );
  const hits: SearchHit[] = [];
  for (const { rk, score } of page) {
    const t = texts.get(rk);
    if (!t) continue;
    hits.push({
      id: t.id,
      score,
      publishedOn: t.publishedOn,
      title: runs.length ? highlightAll(t.title, runs) : plain(t.title),
      snippet: runs.length ? bestSnippet([t.summary, t.body, t.docNo, t.attachmentText], runs) : plain(clipText(t.summary || t.body, 120)),
    });
  }
  return { total, totalIsEstimate, hits, facets, facetBasis };
}

// --- ranking ----------------------------------------------------------------------------------

interface Ranked {
  rk: number;
  score: number;
}

interface Tier {
  spec: MatchSpec;
  base: number;
  signals: { spec: MatchSpec; weight: number }[];
}

async function rankedPage(engine: SearchEngine, db: SearchDb, runs: string[], filters: FilterSet, offset: number, limit: number): Promise<Ranked[]> {
  const phrase = runs.length > 1 ? runs.join('') : undefined;
  const words = [...new Set(runs.flatMap((r) => queryWords(r)).filter((w) => w.length >= 2))];
  const title: MatchSpec = { runs, scope: 'title', filters };
  const rest: MatchSpec = { runs, scope: 'rest', filters };
  const tiers: Tier[] = [
    {
      spec: title,
      base: 4,
      signals: [
        ...(phrase ? [{ spec: { ...title, phrase }, weight: 2 }] : []),
        ...(words.length ? [{ spec: { ...title, titleWords: words }, weight: 1 }] : []),
      ],
    },
    {
      spec: rest,
      base: 0,
      signals: [...(phrase ? [{ spec: { ...rest, phrase }, weight: 2 }] : []), { spec: { runs, scope: 'summary', filters }, weight: 1 }],
    },
  ];

  let skip = offset;
  let want = limit;
  const out: Ranked[] = [];
  for (const tier of tiers) {
    if (want <= 0) break;
    const fetched = await engine.match(db, tier.spec, { limit: RELEVANCE_WINDOW + 1 });
    const hasMore = fetched.length > RELEVANCE_WINDOW;
    const window = hasMore ? fetched.slice(0, RELEVANCE_WINDOW) : fetched;
    if (skip < window.length) {
      const taken = (await scoreWindow(engine, db, tier, window)).slice(skip, skip + want);
      out.push(...taken);
      want -= taken.length;
      skip = 0;
    } else {
      skip -= window.length;
    }
    if (want <= 0 || !hasMore) continue;
    // Past the window the tier continues by date.
    const below = window[window.length - 1];
    const older = await engine.match(db, tier.spec, { below, offset: skip, limit: want });
    out.push(...older.map((rk) => ({ rk, score: tier.base })));
    want -= older.length;
    if (older.length) skip = 0;
    else if (skip > 0) skip -= (await engine.count(db, tier.spec, skip, below)).n;
  }
  return out;
}

async function scoreWindow(engine: SearchEngine, db: SearchDb, tier: Tier, window: number[]): Promise<Ranked[]> {
  const score = new Map<number, number>(window.map((rk) => [rk, tier.base]));
  const atLeast = window[window.length - 1];
  // Each signal's matches inside the window's key range are a subset of the tier's hits there,
  // which are exactly the window: one short read per signal.
  const signalHits = await Promise.all(tier.signals.map(async (s) => ({ s, rks: await engine.match(db, s.spec, { atLeast, limit: window.length + 1 }) })));
  for (const { s, rks } of signalHits) {
    for (const rk of rks) {
      const v = score.get(rk);
      if (v !== undefined) score.set(rk, v + s.weight);
    }
  }
  return window.map((rk) => ({ rk, score: score.get(rk)! })).sort((a, b) => b.score - a.score || b.rk - a.rk);
}

async function datePage(engine: SearchEngine, db: SearchDb, base: MatchSpec, offset: number, limit: number): Promise<Ranked[]> {
  const rks = await engine.match(db, base, { offset, limit });
  if (!base.runs.length || !rks.length) return rks.map((rk) => ({ rk, score: 0 }));
  // The page is a run of consecutive hits, so the title hits in its key range are among them.
  const inTitle = new Set(await engine.match(db, { ...base, scope: 'title' }, { atLeast: rks[rks.length - 1], below: rks[0]! + 1, limit: rks.length + 1 }));
  return rks.map((rk) => ({ rk, score: inTitle.has(rk) ? 4 : 0 }));
}

// --- totals and facets ----------------------------------------------------------------------

/**
 * More than COUNT_CAP hits: counting them all would read the whole posting list (226 ms for 工作
 * at a million documents). The newest COUNT_CAP hits reach back to some day; hits are assumed as
 * dense before it as after it, relative to the number of documents published, so
 * total ≈ COUNT_CAP × documents in range ÷ documents since that day. Shown as 约 N.
 */
async function estimateTotal(engine: SearchEngine, db: SearchDb, oldestRk: number, filters: FilterSet): Promise<number> {
  const minDay = filters.rkFrom === undefined ? undefined : dayOfRank(filters.rkFrom);
  const maxDay = filters.rkTo === undefined ? undefined : dayOfRank(filters.rkTo - 1);
  const { all, since } = await engine.dayCounts(db, dayOfRank(oldestRk), minDay, maxDay);
  return Math.max(COUNT_CAP, Math.round((COUNT_CAP * all) / Math.max(1, since)));
}

function countFacet(rows: StoredRow[], field: FacetField): FacetCount[] {
  const counts = new Map<string | number, number>();
  const add = (v: string | number): void => {
    counts.set(v, (counts.get(v) ?? 0) + 1);
  };
  for (const r of rows) {
    if (field === 'column') for (const c of new Set(r.columns)) add(c);
    else add(r[field]);
  }
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)));
}

// --- input ------------------------------------------------------------------------------------

export function normalizeFilters(f: SearchFilters): FilterSet {
  const list = <T>(v: T | readonly T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? [...(v as readonly T[])] : [v as T]);
  const ints = (name: string, v: number | readonly number[] | undefined): number[] => {
    const out = list(v);
    for (const n of out) if (!Number.isSafeInteger(n)) throw ValidationError.field(`filters.${name}`, '应为整数');
    return out;
  };
  const strs = (name: string, v: string | readonly string[] | undefined): string[] => {
    const out = list(v);
    for (const s of out) if (typeof s !== 'string' || !s) throw ValidationError.field(`filters.${name}`, '应为非空字符串');
    return out;
  };
  const day = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    if (!isIsoDate(v)) throw ValidationError.field(`filters.${name}`, '日期格式应为 YYYY-MM-DD');
    return dayNumber(v);
  };
  const from = day('publishedFrom', f.publishedFrom);
  const to = day('publishedTo', f.publishedTo);
  return {
    org: ints('org', f.org),
    year: ints('year', f.year),
    topic: strs('topic', f.topic),
    genre: strs('genre', f.genre),
    column: strs('column', f.column),
    validity: strs('validity', f.validity),
    rkFrom: from === undefined ? undefined : from * DAY_SLOTS,
    rkTo: to === undefined ? undefined : (to + 1) * DAY_SLOTS,
  };
}

function intIn(name: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) throw ValidationError.field(name, `应为 ${min}–${max} 的整数`);
  return v;
}

function emptyResult(fields: readonly FacetField[] = []): SearchResult {
  return { total: 0, totalIsEstimate: false, hits: [], facets: Object.fromEntries(fields.map((f) => [f, []])), facetBasis: 0 };
}

function plain(text: string): Segment[] {
  return text ? [{ text, hit: false }] : [];
}

function clipText(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n)}…` : text;
}
