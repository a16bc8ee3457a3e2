import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Queryable } from '../../storage/db.ts';
import type { DB } from '../../storage/schema.ts';
import type { Scope } from '../../platform/authz/policy.ts';
import type { Org, OrgsTable } from './types.ts';
import './types.ts';

type Row = { [K in keyof OrgsTable]: OrgsTable[K] extends import('kysely').Generated<infer T> ? T : OrgsTable[K] };

export function toOrg(r: Row): Org {
  return {
    id: Number(r.id),
    parentId: r.parent_id === null ? null : Number(r.parent_id),
    path: r.path,
    depth: Number(r.depth),
    name: r.name,
    shortName: r.short_name,
    kind: r.kind,
    code: r.code,
    orgCode: r.org_code,
    address: r.address,
    postcode: r.postcode,
    phone: r.phone,
    fax: r.fax,
    email: r.email,
    website: r.website,
    officeHours: r.office_hours,
    disclosureOffice: r.disclosure_office,
    sortOrder: Number(r.sort_order),
    active: Number(r.active) === 1,
    orgPath: r.path,
  };
}

export async function findOrgById(db: Queryable, id: number): Promise<Org | undefined> {
  // An id from a URL or form may be NaN or a fraction: SQLite matches nothing, PostgreSQL refuses
  // the query (an error page instead of "not found"). No such org, on both engines.
  if (!Number.isSafeInteger(id)) return undefined;
  const r = await db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toOrg(r as Row) : undefined;
}

/** By id, code (either kind), 组织机构代码, name or short name — what a CLI user types. */
export async function findOrg(db: Queryable, ref: string | number): Promise<Org | undefined> {
  const s = String(ref).trim();
  if (/^\d+$/.test(s) && s.length < 9) return findOrgById(db, Number(s));
  const r = await db
    .selectFrom('orgs')
    .selectAll()
    .where((eb) => eb.or([eb('code', '=', s.toUpperCase()), eb('org_code', '=', s.toUpperCase()), eb('name', '=', s), eb('short_name', '=', s)]))
    .orderBy('depth')
    .executeTakeFirst();
  return r ? toOrg(r as Row) : undefined;
}

export async function listOrgs(db: Queryable, opts: { scope?: Scope; includeInactive?: boolean } = {}): Promise<Org[]> {
  let q = db.selectFrom('orgs').selectAll();
  if (!opts.includeInactive) q = q.where('active', '=', 1);
  if (opts.scope) q = q.where((eb) => pathInScope(eb, 'orgs.path', opts.scope!));
  const rows = await q.orderBy('depth').orderBy('sort_order').orderBy('id').execute();
  return sortAsTree(rows.map((r) => toOrg(r as Row)));
}

/** Depth-first order (parents before children, siblings by sort order) for tree displays. */
export function sortAsTree(orgs: Org[]): Org[] {
  const byParent = new Map<number | null, Org[]>();
  for (const o of orgs) {
    const k = o.parentId;
    if (!byParent.has(k)) byParent.set(k, []);
    byParent.get(k)!.push(o);
  }
  const ids = new Set(orgs.map((o) => o.id));
  const roots = orgs.filter((o) => o.parentId === null || !ids.has(o.parentId));
  const out: Org[] = [];
  const walk = (o: Org) => {
    out.push(o);
    for (const c of (byParent.get(o.id) ?? []).sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id)) walk(c);
  };
  for (const r of roots.sort((a, b) => a.depth - b.depth || a.sortOrder - b.sortOrder || a.id - b.id)) walk(r);
  return out;
}

export async function childrenOf(db: Queryable, id: number): Promise<Org[]> {
  const rows = await db.selectFrom('orgs').selectAll().where('parent_id', '=', id).orderBy('sort_order').orderBy('id').execute();
  return rows.map((r) => toOrg(r as Row));
}

/** Ids of an org and all its descendants. */
export async function subtreeIds(db: Queryable, path: string): Promise<number[]> {
  const rows = await db.selectFrom('orgs').select('id').where('path', 'like', `${path}%`).execute();
  return rows.map((r) => Number(r.id));
}

function likePrefix(path: string): string {
  return `${path.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
}

/** `column` (an org path) lies inside the scope. */
export function pathInScope<TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, column: string, scope: Scope): Expression<SqlBool> {
  if (scope.kind === 'all') return sql<SqlBool>`1 = 1`;
  if (scope.kind === 'none' || !scope.paths.length) return sql<SqlBool>`1 = 0`;
  return eb.or(scope.paths.map((p) => sql<SqlBool>`${sql.ref(column)} like ${likePrefix(p)} escape '\\'`));
}

/**
 * Row filter for other modules' tables: `column` (an org id) is one of the orgs inside the scope.
 * Used by repos with the scope a policy returned, so lists show only what the actor may see.
 */
export function orgIdInScope<TB extends keyof DB>(_eb: ExpressionBuilder<DB, TB>, column: string, scope: Scope): Expression<SqlBool> {
  if (scope.kind === 'all') return sql<SqlBool>`1 = 1`;
  if (scope.kind === 'none' || !scope.paths.length) return sql<SqlBool>`1 = 0`;
  const inner = sql`select o.id from orgs o where ${sql.join(
    scope.paths.map((p) => sql`o.path like ${likePrefix(p)} escape '\\'`),
    sql` or `,
  )}`;
  return sql<SqlBool>`${sql.ref(column)} in (${inner})`;
}
