/**
 * The public item page against a bare node:http hello server, same load tool (autocannon), same
 * connections and duration, measured in the same run; printed as JSON:
 *
 *   npx tsx bench/catalogue-item-page.ts [--connections 10] [--seconds 10]
 *
 * Builds the demo district (6,105 + 1,800 items) in a temporary SQLite file, then runs each server
 * in its own process (the load generator in this one) and measures, in turn:
 *   hello        — node:http answering "hello";
 *   item-hot     — one item page over and over (the in-process page cache answers);
 *   item-spread  — every request a different item (7,905 pages round-robin: the page cache is
 *                  bounded at 2,000 entries, so nearly every request renders: 2 indexed queries);
 *   column       — column pages 1–50 of 政务信息, round-robin.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error autocannon ships no type declarations; the slice used here is typed below.
import autocannonUntyped from 'autocannon';

interface Result {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}
type Req = { path?: string; [k: string]: unknown };
const autocannon = autocannonUntyped as (opts: { title: string; url: string; connections: number; duration: number; requests?: Array<{ setupRequest: (req: Req) => Req }> }, cb: (err: Error | null, res: Result) => void) => void;

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};

if (args[0] === '--serve-app') {
  // Child: open the demo database and serve it.
  const [, file, port] = args;
  const { configSchema } = await import('../src/platform/config.ts');
  const { openApp } = await import('../src/app/boot.ts');
  const { buildServer } = await import('../src/http/server.ts');
  const { loadDemo } = await import('../src/app/demo.ts');
  const app = await openApp(configSchema.parse({ databaseUrl: file, logLevel: 'silent', secret: 'x'.repeat(40), sqliteSynchronous: 'NORMAL', rateLimitSearch: 1_000_000, argon2MemoryKib: 4096 }));
  if (args.includes('--build')) {
    await loadDemo(app);
    await app.close();
    process.exit(0);
  }
  const s = await buildServer(app, { secret: 'x'.repeat(40), logger: false });
  await s.fastify.listen({ port: Number(port), host: '127.0.0.1' });
  const urls = (await app.database.db.selectFrom('cat_items').select('index_no').where('is_public', '=', 1).orderBy('id').execute()).map((r) => `/item/${r.index_no}`);
  process.send?.({ ready: true, urls });
} else {
  const connections = Number(arg('connections', '10'));
  const seconds = Number(arg('seconds', '10'));
  const dir = mkdtempSync(join(tmpdir(), 'gk-bench-page-'));
  const file = join(dir, 'demo.db');
  const children: ChildProcess[] = [];
  const start = (argv: string[], port: number, extra: string[] = []): Promise<{ urls: string[] }> =>
    new Promise((resolve, reject) => {
      const c = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, ...argv, file, String(port), ...extra], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      children.push(c);
      c.on('message', (m: { ready?: boolean; urls: string[] }) => m?.ready && resolve(m));
      c.on('exit', (code) => (code ? reject(new Error(`child exited ${code}`)) : resolve({ urls: [] })));
    });
  const run = (title: string, url: string, paths?: string[]) =>
    new Promise<Result>((resolve, reject) => {
      let i = 0;
      autocannon(
        { title, url, connections, duration: seconds, requests: paths ? [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }] : undefined },
        (err, res) => (err ? reject(err) : resolve(res)),
      );
    });
  try {
    const tb = performance.now();
    await start(['--serve-app'], 0, ['--build']);
    const buildMs = Math.round(performance.now() - tb);
    const hello = spawn(process.execPath, ['-e', "require('http').createServer((q,s)=>{s.writeHead(200,{'content-type':'text/plain'});s.end('hello')}).listen(39101,'127.0.0.1')"], { stdio: 'inherit' });
    children.push(hello);
    const { urls } = await start(['--serve-app'], 39102);
    await new Promise((r) => setTimeout(r, 500));
    const base = 'http://127.0.0.1:39102';
    const res: Record<string, Result> = {};
    res.hello = await run('hello', 'http://127.0.0.1:39101/');
    res['item-hot'] = await run('item-hot', base + urls[100]);
    res['item-spread'] = await run('item-spread', base, urls);
    res.column = await run('column', base, Array.from({ length: 50 }, (_x, k) => `/column/zwxx?page=${k + 1}`));
    const hello2 = await run('hello-again', 'http://127.0.0.1:39101/');
    const helloRps = (res.hello.requests.average + hello2.requests.average) / 2;
    const out = Object.fromEntries(
      Object.entries(res).map(([k, r]) => [k, { reqPerSec: Math.round(r.requests.average), p50ms: r.latency.p50, p99ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors, ratioToHello: Number((r.requests.average / helloRps).toFixed(3)) }]),
    );
    console.log(JSON.stringify({ bench: 'catalogue-item-page', connections, seconds, demoBuildMs: buildMs, items: urls.length, helloReqPerSec: Math.round(helloRps), results: out, target: 'item page ≥ 0.25 × hello' }, null, 2));
  } finally {
    for (const c of children) c.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
