import type { Actor } from '../context.ts';
import type { Role } from './roles.ts';
import { ForbiddenError, UnauthenticatedError } from '../../kernel/errors.ts';

/**
 * Authorisation as data (after Outline's policies and Payload's `boolean | Where`): a rule answers
 * yes, no, or "yes, for rows under these org subtrees" — the same rule then scopes lists.
 * Deny by default: an action no policy names is refused.
 */
export type Scope = { kind: 'all' } | { kind: 'orgs'; paths: string[] } | { kind: 'none' };
export type Decision = boolean | Scope;
export type Rule<S = never> = (actor: Actor, subject?: S) => Decision;
// A table of rules whose subjects differ by action: each rule is checked against its own subject type.
// biome-ignore lint/suspicious/noExplicitAny: rules of different subject types live in one table
export type Policy = Record<string, Rule<any>>;

/** Typed identity: a module's policy is a plain table of action → rule, listed in its manifest. */
export function definePolicy<P extends Policy>(policy: P): P {
  return policy;
}

/**
 * The policy actions of one app (built from its modules' manifests by the registry): the scope of
 * an action for an actor, yes/no, and `authorize`, which throws. An action no module declared is
 * refused (deny by default) and named, so a typo in a route or command shows at once.
 */
export class Policies {
  constructor(private readonly rules: ReadonlyMap<string, Rule<never>>) {}

  has(action: string): boolean {
    return this.rules.has(action);
  }

  actions(): string[] {
    return [...this.rules.keys()].sort();
  }

  /** The scope of an action for an actor: which org subtrees its rows may come from. */
  scopeOf(actor: Actor, action: string, subject?: unknown): Scope {
    const rule = this.rules.get(action) as Rule<unknown> | undefined;
    if (!rule) return { kind: 'none' };
    const d = rule(actor, subject);
    if (d === true) return { kind: 'all' };
    if (d === false) return { kind: 'none' };
    return d.kind === 'orgs' && d.paths.length === 0 ? { kind: 'none' } : d;
  }

  /** May the actor do this (to this subject)? A scoped answer counts as yes. */
  can(actor: Actor, action: string, subject?: unknown): boolean {
    return this.scopeOf(actor, action, subject).kind !== 'none';
  }

  authorize(actor: Actor, action: string, subject?: unknown): void {
    if (this.can(actor, action, subject)) return;
    if (actor.kind === 'anonymous' && this.rules.has(action)) throw new UnauthenticatedError();
    throw new ForbiddenError(this.rules.has(action) ? '无权执行此操作' : `未定义的权限：${action}`);
  }
}

// ——— rule builders ———————————————————————————————————————————————————————————

/** Anyone, signed in or not. */
export const everyone: Rule<unknown> = () => true;
/** Nobody (the explicit form of deny by default). */
export const nobody: Rule<unknown> = () => false;
/** The CLI / system operator only. */
export const systemOnly: Rule<unknown> = (a) => a.kind === 'system';
/** Any signed-in user. */
export const signedIn: Rule<unknown> = (a) => a.kind !== 'anonymous';

/**
 * Holds one of `roles` somewhere: the answer is the scope — the org subtrees where it holds them.
 * With a subject, yes when the subject's org lies inside one of those subtrees.
 * The system operator is allowed everything.
 */
export function withRole<S extends { orgPath: string } | undefined = undefined>(...roles: Role[]): Rule<S> {
  return (actor, subject) => {
    if (actor.kind === 'system') return true;
    const paths = actor.grants.filter((g) => roles.includes(g.role)).map((g) => g.orgPath);
    if (subject && 'orgPath' in (subject as object)) return paths.some((p) => (subject as { orgPath: string }).orgPath.startsWith(p));
    return paths.length ? { kind: 'orgs', paths: minimalPaths(paths) } : false;
  };
}

/**
 * Holds one of `roles` on the root of the org tree (the district itself): for what is the same for
 * the whole district — the working-day calendar, the settings — which a grant on one township or
 * department must not change for everyone else. A yes or no, never a scope.
 */
export function withRoleAtRoot(...roles: Role[]): Rule<unknown> {
  return (actor) => actor.kind === 'system' || actor.grants.some((g) => roles.includes(g.role) && /^\/[^/]+\/$/.test(g.orgPath));
}

/** Combine rules with a state guard: `when(withRole('handler'), (r) => r.state === 'open')`. */
export function when<S>(rule: Rule<S>, guard: (subject: S, actor: Actor) => boolean): Rule<S> {
  return (actor, subject) => {
    if (subject === undefined) return rule(actor, subject);
    return guard(subject, actor) ? rule(actor, subject) : false;
  };
}

/** Either rule allows; scopes are merged. */
export function anyOf<S>(...rules: Rule<S>[]): Rule<S> {
  return (actor, subject) => {
    const paths: string[] = [];
    for (const r of rules) {
      const d = r(actor, subject);
      if (d === true) return true;
      if (d === false) continue;
      if (d.kind === 'all') return true;
      if (d.kind === 'orgs') paths.push(...d.paths);
    }
    return paths.length ? { kind: 'orgs', paths: minimalPaths(paths) } : false;
  };
}

/** Drop paths already covered by an ancestor path. */
export function minimalPaths(paths: string[]): string[] {
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length);
  const out: string[] = [];
  for (const p of sorted) if (!out.some((q) => p.startsWith(q))) out.push(p);
  return out;
}
