import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import pg from 'pg';
import { processDatabase, gongkai, startServer, type ProcessDb, type ServerProcess } from '../support/process.ts';
import { TEST_ENGINE, TEST_DATABASE_URL } from '../support/db.ts';
import { sql } from 'kysely';
import { openDatabase } from '../../src/storage/db.ts';

const exec = promisify(execFile);
let pdb: ProcessDb;
let server: ServerProcess;

before(async () => {
  pdb = await processDatabase();
  server = await startServer(pdb.env);
});
after(async () => {
  await server?.kill();
  await pdb?.drop();
});

/** Every table's rows, in a stable order, as JSON lines (to compare two databases). */
async function snapshot(url: string): Promise<Map<string, string>> {
  const database = openDatabase({ url });
  try {
    const tables =
      database.engine === 'sqlite'
        ? (
            database
              .sqliteHandle!.prepare(
                `select name from sqlite_master where type='table' and name not like 'sqlite_%' and name not like '%fts%' and name not like 'kysely_%'`,
              )
              .all() as Array<{ name: string }>
          ).map((t) => t.name)
        : (
            await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = current_schema() and tablename not like 'kysely_%'`.execute(
              database.db,
            )
          ).rows.map((r) => r.tablename);
    const out = new Map<string, string>();
    for (const t of tables.sort()) {
      const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(t)}`.execute(database.db)).rows;
      out.set(
        t,
        rows
          .map((r) => JSON.stringify(r, Object.keys(r).sort()))
          .sort()
          .join('\n'),
      );
    }
    return out;
  } finally {
    await database.close();
  }
}

test('a backup taken while the server runs restores to identical records with a passing audit chain', async () => {
  // The server loaded the demo on first start; keep it busy while the backup runs.
  const busy = (async () => {
    for (let i = 0; i < 20; i++) await fetch(`${server.base}/`).then((r) => r.text());
  })();
  if (TEST_ENGINE === 'sqlite') {
    const file = join(pdb.dir, 'backup.db');
    const b = await gongkai(pdb.env, 'backup', file);
    assert.equal(b.code, 0, b.stderr);
    await busy;
    const restoredUrl = join(pdb.dir, 'restored', 'gongkai.db');
    const r = await gongkai({ ...pdb.env, GONGKAI_DATABASE_URL: restoredUrl }, 'restore', file);
    assert.equal(r.code, 0, r.stderr);
    const v = await gongkai({ ...pdb.env, GONGKAI_DATABASE_URL: restoredUrl }, 'audit', 'verify');
    assert.equal(v.code, 0, v.stderr);
    const [a, c] = [await snapshot(pdb.url), await snapshot(restoredUrl)];
    assert.deepEqual([...c.keys()], [...a.keys()]);
    for (const [t, rows] of a) assert.equal(c.get(t), rows, `table ${t} differs after restore`);
    assert.ok((a.get('orgs') ?? '').split('\n').length >= 65);
    // A damaged file is refused before anything is replaced.
    const bad = await gongkai({ ...pdb.env, GONGKAI_DATABASE_URL: restoredUrl }, 'restore', join(pdb.dir, 'no-such.db'));
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /FILE: no such file/);
  } else {
    // PostgreSQL: pg_dump -Fc while the server runs, pg_restore into a new database (README: Backup).
    const dump = join(pdb.dir, 'gongkai.dump');
    await exec('pg_dump', ['-Fc', '-f', dump, pdb.url]);
    await busy;
    const u = new URL(pdb.url);
    const target = `${u.pathname.slice(1)}_r`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${target}`);
    await admin.end();
    const tu = new URL(pdb.url);
    tu.pathname = `/${target}`;
    try {
      await exec('pg_restore', ['--no-owner', '-d', tu.toString(), dump]);
      const v = await gongkai({ ...pdb.env, GONGKAI_DATABASE_URL: tu.toString() }, 'audit', 'verify');
      assert.equal(v.code, 0, v.stderr);
      const [a, c] = [await snapshot(pdb.url), await snapshot(tu.toString())];
      for (const [t, rows] of a) assert.equal(c.get(t), rows, `table ${t} differs after restore`);
    } finally {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${target} with (force)`);
      await c.end();
    }
  }
});
