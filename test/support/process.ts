import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { TEST_ENGINE, TEST_DATABASE_URL } from './db.ts';
import type { TestApp } from './app.ts';

/**
 * The real thing in its own process: `gongkai` CLI calls and `gongkai serve` servers against a
 * database of the engine under test (a temp SQLite file, or a fresh PostgreSQL database).
 */
export const BIN = new URL('../../bin/gongkai.js', import.meta.url).pathname;
const run = promisify(execFile);

export interface ProcessDb {
  env: NodeJS.ProcessEnv;
  url: string;
  dir: string;
  drop(): Promise<void>;
}

export async function processDatabase(): Promise<ProcessDb> {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-proc-'));
  const base = {
    ...process.env,
    GONGKAI_ARGON2_MEMORY_KIB: '4096',
    GONGKAI_SECRET: 's'.repeat(40),
    GONGKAI_LOG_LEVEL: 'warn',
    GONGKAI_FILES_DIR: join(dir, 'files'),
  };
  if (TEST_ENGINE === 'postgres') {
    const name = `gk_p_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(TEST_DATABASE_URL);
    u.pathname = `/${name}`;
    return {
      env: { ...base, GONGKAI_DATABASE_URL: u.toString() },
      url: u.toString(),
      dir,
      drop: async () => {
        const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = join(dir, 'gongkai.db');
  return { env: { ...base, GONGKAI_DATABASE_URL: url }, url, dir, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A copy of the demo district (the per-run template, test/support/db.ts) for a server or CLI in
 * its own process: no demo load at start (`serve --no-demo`). `app` is this process's view of the
 * same database, for checks.
 */
export async function demoProcessDatabase(): Promise<ProcessDb & { app: TestApp }> {
  const { testApp } = await import('./app.ts');
  const t = await testApp({ demo: true });
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-proc-'));
  const env = {
    ...process.env,
    GONGKAI_ARGON2_MEMORY_KIB: '4096',
    GONGKAI_SECRET: 's'.repeat(40),
    GONGKAI_LOG_LEVEL: 'warn',
    GONGKAI_FILES_DIR: join(dir, 'files'),
    GONGKAI_DATABASE_URL: t.db.url,
  };
  return {
    env,
    url: t.db.url,
    dir,
    app: t,
    drop: async () => {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function gongkai(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [BIN, ...args], { env, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: typeof x.code === 'number' ? x.code : 1, stdout: x.stdout ?? '', stderr: x.stderr ?? String(e) };
  }
}

export interface ServerProcess {
  child: ChildProcess;
  base: string;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Start `gongkai serve --port 0` and wait until it prints its address. */
export async function startServer(env: NodeJS.ProcessEnv, args: string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${out}`)), 180_000);
    const check = () => {
      const m = /已启动：(http:\/\/[^\s]+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before starting:\n${out}`));
    });
  });
  return {
    child,
    base,
    output: () => out,
    kill: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
