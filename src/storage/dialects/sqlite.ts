import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';

export interface SqliteOptions {
  /** File path, or ':memory:'. */
  file: string;
  /** PRAGMA synchronous: FULL survives power loss, NORMAL survives a killed process. */
  synchronous: 'FULL' | 'NORMAL';
}

/**
 * Kysely's driver takes the write lock lazily (plain BEGIN). Two processes sharing the file (the
 * server and a CLI command) could then fail half-way through a read-then-write transaction with
 * SQLITE_BUSY_SNAPSHOT, which the busy timeout does not retry. BEGIN IMMEDIATE takes the lock up
 * front, so the busy timeout applies and a transaction either starts whole or waits.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly handle: BetterSqlite3.Database) {
    super({ database: handle });
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.handle });
  }
}

/** better-sqlite3 with WAL (readers never block the writer), foreign keys on, and a busy timeout. */
export function sqliteDialect(opts: SqliteOptions): { dialect: SqliteDialect; raw: BetterSqlite3.Database } {
  if (opts.file !== ':memory:') mkdirSync(dirname(opts.file), { recursive: true });
  const raw = new BetterSqlite3(opts.file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 10000');
  raw.pragma(`synchronous = ${opts.synchronous}`);
  raw.pragma('cache_size = -65536'); // 64 MiB page cache
  raw.pragma('temp_store = MEMORY');
  return { dialect: new ImmediateSqliteDialect(raw), raw };
}
