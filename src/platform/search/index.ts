import type { Kysely } from 'kysely';
import { isPostgres } from '../../storage/migration-kit.ts';
import { prepareDoc, type PreparedDoc } from './prepare.ts';
import { runSearch } from './search.ts';
import { sqliteEngine } from './sqlite-engine.ts';
import { postgresEngine } from './postgres-engine.ts';
import type { SearchDoc, SearchQuery, SearchResult } from './types.ts';

export type { SearchDoc, SearchQuery, SearchResult, SearchHit, Segment, SearchFilters, FacetField, FacetCount, SearchSort } from './types.ts';
export { searchMigrations } from './migrations.ts';

/**
 * Full-text search over published information, on SQLite or PostgreSQL.
 *
 * Callers use the functions below, whatever the engine. They take a Kysely instance or an open
 * transaction: the catalogue indexes an item in the same transaction that publishes it, so the
 * index never shows an item the catalogue rolled back.
 *
 * The engines sit behind `SearchEngine`, a deliberately small port: it answers "which rank keys
 * match this condition, newest first" and "how many, up to a cap", and stores rows. Everything
 * that decides what a user sees — query parsing, script folding, ranking tiers, paging, totals,
 * facets, snippets — is written once, in search.ts and snippet.ts, so both engines return the
 * same answers (the tests run the same assertions on both).
 */
// Kysely<any>: the index's tables are FTS5 virtual tables and engine-specific columns that the
// typed schema cannot describe; every query here is raw SQL.
// biome-ignore lint/suspicious/noExplicitAny: FTS5 virtual tables and engine-specific columns have no typed schema; every query here is raw SQL
export type SearchDb = Kysely<any>;

export async function upsert(db: SearchDb, docs: readonly SearchDoc[]): Promise<void> {
  if (!docs.length) return;
  await engineFor(db).write(db, docs.map(prepareDoc));
}

/** Writes documents already prepared (reindex prepares in a worker while the database writes). */
export async function upsertPrepared(db: SearchDb, docs: readonly PreparedDoc[]): Promise<void> {
  if (!docs.length) return;
  await engineFor(db).write(db, docs);
}

export async function remove(db: SearchDb, ids: readonly number[]): Promise<void> {
  if (!ids.length) return;
  await engineFor(db).remove(db, ids);
}

export async function clear(db: SearchDb): Promise<void> {
  await engineFor(db).clear(db);
}

export async function search(db: SearchDb, query: SearchQuery): Promise<SearchResult> {
  return runSearch(engineFor(db), db, query);
}

export { reindex, type ReindexProgress } from './reindex.ts';

// --- the port ---------------------------------------------------------------------------------

/** Filters after validation: empty arrays mean "any". */
export interface FilterSet {
  org: number[];
  year: number[];
  /** Full or top-level topic keys. */
  topic: string[];
  genre: string[];
  column: string[];
  validity: string[];
  /**
   * Rank-key bounds, [rkFrom, rkTo): from publishedFrom/publishedTo, narrowed by the span of
   * rank keys the requested years occupy (search_years), so a year filter also limits how much of
   * each posting list is read.
   */
  rkFrom?: number;
  rkTo?: number;
}

/**
 * A condition on documents. `runs` are folded strings of word characters, all required; the
 * engine must find every document in which each run occurs as a substring of the scope's fields
 * (title; title, summary, body, 文号, attachment for the others).
 */
export interface MatchSpec {
  runs: string[];
  /**
   * title: every run in the title. any: every run somewhere. rest: every run somewhere, but not
   * every run in the title (so the title and rest tiers partition the hits). summary: every run in
   * the summary.
   */
  scope: 'any' | 'title' | 'rest' | 'summary';
  /** Also required: this run occurs (in the scope's fields; for rest, anywhere). */
  phrase?: string;
  /** Also required: the title's words include each of these (title scope only). */
  titleWords?: string[];
  filters: FilterSet;
}

export interface RankWindow {
  limit: number;
  offset?: number;
  /** Only rank keys strictly below this (continue after a window). */
  below?: number;
  /** Only rank keys at or above this (look inside a window). */
  atLeast?: number;
}

export interface StoredRow {
  rk: number;
  id: number;
  org: number;
  year: number;
  topic: string;
  genre: string;
  columns: string[];
  validity: string;
  publishedOn: string;
}

export interface StoredText extends StoredRow {
  title: string;
  summary: string;
  body: string;
  docNo: string;
  attachmentText: string;
}

export interface SearchEngine {
  readonly name: 'sqlite' | 'postgres';
  /** Replaces the documents' entries (by id), allocating rank keys. */
  write(db: SearchDb, docs: readonly PreparedDoc[]): Promise<void>;
  remove(db: SearchDb, ids: readonly number[]): Promise<void>;
  clear(db: SearchDb): Promise<void>;
  /**
   * Runs one search's reads. PostgreSQL: one read-only repeatable-read transaction (a total and its
   * page from the same snapshot) with the planner steered (see postgres-engine.ts). SQLite: as is.
   */
  read<T>(db: SearchDb, fn: (db: SearchDb) => Promise<T>): Promise<T>;
  /** Rank keys matching, newest first. No runs = every document passing the filters. */
  match(db: SearchDb, spec: MatchSpec, window: RankWindow): Promise<number[]>;
  /** n = min(number of matches, cap); oldest = the smallest rank key among those n. */
  count(db: SearchDb, spec: MatchSpec, cap: number, below?: number): Promise<{ n: number; oldest?: number }>;
  /** Documents per day, for estimating totals: all days in [minDay, maxDay], and those from `sinceDay`. */
  dayCounts(db: SearchDb, sinceDay: number, minDay?: number, maxDay?: number): Promise<{ all: number; since: number }>;
  /** The smallest and largest rank key ever given to documents of these years (null: none). */
  yearSpan(db: SearchDb, years: readonly number[]): Promise<{ min: number; max: number } | null>;
  rows(db: SearchDb, rks: readonly number[]): Promise<StoredRow[]>;
  texts(db: SearchDb, rks: readonly number[]): Promise<StoredText[]>;
  /**
   * A rebuild is starting: trade durability or index freshness for write speed (the index is
   * derived data, a failed rebuild is simply rerun). `finish` restores the settings and compacts.
   */
  beginBulk(db: SearchDb): Promise<{ finish(): Promise<void> }>;
}

export function engineFor(db: SearchDb): SearchEngine {
  return isPostgres(db) ? postgresEngine : sqliteEngine;
}
