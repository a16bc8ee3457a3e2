import type { MigrationSet } from '../storage/migrate.ts';
import { Policies, type Rule } from './authz/policy.ts';
import { vocabularyIndex, type AuditVocabularyIndex } from './audit/vocabulary.ts';
import type { CalendarChangeHook } from './calendar/calendar.ts';
import type { AppContext } from './context.ts';
import type { CommitHook, JobDef, ModuleManifest, PortName, Ports } from './module.ts';
import type { SettingDef } from './settings/settings.ts';
import type { MetricDef } from './stats/metrics.ts';
import type { Block } from './web/blocks.ts';
import type { RouteDef } from './web/kit.ts';
import type { AdminNavItem, PortalNavItem } from './web/nav.ts';

/**
 * Everything the modules of one app declared, gathered once at start: one registry per app
 * instance, so two apps in one process (tests, tools) share nothing. Built by `buildRegistry`,
 * which refuses a graph it cannot run — a duplicate name, a port required but not provided or
 * provided twice — naming the modules involved.
 */
export interface Registry {
  readonly modules: readonly ModuleManifest[];
  readonly migrations: MigrationSet;
  readonly policies: Policies;
  readonly metrics: ReadonlyMap<string, MetricDef>;
  readonly settings: ReadonlyMap<string, SettingDef<unknown>>;
  readonly portalNav: readonly PortalNavItem[];
  readonly adminNav: readonly AdminNavItem[];
  readonly homeBlocks: readonly Block[];
  readonly dashboardBlocks: readonly Block[];
  readonly jobs: readonly JobDef[];
  readonly calendarHooks: readonly CalendarChangeHook[];
  /** The modules' audit vocabulary (the audit trail's reading). */
  readonly audit: AuditVocabularyIndex;
  /** The ports the modules provide (the app copies them into each instance's `ports`). */
  readonly provided: Partial<Ports>;
  /** Every route of every module, in module order (loaded on first call: the web layer only). */
  routes(): Promise<RouteDef[]>;
  /** Listen to this app's committed commands (caches owned by an app object, e.g. the page cache). */
  onCommitted(fn: (commandName: string) => void): () => void;
  /** Called by the command pipeline after each commit: the modules' hooks, then the listeners. */
  committed(ctx: AppContext, commandName: string): void;
}

export class RegistryError extends Error {}

export function buildRegistry(manifests: readonly ModuleManifest[]): Registry {
  const owner = new Map<string, string>();
  const claim = (kind: string, key: string, module: string) => {
    const k = `${kind}:${key}`;
    const prev = owner.get(k);
    if (prev !== undefined) throw new RegistryError(`${kind} ${key} is declared by both ${prev} and ${module}`);
    owner.set(k, module);
  };

  const migrations: MigrationSet = {};
  const rules = new Map<string, Rule<never>>();
  const metrics = new Map<string, MetricDef>();
  const settings = new Map<string, SettingDef<unknown>>();
  const portalNav: PortalNavItem[] = [];
  const adminNav: AdminNavItem[] = [];
  const homeBlocks: Block[] = [];
  const dashboardBlocks: Block[] = [];
  const jobs: JobDef[] = [];
  const calendarHooks: CalendarChangeHook[] = [];
  const commitHooks: CommitHook[] = [];
  const provided: Record<string, unknown> = {};

  for (const m of manifests) {
    claim('module', m.name, m.name);
    for (const [name, mig] of Object.entries(m.migrations ?? {})) {
      claim('migration', name, m.name);
      migrations[name] = mig;
    }
    for (const [action, rule] of Object.entries(m.policies ?? {})) {
      claim('policy action', action, m.name);
      rules.set(action, rule);
    }
    for (const def of m.metrics ?? []) {
      claim('metric', def.name, m.name);
      metrics.set(def.name, def);
    }
    for (const def of m.settings ?? []) {
      claim('setting', def.key, m.name);
      settings.set(def.key, def);
    }
    for (const n of m.nav?.portal ?? []) {
      claim('portal menu entry', n.href, m.name);
      portalNav.push(n);
    }
    for (const n of m.nav?.admin ?? []) {
      claim('back-office menu entry', n.href, m.name);
      adminNav.push(n);
    }
    for (const b of m.blocks?.home ?? []) {
      claim('home block', b.id, m.name);
      homeBlocks.push(b);
    }
    for (const b of m.blocks?.dashboard ?? []) {
      claim('dashboard block', b.id, m.name);
      dashboardBlocks.push(b);
    }
    for (const j of m.jobs ?? []) {
      claim('job', j.name, m.name);
      jobs.push(j);
    }
    calendarHooks.push(...(m.onCalendarChange ?? []));
    commitHooks.push(...(m.onCommitted ?? []));
    for (const [port, impl] of Object.entries(m.provides ?? {})) {
      claim('port', port, m.name);
      provided[port] = impl;
    }
  }
  for (const m of manifests) {
    for (const port of m.requires ?? []) {
      if (!(port in provided)) throw new RegistryError(`module ${m.name} requires port ${port}, which no module provides`);
    }
  }
  const byOrder = <T extends { order: number }>(a: T, b: T) => a.order - b.order;
  portalNav.sort(byOrder);
  adminNav.sort(byOrder);
  homeBlocks.sort(byOrder);
  dashboardBlocks.sort(byOrder);

  const listeners = new Set<(name: string) => void>();
  let routes: Promise<RouteDef[]> | undefined;
  return {
    modules: manifests,
    migrations,
    policies: new Policies(rules),
    metrics,
    settings,
    portalNav,
    adminNav,
    homeBlocks,
    dashboardBlocks,
    jobs,
    calendarHooks,
    audit: vocabularyIndex(manifests.flatMap((m) => (m.audit ? [m.audit] : []))),
    provided: provided as Partial<Ports>,
    routes() {
      routes ??= Promise.all(manifests.map((m) => m.routes?.() ?? Promise.resolve([]))).then((l) => l.flat());
      return routes;
    },
    onCommitted(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    committed(ctx, name) {
      for (const h of commitHooks) h(ctx, name);
      for (const l of listeners) l(name);
    },
  };
}

/** The port a module needs, or a clear error if the app was built without its provider. */
export function portOf<K extends PortName>(ports: Ports, name: K): NonNullable<Ports[K]> {
  const p = ports[name];
  if (p === undefined || p === null) throw new RegistryError(`port ${String(name)} is not provided in this app`);
  return p as NonNullable<Ports[K]>;
}
