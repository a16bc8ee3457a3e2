import { sql, type RawBuilder } from 'kysely';
import { DAY_SLOTS, tag, topicKeys, type PreparedDoc } from './prepare.ts';
import { charLength, runGrams } from './tokens.ts';
import type { FilterSet, MatchSpec, RankWindow, SearchDb, SearchEngine, StoredRow, StoredText } from './index.ts';
import { allocateRanks, dayCounts, deleteDocs } from './rows.ts';

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
    const previous = await removeIds(db, unique.map((d) => d.doc.id));
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
        chunk.map(({ rk, doc: { doc: x } }) => sql`(${rk}, ${x.id}, ${x.org}, ${x.year}, ${x.topic}, ${x.genre}, ${JSON.stringify([...new Set(x.columns)])}, ${x.validity}, ${x.publishedOn})`),
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
  },

  async match(db, spec, window) {
    const limit = sql`limit ${window.limit} offset ${window.offset ?? 0}`;
    if (!spec.runs.length) {
      const { rows } = await sql<{ rk: number }>`select rk from search_docs where ${docFilters(spec.filters)} and ${rankRange('rk', spec.filters, window)} order by rk desc ${limit}`.execute(db);
      return rows.map((r) => r.rk);
    }
    const table = spec.scope === 'title' ? sql.raw('search_fts_title') : sql.raw('search_fts_all');
    const { rows } = await sql<{ rk: number }>`select rowid as rk from ${table} where ${table} match ${ftsExpression(spec)} and ${rankRange('rowid', spec.filters, window)} order by rowid desc ${limit}`.execute(db);
    return rows.map((r) => r.rk);
  },

  async count(db, spec, cap, below) {
    const window: RankWindow = { limit: cap, below };
    if (!spec.runs.length) {
      const { rows } = await sql<{ n: number }>`select count(*) as n from (select 1 from search_docs where ${docFilters(spec.filters)} and ${rankRange('rk', spec.filters, window)} limit ${cap})`.execute(db);
      return Number(rows[0]?.n ?? 0);
    }
    const table = spec.scope === 'title' ? sql.raw('search_fts_title') : sql.raw('search_fts_all');
    const { rows } = await sql<{ n: number }>`select count(*) as n from (select 1 from ${table} where ${table} match ${ftsExpression(spec)} and ${rankRange('rowid', spec.filters, window)} limit ${cap})`.execute(db);
    return Number(rows[0]?.n ?? 0);
  },

  dayCounts,

  async rows(db, rks) {
    if (!rks.length) return [];
    const { rows } = await sql<RowColumns>`select rk, doc_id, org, year, topic, genre, columns, validity, published_on from search_docs where rk in (select value from json_each(${JSON.stringify(rks)}))`.execute(db);
    return rows.map(toStoredRow);
  },

  async texts(db, rks) {
    if (!rks.length) return [];
    const { rows } = await sql<RowColumns & TextColumns>`select d.*, t.title, t.summary, t.body, t.doc_no, t.attachment_text from search_docs d join search_doc_texts t on t.rk = d.rk where d.rk in (select value from json_each(${JSON.stringify(rks)}))`.execute(db);
    return rows.map((r): StoredText => ({ ...toStoredRow(r), title: r.title, summary: r.summary, body: r.body, docNo: r.doc_no, attachmentText: r.attachment_text }));
  },
};

// --- expressions ------------------------------------------------------------------------------

const ALL_COLUMNS = '{title summary body}';

/** The FTS5 query for a spec (exported for tests and the ADR's examples). */
export function ftsExpression(spec: MatchSpec): string {
  const runs = spec.runs.map(phrase).join(' AND ');
  const parts: string[] = [];
  switch (spec.scope) {
    case 'title':
      parts.push(`{title} : (${runs})`);
      if (spec.phrase) parts.push(`{title} : ${phrase(spec.phrase)}`);
      if (spec.titleWords?.length) parts.push(`{words} : (${spec.titleWords.map(quote).join(' AND ')})`);
      break;
    case 'any':
      parts.push(`${ALL_COLUMNS} : (${runs})`);
      break;
    case 'rest':
      parts.push(`(${ALL_COLUMNS} : (${runs})) NOT ({title} : (${runs}))`);
      break;
    case 'summary':
      parts.push(`({summary} : (${runs})) NOT ({title} : (${runs}))`);
      break;
  }
  if (spec.phrase && spec.scope !== 'title') parts.push(`${ALL_COLUMNS} : ${phrase(spec.phrase)}`);
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
  add('topic', f.topic.map((t) => topicKeys(t).at(-1)!));
  return out;
}

/** Rank-key bounds: the window's, and publishedFrom/To as whole days. */
function rankRange(col: 'rk' | 'rowid', f: FilterSet, w: RankWindow): RawBuilder<unknown> {
  const c = sql.raw(col);
  const conds: RawBuilder<unknown>[] = [sql`1 = 1`];
  if (w.below !== undefined) conds.push(sql`${c} < ${w.below}`);
  if (w.atLeast !== undefined) conds.push(sql`${c} >= ${w.atLeast}`);
  if (f.minDay !== undefined) conds.push(sql`${c} >= ${f.minDay * DAY_SLOTS}`);
  if (f.maxDay !== undefined) conds.push(sql`${c} < ${(f.maxDay + 1) * DAY_SLOTS}`);
  return sql.join(conds, sql` and `);
}

/** Filters on search_docs for queries without terms (browsing a column, an org, a year). */
function docFilters(f: FilterSet): RawBuilder<unknown> {
  const conds: RawBuilder<unknown>[] = [sql`1 = 1`];
  if (f.org.length) conds.push(sql`org in (${sql.join(f.org)})`);
  if (f.year.length) conds.push(sql`year in (${sql.join(f.year)})`);
  if (f.genre.length) conds.push(sql`genre in (${sql.join(f.genre)})`);
  if (f.validity.length) conds.push(sql`validity in (${sql.join(f.validity)})`);
  if (f.topic.length) conds.push(sql`(${sql.join(f.topic.map((t) => sql`(topic = ${t} or topic like ${`${t.replace(/[%_\\]/g, '\\$&')}/%`} escape '\\')`), sql` or `)})`);
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
  return { rk: r.rk, id: r.doc_id, org: r.org, year: r.year, topic: r.topic, genre: r.genre, columns: JSON.parse(r.columns) as string[], validity: r.validity, publishedOn: r.published_on };
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
