import { mkdtempSync, rmSync } from 'node:fs';
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
