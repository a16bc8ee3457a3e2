#!/usr/bin/env node
// `npm run bench` — every benchmark of bench/, one after another, each in its own process, and one
// JSON document on stdout: the machine, the date, each run's command (to reproduce it alone) and
// what it printed. Progress goes to stderr. Never run by the tests: timings belong here, not in
// assertions.
//
//   npm run bench                       quick: small sizes, a few minutes
//   npm run bench -- --full             the README's figures: 100k and 1M items, 1M served, two roll-up sizes
//   npm run bench -- --only pages,search
//   npm run bench -- --url postgres://postgres@127.0.0.1:5432/DB   (pages, search and import on PostgreSQL;
//                                                                   DB: an empty database of their own)
import { spawn, execFileSync } from 'node:child_process';
import { cpus, totalmem, freemem, loadavg, hostname } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const full = args.includes('--full');
const only = (() => {
  const i = args.indexOf('--only');
  return i >= 0 ? args[i + 1].split(',') : null;
})();
const pgUrl = (() => {
  const i = args.indexOf('--url');
  return i >= 0 ? args[i + 1] : null;
})();
const url = pgUrl ? ['--url', pgUrl] : [];

/** name → the command's arguments (after `node --import tsx`), what it measures. */
const plan = full
  ? [
      ['pages', ['bench/pages.ts', '--seconds', '10', '--connections', '10', ...url], 'item, column and search pages vs node:http hello (demo district)'],
      [
        'pages-1m',
        ['bench/pages.ts', '--items', '1000000', '--seconds', '10', '--connections', '10', ...url],
        'the same pages and the RSS of the server while serving 1,000,000 items',
      ],
      ['search-100k', ['bench/search.ts', '--items', '100000', ...url], 'search latency p50/p99 at 100,000 items'],
      ['search-1m', ['bench/search.ts', '--items', '1000000', '--no-recall', ...url], 'search latency p50/p99 at 1,000,000 items'],
      ['import', ['bench/catalogue-import.ts', '--items', '100000', ...url], 'catalogue import rate'],
      ['rollup', ['bench/report-rollup.ts', '--sizes', '0.25,1'], 'annual-report roll-up at two sizes (SQLite)'],
    ]
  : [
      ['pages', ['bench/pages.ts', '--seconds', '5', '--connections', '10', ...url], 'item, column and search pages vs node:http hello (demo district)'],
      ['search-20k', ['bench/search.ts', '--items', '20000', '--runs', '3', '--no-recall', ...url], 'search latency p50/p99 at 20,000 items'],
      ['import', ['bench/catalogue-import.ts', '--items', '5000', ...url], 'catalogue import rate'],
      ['rollup', ['bench/report-rollup.ts', '--sizes', '0.01,0.02'], 'annual-report roll-up at two small sizes (SQLite)'],
    ];

function machine() {
  const c = cpus();
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    /* not a checkout */
  }
  return {
    nproc: c.length,
    cpu: c[0]?.model ?? '',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    freeMemoryGb: Math.round(freemem() / 2 ** 30),
    loadAverage1m: Number(loadavg()[0].toFixed(2)),
    node: process.version,
    host: hostname(),
    commit,
  };
}

/** The JSON a benchmark printed: the whole stdout, or its last top-level object. */
function parseOutput(stdout) {
  try {
    return JSON.parse(stdout);
  } catch {
    const at = stdout.lastIndexOf('\n{');
    if (at >= 0) return JSON.parse(stdout.slice(at + 1));
    throw new Error('no JSON in the output');
  }
}

function runOne(name, argv) {
  return new Promise((resolve) => {
    const started = Date.now();
    process.stderr.write(`== bench ${name}: node --import tsx ${argv.join(' ')}\n`);
    const child = spawn(process.execPath, ['--import', 'tsx', ...argv], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const stop = () => child.kill('SIGTERM');
    process.once('SIGINT', stop);
    child.on('exit', (code) => {
      process.off('SIGINT', stop);
      const wallMs = Date.now() - started;
      const command = `node --import tsx ${argv.join(' ')}`;
      if (code !== 0) return resolve({ name, command, wallMs, error: `exited ${code}`, output: out.slice(-2000) });
      try {
        resolve({ name, command, wallMs, result: parseOutput(out) });
      } catch (e) {
        resolve({ name, command, wallMs, error: e.message, output: out.slice(-2000) });
      }
    });
  });
}

const startedAt = new Date().toISOString();
const before = machine();
const runs = [];
for (const [name, argv, what] of plan) {
  if (only && !only.some((o) => name.startsWith(o))) continue;
  runs.push({ what, ...(await runOne(name, argv)) });
}
console.log(
  JSON.stringify({ bench: 'gongkai', mode: full ? 'full' : 'quick', date: startedAt, finishedAt: new Date().toISOString(), machine: before, runs }, null, 2),
);
process.exitCode = runs.some((r) => r.error) ? 1 : 0;
