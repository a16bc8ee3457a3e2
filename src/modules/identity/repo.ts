import type { Queryable } from '../../storage/db.ts';
import type { Grant } from '../../platform/context.ts';
import type { Role } from '../../platform/authz/roles.ts';
import type { User } from './types.ts';
import './types.ts';

export async function findUserByName(db: Queryable, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUserById(db: Queryable, id: number) {
  // Not a whole number (a URL like /admin/users/abc): no such user, on both engines (see findOrgById).
  if (!Number.isSafeInteger(id)) return undefined;
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function toUser(r: NonNullable<Awaited<ReturnType<typeof findUserById>>>): User {
  return {
    id: Number(r.id),
    username: r.username,
    displayName: r.display_name,
    orgId: r.org_id === null ? null : Number(r.org_id),
    disabled: Number(r.disabled) === 1,
    lockedUntil: r.locked_until,
    lastLoginAt: r.last_login_at,
  };
}

export async function grantsOf(db: Queryable, userId: number): Promise<Grant[]> {
  const rows = await db
    .selectFrom('role_grants')
    .innerJoin('orgs', 'orgs.id', 'role_grants.org_id')
    .select(['role_grants.role', 'role_grants.org_id', 'orgs.path'])
    .where('role_grants.user_id', '=', userId)
    .execute();
  return rows.map((r) => ({ role: r.role as Role, orgId: Number(r.org_id), orgPath: r.path }));
}

export interface UserListRow extends User {
  orgName: string | null;
  orgPath: string | null;
  grants: Array<Grant & { id: number; orgName: string }>;
}

export async function listUsers(db: Queryable, opts: { orgPaths?: string[] | 'all' } = {}): Promise<UserListRow[]> {
  let q = db
    .selectFrom('users')
    .leftJoin('orgs', 'orgs.id', 'users.org_id')
    .selectAll('users')
    .select(['orgs.name as org_name', 'orgs.path as org_path'])
    .orderBy('users.username');
  const paths = opts.orgPaths;
  if (paths && paths !== 'all') q = q.where((eb) => eb.or(paths.map((p) => eb('orgs.path', 'like', `${p}%`))));
  const users = await q.execute();
  const grants = await db
    .selectFrom('role_grants')
    .innerJoin('orgs', 'orgs.id', 'role_grants.org_id')
    .select(['role_grants.id', 'role_grants.user_id', 'role_grants.role', 'role_grants.org_id', 'orgs.path', 'orgs.name'])
    .execute();
  return users.map((u) => ({
    ...toUser(u),
    orgName: u.org_name,
    orgPath: u.org_path,
    grants: grants
      .filter((g) => Number(g.user_id) === Number(u.id))
      .map((g) => ({ id: Number(g.id), role: g.role as Role, orgId: Number(g.org_id), orgPath: g.path, orgName: g.name })),
  }));
}

/** Accounts locked right now (by failed logins from many addresses), within the given org subtrees. */
export async function listLockedUsers(db: Queryable, nowIso: string, opts: { orgPaths: string[] | 'all' }) {
  let q = db
    .selectFrom('users')
    .leftJoin('orgs', 'orgs.id', 'users.org_id')
    .select(['users.id', 'users.username', 'users.display_name', 'users.locked_until', 'orgs.name as org_name', 'orgs.path as org_path'])
    .where('users.locked_until', '>', nowIso)
    .orderBy('users.username');
  const paths = opts.orgPaths;
  if (paths !== 'all') {
    if (!paths.length) return [];
    q = q.where((eb) => eb.or(paths.map((p) => eb('orgs.path', 'like', `${p}%`))));
  }
  return (await q.execute()).map((r) => ({
    id: Number(r.id),
    username: r.username,
    displayName: r.display_name,
    lockedUntil: r.locked_until as string,
    orgName: r.org_name,
    orgPath: r.org_path,
  }));
}

/** When this user's account was last locked by failed logins since `sinceIso` (the audit trail says), or null. */
export async function lastLockOf(db: Queryable, userId: number, sinceIso: string): Promise<string | null> {
  const r = await db
    .selectFrom('audit_log')
    .select('at')
    .where('action', '=', 'identity.locked')
    .where('subject_type', '=', 'user')
    .where('subject_id', '=', String(userId))
    .where('at', '>=', sinceIso)
    .orderBy('seq', 'desc')
    .executeTakeFirst();
  return r ? String(r.at) : null;
}
