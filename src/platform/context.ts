import { userInfo } from 'node:os';
import type { Clock } from '../kernel/clock.ts';
import type { Db, Engine } from '../storage/db.ts';
import type { Role } from './authz/roles.ts';
import type { Config } from './config.ts';
import type { Scope } from './authz/policy.ts';
import type { Ports } from './module.ts';
import type { Registry } from './registry.ts';

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
 * An actor's name as staff read it (audit trail, histories): the machine names of the public,
 * the demo loader and the terminal operator in plain Chinese (issue 15, item 10).
 */
export function actorLabel(name: string): string {
  if (name === ANONYMOUS.name) return '公众（未登录）';
  if (name === 'demo') return '演示数据载入';
  if (name === 'system') return '系统';
  if (name.startsWith('cli:')) return `命令行操作员（${name.slice(4)}）`;
  return name;
}

/** The operator at the terminal: the CLI (and the server's jobs) act as the system, named in the audit trail. */
export function systemActor(): Actor {
  let who = 'operator';
  try {
    who = userInfo().username;
  } catch {
    /* no passwd entry in some containers */
  }
  return { kind: 'system', userId: null, name: `cli:${who}`, grants: [] };
}

/**
 * Everything a use case needs from outside: the actor, the clock, the database, the request id the
 * audit trail records, this app's registry (policies, settings, …) and the ports other modules
 * provide. Built once per HTTP request or CLI call.
 */
export interface AppContext {
  actor: Actor;
  clock: Clock;
  requestId: string;
  db: Db;
  engine: Engine;
  config: Config;
  registry: Registry;
  ports: Ports;
  /** May this context's actor do `action` (to `subject`)? */
  can(action: string, subject?: unknown): boolean;
  /** The org subtrees in which this context's actor may do `action` (a row filter for lists). */
  scope(action: string, subject?: unknown): Scope;
}
