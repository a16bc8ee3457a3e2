import type { Clock } from '../kernel/clock.ts';
import type { Db, Engine } from '../storage/db.ts';
import type { Role } from './authz/roles.ts';
import type { Config } from './config.ts';

/** One role held on one org subtree. `orgPath` is the org's materialised path, e.g. `/1/4/`. */
export interface Grant {
  role: Role;
  orgId: number;
  orgPath: string;
}

/** Who is acting. Anonymous visitors act as the public; the CLI acts as the system operator. */
export interface Actor {
  kind: 'user' | 'system' | 'anonymous';
  userId: number | null;
  /** Login name or `cli:<os user>`; written into audit entries. */
  name: string;
  grants: Grant[];
}

export const ANONYMOUS: Actor = { kind: 'anonymous', userId: null, name: 'public', grants: [] };

/**
 * Everything a use case needs from outside: the actor, the clock, the database, the request id the
 * audit trail records, and the platform services. Built once per HTTP request or CLI call.
 */
export interface AppContext {
  actor: Actor;
  clock: Clock;
  requestId: string;
  db: Db;
  engine: Engine;
  config: Config;
  services: Services;
}

/**
 * Platform services shared by all modules, wired at start (see src/app/platform.ts). Declared as an
 * interface that services extend by declaration merging, so the kernel of the context stays small.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Services {}
