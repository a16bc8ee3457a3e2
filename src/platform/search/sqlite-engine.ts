import { sql, type RawBuilder } from 'kysely';
import { tag, topicKeys, type PreparedDoc } from './prepare.ts';
import { charLength, runGrams } from './tokens.ts';
import type { FilterSet, MatchSpec, RankWindow, SearchDb, SearchEngine, StoredRow, StoredText } from './index.ts';
import { allocateRanks, dayCounts, deleteDocs, yearSpan } from './rows.ts';

/**
 * SQLite: two contentless FTS5 tables keyed by the rank key (see prepare.ts), holding bigram
 * tokens (tokens.ts) and filter tokens, plus plain tables for the facet fields and the original
 * text (snippets are cut from it).
 *
 * - search_fts_all (title, summary, body, tags): recall over everything.
 * - search_fts_title (title, words, tags): the title tier and word signals read this small index
 *   instead of filtering the big one by column.
 *
 * Queries are FTS5 expressions: a run is the phrase of its bigrams ("行政 政复 复议"), a
 * one-character run a prefix ("复" *); filters are AND-ed tag tokens, so FTS5 intersects posting
 * lists; dates are rowid ranges. `ORDER BY rowid DESC LIMIT n` walks the posting lists from the
 * newest end and stops after n hits.
 */
export const sqliteEngine: SearchEngine = {
  name: 'sqlite',

  async write(db, docs) {
    const latest = new Map<number, PreparedDoc>();
    for (const d of docs) latest.set(d.doc.id, d);
    const unique = [...latest.values()];
    const previous = await removeIds(
      db,
      unique.map((d) => d.doc.id),
    );
    const ranked = (await allocateRanks(db, unique, previous)).sort((a, b) => a.rk - b.rk);
    // Ascending rowids within a transaction: FTS5 flushes its pending-terms buffer whenever a
    // rowid is lower than the previous one, and unsorted inserts ran 3–5× slower (ADR 0003).
    for (const chunk of chunks(ranked, 200)) {
      await sql`insert into search_fts_all (rowid, title, summary, body, tags) values ${sql.join(
        chunk.map(({ rk, doc: d }) => sql`(${rk}, ${d.titleGrams}, ${d.summaryGrams}, ${d.bodyGrams}, ${d.tags})`),
      )}`.execute(db);
      await sql`insert into search_fts_title (rowid, title, words, tags) values ${sql.join(
        chunk.map(({ rk, doc: d }) => sql`(${rk}, ${d.titleGrams}, ${d.titleWords}, ${d.tags})`),
      )}`.execute(db);
      await sql`insert into search_docs (rk, doc_id, org, year, topic, genre, columns, validity, published_on) values ${sql.join(
        chunk.map(
          ({ rk, doc: { doc: x } }) =>
            sql`(${rk}, ${x.id}, ${x.org}, ${x.year}, ${x.topic}, ${x.genre}, ${JSON.stringify([...new Set(x.columns)])}, ${x.validity}, ${x.publishedOn})`,
        ),
      )}`.execute(db);
      await sql`insert into search_doc_texts (rk, title, summary, body, doc_no, attachment_text) values ${sql.join(
        chunk.map(({ rk, doc: { doc: x } }) => sql`(${rk}, ${x.title}, ${x.summary}, ${x.body}, ${x.docNo}, ${x.attachmentText})`),
      )}`.execute(db);
    }
  },

  async remove(db, ids) {
    await removeIds(db, ids);
  },

  async clear(db) {
    // delete-all is the FTS5 command for contentless tables; it also drops every segment.
    await sql`insert into search_fts_all (search_fts_all) values ('delete-all')`.execute(db);
    await sql`insert into search_fts_title (search_fts_title) values ('delete-all')`.execute(db);
    await sql`delete from search_docs`.execute(db);
    await sql`delete from search_doc_texts`.execute(db);
    await sql`delete from search_days`.execute(db);
    await sql`delete from search_years`.execute(db);
  },

  // Each better-sqlite3 statement reads a consistent snapshot; an explicit transaction would take
  // the write lock (the storage driver begins IMMEDIATE).
  read: (db, fn) => fn(db),

  async match(db, spec, window) {
    // One row holding the keys as text: better-sqlite3 spends ~1 µs building each result row,
    // more than FTS5 spends finding it, and a window is hundreds of keys.
    const { rows } = await sql<{ rks: string | null }>`select group_concat(rk, ',' order by rk desc) as rks from (${keysQuery(spec, window)})`.execute(db);
    return parseKeys(rows[0]?.rks);
  },

  async count(db, spec, cap, below) {
    const { rows } = await sql<{
      n: number;
      oldest: number | null;
    }>`select count(*) as n, min(rk) as oldest from (${keysQuery(spec, { limit: cap, below })})`.execute(db);
    return { n: Number(rows[0]?.n ?? 0), oldest: rows[0]?.oldest ?? undefined };
  },

  dayCounts,
  yearSpan,
  beginBulk,

  async rows(db, rks) {
    if (!rks.length) return [];
    // Aggregated into one row for the same reason as match(); \x1f separates values.
    const { rows } = await sql<Record<'rk' | 'doc_id' | 'org' | 'year' | 'topic' | 'genre' | 'columns' | 'validity' | 'published_on', string | null>>`
      select group_concat(rk, char(31)) as rk, group_concat(doc_id, char(31)) as doc_id, group_concat(org, char(31)) as org,
        group_concat(year, char(31)) as year, group_concat(topic, char(31)) as topic, group_concat(genre, char(31)) as genre,
        group_concat(columns, char(31)) as columns, group_concat(validity, char(31)) as validity, group_concat(published_on, char(31)) as published_on
      from search_docs where rk in (select value from json_each(${JSON.stringify(rks)}))`.execute(db);
    const r = rows[0];
    if (!r?.rk) return [];
    const col = (k: keyof typeof r): string[] => (r[k] ?? '').split('\x1f');
    const keys = ['rk', 'doc_id', 'org', 'year', 'topic', 'genre', 'columns', 'validity', 'published_on'] as const;
    const [rk = [], id = [], org = [], year = [], topic = [], genre = [], columns = [], validity = [], published = []] = keys.map(col);
    // Every column is not null, so each list holds one value per row, in the same order as rk.
    return rk.map(
      (key, i): StoredRow => ({
        rk: Number(key),
        id: Number(id[i]),
        org: Number(org[i]),
        year: Number(year[i]),
        topic: topic[i]!,
        genre: genre[i]!,
        columns: JSON.parse(columns[i]!) as string[],
        validity: validity[i]!,
        publishedOn: published[i]!,
      }),
    );
  },

  async texts(db, rks) {
    if (!rks.length) return [];
    const { rows } = await sql<
      RowColumns & TextColumns
    >`select d.*, t.title, t.summary, t.body, t.doc_no, t.attachment_text from search_docs d join search_doc_texts t on t.rk = d.rk where d.rk in (select value from json_each(${JSON.stringify(rks)}))`.execute(
      db,
    );
    return rows.map(
      (r): StoredText => ({ ...toStoredRow(r), title: r.title, summary: r.summary, body: r.body, docNo: r.doc_no, attachmentText: r.attachment_text }),
    );
  },
};

/** The rank keys matching a spec in a window, newest first, as a subquery. */
function keysQuery(spec: MatchSpec, window: RankWindow): RawBuilder<unknown> {
  const page = sql`limit ${window.limit} offset ${window.offset ?? 0}`;
  if (!spec.runs.length) {
    return sql`select rk from search_docs where ${docFilters(spec.filters)} and ${rankRange('rk', spec.filters, window)} order by rk desc ${page}`;
  }
  const table = spec.scope === 'title' ? sql.raw('search_fts_title') : sql.raw('search_fts_all');
  return sql`select rowid as rk from ${table} where ${table} match ${ftsExpression(spec)} and ${rankRange('rowid', spec.filters, window)} order by rowid desc ${page}`;
}

function parseKeys(text: string | null | undefined): number[] {
  return text ? text.split(',').map(Number) : [];
}

/**
 * synchronous = NORMAL while rebuilding (a power cut costs a rerun, not records; commits stop
 * waiting for the disk), then FTS5 'optimize': one segment per table, so queries read one
 * posting list per token instead of one per segment.
 */
async function beginBulk(db: SearchDb): Promise<{ finish(): Promise<void> }> {
  let before: number | null = null;
  if (!db.isTransaction) {
    const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(db);
    before = Number(rows[0]?.synchronous ?? 2);
    await sql`pragma synchronous = normal`.execute(db);
  }
  return {
    async finish() {
      if (before !== null) await sql`pragma synchronous = ${sql.raw(String(before))}`.execute(db);
      await sql`insert into search_fts_all (search_fts_all) values ('optimize')`.execute(db);
      await sql`insert into search_fts_title (search_fts_title) values ('optimize')`.execute(db);
    },
  };
}

// --- expressions ------------------------------------------------------------------------------

/** The FTS5 query for a spec (exported for tests and the ADR's examples). */
export function ftsExpression(spec: MatchSpec): string {
  const runs = spec.runs.map(phrase).join(' AND ');
  // Text tokens are one or two characters and tag tokens three or more ASCII characters, so only
  // a prefix query (a one-character run) can reach the tags column; otherwise the column filter
  // is left out, which spares FTS5 reading position lists just to check columns (~10%).
  const ALL_COLUMNS = spec.runs.some((r) => charLength(r) === 1) ? '{title summary body} : ' : '';
  const parts: string[] = [];
  switch (spec.scope) {
    case 'title':
      parts.push(`{title} : (${runs})`);
      if (spec.phrase) parts.push(`{title} : ${phrase(spec.phrase)}`);
      if (spec.titleWords?.length) parts.push(`{words} : (${spec.titleWords.map(quote).join(' AND ')})`);
      break;
    case 'any':
      parts.push(`${ALL_COLUMNS}(${runs})`);
      break;
    case 'rest':
      parts.push(`(${ALL_COLUMNS}(${runs})) NOT ({title} : (${runs}))`);
      break;
    case 'summary':
      parts.push(`({summary} : (${runs})) NOT ({title} : (${runs}))`);
      break;
  }
  if (spec.phrase && spec.scope !== 'title') parts.push(phrase(spec.phrase));
  parts.push(...filterExpressions(spec.filters));
  return parts.map((p) => `(${p})`).join(' AND ');
}

function phrase(run: string): string {
  const q = quote(runGrams(run).join(' '));
  return charLength(run) === 1 ? `${q} *` : q;
}

function quote(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

function filterExpressions(f: FilterSet): string[] {
  const out: string[] = [];
  const add = (field: string, values: readonly (string | number)[]): void => {
    if (values.length) out.push(`{tags} : (${values.map((v) => quote(tag(field, String(v)))).join(' OR ')})`);
  };
  add('org', f.org);
  add('year', f.year);
  add('genre', f.genre);
  add('validity', f.validity);
  add('column', f.column);
  add(
    'topic',
    f.topic.map((t) => topicKeys(t).at(-1)!),
  );
  return out;
}

/**
 * Rank-key bounds: the window's and the filters'. Cast to integer: better-sqlite3
 * binds JavaScript numbers as REAL, and FTS5 given a REAL lower rowid bound read the whole
 * posting list (10 ms instead of 0.5 ms for a common term at 100k documents).
 */
function rankRange(col: 'rk' | 'rowid', f: FilterSet, w: RankWindow): RawBuilder<unknown> {
  const c = sql.raw(col);
  const int = (n: number): RawBuilder<unknown> => sql`cast(${n} as integer)`;
  const conds: RawBuilder<unknown>[] = [sql`1 = 1`];
  if (w.below !== undefined) conds.push(sql`${c} < ${int(w.below)}`);
  if (w.atLeast !== undefined) conds.push(sql`${c} >= ${int(w.atLeast)}`);
  if (f.rkFrom !== undefined) conds.push(sql`${c} >= ${int(f.rkFrom)}`);
  if (f.rkTo !== undefined) conds.push(sql`${c} < ${int(f.rkTo)}`);
  return sql.join(conds, sql` and `);
}

/** Filters on search_docs for queries without terms (browsing a column, an org, a year). */
function docFilters(f: FilterSet): RawBuilder<unknown> {
  const conds: RawBuilder<unknown>[] = [sql`1 = 1`];
  if (f.org.length) conds.push(sql`org in (${sql.join(f.org)})`);
  if (f.year.length) conds.push(sql`year in (${sql.join(f.year)})`);
  if (f.genre.length) conds.push(sql`genre in (${sql.join(f.genre)})`);
  if (f.validity.length) conds.push(sql`validity in (${sql.join(f.validity)})`);
  if (f.topic.length)
    conds.push(
      sql`(${sql.join(
        f.topic.map((t) => sql`(topic = ${t} or topic like ${`${t.replace(/[%_\\]/g, '\\$&')}/%`} escape '\\')`),
        sql` or `,
      )})`,
    );
  if (f.column.length) conds.push(sql`exists (select 1 from json_each(search_docs.columns) where value in (${sql.join(f.column)}))`);
  return sql.join(conds, sql` and `);
}

// --- rows -------------------------------------------------------------------------------------

interface RowColumns {
  rk: number;
  doc_id: number;
  org: number;
  year: number;
  topic: string;
  genre: string;
  columns: string;
  validity: string;
  published_on: string;
}

interface TextColumns {
  title: string;
  summary: string;
  body: string;
  doc_no: string;
  attachment_text: string;
}

function toStoredRow(r: RowColumns): StoredRow {
  return {
    rk: r.rk,
    id: r.doc_id,
    org: r.org,
    year: r.year,
    topic: r.topic,
    genre: r.genre,
    columns: JSON.parse(r.columns) as string[],
    validity: r.validity,
    publishedOn: r.published_on,
  };
}

async function removeIds(db: SearchDb, ids: readonly number[]): Promise<Map<number, number>> {
  const freed = new Map<number, number>();
  for (const chunk of chunks([...ids], 500)) {
    const got = await deleteDocs(db, chunk);
    if (!got.size) continue;
    const list = sql.join([...got.values()]);
    await sql`delete from search_fts_all where rowid in (${list})`.execute(db);
    await sql`delete from search_fts_title where rowid in (${list})`.execute(db);
    for (const [id, rk] of got) freed.set(id, rk);
  }
  return freed;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
