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
export type Policy = Record<string, Rule<any>>;

const registry = new Map<string, Rule<any>>();

/** Each module registers its policy once; an action may be defined by one module only. */
export function definePolicy<P extends Policy>(policy: P): P {
  for (const [action, rule] of Object.entries(policy)) {
    if (registry.has(action) && registry.get(action) !== rule) throw new Error(`policy action defined twice: ${action}`);
    registry.set(action, rule);
  }
  return policy;
}

export function knownActions(): string[] {
  return [...registry.keys()].sort();
}

export function ruleFor(action: string): Rule<any> | undefined {
  return registry.get(action);
}

/** The scope of an action for an actor: which org subtrees its rows may come from. */
export function scopeOf(actor: Actor, action: string, subject?: unknown): Scope {
  const rule = registry.get(action);
  if (!rule) return { kind: 'none' };
  const d = rule(actor, subject as never);
  if (d === true) return { kind: 'all' };
  if (d === false) return { kind: 'none' };
  return d.kind === 'orgs' && d.paths.length === 0 ? { kind: 'none' } : d;
}

/** May the actor do this (to this subject)? A scoped answer counts as yes. */
export function can(actor: Actor, action: string, subject?: unknown): boolean {
  return scopeOf(actor, action, subject).kind !== 'none';
}

export function authorize(actor: Actor, action: string, subject?: unknown): void {
  if (can(actor, action, subject)) return;
  if (actor.kind === 'anonymous' && registry.has(action)) throw new UnauthenticatedError();
  throw new ForbiddenError(registry.has(action) ? '无权执行此操作' : `未定义的权限：${action}`);
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
