import { sql } from 'kysely';
import type { Queryable } from '../../storage/db.ts';
import type { Scope } from '../../platform/authz/policy.ts';
import { orgIdInScope } from '../orgs/index.ts';
import type { BodyKind, DelegateMode, DispositionKind } from './types.ts';
import './types.ts';

/**
 * Every read of the power list. Whether a power stood on a date is a question to its disposition
 * history (services.md §1): it stands on D when it had a disposition on or before D (it entered
 * the list with 保留 or 新增) and none of them, on or before D, is 取消 or 调整合并 — the commands
 * keep each history in date order with nothing after a cancellation or a merge, so "no terminal
 * disposition by D" is "its last disposition by D is not terminal". 下放 leaves a power standing:
 * it is still the district's power, handled at the township or street.
 */
export interface Category {
  id: number;
  name: string;
  sortOrder: number;
  active: boolean;
}

export async function listCategories(db: Queryable, opts: { activeOnly?: boolean } = {}): Promise<Category[]> {
  let q = db.selectFrom('power_categories').selectAll().orderBy('sort_order').orderBy('id');
  if (opts.activeOnly) q = q.where('active', '=', 1);
  return (await q.execute()).map((r) => ({ id: Number(r.id), name: r.name, sortOrder: Number(r.sort_order), active: Number(r.active) === 1 }));
}

export interface PowerRow {
  id: number;
  orgId: number;
  orgName: string;
  orgPath: string;
  categoryId: number;
  category: string;
  name: string;
  code: string;
  body: string;
  bodyKind: BodyKind;
  legalBasis: string;
  feeBasis: string;
  procedure: string;
  timeLimit: string;
  supervisionPhone: string;
  updatedAt: string;
}

function powerQuery(db: Queryable) {
  return db
    .selectFrom('powers as p')
    .innerJoin('orgs as o', 'o.id', 'p.org_id')
    .innerJoin('power_categories as c', 'c.id', 'p.category_id')
    .select([
      'p.id',
      'p.org_id',
      'o.name as org_name',
      'o.path as org_path',
      'p.category_id',
      'c.name as category',
      'p.name',
      'p.code',
      'p.body',
      'p.body_kind',
      'p.legal_basis',
      'p.fee_basis',
      'p.procedure',
      'p.time_limit',
      'p.supervision_phone',
      'p.updated_at',
    ]);
}

type RawPower = Awaited<ReturnType<ReturnType<typeof powerQuery>['executeTakeFirstOrThrow']>>;
function toPower(r: RawPower): PowerRow {
  return {
    id: Number(r.id),
    orgId: Number(r.org_id),
    orgName: r.org_name,
    orgPath: r.org_path,
    categoryId: Number(r.category_id),
    category: r.category,
    name: r.name,
    code: r.code,
    body: r.body,
    bodyKind: r.body_kind,
    legalBasis: r.legal_basis,
    feeBasis: r.fee_basis,
    procedure: r.procedure,
    timeLimit: r.time_limit,
    supervisionPhone: r.supervision_phone,
    updatedAt: r.updated_at,
  };
}

export async function findPower(db: Queryable, id: number): Promise<PowerRow | undefined> {
  if (!Number.isSafeInteger(id)) return undefined;
  const r = await powerQuery(db).where('p.id', '=', id).executeTakeFirst();
  return r ? toPower(r) : undefined;
}

export async function findPowerByCode(db: Queryable, code: string): Promise<PowerRow | undefined> {
  const r = await powerQuery(db).where('p.code', '=', code).executeTakeFirst();
  return r ? toPower(r) : undefined;
}

/** A row filter: the org id in `column` lies inside the scope (the orgs module's filter, for aliased tables). */
export function scoped(column: string, scope: Scope) {
  return orgIdInScope(undefined as never, column, scope);
}

/** Powers standing on `date` (the sub-select a list or a count filters by). */
function standingOn(date: string) {
  return sql<boolean>`exists (select 1 from power_dispositions d where d.power_id = p.id and d.on_date <= ${date})
    and not exists (select 1 from power_dispositions d where d.power_id = p.id and d.on_date <= ${date} and d.kind in ('merge', 'cancel'))`;
}

/** Inside an org's subtree, by its path. */
function underPath(path: string) {
  return sql<boolean>`o.path like ${`${path.replace(/[%_\\]/g, (c) => `\\${c}`)}%`} escape '\\'`;
}

export interface PowerFilter {
  scope?: Scope;
  /** Only powers of this org's subtree (its path). */
  path?: string;
  categoryId?: number;
  /** Only powers standing on this date; undefined: every power, standing or not. */
  standingOn?: string;
  q?: string;
}

export async function listPowers(db: Queryable, f: PowerFilter, page: { limit: number; offset: number }): Promise<{ total: number; rows: PowerRow[] }> {
  const base = () => {
    let q = db
      .selectFrom('powers as p')
      .innerJoin('orgs as o', 'o.id', 'p.org_id')
      .where(f.scope ? scoped('p.org_id', f.scope) : sql<boolean>`1 = 1`);
    if (f.path) q = q.where(underPath(f.path));
    if (f.categoryId) q = q.where('p.category_id', '=', f.categoryId);
    if (f.standingOn) q = q.where(standingOn(f.standingOn));
    if (f.q) {
      const like = `%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) => eb.or([sql<boolean>`p.name like ${like} escape '\\'`, sql<boolean>`p.code like ${like} escape '\\'`]));
    }
    return q;
  };
  const total = Number(
    (
      await base()
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const ids = await base().select('p.id').orderBy('p.category_id').orderBy('p.code').limit(page.limit).offset(page.offset).execute();
  if (!ids.length) return { total, rows: [] };
  const rows = await powerQuery(db)
    .where(
      'p.id',
      'in',
      ids.map((r) => Number(r.id)),
    )
    .execute();
  const byId = new Map(rows.map((r) => [Number(r.id), toPower(r)]));
  return { total, rows: ids.map((r) => byId.get(Number(r.id))).filter((r): r is PowerRow => !!r) };
}

/** Category id → powers standing on `date` in an org's subtree. */
export async function standingByCategory(db: Queryable, path: string, date: string, scope?: Scope): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('powers as p')
    .innerJoin('orgs as o', 'o.id', 'p.org_id')
    .where(underPath(path))
    .where(standingOn(date))
    .where(scope ? scoped('p.org_id', scope) : sql<boolean>`1 = 1`)
    .select(['p.category_id', (e) => e.fn.countAll().as('n')])
    .groupBy('p.category_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.category_id), Number(r.n)]));
}

export interface DispositionRow {
  id: number;
  powerId: number;
  kind: DispositionKind;
  onDate: string;
  mergedIntoId: number | null;
  mergedIntoCode: string | null;
  mergedIntoName: string | null;
  mode: DelegateMode | null;
  note: string;
  recordedAt: string;
  recordedBy: string;
  /** 下放: the receiving orgs, by name. */
  delegatedTo: Array<{ id: number; name: string }>;
}

async function withDelegations<T extends { id: number; delegatedTo: Array<{ id: number; name: string }> }>(db: Queryable, rows: T[]): Promise<T[]> {
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const ds = await db
      .selectFrom('power_delegations as g')
      .innerJoin('orgs as o', 'o.id', 'g.org_id')
      .select(['g.disposition_id', 'o.id', 'o.name', 'o.sort_order'])
      .where('g.disposition_id', 'in', chunk)
      .orderBy('o.sort_order')
      .orderBy('o.id')
      .execute();
    const by = new Map(rows.map((r) => [r.id, r]));
    for (const d of ds) by.get(Number(d.disposition_id))?.delegatedTo.push({ id: Number(d.id), name: d.name });
  }
  return rows;
}

function dispositionQuery(db: Queryable) {
  return db
    .selectFrom('power_dispositions as d')
    .leftJoin('powers as m', 'm.id', 'd.merged_into_id')
    .select([
      'd.id',
      'd.power_id',
      'd.kind',
      'd.on_date',
      'd.merged_into_id',
      'm.code as merged_code',
      'm.name as merged_name',
      'd.delegate_mode',
      'd.note',
      'd.recorded_at',
      'd.recorded_by',
    ]);
}
type RawDisposition = Awaited<ReturnType<ReturnType<typeof dispositionQuery>['executeTakeFirstOrThrow']>>;
function toDisposition(r: RawDisposition): DispositionRow {
  return {
    id: Number(r.id),
    powerId: Number(r.power_id),
    kind: r.kind,
    onDate: r.on_date,
    mergedIntoId: r.merged_into_id === null ? null : Number(r.merged_into_id),
    mergedIntoCode: r.merged_code ?? null,
    mergedIntoName: r.merged_name ?? null,
    mode: r.delegate_mode,
    note: r.note,
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
    delegatedTo: [],
  };
}

/** A power's history, oldest first. */
export async function historyOf(db: Queryable, powerId: number): Promise<DispositionRow[]> {
  const rows = await dispositionQuery(db).where('d.power_id', '=', powerId).orderBy('d.on_date').orderBy('d.id').execute();
  return withDelegations(db, rows.map(toDisposition));
}

/** The histories of many powers at once (power id → oldest first). */
export async function historiesOf(db: Queryable, powerIds: number[]): Promise<Map<number, DispositionRow[]>> {
  const out = new Map<number, DispositionRow[]>();
  for (let i = 0; i < powerIds.length; i += 500) {
    const rows = await dispositionQuery(db)
      .where('d.power_id', 'in', powerIds.slice(i, i + 500))
      .orderBy('d.on_date')
      .orderBy('d.id')
      .execute();
    for (const d of await withDelegations(db, rows.map(toDisposition))) {
      const list = out.get(d.powerId) ?? [];
      list.push(d);
      out.set(d.powerId, list);
    }
  }
  return out;
}

export interface ChangeFilter {
  path: string;
  year: number;
  kinds?: readonly DispositionKind[];
  mode?: DelegateMode;
  categoryId?: number;
  scope?: Scope;
}

function changesBase(db: Queryable, f: ChangeFilter) {
  let q = db
    .selectFrom('power_dispositions as d')
    .innerJoin('powers as p', 'p.id', 'd.power_id')
    .innerJoin('orgs as o', 'o.id', 'p.org_id')
    .where(underPath(f.path))
    .where('d.on_date', '>=', `${f.year}-01-01`)
    .where('d.on_date', '<=', `${f.year}-12-31`);
  if (f.kinds) q = q.where('d.kind', 'in', f.kinds.length ? [...f.kinds] : ['none' as DispositionKind]);
  if (f.mode) q = q.where('d.delegate_mode', '=', f.mode);
  if (f.categoryId) q = q.where('p.category_id', '=', f.categoryId);
  if (f.scope) {
    q = q.where(scoped('p.org_id', f.scope));
  }
  return q;
}

/** How many dispositions of these kinds (and mode) took effect in the year, over an org's subtree. */
export async function countChanges(db: Queryable, f: ChangeFilter): Promise<number> {
  return Number(
    (
      await changesBase(db, f)
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

export interface ChangeRow extends DispositionRow {
  powerName: string;
  powerCode: string;
  category: string;
  orgName: string;
}

/** The changes of a year, newest first, paged. */
export async function listChanges(db: Queryable, f: ChangeFilter, page: { limit: number; offset: number }): Promise<{ total: number; rows: ChangeRow[] }> {
  const total = await countChanges(db, f);
  const rows = await changesBase(db, f)
    .innerJoin('power_categories as c', 'c.id', 'p.category_id')
    .leftJoin('powers as m', 'm.id', 'd.merged_into_id')
    .select([
      'd.id',
      'd.power_id',
      'd.kind',
      'd.on_date',
      'd.merged_into_id',
      'm.code as merged_code',
      'm.name as merged_name',
      'd.delegate_mode',
      'd.note',
      'd.recorded_at',
      'd.recorded_by',
      'p.name as power_name',
      'p.code as power_code',
      'c.name as category',
      'o.name as org_name',
    ])
    .orderBy('d.on_date', 'desc')
    .orderBy('d.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const list = rows.map((r) => ({ ...toDisposition(r), powerName: r.power_name, powerCode: r.power_code, category: r.category, orgName: r.org_name }));
  return { total, rows: await withDelegations(db, list) };
}

/** The org's path, or undefined. */
export async function pathOf(db: Queryable, orgId: number): Promise<string | undefined> {
  if (!Number.isSafeInteger(orgId)) return undefined;
  return (await db.selectFrom('orgs').select('path').where('id', '=', orgId).executeTakeFirst())?.path;
}

/** Orgs that hold powers (for the department filter), in tree order. */
export async function orgsWithPowers(db: Queryable, scope?: Scope): Promise<Array<{ id: number; name: string; n: number }>> {
  const rows = await db
    .selectFrom('powers as p')
    .innerJoin('orgs as o', 'o.id', 'p.org_id')
    .where(scope ? scoped('p.org_id', scope) : sql<boolean>`1 = 1`)
    .select(['o.id', 'o.name', 'o.path', 'o.sort_order', (e) => e.fn.countAll().as('n')])
    .groupBy(['o.id', 'o.name', 'o.path', 'o.sort_order'])
    .orderBy('o.sort_order')
    .orderBy('o.id')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), name: r.name, n: Number(r.n) }));
}
