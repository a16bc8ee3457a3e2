import { sql } from 'kysely';
import { isPostgres } from '../../storage/migration-kit.ts';
import { prepareDoc } from './prepare.ts';
import { clear, upsertPrepared, type SearchDb } from './index.ts';
import type { SearchDoc } from './types.ts';

export interface ReindexProgress {
  phase: 'clearing' | 'indexing' | 'compacting' | 'done';
  /** Documents indexed so far. */
  done: number;
  elapsedMs: number;
}

/**
 * Rebuilds the index from the records (`gongkai reindex`): clears it, then writes each batch the
 * source yields in its own transaction, so the site and other writers keep working during a long
 * rebuild (searches see a growing index meanwhile). Ends by compacting: SQLite merges FTS5's
 * segments into one (faster queries afterwards), PostgreSQL refreshes planner statistics.
 *
 * Given a transaction instead of the database, everything happens inside it.
 */
export async function reindex(
  db: SearchDb,
  source: AsyncIterable<readonly SearchDoc[]> | Iterable<readonly SearchDoc[]>,
  onProgress: (p: ReindexProgress) => void = () => {},
): Promise<{ docs: number; ms: number }> {
  const t0 = performance.now();
  const report = (phase: ReindexProgress['phase'], done: number): void => onProgress({ phase, done, elapsedMs: Math.round(performance.now() - t0) });
  const inTx = async (fn: (tx: SearchDb) => Promise<void>): Promise<void> => {
    if (db.isTransaction) await fn(db);
    else await db.transaction().execute(fn);
  };
  report('clearing', 0);
  await inTx((tx) => clear(tx));
  let done = 0;
  for await (const batch of source) {
    if (!batch.length) continue;
    const prepared = batch.map(prepareDoc);
    await inTx((tx) => upsertPrepared(tx, prepared));
    done += batch.length;
    report('indexing', done);
  }
  report('compacting', done);
  await compact(db);
  report('done', done);
  return { docs: done, ms: Math.round(performance.now() - t0) };
}

/** After a bulk load: one FTS5 segment per table (SQLite), fresh statistics (PostgreSQL). */
export async function compact(db: SearchDb): Promise<void> {
  if (isPostgres(db)) {
    await sql`analyze search_docs`.execute(db);
    return;
  }
  await sql`insert into search_fts_all (search_fts_all) values ('optimize')`.execute(db);
  await sql`insert into search_fts_title (search_fts_title) values ('optimize')`.execute(db);
}
