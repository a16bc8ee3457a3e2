import { sql, type RawBuilder } from 'kysely';
import { DAY_SLOTS, type PreparedDoc } from './prepare.ts';
import { charLength, runGrams } from './tokens.ts';
import type { FilterSet, MatchSpec, RankWindow, SearchDb, SearchEngine, StoredRow, StoredText } from './index.ts';
import { allocateRanks, dayCounts, deleteDocs } from './rows.ts';

/**
 * PostgreSQL: Debian's PostgreSQL has no Chinese parser (zhparser, pg_bigm, pgroonga are not
 * packaged), so the tsvectors are built here, lexeme by lexeme, from the same bigram tokens as
 * SQLite's index, and stored without positions. A run's bigrams AND-ed in a tsquery let the GIN
 * index find candidates; runs of three or more characters are then confirmed with strpos() on the
 * stored folded text, which gives exact substring semantics with no tsvector position limit
 * (positions stop at 16,383, which long attachments pass). Two-character runs are one bigram and
 * one-character runs a prefix lexeme ('复':*), exact without a recheck.
 *
 * Filters are ordinary columns in the same row, so the planner can combine them with the GIN
 * scan or walk the primary key newest-first and stop after `limit` rows, whichever is cheaper.
 */
export const postgresEngine: SearchEngine = {
  name: 'postgres',

  async write(db, docs) {
    const latest = new Map<number, PreparedDoc>();
    for (const d of docs) latest.set(d.doc.id, d);
    const unique = [...latest.values()];
    const previous = new Map<number, number>();
    for (let i = 0; i < unique.length; i += 1000) {
      for (const [id, rk] of await deleteDocs(db, unique.slice(i, i + 1000).map((d) => d.doc.id))) previous.set(id, rk);
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
    await sql`truncate search_docs, search_doc_texts, search_days`.execute(db);
  },

  async match(db, spec, window) {
    const { rows } = await sql<{ rk: number | string }>`select rk from search_docs where ${condition(spec)} and ${rankRange(spec.filters, window)}
      order by rk desc limit ${window.limit} offset ${window.offset ?? 0}`.execute(db);
    return rows.map((r) => Number(r.rk));
  },

  async count(db, spec, cap, below) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from (select 1 from search_docs where ${condition(spec)} and ${rankRange(spec.filters, { limit: cap, below })} limit ${cap}) s`.execute(db);
    return Number(rows[0]?.n ?? 0);
  },

  dayCounts,

  async rows(db, rks) {
    if (!rks.length) return [];
    const { rows } = await sql<RowColumns>`select rk, doc_id, org, year, topic, genre, columns, validity, published_on from search_docs where rk = any(${[...rks]}::bigint[])`.execute(db);
    return rows.map(toStoredRow);
  },

  async texts(db, rks) {
    if (!rks.length) return [];
    const { rows } = await sql<RowColumns & TextColumns>`select d.rk, d.doc_id, d.org, d.year, d.topic, d.genre, d.columns, d.validity, d.published_on,
        t.title, t.summary, t.body, t.doc_no, t.attachment_text
      from search_docs d join search_doc_texts t on t.rk = d.rk where d.rk = any(${[...rks]}::bigint[])`.execute(db);
    return rows.map((r): StoredText => ({ ...toStoredRow(r), title: r.title, summary: r.summary, body: r.body, docNo: r.doc_no, attachmentText: r.attachment_text }));
  },
};

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
    .map((r) => sql`(${sql.join(cols.map((c) => sql`strpos(${sql.ref(c)}, ${r}) > 0`), sql` or `)})`);
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

function rankRange(f: FilterSet, w: RankWindow): RawBuilder<unknown> {
  const conds: RawBuilder<unknown>[] = [sql`true`];
  if (w.below !== undefined) conds.push(sql`rk < ${w.below}`);
  if (w.atLeast !== undefined) conds.push(sql`rk >= ${w.atLeast}`);
  if (f.minDay !== undefined) conds.push(sql`rk >= ${f.minDay * DAY_SLOTS}`);
  if (f.maxDay !== undefined) conds.push(sql`rk < ${(f.maxDay + 1) * DAY_SLOTS}`);
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
  return { rk: Number(r.rk), id: r.doc_id, org: r.org, year: r.year, topic: r.topic, genre: r.genre, columns: r.columns, validity: r.validity, publishedOn: r.published_on };
}
