import type { Command } from 'commander';
import type { Clock } from '../kernel/clock.ts';
import type { Database } from '../storage/db.ts';
import type { MigrationSet } from '../storage/migrate.ts';
import type { Policy } from './authz/policy.ts';
import type { AuditVocabulary } from './audit/vocabulary.ts';
import type { CalendarChangeHook } from './calendar/calendar.ts';
import type { Config } from './config.ts';
import type { Actor, AppContext } from './context.ts';
import type { Registry } from './registry.ts';
import type { SettingDef } from './settings/settings.ts';
import type { MetricDef } from './stats/metrics.ts';
import type { Block } from './web/blocks.ts';
import type { RouteDef } from './web/kit.ts';
import type { AdminNavItem, PortalNavItem } from './web/nav.ts';

/**
 * The ports modules provide to each other, by name. A providing module declares its port's type
 * here by declaration merging (`declare module '…/platform/module.ts' { interface Ports { … } }`);
 * a module that needs it lists the name in `requires` and reads `ctx.ports.name`. The app checks
 * at start that every required port is provided exactly once.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in the modules that provide ports
export interface Ports {}
export type PortName = keyof Ports;

/** One running platform: what the app hands to a module's CLI, jobs and demo. */
export interface App {
  config: Config;
  database: Database;
  clock: Clock;
  registry: Registry;
  /** The ports of this app instance (tests may replace one, e.g. a recording notifier). */
  ports: Ports;
  context(actor: Actor, requestId?: string): AppContext;
  close(): Promise<void>;
}

/** What a module's CLI verbs get from the app: the app, opened on first use, and the operator's context. */
export interface CliDeps {
  open(): Promise<App>;
  /** A context acting as the system operator (`cli:<os user>` in the audit trail). */
  operator(): Promise<AppContext>;
  /** The settings, without opening the database (verbs that need no data, e.g. checking a file). */
  config(): Config;
}

/** A scheduled job, run by the server (`gongkai serve`) on its schedule. */
export interface JobDef {
  name: string;
  /** What it does, for the log and the docs. */
  describe: string;
  /** Once a day, from this local hour (the app's time zone), checked every `checkMinutes` (default 15). */
  schedule: { dailyFromHour: number; checkMinutes?: number };
  /** Runs the job; returns a line for the log. Must be idempotent for the day (a restart may run it again). */
  run(ctx: AppContext): Promise<string>;
}

export type CommitHook = (ctx: AppContext, commandName: string) => void;

export interface DemoLoader {
  /** Modules load in ascending order (orgs before users before records). */
  order: number;
  load(ctx: AppContext, app: App): Promise<string[]>;
}

/**
 * A module declares itself (after Decidim's engine manifests): everything it adds to the platform
 * is listed here, and nothing registers by being imported. `src/app/modules.ts` lists the
 * manifests; `openApp(config, modules)` builds one registry per app instance from them.
 */
export interface ModuleManifest {
  name: string;
  migrations?: MigrationSet;
  /** Policy actions this module defines (an action belongs to one module). */
  policies?: Policy;
  /** Figures the annual report counts from this module's records. */
  metrics?: readonly MetricDef[];
  /** District-editable settings (业务设置), each with its national default. */
  settings?: readonly SettingDef<unknown>[];
  /** Loaded only when the web server starts (the CLI never pays for the web layer). */
  routes?: () => Promise<RouteDef[]>;
  nav?: { portal?: readonly PortalNavItem[]; admin?: readonly AdminNavItem[] };
  blocks?: { home?: readonly Block[]; dashboard?: readonly Block[] };
  cli?: (program: Command, deps: CliDeps) => void;
  jobs?: readonly JobDef[];
  /** Recompute stored due dates after a calendar change (in the calendar command's transaction). */
  onCalendarChange?: readonly CalendarChangeHook[];
  demo?: DemoLoader;
  /**
   * Called after each committed command of the app (synchronously, before its side effects): the
   * place to drop a cache this module keeps per database handle (`WeakMap` keyed by `ctx.db`).
   */
  onCommitted?: readonly CommitHook[];
  /** How its audit entries read for an auditor: action, subject and field names in Chinese. */
  audit?: AuditVocabulary;
  /** Ports this module provides (implementations), by name. */
  provides?: Partial<Ports>;
  /** Ports this module needs from others. */
  requires?: readonly PortName[];
}

/** Typed identity: a manifest is a plain object the compiler checks. */
export function defineModule(m: ModuleManifest): ModuleManifest {
  return m;
}
