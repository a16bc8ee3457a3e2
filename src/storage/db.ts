import { Kysely, sql, type Transaction } from 'kysely';
import { resolve } from 'node:path';
import type { DB } from './schema.ts';
import { sqliteDialect } from './dialects/sqlite.ts';
import { postgresDialect } from './dialects/postgres.ts';

export type Engine = 'sqlite' | 'postgres';
export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
/** Either the database or an open transaction: queries accept both. */
export type Queryable = Kysely<DB>;

export interface Database {
  readonly db: Db;
  readonly engine: Engine;
  /** Where it lives, without credentials (for logs and messages). */
  readonly label: string;
  /** The raw better-sqlite3 handle when engine = sqlite (online backup, bulk paths). */
  readonly sqliteHandle?: import('better-sqlite3').Database;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** `postgres://…`, `sqlite:path`, `sqlite::memory:`, or a plain file path. */
  url: string;
  schema?: string;
  sqliteSynchronous?: 'FULL' | 'NORMAL';
  poolSize?: number;
}

export function engineOf(url: string): Engine {
  return /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
}

export function sqliteFileOf(url: string): string {
  const path = url.startsWith('sqlite:') ? url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '') : url;
  return path === ':memory:' ? path : resolve(path);
}

export function openDatabase(opts: OpenOptions): Database {
  if (engineOf(opts.url) === 'postgres') {
    const { dialect, pool } = postgresDialect({ url: opts.url, schema: opts.schema, poolSize: opts.poolSize ?? 10 });
    const db = new Kysely<DB>({ dialect });
    const u = new URL(opts.url);
    return {
      db,
      engine: 'postgres',
      label: `postgres://${u.host}${u.pathname}${opts.schema ? ` (schema ${opts.schema})` : ''}`,
      close: async () => {
        await db.destroy();
        void pool;
      },
    };
  }
  const file = sqliteFileOf(opts.url);
  const { dialect, raw } = sqliteDialect({ file, synchronous: opts.sqliteSynchronous ?? 'FULL' });
  const db = new Kysely<DB>({ dialect });
  return { db, engine: 'sqlite', label: `sqlite:${file}`, sqliteHandle: raw, close: () => db.destroy() };
}

/** Is the database reachable? (a read: see writeProbe for whether it can be written) */
export async function ping(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/** Why the database cannot take writes, for the operator: a stable reason and the engine's own words. */
export interface StorageProblem {
  /** read_only | disk_full | cannot_open | io_error | shutdown | unreachable | overloaded */
  reason: string;
  /** What the operator should read: the reason in Chinese. */
  message: string;
  /** The engine's error code and text (logs and /healthz only, never a page). */
  detail: string;
}

const REASONS = {
  read_only: '数据库为只读，无法写入',
  disk_full: '数据库所在磁盘已满',
  cannot_open: '无法打开数据库文件',
  io_error: '数据库文件读写出错（磁盘或文件系统故障）',
  shutdown: '数据库服务正在关闭或尚未就绪',
  unreachable: '无法连接数据库',
  overloaded: '数据库资源不足（连接数或内存）',
} as const satisfies Record<string, string>;
type StorageReason = keyof typeof REASONS;

/**
 * Is this error the storage refusing or failing (rather than this request being wrong)? SQLite:
 * SQLITE_READONLY*, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_IOERR*; PostgreSQL: SQLSTATE 25006
 * (read-only transaction: a standby, default_transaction_read_only), class 53 (53100 disk full,
 * other insufficient resources), 57P01–57P03 (shutdown, crash recovery, not yet accepting), class
 * 08 (connection exceptions); and the socket refusing or dropping the connection.
 */
export function storageProblem(e: unknown): StorageProblem | null {
  if (!e || typeof e !== 'object') return null;
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err.code === 'string' ? err.code : '';
  const text = typeof err.message === 'string' ? err.message : '';
  let reason: StorageReason | null = null;
  if (code.startsWith('SQLITE_READONLY') || code === '25006') reason = 'read_only';
  else if (code === 'SQLITE_FULL' || code === '53100') reason = 'disk_full';
  else if (code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_CANTOPEN_')) reason = 'cannot_open';
  else if (code.startsWith('SQLITE_IOERR')) reason = 'io_error';
  else if (/^57P0[123]$/.test(code)) reason = 'shutdown';
  else if (/^53\d{3}$/.test(code)) reason = 'overloaded';
  else if (/^08[0-9A-Z]{3}$/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE'].includes(code))
    reason = 'unreachable';
  else if (!code && /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/.test(text))
    reason = 'unreachable';
  if (!reason) return null;
  return { reason, message: REASONS[reason], detail: `${code || 'error'}: ${text}`.slice(0, 300) };
}

const ROLLBACK = Symbol('rollback');

/**
 * Can a write be made? Updates the health row inside a transaction that is always rolled back, so
 * a read-only or full database shows here rather than as the first visitor's failed form.
 * Returns null when the write went through (and was undone), else what stopped it.
 */
export async function writeProbe(db: Db): Promise<StorageProblem | null> {
  try {
    await db.transaction().execute(async (tx) => {
      await sql`update health_check set probes = probes + 1 where id = 1`.execute(tx);
      throw ROLLBACK;
    });
    return null;
  } catch (e) {
    if (e === ROLLBACK) return null;
    const text = e instanceof Error ? e.message : String(e);
    return (
      storageProblem(e) ?? { reason: 'error', message: '数据库写入检查失败', detail: `${(e as { code?: string }).code ?? 'error'}: ${text}`.slice(0, 300) }
    );
  }
}

/** Number from a count/sum column: pg may return strings for int8, both may return null for sum(). */
export function num(v: unknown): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : Number(v);
}
