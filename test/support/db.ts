import { mkdtempSync, rmSync, existsSync, mkdirSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/storage/db.ts';
import { migrateToLatest, type MigrationSet } from '../../src/storage/migrate.ts';

/**
 * A fresh, migrated database on the engine under test: GONGKAI_TEST_DATABASE_URL unset → a new
 * SQLite file; `postgres://…` → a new schema in that database, dropped afterwards. The same test
 * file therefore runs on both engines (CI runs the whole suite once per engine).
 */
export const TEST_DATABASE_URL = process.env.GONGKAI_TEST_DATABASE_URL ?? '';
export const TEST_ENGINE: 'sqlite' | 'postgres' = TEST_DATABASE_URL.startsWith('postgres') ? 'postgres' : 'sqlite';

export interface TestDatabase extends Database {
  /** URL (and schema) a child process can use to open the same database. */
  url: string;
  schema?: string;
  drop(): Promise<void>;
}

export async function freshDatabase(opts: { migrations?: MigrationSet } = {}): Promise<TestDatabase> {
  const migrations = opts.migrations ?? (await import('../../src/app/migrations.ts')).allMigrations();
  if (TEST_ENGINE === 'postgres') {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const database = openDatabase({ url: TEST_DATABASE_URL, schema, poolSize: 5 });
    await migrateToLatest(database.db, migrations);
    return {
      ...database,
      url: TEST_DATABASE_URL,
      schema,
      drop: async () => {
        await database.close().catch(() => {});
        const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await c.connect();
        await c.query(`drop schema if exists ${schema} cascade`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-test-'));
  const url = join(dir, 'test.db');
  const database = openDatabase({ url, sqliteSynchronous: 'NORMAL' });
  await migrateToLatest(database.db, migrations);
  return {
    ...database,
    url,
    drop: async () => {
      await database.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh database holding the demo district. The demo is built once per test run (the first test
 * file to ask builds it, under a lock; the others wait) and copied for each caller: a file copy on
 * SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL. `build` loads the demo into a migrated
 * database (passed in to keep this file free of app imports).
 */
export async function demoDatabase(build: (db: TestDatabase) => Promise<void>): Promise<TestDatabase> {
  const runId = process.env.GONGKAI_TEST_RUN_ID ?? `solo-${process.pid}`;
  const dir = join(tmpdir(), `gongkai-demo-${runId}`);
  const lock = `${dir}.lock`;
  const ready = join(dir, 'ready');
  const tplName = `gk_tpl_${runId.replace(/[^a-z0-9]/gi, '_').toLowerCase()}`;
  if (!existsSync(ready)) {
    let mine = false;
    try {
      mkdirSync(lock);
      mine = true;
    } catch {
      /* another process builds it */
    }
    if (mine) {
      mkdirSync(dir, { recursive: true });
      if (TEST_ENGINE === 'postgres') {
        const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await admin.connect();
        await admin.query(`drop database if exists ${tplName} with (force)`);
        await admin.query(`create database ${tplName}`);
        await admin.end();
        const u = new URL(TEST_DATABASE_URL);
        u.pathname = `/${tplName}`;
        const database = openDatabase({ url: u.toString(), poolSize: 5 });
        const migrations = (await import('../../src/app/migrations.ts')).allMigrations();
        await migrateToLatest(database.db, migrations);
        const tdb: TestDatabase = { ...database, url: u.toString(), drop: async () => database.close() };
        await build(tdb);
        await database.close();
      } else {
        const file = join(dir, 'demo.db');
        const database = openDatabase({ url: file, sqliteSynchronous: 'NORMAL' });
        const migrations = (await import('../../src/app/migrations.ts')).allMigrations();
        await migrateToLatest(database.db, migrations);
        await build({ ...database, url: file, drop: async () => database.close() });
        database.sqliteHandle!.pragma('wal_checkpoint(TRUNCATE)');
        await database.close();
      }
      writeFileSync(ready, new Date().toISOString());
    } else {
      const started = Date.now();
      while (!existsSync(ready)) {
        if (Date.now() - started > 600_000) throw new Error(`timed out waiting for the demo template in ${dir}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }
  if (TEST_ENGINE === 'postgres') {
    const name = `gk_d_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    // CREATE DATABASE … TEMPLATE fails while another session is copying the same template: retry.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${tplName}`);
        break;
      } catch (e) {
        if (attempt > 50) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
    await admin.end();
    const u = new URL(TEST_DATABASE_URL);
    u.pathname = `/${name}`;
    const database = openDatabase({ url: u.toString(), poolSize: 5 });
    return {
      ...database,
      url: u.toString(),
      drop: async () => {
        await database.close().catch(() => {});
        const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const mine = mkdtempSync(join(tmpdir(), 'gongkai-test-'));
  const file = join(mine, 'test.db');
  copyFileSync(join(dir, 'demo.db'), file);
  const database = openDatabase({ url: file, sqliteSynchronous: 'NORMAL' });
  return {
    ...database,
    url: file,
    drop: async () => {
      await database.close().catch(() => {});
      rmSync(mine, { recursive: true, force: true });
    },
  };
}

/** Remove this run's demo template (called by test/run.mjs when the run ends). */
export async function dropDemoTemplate(runId: string): Promise<void> {
  rmSync(join(tmpdir(), `gongkai-demo-${runId}`), { recursive: true, force: true });
  rmSync(join(tmpdir(), `gongkai-demo-${runId}.lock`), { recursive: true, force: true });
  if (TEST_ENGINE === 'postgres') {
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`drop database if exists gk_tpl_${runId.replace(/[^a-z0-9]/gi, '_').toLowerCase()} with (force)`);
    await admin.end();
  }
}
