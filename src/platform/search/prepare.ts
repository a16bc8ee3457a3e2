import { foldText } from './normalize.ts';
import { indexWords } from './segment.ts';
import { gramTokens } from './tokens.ts';
import type { SearchDoc } from './types.ts';

/**
 * A document turned into what both engines store: folded text, recall tokens, title words and
 * filter values. Pure and engine-free, so it can run in a worker while the database writes.
 */
export interface PreparedDoc {
  doc: SearchDoc;
  /** Days since 1900-01-01 of publishedOn: the high part of the rank key (see rankKey). */
  day: number;
  titleFolded: string;
  summaryFolded: string;
  /** Folded summary, body, 文号 and attachment text, separated by line breaks (never matched across). */
  textFolded: string;
  titleGrams: string;
  summaryGrams: string;
  /** Body, 文号 and attachment text. */
  bodyGrams: string;
  /** Title words (see segment.ts), space-separated. */
  titleWords: string;
  /** Filter tokens for engines that filter inside the full-text index (see filterTokens). */
  tags: string;
}

export function prepareDoc(doc: SearchDoc): PreparedDoc {
  const titleFolded = foldText(doc.title);
  const summaryFolded = foldText(doc.summary);
  const restFolded = foldText(`${doc.body}\n${doc.docNo}\n${doc.attachmentText}`);
  return {
    doc,
    day: dayNumber(doc.publishedOn),
    titleFolded,
    summaryFolded,
    textFolded: `${summaryFolded}\n${restFolded}`,
    titleGrams: gramTokens(titleFolded),
    summaryGrams: gramTokens(summaryFolded),
    bodyGrams: gramTokens(restFolded),
    titleWords: indexWords(titleFolded).join(' '),
    tags: docTags(doc).join(' '),
  };
}

// --- rank keys --------------------------------------------------------------------------------

/**
 * Every indexed document gets a rank key `day × 2^20 + n` (n counts that day's documents from 1):
 * larger is newer. Both engines order and page by it, and SQLite uses it as the FTS5 rowid, so
 * "newest first" is the index's own order and a date-sorted page stops after `limit` hits instead
 * of sorting every hit. Dense keys (rather than day × 2^32 + id) keep FTS5's delta-encoded
 * posting lists small.
 */
export const DAY_SLOTS = 2 ** 20;
const EPOCH_1900 = Date.UTC(1900, 0, 1);

export function dayNumber(isoDate: string): number {
  const t = Date.parse(`${isoDate}T00:00:00Z`);
  if (!Number.isFinite(t)) throw new RangeError(`publishedOn is not a date: ${isoDate}`);
  return Math.round((t - EPOCH_1900) / 86_400_000);
}

export function dayOfRank(rk: number): number {
  return Math.floor(rk / DAY_SLOTS);
}

export function isoOfDay(day: number): string {
  return new Date(EPOCH_1900 + day * 86_400_000).toISOString().slice(0, 10);
}

// --- filter tokens ----------------------------------------------------------------------------

/**
 * Filter values as index tokens (`xo12`, `xy2016`, `xg` + hex of 通知 …), so SQLite applies filters
 * inside the FTS5 query and intersects posting lists instead of checking rows one by one. Hex keeps
 * every value one ASCII token whatever characters it has; the `x` prefix and the separate column
 * keep them apart from text bigrams.
 */
export function docTags(doc: SearchDoc): string[] {
  const tags = [tag('org', String(doc.org)), tag('year', String(doc.year)), tag('genre', doc.genre), tag('validity', doc.validity)];
  for (const t of topicKeys(doc.topic)) tags.push(tag('topic', t));
  for (const c of new Set(doc.columns)) tags.push(tag('column', c));
  return tags;
}

/** A topic counts under its full key and under its top-level key. */
export function topicKeys(topic: string): string[] {
  const slash = topic.indexOf('/');
  return slash > 0 ? [topic.slice(0, slash), topic] : [topic];
}

const TAG_PREFIX: Record<string, string> = { org: 'xo', year: 'xy', genre: 'xg', validity: 'xv', topic: 'xt', column: 'xc' };

export function tag(field: string, value: string): string {
  const plain = /^[0-9]+$/.test(value);
  return TAG_PREFIX[field] + (plain ? value : `h${Buffer.from(value, 'utf8').toString('hex')}`);
}
