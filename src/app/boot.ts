import { randomUUID } from 'node:crypto';
import type { Config } from '../platform/config.ts';
import type { Actor, AppContext, Services } from '../platform/context.ts';
import { systemClock, type Clock } from '../kernel/clock.ts';
import { openDatabase, type Database } from '../storage/db.ts';
import { migrateToLatest } from '../storage/migrate.ts';
import { allMigrations } from './migrations.ts';
import { modules } from './modules.ts';
import { userInfo } from 'node:os';

/**
 * The composition root: opens the database, migrates, and hands out contexts. Everything that
 * differs between production and tests (database, clock, config) enters here.
 */
export interface App {
  config: Config;
  database: Database;
  clock: Clock;
  services: Services;
  context(actor: Actor, requestId?: string): AppContext;
  close(): Promise<void>;
}

export async function openApp(config: Config, opts: { clock?: Clock; database?: Database; migrate?: boolean } = {}): Promise<App> {
  const database =
    opts.database ?? openDatabase({ url: config.databaseUrl, sqliteSynchronous: config.sqliteSynchronous, poolSize: config.poolSize });
  if (opts.migrate !== false) await migrateToLatest(database.db, allMigrations());
  const clock = opts.clock ?? systemClock(config.timeZone);
  const services = {} as Services;
  for (const m of modules) m.services?.(services, { config, database, clock });
  const app: App = {
    config,
    database,
    clock,
    services,
    context: (actor, requestId = randomUUID()) => ({ actor, clock, requestId, db: database.db, engine: database.engine, config, services }),
    close: () => database.close(),
  };
  return app;
}

/** The operator at the terminal: the CLI acts as the system, named in the audit trail. */
export function systemActor(): Actor {
  let who = 'operator';
  try {
    who = userInfo().username;
  } catch {
    /* no passwd entry in some containers */
  }
  return { kind: 'system', userId: null, name: `cli:${who}`, grants: [] };
}
