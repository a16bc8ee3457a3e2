/**
 * The public pages under load, against a bare node:http hello server measured in the same run with
 * the same load tool (autocannon, same connections and duration), and the server's memory while
 * it serves. Printed as JSON:
 *
 *   node --import tsx bench/pages.ts                          the demo district (≈7,900 items)
 *   node --import tsx bench/pages.ts --items 1000000          demo orgs + 1,000,000 generated items
 *   options: --connections 10 · --seconds 10 · --db FILE (build once, keep, reuse) · --url postgres://…/DB
 *
 * Runs, in turn: hello · item-hot (one item page over and over: the page cache answers) · item
 * (every request a different item page, round-robin over up to 20,000
 * items: the page cache holds 2,000, so nearly every request renders) · column (pages 1–50 of
 * 政务信息, or as many as it has) · search (the fixed query set of bench/corpus.ts round-robin; search
 * is rate limited and so never answered from the page cache: every request searches) · hello again. Ratios are to the mean of the two hello runs. RSS is read from /proc for the app
 * server's process: after start (idle) and the peak while under load. Building the database is not
 * timed into the figures (reported as buildMs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
// @ts-expect-error autocannon ships no type declarations; the slice used here is typed below.
import autocannonUntyped from 'autocannon';

interface Result {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}
type Req = { path?: string; [k: string]: unknown };
const autocannon = autocannonUntyped as (
  opts: { title: string; url: string; connections: number; duration: number; requests?: Array<{ setupRequest: (req: Req) => Req }> },
  cb: (err: Error | null, res: Result) => void,
) => void;

const args = process.argv.slice(2);
const arg = (name: string, fallback?: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const SELF = new URL(import.meta.url).pathname;
const SECRET = 'x'.repeat(40);

async function openBenchApp(url: string) {
  const { configSchema } = await import('../src/platform/config.ts');
  const { openApp } = await import('../src/app/boot.ts');
  const { fixedClock } = await import('../src/kernel/clock.ts');
  const config = configSchema.parse({
    databaseUrl: url,
    logLevel: 'silent',
    secret: SECRET,
    sqliteSynchronous: 'NORMAL',
    rateLimitSearch: 1_000_000,
    rateLimitForms: 1_000_000,
    argon2MemoryKib: 4096,
  });
  return openApp(config, { clock: fixedClock('2026-11-27T02:00:00Z') });
}

if (args[0] === '--build') {
  // Child: a fresh database with the demo district (items = 0) or the demo's orgs and users plus
  // `items` generated items, imported through the catalogue's import command in chunks.
  const url = args[1];
  if (!url) throw new Error('--build needs a database URL');
  const items = Number(args[2]);
  const app = await openBenchApp(url);
  if (!items) {
    const { loadDemo } = await import('../src/app/demo.ts');
    await loadDemo(app);
  } else {
    const { execute } = await import('../src/platform/command.ts');
    const { loadDemoOrgs } = await import('../src/modules/orgs/demo.ts');
    const { loadDemoUsers } = await import('../src/modules/identity/demo.ts');
    const { listOrgs } = await import('../src/modules/orgs/index.ts');
    const { listColumns } = await import('../src/modules/catalogue/repo.ts');
    const { importCommand } = await import('../src/modules/catalogue/commands/import-items.ts');
    const { generateItems } = await import('../src/modules/catalogue/demo/generate-items.ts');
    const ctx = app.context({ kind: 'system', userId: null, name: 'bench', grants: [] });
    await loadDemoOrgs(ctx);
    await loadDemoUsers(ctx);
    const orgs = (await listOrgs(app.database.db))
      .filter((o) => ['government', 'department', 'institution', 'township', 'street'].includes(o.kind))
      .map((o) => ({ id: o.id, shortName: o.shortName, kind: o.kind }));
    const columns = (await listColumns(app.database.db, { fresh: true })).filter((c) => c.kind === 'items').map((c) => c.key);
    // One chunk per year keeps each 索引号 series (per org and year, five digits) far from its limit.
    const CHUNK = 50_000;
    for (let done = 0, year = 2026 - Math.ceil(items / CHUNK) + 1; done < items; done += CHUNK, year++) {
      const count = Math.min(CHUNK, items - done);
      const records = [...generateItems({ seed: 'bench-pages', count, year, orgs, columns })].map((it, i) => ({
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
        },
      }));
      await execute(ctx, importCommand(), {
        source: { name: `bench-${year}`, sha256: createHash('sha256').update(`${year}/${count}`).digest('hex'), format: 'jsonl' },
        records,
        allOrNothing: true,
        origin: 'import',
      });
      process.stderr.write(`  built ${done + count}/${items} items\n`);
    }
  }
  await app.close();
  process.exit(0);
}

if (args[0] === '--serve') {
  // Child: serve the database; tell the parent where and which URLs exist.
  const url = args[1];
  if (!url) throw new Error('--serve needs a database URL');
  const app = await openBenchApp(url);
  const { buildServer } = await import('../src/app/server.ts');
  const { sql } = await import('kysely');
  const s = await buildServer(app, { secret: SECRET, logger: false });
  await s.fastify.listen({ port: 0, host: '127.0.0.1' });
  const address = s.fastify.server.address() as { port: number };
  const rows = await sql<{
    index_no: string;
  }>`select index_no from cat_items where is_public = 1 and index_no is not null order by random() limit 20000`.execute(app.database.db);
  const count = await sql<{ n: number | string }>`select count(*) as n from cat_items where is_public = 1`.execute(app.database.db);
  const items = Number(count.rows[0]?.n ?? 0);
  process.send?.({ ready: true, port: address.port, pid: process.pid, items, urls: rows.rows.map((r) => `/item/${r.index_no}`) });
} else {
  const connections = Number(arg('connections', '10'));
  const seconds = Number(arg('seconds', '10'));
  const items = Number(arg('items', '0'));
  const pgUrl = arg('url');
  const keep = arg('db');
  const dir = mkdtempSync(join(tmpdir(), 'gk-bench-pages-'));
  const url = pgUrl ?? keep ?? join(dir, 'bench.db');
  const children: ChildProcess[] = [];
  const child = (argv: string[]) => {
    const c = spawn(process.execPath, ['--import', 'tsx', SELF, ...argv], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    children.push(c);
    return c;
  };
  const run = (title: string, base: string, paths?: string[] | (() => string)) =>
    new Promise<Result>((resolve, reject) => {
      let i = 0;
      const next = typeof paths === 'function' ? paths : paths ? () => paths[i++ % paths.length] : undefined;
      autocannon(
        { title, url: base, connections, duration: seconds, requests: next ? [{ setupRequest: (req) => ({ ...req, path: next() }) }] : undefined },
        (err, res) => (err ? reject(err) : resolve(res)),
      );
    });
  const rssOf = (pid: number) => {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  };
  try {
    let buildMs = 0;
    const reuse = keep && !pgUrl && existsSync(keep);
    if (!reuse) {
      const tb = performance.now();
      await new Promise<void>((resolve, reject) =>
        child(['--build', url, String(items)]).on('exit', (code) => (code ? reject(new Error(`build exited ${code}`)) : resolve())),
      );
      buildMs = Math.round(performance.now() - tb);
    }
    const hello = spawn(
      process.execPath,
      [
        '-e',
        "const s=require('http').createServer((q,r)=>{r.writeHead(200,{'content-type':'text/plain'});r.end('hello')}).listen(0,'127.0.0.1',()=>process.send({port:s.address().port}))",
      ],
      { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    children.push(hello);
    const helloPort = await new Promise<number>((resolve) => hello.on('message', (m: { port: number }) => resolve(m.port)));
    const app = await new Promise<{ port: number; pid: number; items: number; urls: string[] }>((resolve, reject) => {
      const c = child(['--serve', url]);
      c.on('message', (m: { ready?: boolean; port: number; pid: number; items: number; urls: string[] }) => m?.ready && resolve(m));
      c.on('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
    const base = `http://127.0.0.1:${app.port}`;
    const { BENCH_QUERIES } = await import('./corpus.ts');
    await new Promise((r) => setTimeout(r, 500));
    const rssIdleMb = rssOf(app.pid);
    let rssPeakMb = rssIdleMb;
    const sampler = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, rssOf(app.pid))), 200);
    const res: Record<string, Result> = {};
    res.hello = await run('hello', `http://127.0.0.1:${helloPort}/`);
    // One item over and over (a news spike: the page cache answers), then every request a different one.
    const [hotUrl] = app.urls;
    if (!hotUrl) throw new Error('the database has no public item with an 索引号 to request');
    res.itemHot = await run('item-hot', base, [hotUrl]);
    res.item = await run('item', base, app.urls);
    const columnPages = Math.min(50, Number(/第 1\/(\d+) 页/.exec(await (await fetch(`${base}/column/zwxx`)).text())?.[1] ?? 1));
    res.column = await run(
      'column',
      base,
      Array.from({ length: columnPages }, (_x, k) => `/column/zwxx?page=${k + 1}`),
    );
    let n = 0;
    res.search = await run('search', base, () => `/search?q=${encodeURIComponent(BENCH_QUERIES[n % BENCH_QUERIES.length]!)}&n=${n++}`);
    const hello2 = await run('hello-again', `http://127.0.0.1:${helloPort}/`);
    clearInterval(sampler);
    const helloRps = (res.hello.requests.average + hello2.requests.average) / 2;
    const results = Object.fromEntries(
      Object.entries(res).map(([k, r]) => [
        k,
        {
          reqPerSec: Math.round(r.requests.average),
          p50ms: r.latency.p50,
          p99ms: r.latency.p99,
          non2xx: r.non2xx,
          errors: r.errors,
          ratioToHello: Number((r.requests.average / helloRps).toFixed(3)),
        },
      ]),
    );
    console.log(
      JSON.stringify(
        {
          bench: 'pages',
          engine: pgUrl ? 'postgres' : 'sqlite',
          items: app.items,
          connections,
          seconds,
          buildMs,
          helloReqPerSec: Math.round(helloRps),
          helloAgainReqPerSec: Math.round(hello2.requests.average),
          results,
          rssMb: { idle: rssIdleMb, peakUnderLoad: rssPeakMb },
          note: 'load generator, hello server and app server share the machine; item and column pages may come from the page cache (2,000 entries, 30 s), search never does',
        },
        null,
        2,
      ),
    );
  } finally {
    for (const c of children) c.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
