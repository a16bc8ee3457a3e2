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

/** Is the database reachable? (GET /healthz) */
export async function ping(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/** Number from a count/sum column: pg may return strings for int8, both may return null for sum(). */
export function num(v: unknown): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : Number(v);
}
