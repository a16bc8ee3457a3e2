import { sql, type RawBuilder } from 'kysely';
import type { PreparedDoc } from './prepare.ts';
import { charLength, runGrams } from './tokens.ts';
import type { FilterSet, MatchSpec, RankWindow, SearchDb, SearchEngine, StoredRow, StoredText } from './index.ts';
import { allocateRanks, dayCounts, deleteDocs, yearSpan } from './rows.ts';

/**
 * PostgreSQL: Debian's PostgreSQL has no Chinese parser (zhparser, pg_bigm, pgroonga are not
 * packaged), so the tsvectors are built here, lexeme by lexeme, from the same bigram tokens as
 * SQLite's index, and stored without positions. A run's bigrams AND-ed in a tsquery let the GIN
 * index find candidates; runs of three or more characters are then confirmed with strpos() on the
 * stored folded text, which gives exact substring semantics with no tsvector position limit
 * (positions stop at 16,383, which long attachments pass). Two-character runs are one bigram and
 * one-character runs a prefix lexeme ('复':*), exact without a recheck.
 *
 * Filters are ordinary columns in the same row; how the newest matches are found is described at
 * keysQuery().
 */
export const postgresEngine: SearchEngine = {
  name: 'postgres',

  async write(db, docs) {
    const latest = new Map<number, PreparedDoc>();
    for (const d of docs) latest.set(d.doc.id, d);
    const unique = [...latest.values()];
    const previous = new Map<number, number>();
    for (let i = 0; i < unique.length; i += 1000) {
      for (const [id, rk] of await deleteDocs(
        db,
        unique.slice(i, i + 1000).map((d) => d.doc.id),
      ))
        previous.set(id, rk);
    }
    const ranked = await allocateRanks(db, unique, previous);
    for (let i = 0; i < ranked.length; i += 200) {
      const chunk = ranked.slice(i, i + 200);
      await sql`insert into search_docs (rk, doc_id, org, year, topic, genre, columns, validity, published_on, title_f, summary_f, text_f, title_tsv, text_tsv, words_tsv) values ${sql.join(
        chunk.map(({ rk, doc: p }) => {
          const x = p.doc;
          return sql`(${rk}, ${x.id}, ${x.org}, ${x.year}, ${x.topic}, ${x.genre}, ${[...new Set(x.columns)]}::text[], ${x.validity}, ${x.publishedOn},
            ${p.titleFolded}, ${p.summaryFolded}, ${p.textFolded},
            ${tsvector(p.titleGrams)}::tsvector, ${tsvector(`${p.titleGrams} ${p.summaryGrams} ${p.bodyGrams}`)}::tsvector, ${tsvector(p.titleWords)}::tsvector)`;
        }),
      )}`.execute(db);
      await sql`insert into search_doc_texts (rk, title, summary, body, doc_no, attachment_text) values ${sql.join(
        chunk.map(({ rk, doc: { doc: x } }) => sql`(${rk}, ${x.title}, ${x.summary}, ${x.body}, ${x.docNo}, ${x.attachmentText})`),
      )}`.execute(db);
    }
  },

  async remove(db, ids) {
    for (let i = 0; i < ids.length; i += 1000) await deleteDocs(db, ids.slice(i, i + 1000));
  },

  async clear(db) {
    await sql`truncate search_docs, search_doc_texts, search_days, search_years`.execute(db);
  },

  async read(db, fn) {
    if (db.isTransaction) {
      // Inside the caller's transaction: steer, then put the setting back for the caller.
      const { rows } = await sql<{ v: string }>`select current_setting('enable_seqscan') as v`.execute(db);
      await steer(db);
      try {
        return await fn(db);
      } finally {
        await sql`select set_config('enable_seqscan', ${rows[0]?.v ?? 'on'}, true)`.execute(db);
      }
    }
    return db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (tx) => {
        await steer(tx);
        return fn(tx);
      });
  },

  async match(db, spec, window) {
    // Keys as one text value: parsing a row per key costs more than finding it.
    const { rows } = await sql<{
      rks: string | null;
    }>`select string_agg(rk::text, ',' order by rk desc) as rks from (${keysQuery(db, spec, window)}) k`.execute(db);
    const text = rows[0]?.rks;
    return text ? text.split(',').map(Number) : [];
  },

  async count(db, spec, cap, below) {
    const { rows } = await sql<{
      n: number | string;
      oldest: number | string | null;
    }>`select count(*) as n, min(rk) as oldest from (${keysQuery(db, spec, { limit: cap, below })}) k`.execute(db);
    const oldest = rows[0]?.oldest;
    return { n: Number(rows[0]?.n ?? 0), oldest: oldest === null || oldest === undefined ? undefined : Number(oldest) };
  },

  dayCounts,
  yearSpan,
  beginBulk,

  async rows(db, rks) {
    if (!rks.length) return [];
    const { rows } =
      await sql<RowColumns>`select rk, doc_id, org, year, topic, genre, columns, validity, published_on from search_docs where rk = any(${[...rks]}::bigint[])`.execute(
        db,
      );
    return rows.map(toStoredRow);
  },

  async texts(db, rks) {
    if (!rks.length) return [];
    const { rows } = await sql<RowColumns & TextColumns>`select d.rk, d.doc_id, d.org, d.year, d.topic, d.genre, d.columns, d.validity, d.published_on,
        t.title, t.summary, t.body, t.doc_no, t.attachment_text
      from search_docs d join search_doc_texts t on t.rk = d.rk where d.rk = any(${[...rks]}::bigint[])`.execute(db);
    return rows.map(
      (r): StoredText => ({ ...toStoredRow(r), title: r.title, summary: r.summary, body: r.body, docNo: r.doc_no, attachmentText: r.attachment_text }),
    );
  },
};

/**
 * Finding the newest matches, two ways, chosen per query by a small cost model.
 *
 * Left alone, PostgreSQL answers `… where text_tsv @@ q order by rk desc limit n` by walking the
 * primary key backwards and testing each row's tsvector. It prices that test at one operator
 * call, but the tsvector is a compressed TOAST value (~1.7 KB): 259 ms for 征地 (5% of 100k
 * documents) where the GIN bitmap needs a few. The bitmap, though, visits every match before
 * sorting — most of the table for a term in most documents, where the walk finds its rows at once.
 *
 * So each search reads the planner's own statistics once (pg_stats.most_common_elems: the
 * frequency of the commonest lexemes; pg_class.reltuples) and estimates, per query:
 *   walk   ≈ (limit + offset) / density × WALK_US        (rows tested until enough match)
 *   bitmap ≈ density × rows × (1 or RECHECK_US)            (every match visited, and for runs of
 *                                                          three or more characters decompressed
 *                                                          and confirmed with strpos)
 * where density is the frequency of the query's rarest bigram (a bigram missing from the list is
 * rare). The walk keeps `order by rk`; the bitmap orders and bounds by `rk + 0`, which the key's
 * index cannot serve, and with sequential scans off (read()) only the GIN index is left. Column
 * filters make density unknowable here, so filtered queries take the bitmap.
 */
// Per-row costs measured at 100k documents (µs, shared 2-core machine): testing a row's tsvector
// on the walk ~23; visiting a bitmap match ~2–4; confirming a match with strpos() on text_f ~20.
const WALK_US = 20;
const BITMAP_US = 3;
const RECHECK_US = 20;

interface LexemeStats {
  at: number;
  rows: number;
  title: Map<string, number>;
  text: Map<string, number>;
}

const statsBySchema = new Map<string, LexemeStats>();
const statsOfReader = new WeakMap<object, LexemeStats>();
const STATS_TTL_MS = 10 * 60_000;

async function steer(tx: SearchDb): Promise<void> {
  const { rows } = await sql<{ s: string }>`select set_config('enable_seqscan', 'off', true), current_database() || '.' || current_schema() as s`.execute(tx);
  const key = rows[0]?.s ?? '';
  let stats = statsBySchema.get(key);
  if (!stats || Date.now() - stats.at > STATS_TTL_MS) {
    const { rows: st } = await sql<{ attname: string; elems: string[] | null; freqs: number[] | null; reltuples: number }>`
      select s.attname, s.most_common_elems::text::text[] as elems, s.most_common_elem_freqs::float8[] as freqs, c.reltuples::float8 as reltuples
      from pg_stats s join pg_class c on c.relname = s.tablename and c.relnamespace = current_schema()::regnamespace
      where s.schemaname = current_schema() and s.tablename = 'search_docs' and s.attname in ('title_tsv', 'text_tsv')`.execute(tx);
    const map = (att: string): Map<string, number> => {
      const r = st.find((x) => x.attname === att);
      return new Map((r?.elems ?? []).map((e, i) => [e, Number(r?.freqs?.[i] ?? 0)]));
    };
    stats = { at: Date.now(), rows: Math.max(0, Number(st[0]?.reltuples ?? 0)), title: map('title_tsv'), text: map('text_tsv') };
    statsBySchema.set(key, stats);
  }
  statsOfReader.set(tx, stats);
}

/** Should this query walk the key backwards (true) or take the GIN bitmap (false)? */
function walks(db: SearchDb, spec: MatchSpec, window: RankWindow): boolean {
  const stats = statsOfReader.get(db);
  const f = spec.filters;
  if (!stats?.rows || f.org.length || f.topic.length || f.genre.length || f.column.length || f.validity.length) return false;
  const freq = spec.scope === 'title' ? stats.title : stats.text;
  let density = 1;
  let recheck = false;
  for (const run of spec.runs) {
    const n = charLength(run);
    if (n === 1) return false;
    if (n >= 3) recheck = true;
    for (const g of runGrams(run)) density = Math.min(density, freq.get(g) ?? 0);
  }
  if (spec.phrase || spec.scope === 'summary' || spec.scope === 'rest') recheck = true;
  if (density <= 0) return false;
  const want = window.limit + (window.offset ?? 0);
  const walk = (want / density) * WALK_US;
  const bitmap = density * stats.rows * (recheck ? RECHECK_US : BITMAP_US);
  return walk < bitmap;
}

function keysQuery(db: SearchDb, spec: MatchSpec, window: RankWindow): RawBuilder<unknown> {
  // `rk + 0` in the bounds too: a key range the primary key could serve would tempt the planner
  // back into testing tsvectors row by row across the range.
  const key = !spec.runs.length || walks(db, spec, window) ? sql`rk` : sql`(rk + 0)`;
  return sql`select rk from search_docs where ${condition(spec)} and ${rankRange(key, spec.filters, window)} order by ${key} desc limit ${window.limit} offset ${window.offset ?? 0}`;
}

/**
 * GIN's fast-update pending list while rebuilding: each row's ~300 lexemes are appended to a list
 * and merged into the index in bulk, instead of ~300 separate posting-tree updates per row. At the
 * end the list is merged and switched off again (searches would otherwise scan it), and the planner
 * statistics — which keysQuery() also reads — refreshed.
 */
async function beginBulk(db: SearchDb): Promise<{ finish(): Promise<void> }> {
  for (const ix of GIN_INDEXES) await sql`alter index ${sql.ref(ix)} set (fastupdate = on)`.execute(db);
  return {
    async finish() {
      for (const ix of GIN_INDEXES) {
        await sql`select gin_clean_pending_list(${ix}::regclass)`.execute(db);
        await sql`alter index ${sql.ref(ix)} set (fastupdate = off)`.execute(db);
      }
      await sql`analyze search_docs`.execute(db);
      statsBySchema.clear();
    },
  };
}

const GIN_INDEXES = ['search_docs_text', 'search_docs_title'];

// --- conditions -------------------------------------------------------------------------------

function condition(spec: MatchSpec): RawBuilder<unknown> {
  const conds: RawBuilder<unknown>[] = [filterCondition(spec.filters)];
  const { runs } = spec;
  if (runs.length) {
    const inTitle = sql`(title_tsv @@ ${tsquery(runs)}::tsquery and ${recheck(runs, ['title_f'])})`;
    const anywhere = sql`(text_tsv @@ ${tsquery(runs)}::tsquery and ${recheck(runs, ['title_f', 'text_f'])})`;
    switch (spec.scope) {
      case 'title':
        conds.push(inTitle);
        if (spec.phrase) conds.push(sql`(title_tsv @@ ${tsquery([spec.phrase])}::tsquery and ${recheck([spec.phrase], ['title_f'], true)})`);
        if (spec.titleWords?.length) conds.push(sql`words_tsv @@ ${spec.titleWords.map(lexeme).join(' & ')}::tsquery`);
        break;
      case 'any':
        conds.push(anywhere);
        break;
      case 'rest':
        conds.push(anywhere, sql`not ${inTitle}`);
        break;
      case 'summary':
        conds.push(sql`(text_tsv @@ ${tsquery(runs)}::tsquery and ${recheck(runs, ['summary_f'], true)})`, sql`not ${inTitle}`);
        break;
    }
    if (spec.phrase && spec.scope !== 'title') {
      conds.push(sql`(text_tsv @@ ${tsquery([spec.phrase])}::tsquery and ${recheck([spec.phrase], ['title_f', 'text_f'], true)})`);
    }
  }
  return sql.join(conds, sql` and `);
}

/** AND of every run's bigrams (a one-character run: the prefix lexeme). */
function tsquery(runs: readonly string[]): string {
  return runs.map((r) => (charLength(r) === 1 ? `${lexeme(r)}:*` : runGrams(r).map(lexeme).join(' & '))).join(' & ');
}

/**
 * The substring check behind the index: bigrams all present does not mean adjacent (行政 … 政复 …
 * 复议 in three places). Runs of one or two characters need none unless `always`.
 */
function recheck(runs: readonly string[], cols: readonly ('title_f' | 'summary_f' | 'text_f')[], always = false): RawBuilder<unknown> {
  const conds = runs
    .filter((r) => always || charLength(r) >= 3)
    .map(
      (r) =>
        sql`(${sql.join(
          cols.map((c) => sql`strpos(${sql.ref(c)}, ${r}) > 0`),
          sql` or `,
        )})`,
    );
  return conds.length ? sql.join(conds, sql` and `) : sql`true`;
}

function filterCondition(f: FilterSet): RawBuilder<unknown> {
  const conds: RawBuilder<unknown>[] = [sql`true`];
  if (f.org.length) conds.push(sql`org = any(${f.org}::integer[])`);
  if (f.year.length) conds.push(sql`year = any(${f.year}::integer[])`);
  if (f.genre.length) conds.push(sql`genre = any(${f.genre}::text[])`);
  if (f.validity.length) conds.push(sql`validity = any(${f.validity}::text[])`);
  if (f.column.length) conds.push(sql`columns && ${f.column}::text[]`);
  // A top-level key matches every topic under it; a full key matches itself.
  if (f.topic.length) conds.push(sql`(topic = any(${f.topic}::text[]) or split_part(topic, '/', 1) = any(${f.topic}::text[]))`);
  return sql.join(conds, sql` and `);
}

function rankRange(key: RawBuilder<unknown>, f: FilterSet, w: RankWindow): RawBuilder<unknown> {
  const conds: RawBuilder<unknown>[] = [sql`true`];
  if (w.below !== undefined) conds.push(sql`${key} < ${w.below}`);
  if (w.atLeast !== undefined) conds.push(sql`${key} >= ${w.atLeast}`);
  if (f.rkFrom !== undefined) conds.push(sql`${key} >= ${f.rkFrom}`);
  if (f.rkTo !== undefined) conds.push(sql`${key} < ${f.rkTo}`);
  return sql.join(conds, sql` and `);
}

/** A tsvector literal of distinct lexemes, no positions. */
function tsvector(tokens: string): string {
  const seen = new Set<string>();
  for (const t of tokens.split(' ')) if (t) seen.add(t);
  return [...seen].map(lexeme).join(' ');
}

/** One quoted lexeme for tsvector/tsquery input: quotes and backslashes doubled. */
function lexeme(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

// --- rows -------------------------------------------------------------------------------------

interface RowColumns {
  rk: number | string;
  doc_id: number;
  org: number;
  year: number;
  topic: string;
  genre: string;
  columns: string[];
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
    rk: Number(r.rk),
    id: r.doc_id,
    org: r.org,
    year: r.year,
    topic: r.topic,
    genre: r.genre,
    columns: r.columns,
    validity: r.validity,
    publishedOn: r.published_on,
  };
}
