import { randomUUID } from 'node:crypto';
import type { Config } from '../platform/config.ts';
import type { Actor, AppContext } from '../platform/context.ts';
import type { App, ModuleManifest, Ports } from '../platform/module.ts';
import { buildRegistry } from '../platform/registry.ts';
import { systemClock, type Clock } from '../kernel/clock.ts';
import { openDatabase, type Database } from '../storage/db.ts';
import { migrateToLatest } from '../storage/migrate.ts';
import { modules as platformModules } from './modules.ts';

export type { App } from '../platform/module.ts';

/**
 * The composition root: builds this app's registry from the modules' manifests (refusing a graph
 * it cannot run), opens the database, migrates, and hands out contexts. Everything that differs
 * between production and tests (database, clock, config, the modules) enters here.
 */
export async function openApp(
  config: Config,
  opts: { clock?: Clock; database?: Database; migrate?: boolean; modules?: readonly ModuleManifest[] } = {},
): Promise<App> {
  const registry = buildRegistry(opts.modules ?? platformModules);
  const database = opts.database ?? openDatabase({ url: config.databaseUrl, sqliteSynchronous: config.sqliteSynchronous, poolSize: config.poolSize });
  if (opts.migrate !== false) await migrateToLatest(database.db, registry.migrations);
  const clock = opts.clock ?? systemClock(config.timeZone);
  // One ports object per app: contexts share it, so a test may replace a port (a recording notifier).
  const ports = { ...registry.provided } as Ports;
  const policies = registry.policies;
  const app: App = {
    config,
    database,
    clock,
    registry,
    ports,
    context: (actor: Actor, requestId = randomUUID()): AppContext => ({
      actor,
      clock,
      requestId,
      db: database.db,
      engine: database.engine,
      config,
      registry,
      ports,
      can: (action, subject) => policies.can(actor, action, subject),
      scope: (action, subject) => policies.scopeOf(actor, action, subject),
    }),
    close: () => database.close(),
  };
  return app;
}
