import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { prepareDoc, type PreparedDoc } from './prepare.ts';
import { clear, engineFor, upsertPrepared, type SearchDb } from './index.ts';
import type { SearchDoc } from './types.ts';

export interface ReindexProgress {
  phase: 'clearing' | 'indexing' | 'compacting' | 'done';
  /** Documents indexed so far. */
  done: number;
  elapsedMs: number;
}

export interface ReindexOptions {
  /**
   * Threads preparing documents (folding, bigrams, jieba) while the main thread writes. Default:
   * one when the machine has a second core, else none (prepare inline).
   */
  workers?: number;
  /** Documents per write transaction (default 10,000: each commit flushes FTS5's buffer). */
  docsPerTransaction?: number;
}

export interface ReindexStats {
  docs: number;
  ms: number;
  /** Main thread writing to the database. */
  writeMs: number;
  /** Main thread waiting for prepared documents (or preparing them, without workers). */
  prepareWaitMs: number;
  compactMs: number;
}

/**
 * Rebuilds the index from the records (`gongkai reindex`): clears it, then writes the documents
 * the source yields in transactions of `docsPerTransaction`, so the site and other writers get
 * their turn between them (searches see a growing index meanwhile). The engine relaxes what a
 * derived index can do without during the rebuild and compacts at the end (SQLite: synchronous =
 * NORMAL, then one FTS5 segment per table; PostgreSQL: GIN fast update, then merged and analysed).
 * Given a transaction instead of the database, everything happens inside it.
 */
export async function reindex(
  db: SearchDb,
  source: AsyncIterable<readonly SearchDoc[]> | Iterable<readonly SearchDoc[]>,
  onProgress: (p: ReindexProgress) => void = () => {},
  options: ReindexOptions = {},
): Promise<ReindexStats> {
  const t0 = performance.now();
  const report = (phase: ReindexProgress['phase'], done: number): void => onProgress({ phase, done, elapsedMs: Math.round(performance.now() - t0) });
  const inTx = async (fn: (tx: SearchDb) => Promise<void>): Promise<void> => {
    if (db.isTransaction) await fn(db);
    else await db.transaction().execute(fn);
  };
  const perTx = options.docsPerTransaction ?? 10_000;
  const workers = Math.max(0, options.workers ?? (availableParallelism() > 1 ? 1 : 0));
  const pool = workers ? await PreparePool.start(workers) : null;
  const bulk = await engineFor(db).beginBulk(db);
  let finished = false;
  const stats: ReindexStats = { docs: 0, ms: 0, writeMs: 0, prepareWaitMs: 0, compactMs: 0 };
  try {
    report('clearing', 0);
    await inTx((tx) => clear(tx));

    // Chunks of ~1,000 documents go to the workers ahead of the writes (at most two
    // transactions' worth in flight), so preparing overlaps writing.
    const inFlight: Promise<PreparedDoc[]>[] = [];
    let pending: SearchDoc[] = [];
    let buffer: PreparedDoc[] = [];
    const submit = (docs: SearchDoc[]): void => {
      inFlight.push(pool ? pool.prepare(docs) : Promise.resolve(docs.map(prepareDoc)));
    };
    const write = async (): Promise<void> => {
      const w0 = performance.now();
      const batch = buffer;
      buffer = [];
      await inTx((tx) => upsertPrepared(tx, batch));
      stats.writeMs += performance.now() - w0;
      stats.docs += batch.length;
      report('indexing', stats.docs);
    };
    const drainOne = async (): Promise<void> => {
      const w0 = performance.now();
      const prepared = await inFlight.shift()!;
      stats.prepareWaitMs += performance.now() - w0;
      buffer.push(...prepared);
      if (buffer.length >= perTx) await write();
    };
    for await (const batch of source) {
      for (const doc of batch) {
        pending.push(doc);
        if (pending.length === 1000) {
          submit(pending);
          pending = [];
          while (inFlight.length * 1000 > 2 * perTx) await drainOne();
        }
      }
    }
    if (pending.length) submit(pending);
    while (inFlight.length) await drainOne();
    if (buffer.length) await write();

    report('compacting', stats.docs);
    const c0 = performance.now();
    finished = true;
    await bulk.finish();
    stats.compactMs = performance.now() - c0;
    report('done', stats.docs);
  } finally {
    await pool?.stop();
    if (!finished) await bulk.finish().catch(() => {});
  }
  stats.ms = Math.round(performance.now() - t0);
  stats.writeMs = Math.round(stats.writeMs);
  stats.prepareWaitMs = Math.round(stats.prepareWaitMs);
  stats.compactMs = Math.round(stats.compactMs);
  return stats;
}

/** Worker threads running prepare-worker.mjs; requests are spread round-robin. */
class PreparePool {
  private next = 0;
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (p: PreparedDoc[]) => void; reject: (e: Error) => void }>();

  private constructor(private readonly workers: Worker[]) {
    for (const w of workers) {
      w.on('message', (m: { id: number; prepared?: PreparedDoc[]; error?: string }) => {
        const entry = this.waiting.get(m.id);
        if (!entry) return;
        this.waiting.delete(m.id);
        if (m.error !== undefined) entry.reject(new Error(`preparing search documents failed: ${m.error}`));
        else entry.resolve(m.prepared ?? []);
      });
      w.on('error', (e) => {
        for (const entry of this.waiting.values()) entry.reject(e);
        this.waiting.clear();
      });
    }
  }

  static async start(n: number): Promise<PreparePool> {
    const workers = await Promise.all(
      Array.from({ length: n }, async () => {
        // execArgv: [] — the worker registers tsx itself; inheriting the parent's loader flags
        // would register it twice under `tsx`.
        const w = new Worker(new URL('./prepare-worker.mjs', import.meta.url), { execArgv: [] });
        await new Promise<void>((resolve, reject) => {
          w.once('message', () => resolve());
          w.once('error', reject);
        });
        return w;
      }),
    );
    return new PreparePool(workers);
  }

  prepare(docs: SearchDoc[]): Promise<PreparedDoc[]> {
    const id = this.seq++;
    // A pool is only started with at least one worker.
    const w = this.workers[this.next++ % this.workers.length]!;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      w.postMessage({ id, docs });
    });
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
