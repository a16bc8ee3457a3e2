import { sql, type Kysely, type Migration } from 'kysely';
import { isPostgres } from '../../storage/migration-kit.ts';

/**
 * The search index's tables. Derived data: `gongkai reindex` rebuilds them from the records, so a
 * later migration may drop and recreate them freely (and must, if tokenisation changes).
 * Frozen in time like every migration: no application imports.
 */
export const searchMigrations: Record<string, Migration> = {
  '2026-11-27-10-search-index': {
    async up(db: Kysely<any>) {
      const pg = isPostgres(db);
      // Documents and last rank-key sequence per publication day (days since 1900-01-01).
      await sql`create table search_days (day integer primary key, docs integer not null, last_seq integer not null)`.execute(db);
      // Span of rank keys per document year: a year filter reads only that part of the index.
      const rk = sql.raw(pg ? 'bigint' : 'integer');
      await sql`create table search_years (year integer primary key, min_rk ${rk} not null, max_rk ${rk} not null)`.execute(db);
      // Original text, for titles and snippets of the page being shown.
      await sql`create table search_doc_texts (
        rk ${rk} primary key,
        title text not null, summary text not null, body text not null, doc_no text not null, attachment_text text not null)`.execute(db);
      if (pg) {
        await sql`create table search_docs (
          rk bigint primary key,
          doc_id integer not null unique,
          org integer not null,
          year integer not null,
          topic text not null,
          genre text not null,
          columns text[] not null,
          validity text not null,
          published_on text not null,
          title_f text not null,
          summary_f text not null,
          text_f text not null,
          title_tsv tsvector not null,
          text_tsv tsvector not null,
          words_tsv tsvector not null)
          with (toast_tuple_target = 256)`.execute(db);
        // toast_tuple_target: the body's folded text and tsvector go out of line, so the heap a
        // bitmap scan visits is ~5× smaller (29 MB instead of 145 MB at 100k documents). The
        // title's columns stay in the row (MAIN): the title tier tests them row by row.
        for (const col of ['title_f', 'title_tsv', 'words_tsv', 'summary_f']) {
          await sql`alter table search_docs alter column ${sql.ref(col)} set storage main`.execute(db);
        }
        // Runs of three or more characters are confirmed with strpos() on text_f, which means
        // decompressing it per candidate: lz4 decompresses several times faster than the default
        // pglz. Servers built without lz4 keep pglz.
        await sql`do $$ begin
          alter table search_docs alter column text_f set compression lz4;
          alter table search_docs alter column text_tsv set compression lz4;
        exception when others then null; end $$`.execute(db);
        // fastupdate off: the pending list makes every search scan it until vacuum merges it.
        await sql`create index search_docs_text on search_docs using gin (text_tsv) with (fastupdate = off)`.execute(db);
        await sql`create index search_docs_title on search_docs using gin (title_tsv) with (fastupdate = off)`.execute(db);
        return;
      }
      await sql`create table search_docs (
        rk integer primary key,
        doc_id integer not null unique,
        org integer not null,
        year integer not null,
        topic text not null,
        genre text not null,
        columns text not null,
        validity text not null,
        published_on text not null)`.execute(db);
      // Contentless (the text is in search_doc_texts), deletable by rowid. The ascii tokenizer
      // splits only on ASCII separators: tokens arrive pre-cut, space-separated (bigrams, words,
      // filter tags), and it is cheaper than unicode61, which would also glue runs of Han together.
      await sql`create virtual table search_fts_all using fts5(title, summary, body, tags, content='', contentless_delete=1, tokenize='ascii')`.execute(db);
      await sql`create virtual table search_fts_title using fts5(title, words, tags, content='', contentless_delete=1, tokenize='ascii')`.execute(db);
      for (const t of ['search_fts_all', 'search_fts_title']) {
        const table = sql.raw(t);
        // An 8 MiB pending-terms buffer and merges of 16 segments: fewer, larger flushes while a
        // million documents are indexed (ADR 0003 has the measurements).
        await sql`insert into ${table} (${table}, rank) values ('hashsize', 8388608)`.execute(db);
        await sql`insert into ${table} (${table}, rank) values ('automerge', 16)`.execute(db);
      }
    },
    async down(db: Kysely<any>) {
      for (const t of ['search_fts_all', 'search_fts_title', 'search_docs', 'search_doc_texts', 'search_days', 'search_years']) {
        await sql`drop table if exists ${sql.raw(t)}`.execute(db);
      }
    },
  },
};
