#!/usr/bin/env node
// The test command (`npm test`): every *.test.ts under src/ and test/, on the engine named by
// GONGKAI_TEST_DATABASE_URL (unset: a fresh SQLite file per test database; `postgres://…`: a fresh
// schema per test database in that PostgreSQL database). Node 20 does not expand globs in --test,
// so the files are listed here. The last line is the summary CI reads: `N passed, N failed, N skipped`.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const filters = args.filter((a) => !a.startsWith('--'));

function find(dir) {
  return readdirSync(join(root, dir), { recursive: true })
    .filter((f) => typeof f === 'string' && f.endsWith('.test.ts') && !f.includes('node_modules'))
    .map((f) => join(dir, f));
}
let files = [...find('src'), ...find('test')].sort();
if (filters.length) files = files.filter((f) => filters.some((p) => f.includes(p)));
if (!files.length) {
  console.error('no test files match', filters.join(' '));
  process.exit(1);
}
const engine = process.env.GONGKAI_TEST_DATABASE_URL?.startsWith('postgres') ? 'postgresql' : 'sqlite';
// One id per run: test files share the demo template built under it (test/support/db.ts).
const runId = `r${Date.now().toString(36)}${process.pid}`;
console.log(`gongkai tests: ${files.length} files on ${engine}`);
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${Math.max(2, availableParallelism())}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=./test/summary-reporter.mjs',
    '--test-reporter-destination=stdout',
    ...files.map((f) => relative(root, join(root, f))),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, GONGKAI_TEST: '1', GONGKAI_TEST_RUN_ID: runId, TZ: 'UTC' } },
);
child.on('exit', (code, signal) => {
  // Drop the demo template of this run (a file on SQLite, a database on PostgreSQL).
  const cleanup = spawn(
    process.execPath,
    ['--import', 'tsx', '-e', `import('./test/support/db.ts').then((m) => m.dropDemoTemplate(${JSON.stringify(runId)}))`],
    { cwd: root, stdio: 'inherit', env: process.env },
  );
  cleanup.on('exit', () => process.exit(code ?? (signal ? 1 : 0)));
});
