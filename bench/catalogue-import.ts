/**
 * Import throughput of the catalogue, printed as JSON:
 *
 *   npx tsx bench/catalogue-import.ts --items 20000                 (SQLite file in /tmp)
 *   npx tsx bench/catalogue-import.ts --items 20000 --url postgres://postgres@127.0.0.1:5432/DB
 *
 * Items come from the demo generator (realistic titles, bodies, 文号) over the demo district's orgs
 * and columns; generating them is not timed. Timed: one `catalogue.import` command (checks, bulk
 * inserts of items, history and channels, 索引号 assignment, indexing for search, the audit entry),
 * with the time of each phase from the progress callback. CPU time is shown beside wall time: the
 * machine is shared.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { randomBytes, createHash } from 'node:crypto';
import { configSchema } from '../src/platform/config.ts';
import { openApp } from '../src/app/boot.ts';
import { fixedClock } from '../src/kernel/clock.ts';
import { execute } from '../src/platform/command.ts';
import { loadDemoOrgs } from '../src/modules/orgs/demo.ts';
import { listOrgs } from '../src/modules/orgs/index.ts';
import { listColumns } from '../src/modules/catalogue/repo.ts';
import { importCommand, type ImportProgress } from '../src/modules/catalogue/commands/import-items.ts';
import { generateItems } from '../src/modules/catalogue/demo/generate-items.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback?: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const items = Number(arg('items', '20000'));
const pgUrl = arg('url');

let url: string;
let cleanup: () => Promise<void>;
if (pgUrl) {
  const name = `gk_bench_imp_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(pgUrl);
  u.pathname = `/${name}`;
  url = u.toString();
  cleanup = async () => {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
} else {
  const dir = mkdtempSync(join(tmpdir(), 'gk-bench-imp-'));
  url = join(dir, 'b.db');
  cleanup = async () => rmSync(dir, { recursive: true, force: true });
}

const app = await openApp(configSchema.parse({ databaseUrl: url, logLevel: 'silent', secret: 'x'.repeat(40), sqliteSynchronous: 'NORMAL' }), {
  clock: fixedClock('2026-11-27T02:00:00Z'),
});
try {
  const ctx = app.context({ kind: 'system', userId: null, name: 'bench', grants: [] });
  await loadDemoOrgs(ctx);
  const orgs = (await listOrgs(app.database.db)).filter((o) => ['government', 'department', 'institution', 'township', 'street'].includes(o.kind));
  const columns = (await listColumns(app.database.db, { fresh: true })).map((c) => c.key);
  const records = [
    ...generateItems({ seed: 'bench', count: items, year: 2016, orgs: orgs.map((o) => ({ id: o.id, shortName: o.shortName, kind: o.kind })), columns }),
  ].map((it, i) => ({
    line: i + 1,
    data: {
      title: it.title,
      summary: it.summary,
      body: it.body,
      org: String(it.org),
      docNo: it.docNo,
      formedOn: it.formedOn,
      publishedOn: it.publishedOn,
      column: it.column,
      topic: it.topic,
      genre: it.genre,
      normative: it.column === 'gfxwj',
    },
  }));
  const phases: Record<string, number> = {};
  let last = performance.now();
  let lastPhase = 'checking';
  const onProgress = (p: ImportProgress) => {
    const now = performance.now();
    phases[lastPhase] = (phases[lastPhase] ?? 0) + (now - last);
    last = now;
    lastPhase = p.phase;
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  last = t0;
  const r = await execute(ctx, importCommand(onProgress), {
    source: { name: 'bench', sha256: createHash('sha256').update(String(items)).digest('hex'), format: 'jsonl' },
    records,
    allOrNothing: true,
    origin: 'import',
  });
  const ms = performance.now() - t0;
  phases[lastPhase] = (phases[lastPhase] ?? 0) + (performance.now() - last);
  const cpu = process.cpuUsage(cpu0);
  console.log(
    JSON.stringify(
      {
        bench: 'catalogue-import',
        engine: app.database.engine,
        items,
        imported: r.imported,
        wallMs: Math.round(ms),
        itemsPerSecond: Math.round((r.imported / ms) * 1000),
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        itemsPerCpuSecond: Math.round((r.imported / ((cpu.user + cpu.system) / 1000)) * 1000),
        phasesMs: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v)])),
        note: 'phases: checking = validation and 索引号 assignment; writing = items, history and channel rows; indexing = search index (platform/search) in the same transaction',
      },
      null,
      2,
    ),
  );
} finally {
  await app.close();
  await cleanup();
}
