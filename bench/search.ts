/**
 * Search benchmark, printed as JSON:
 *
 *   npx tsx bench/search.ts --items 100000                       (SQLite, file in /tmp)
 *   npx tsx bench/search.ts --items 1000000
 *   npx tsx bench/search.ts --items 100000 --url postgres://postgres@127.0.0.1:5432/DB
 *     (a database of its own: Kysely's migrator looks for its lock table by name in every schema,
 *     so a bench schema inside the test database breaks the tests' migrations)
 *   options: --reuse (keep an index built by an earlier run) · --runs 7 · --no-recall
 *
 * Build: the corpus (bench/corpus.ts) is generated in memory, then indexed by `reindex` (a worker
 * prepares while the main thread writes, 10,000 documents per transaction, compact at the end);
 * generating the corpus is not counted. Latency: every query of the
 * fixed set, ranked top 20 through the public `search()` (totals, titles and snippets included),
 * once to warm up and then --runs times; p50/p99 over all runs, per-query medians, and where the
 * time goes per engine primitive. Recall: the set of matching ids from the index against a
 * substring scan of the regenerated corpus. CPU time is reported beside wall time because this
 * machine is shared: wall time under load says more about the neighbours than about the index.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/storage/db.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';
import { engineFor, reindex, searchMigrations, type SearchEngine } from '../src/platform/search/index.ts';
import { runSearch } from '../src/platform/search/search.ts';
import { foldText, parseQuery } from '../src/platform/search/normalize.ts';
import type { SearchQuery } from '../src/platform/search/types.ts';
import { BENCH_QUERIES, corpusBatches } from './corpus.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback?: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const flag = (name: string): boolean => args.includes(`--${name}`);
const items = Number(arg('items', '100000'));
const runs = Number(arg('runs', '7'));
const url = arg('url') ?? `sqlite:/tmp/gongkai-bench-search-${items}.db`;
const isPg = url.startsWith('postgres');
const schema = isPg ? `bench_search_${items}` : undefined;

async function main(): Promise<void> {
  const fresh = !flag('reuse') || (!isPg && !existsSync(url.slice('sqlite:'.length)));
  if (isPg && fresh) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.query(`create schema ${schema}`);
    await c.end();
  }
  if (!isPg && fresh) for (const s of ['', '-wal', '-shm']) rmSync(url.slice('sqlite:'.length) + s, { force: true });
  const database = openDatabase({ url, schema, poolSize: 4 });
  const db = database.db;
  const out: Record<string, unknown> = { engine: database.engine, items, node: process.version };
  try {
    if (fresh) {
      await migrateToLatest(db, searchMigrations);
      out.build = await build(db);
    }
    out.size = await indexSize(db, database.engine, url);
    const engine = engineFor(db);
    out.latency = await latency(engine, db);
    if (!flag('no-recall')) out.recall = await recall(engine, db);
  } finally {
    await database.close();
  }
  console.log(JSON.stringify(out, null, 2));
}

// --- build ------------------------------------------------------------------------------------

async function build(db: ReturnType<typeof openDatabase>['db']): Promise<Record<string, unknown>> {
  // The corpus is generated first, outside the timing: the rate is the index's, not the generator's.
  const g0 = performance.now();
  const batches = [...corpusBatches({ items })];
  const generateSeconds = round((performance.now() - g0) / 1000);
  let last = performance.now();
  const cpu0 = process.cpuUsage();
  const stats = await reindex(db, batches, (p) => {
    if (performance.now() - last > 15_000) {
      last = performance.now();
      process.stderr.write(`${p.phase} ${p.done} (${Math.round(p.done / (p.elapsedMs / 1000))}/s)\n`);
    }
  });
  const cpu = process.cpuUsage(cpu0);
  const indexMs = stats.ms - stats.compactMs;
  return {
    itemsPerSecond: Math.round(stats.docs / (indexMs / 1000)),
    itemsPerSecondWithCompact: Math.round(stats.docs / (stats.ms / 1000)),
    // This process's CPU (main thread and the preparing worker); PostgreSQL's own work is not in it.
    processCpuSeconds: round((cpu.user + cpu.system) / 1e6),
    seconds: {
      total: round(stats.ms / 1000),
      write: round(stats.writeMs / 1000),
      waitingForPrepare: round(stats.prepareWaitMs / 1000),
      compact: round(stats.compactMs / 1000),
      generateCorpusUntimed: generateSeconds,
    },
  };
}

async function indexSize(db: ReturnType<typeof openDatabase>['db'], engine: string, dbUrl: string): Promise<Record<string, unknown>> {
  if (engine === 'postgres') {
    const { rows } = await sql<{ name: string; bytes: string }>`select c.relname as name, pg_total_relation_size(c.oid)::text as bytes
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind = 'r' and c.relname like 'search_%'`.execute(db);
    const perTable = Object.fromEntries(rows.map((r) => [r.name, mib(Number(r.bytes))]));
    return { totalMiB: mib(rows.reduce((a, r) => a + Number(r.bytes), 0)), perTableMiB: perTable };
  }
  const file = dbUrl.slice('sqlite:'.length);
  await sql`pragma wal_checkpoint(truncate)`.execute(db);
  const { rows } = await sql<{ name: string; bytes: number }>`select name, sum(pgsize) as bytes from dbstat group by name order by bytes desc`.execute(db);
  return {
    fileMiB: mib(statSync(file).size),
    perTableMiB: Object.fromEntries(rows.filter((r) => r.bytes > 1 << 20).map((r) => [r.name, mib(r.bytes)])),
  };
}

// --- latency ----------------------------------------------------------------------------------

async function latency(engine: SearchEngine, db: ReturnType<typeof openDatabase>['db']): Promise<Record<string, unknown>> {
  const spent = new Map<string, number>();
  const timed = new Proxy(engine, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function') return v;
      return async (...a: unknown[]) => {
        const t = performance.now();
        try {
          return await (v as (...x: unknown[]) => Promise<unknown>).apply(target, a);
        } finally {
          spent.set(String(prop), (spent.get(String(prop)) ?? 0) + performance.now() - t);
        }
      };
    },
  }) as SearchEngine;

  const measure = async (label: string, make: (q: string) => SearchQuery): Promise<Record<string, unknown>> => {
    const all: number[] = [];
    const cpuAll: number[] = [];
    const perQuery: Record<string, { ms: number; total: string }> = {};
    spent.clear();
    for (const q of BENCH_QUERIES) await runSearch(engine, db, make(q)); // warm-up pass
    for (const q of BENCH_QUERIES) {
      const mine: number[] = [];
      let total = '';
      for (let i = 0; i < runs; i++) {
        const c = process.cpuUsage();
        const t = performance.now();
        const r = await runSearch(timed, db, make(q));
        const ms = performance.now() - t;
        const u = process.cpuUsage(c);
        mine.push(ms);
        cpuAll.push((u.user + u.system) / 1000);
        total = `${r.totalIsEstimate ? '~' : ''}${r.total}`;
      }
      all.push(...mine);
      perQuery[q] = { ms: round(pct(mine, 50)), total };
    }
    const searches = BENCH_QUERIES.length * runs;
    return {
      label,
      p50: round(pct(all, 50)),
      p90: round(pct(all, 90)),
      p99: round(pct(all, 99)),
      max: round(Math.max(...all)),
      // CPU time of this process per search: on SQLite the whole search runs here, so these say
      // what the search costs on an idle machine when neighbours inflate wall time.
      cpuP50: round(pct(cpuAll, 50)),
      cpuP99: round(pct(cpuAll, 99)),
      msPerSearchByPrimitive: Object.fromEntries([...spent].map(([k, v]) => [k, round(v / searches)])),
      perQuery,
    };
  };
  return {
    relevanceTop20: await measure('ranked top 20', (q) => ({ q, limit: 20 })),
    dateTop20: await measure('newest top 20', (q) => ({ q, limit: 20, sort: 'date' })),
    relevanceTop20WithFacets: await measure('ranked top 20 + six facets', (q) => ({
      q,
      limit: 20,
      facets: ['org', 'year', 'topic', 'genre', 'column', 'validity'],
    })),
    relevancePage5: await measure('ranked results 81–100', (q) => ({ q, limit: 20, offset: 80 })),
    filteredOrgYear: await measure('ranked top 20, org and year filter', (q) => ({ q, limit: 20, filters: { org: 6, year: [2020, 2021] } })),
  };
}

// --- recall -----------------------------------------------------------------------------------

async function recall(engine: SearchEngine, db: ReturnType<typeof openDatabase>['db']): Promise<Record<string, unknown>> {
  const queries = BENCH_QUERIES.map((q) => ({ q, runs: parseQuery(q).flat(), expected: new Set<number>() }));
  for (const batch of corpusBatches({ items })) {
    for (const d of batch) {
      const text = foldText([d.title, d.summary, d.body, d.docNo, d.attachmentText].join('\n'));
      for (const q of queries) {
        if (q.runs.every((r) => text.includes(r))) q.expected.add(d.id);
      }
    }
  }
  const { rows } = await sql<{ rk: number | string; doc_id: number }>`select rk, doc_id from search_docs`.execute(db);
  const idOf = new Map(rows.map((r) => [Number(r.rk), r.doc_id]));
  const noFilters = { org: [], year: [], topic: [], genre: [], column: [], validity: [] };
  const perQuery: Record<string, { expected: number; found: number; missing: number; extra: number }> = {};
  let exp = 0;
  let hit = 0;
  let extra = 0;
  for (const q of queries) {
    const rks = await engine.match(db, { runs: q.runs, scope: 'any', filters: noFilters }, { limit: 100_000_000 });
    const found = new Set(rks.map((rk) => idOf.get(rk)!));
    let inter = 0;
    for (const id of found) if (q.expected.has(id)) inter++;
    perQuery[q.q] = { expected: q.expected.size, found: found.size, missing: q.expected.size - inter, extra: found.size - inter };
    exp += q.expected.size;
    hit += inter;
    extra += found.size - inter;
  }
  return { recall: exp ? hit / exp : 1, falseHits: extra, expectedHits: exp, perQuery };
}

// ---------------------------------------------------------------------------------------------

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  // No samples, no percentile.
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}
function round(x: number): number {
  return Math.round(x * 100) / 100;
}
function mib(bytes: number): number {
  return Math.round((bytes / 1048576) * 10) / 10;
}

await main();
