import type { Command } from 'commander';
import type { MigrationSet } from '../storage/migrate.ts';
import type { RouteDef } from '../http/kit.ts';
import type { AppContext, Services } from '../platform/context.ts';
import type { Config } from '../platform/config.ts';
import type { Database } from '../storage/db.ts';
import type { Clock } from '../kernel/clock.ts';
import type { App } from './boot.ts';

/**
 * How a module plugs in: its migrations, its routes, its CLI verbs, its share of the demo, and the
 * platform services it wires. `src/app/modules.ts` lists the modules; nothing else needs editing.
 */
export interface ModuleDef {
  name: string;
  migrations?: MigrationSet;
  /** Loaded only when the web server starts (the CLI never pays for the web layer). */
  routes?: () => Promise<RouteDef[]>;
  /** The module's policies: imported eagerly so every action is registered before use. */
  policies?: unknown;
  /** `config`: the settings without opening the database (for verbs that need no data, e.g. checking a file). */
  cli?: (program: Command, open: () => Promise<App>, config: () => Config) => void;
  /** Load this module's demo records (idempotent). Runs in `order`; returns lines for the console. */
  demo?: { order: number; load(ctx: AppContext, app: App): Promise<string[]> };
  /** Register services on the context (search index, notifier, …). */
  services?: (services: Services, deps: { config: Config; database: Database; clock: Clock }) => void;
}
