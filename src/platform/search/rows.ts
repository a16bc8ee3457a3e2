import { sql } from 'kysely';
import { DAY_SLOTS, type PreparedDoc } from './prepare.ts';
import type { SearchDb } from './index.ts';

/**
 * Row bookkeeping both engines share: the plain tables search_docs (facet fields),
 * search_doc_texts (original text for snippets) and search_days (documents and the last rank
 * key used per day). The SQL here is the same on SQLite and PostgreSQL.
 */

/**
 * Deletes the documents' rows and keeps search_days' counts true. Returns the freed rank keys by
 * document id, so a rewritten document can keep its key when its day has not changed.
 */
export async function deleteDocs(db: SearchDb, ids: readonly number[]): Promise<Map<number, number>> {
  const freed = new Map<number, number>();
  if (!ids.length) return freed;
  const { rows } = await sql<{
    rk: number | string;
    doc_id: number;
  }>`delete from search_docs where doc_id in (${sql.join([...ids])}) returning rk, doc_id`.execute(db);
  if (!rows.length) return freed;
  for (const r of rows) freed.set(Number(r.doc_id), Number(r.rk));
  const rks = [...freed.values()];
  await sql`delete from search_doc_texts where rk in (${sql.join(rks)})`.execute(db);
  const perDay = new Map<number, number>();
  for (const rk of rks) {
    const day = Math.floor(rk / DAY_SLOTS);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  for (const [day, n] of perDay) await sql`update search_days set docs = docs - ${n} where day = ${day}`.execute(db);
  return freed;
}

/**
 * Gives each document a rank key on its publication day: its previous key when it had one on the
 * same day (so re-saving an item does not move it or use up keys), otherwise the day's next one.
 * The upsert on search_days takes the day's row lock, so concurrent writers (PostgreSQL) get
 * disjoint key blocks; SQLite has one writer at a time anyway.
 */
export async function allocateRanks(
  db: SearchDb,
  docs: readonly PreparedDoc[],
  previous: ReadonlyMap<number, number>,
): Promise<{ rk: number; doc: PreparedDoc }[]> {
  const byDay = new Map<number, { fresh: PreparedDoc[]; kept: number }>();
  const out: { rk: number; doc: PreparedDoc }[] = [];
  for (const d of docs) {
    let entry = byDay.get(d.day);
    if (!entry) {
      entry = { fresh: [], kept: 0 };
      byDay.set(d.day, entry);
    }
    const old = previous.get(d.doc.id);
    if (old !== undefined && Math.floor(old / DAY_SLOTS) === d.day) {
      out.push({ rk: old, doc: d });
      entry.kept++;
    } else {
      entry.fresh.push(d);
    }
  }
  const days = [...byDay.keys()];
  for (let i = 0; i < days.length; i += 500) {
    const slice = days.slice(i, i + 500);
    const { rows } = await sql<{ day: number; last_seq: number | string }>`
      insert into search_days (day, docs, last_seq)
      values ${sql.join(
        slice.map((day) => {
          const e = byDay.get(day)!;
          return sql`(${day}, ${e.fresh.length + e.kept}, ${e.fresh.length})`;
        }),
      )}
      on conflict (day) do update set docs = search_days.docs + excluded.docs, last_seq = search_days.last_seq + excluded.last_seq
      returning day, last_seq`.execute(db);
    for (const r of rows) {
      const day = Number(r.day);
      const { fresh } = byDay.get(day)!;
      const last = Number(r.last_seq);
      if (last >= DAY_SLOTS) throw new RangeError(`more than ${DAY_SLOTS - 1} documents indexed for one day (${day})`);
      for (const [k, doc] of fresh.entries()) out.push({ rk: day * DAY_SLOTS + last - fresh.length + 1 + k, doc });
    }
  }
  await widenYears(db, out);
  return out;
}

/**
 * Keeps, per document year, the span of rank keys its documents occupy. Spans only widen (a
 * delete leaves them as they were): they bound where to look, so too wide is merely slower, never
 * wrong. A rebuild starts them afresh.
 */
async function widenYears(db: SearchDb, ranked: readonly { rk: number; doc: PreparedDoc }[]): Promise<void> {
  const span = new Map<number, { min: number; max: number }>();
  for (const { rk, doc } of ranked) {
    const s = span.get(doc.doc.year);
    if (!s) span.set(doc.doc.year, { min: rk, max: rk });
    else {
      if (rk < s.min) s.min = rk;
      if (rk > s.max) s.max = rk;
    }
  }
  if (!span.size) return;
  await sql`insert into search_years (year, min_rk, max_rk)
    values ${sql.join([...span].map(([year, s]) => sql`(${year}, ${s.min}, ${s.max})`))}
    on conflict (year) do update set
      min_rk = case when excluded.min_rk < search_years.min_rk then excluded.min_rk else search_years.min_rk end,
      max_rk = case when excluded.max_rk > search_years.max_rk then excluded.max_rk else search_years.max_rk end`.execute(db);
}

export async function yearSpan(db: SearchDb, years: readonly number[]): Promise<{ min: number; max: number } | null> {
  if (!years.length) return null;
  const { rows } = await sql<{
    lo: number | string | null;
    hi: number | string | null;
  }>`select min(min_rk) as lo, max(max_rk) as hi from search_years where year in (${sql.join([...years])})`.execute(db);
  const r = rows[0];
  return r && r.lo !== null && r.hi !== null ? { min: Number(r.lo), max: Number(r.hi) } : null;
}

/** Documents in [minDay, maxDay], and those of them from sinceDay on (for estimated totals). */
export async function dayCounts(db: SearchDb, sinceDay: number, minDay?: number, maxDay?: number): Promise<{ all: number; since: number }> {
  const { rows } = await sql<{ all_docs: number | string | null; since_docs: number | string | null }>`
    select sum(docs) as all_docs, sum(case when day >= ${sinceDay} then docs else 0 end) as since_docs
    from search_days where day >= ${minDay ?? -1_000_000} and day <= ${maxDay ?? 1_000_000}`.execute(db);
  return { all: Number(rows[0]?.all_docs ?? 0), since: Number(rows[0]?.since_docs ?? 0) };
}
