import BetterSqlite3 from 'better-sqlite3';
import { existsSync, renameSync, rmSync, openSync, fsyncSync, closeSync, copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import type { Database } from './db.ts';

/**
 * Online, consistent backups of the embedded database, taken while the server runs: SQLite's
 * backup API copies a snapshot page by page without blocking writers for long. (PostgreSQL
 * deployments use pg_dump / pg_restore: see the README.)
 */
export async function backupSqlite(database: Database, file: string): Promise<{ pages: number }> {
  if (database.engine !== 'sqlite' || !database.sqliteHandle)
    throw new Error('gongkai backup works on the embedded SQLite database; for PostgreSQL use pg_dump (see the README)');
  if (existsSync(file)) throw new Error(`refusing to overwrite ${file}`);
  const tmp = join(dirname(file), `.${basename(file)}.partial`);
  rmSync(tmp, { force: true });
  const r = await database.sqliteHandle.backup(tmp);
  fsyncFile(tmp);
  renameSync(tmp, file);
  return { pages: r.totalPages };
}

/** Check that a file is a sound Gongkai database before anything is replaced. */
export function inspectSqliteBackup(file: string): { ok: true; tables: number } | { ok: false; problem: string } {
  if (!existsSync(file)) return { ok: false, problem: `no such file: ${file}` };
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') return { ok: false, problem: `integrity check failed: ${String(integrity)}` };
    const tables = db.prepare(`select name from sqlite_master where type = 'table'`).all() as Array<{ name: string }>;
    for (const t of ['audit_log', 'orgs', 'kysely_migration']) {
      if (!tables.some((x) => x.name === t)) return { ok: false, problem: `not a Gongkai database (no ${t} table)` };
    }
    return { ok: true, tables: tables.length };
  } catch (e) {
    return { ok: false, problem: `not a readable SQLite database: ${(e as Error).message}` };
  } finally {
    db?.close();
  }
}

/**
 * Replace the database file with a backup, atomically (copy beside it, fsync, rename). The
 * server must be stopped: a running server would keep writing to the file it has open.
 */
export async function restoreSqlite(backupFile: string, targetFile: string, check: (copy: string) => Promise<void>): Promise<void> {
  mkdirSync(dirname(targetFile), { recursive: true });
  const tmp = join(dirname(targetFile), `.${basename(targetFile)}.restoring`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(tmp + suffix, { force: true });
  copyFileSync(backupFile, tmp);
  try {
    // The copy is checked where it will live; the backup file itself is never opened for writing.
    await check(tmp);
    for (const suffix of ['-wal', '-shm']) rmSync(tmp + suffix, { force: true });
    fsyncFile(tmp);
    for (const suffix of ['-wal', '-shm']) rmSync(targetFile + suffix, { force: true });
    renameSync(tmp, targetFile);
  } catch (e) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(tmp + suffix, { force: true });
    throw e;
  }
}

function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
