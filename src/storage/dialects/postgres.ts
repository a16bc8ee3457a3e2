import pg from 'pg';
import { PostgresDialect } from 'kysely';

export interface PostgresOptions {
  url: string;
  /** Schema to use as search_path (tests give each run its own). */
  schema?: string;
  poolSize: number;
}

// count(*) and sums come back as int8/numeric strings from pg; every figure we store fits a JS number.
const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => (v === null ? null : Number(v));
    return pg.types.getTypeParser(oid, format);
  },
};

export function postgresDialect(opts: PostgresOptions): { dialect: PostgresDialect; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize,
    types: types as pg.CustomTypesConfig,
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  // An idle connection the server ends (a restart, an administrator, a dropped database) is an
  // 'error' event on the pool: without a listener it would end the process. The pool replaces it;
  // a query on a dead connection still fails as that query's own error.
  pool.on('error', (e) => console.error(`PostgreSQL: an idle connection ended: ${e.message}`));
  return { dialect: new PostgresDialect({ pool }), pool };
}
