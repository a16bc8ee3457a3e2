import type { Scope } from '../../platform/authz/policy.ts';
import type { Queryable } from '../../storage/db.ts';
import { findOrgById, pathInScope, type OrgKind } from '../orgs/index.ts';
import type { SiteKind, WindowKind } from './types.ts';
import './types.ts';

/**
 * The hall module's reads. Coverage (services.md §2) is computed from the org tree on a date: an org
 * of a level counts in `of` when it is active and inside the subtree; in `with` when its site of
 * the level's kind was established on or before the date and had not closed by then.
 */

/** The levels of the network and the site kind each expects on its orgs. */
export const CENTRE_ORG_KINDS: readonly OrgKind[] = ['township', 'town', 'street'];
export const STATION_ORG_KINDS: readonly OrgKind[] = ['village', 'community'];
/** Which org kinds may carry which site kind. */
export const SITE_ORG_KINDS: Record<SiteKind, readonly OrgKind[]> = {
  hall: ['institution', 'government'],
  branch: ['service_centre'],
  centre: CENTRE_ORG_KINDS,
  station: STATION_ORG_KINDS,
};

export interface Site {
  id: number;
  orgId: number;
  orgName: string;
  orgKind: OrgKind;
  orgPath: string;
  parentId: number | null;
  kind: SiteKind;
  name: string;
  address: string;
  hours: string;
  phone: string;
  areaM2: number | null;
  staffCount: number | null;
  note: string;
  establishedOn: string;
  closedOn: string | null;
  itemCodes: string[];
}

/** Open on `date`: established on or before it, not closed by it. */
export function openOn(s: { establishedOn: string; closedOn: string | null }, date: string): boolean {
  return s.establishedOn <= date && (s.closedOn === null || s.closedOn > date);
}

function siteQuery(db: Queryable) {
  return db
    .selectFrom('hall_sites as s')
    .innerJoin('orgs as o', 'o.id', 's.org_id')
    .select([
      's.id',
      's.org_id',
      's.kind',
      's.name',
      's.address',
      's.hours',
      's.phone',
      's.area_m2',
      's.staff_count',
      's.note',
      's.established_on',
      's.closed_on',
      'o.name as org_name',
      'o.kind as org_kind',
      'o.path as org_path',
      'o.parent_id',
      'o.sort_order',
    ]);
}

type SiteRow = Awaited<ReturnType<ReturnType<typeof siteQuery>['execute']>>[number];

async function toSites(db: Queryable, rows: SiteRow[]): Promise<Site[]> {
  const ids = rows.map((r) => Number(r.id));
  const items = new Map<number, string[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const found = await db.selectFrom('hall_site_items').select(['site_id', 'item_code']).where('site_id', 'in', chunk).orderBy('item_code').execute();
    for (const r of found) {
      const k = Number(r.site_id);
      if (!items.has(k)) items.set(k, []);
      items.get(k)!.push(r.item_code);
    }
  }
  return rows.map((r) => ({
    id: Number(r.id),
    orgId: Number(r.org_id),
    orgName: r.org_name,
    orgKind: r.org_kind,
    orgPath: r.org_path,
    parentId: r.parent_id === null ? null : Number(r.parent_id),
    kind: r.kind,
    name: r.name,
    address: r.address,
    hours: r.hours,
    phone: r.phone,
    areaM2: r.area_m2 === null ? null : Number(r.area_m2),
    staffCount: r.staff_count === null ? null : Number(r.staff_count),
    note: r.note,
    establishedOn: r.established_on,
    closedOn: r.closed_on,
    itemCodes: items.get(Number(r.id)) ?? [],
  }));
}

export async function findSite(db: Queryable, id: number): Promise<Site | undefined> {
  if (!Number.isSafeInteger(id)) return undefined;
  const rows = await siteQuery(db).where('s.id', '=', id).execute();
  return (await toSites(db, rows))[0];
}

export async function siteOfOrg(db: Queryable, orgId: number): Promise<Site | undefined> {
  if (!Number.isSafeInteger(orgId)) return undefined;
  const rows = await siteQuery(db).where('s.org_id', '=', orgId).execute();
  return (await toSites(db, rows))[0];
}

/** Sites whose org lies in the scope (all kinds unless told), in tree order of their orgs. */
export async function listSites(db: Queryable, opts: { scope?: Scope; kinds?: readonly SiteKind[]; under?: string } = {}): Promise<Site[]> {
  let q = siteQuery(db);
  if (opts.scope) q = q.where((eb) => pathInScope(eb as never, 'o.path', opts.scope!));
  if (opts.kinds) q = q.where('s.kind', 'in', [...opts.kinds]);
  if (opts.under) q = q.where('o.path', 'like', `${opts.under}%`);
  return toSites(db, await q.orderBy('o.depth').orderBy('o.sort_order').orderBy('o.id').execute());
}

// ——— the network: counts and the tree behind them ————————————————————————————————————————————

export interface NetworkFigures {
  branchCentres: number;
  centres: { with: number; of: number };
  stations: { with: number; of: number };
}

/** One row per org of a network level inside the subtree, with its site (if any). */
export interface LevelOrg {
  id: number;
  name: string;
  shortName: string;
  kind: OrgKind;
  path: string;
  parentId: number | null;
  sortOrder: number;
  site: { id: number; kind: SiteKind; establishedOn: string; closedOn: string | null } | null;
}

/** The active orgs of the network's levels (branch centres, townships/streets, villages/communities) under `path`. */
export async function levelOrgs(db: Queryable, path: string): Promise<LevelOrg[]> {
  const rows = await db
    .selectFrom('orgs as o')
    .leftJoin('hall_sites as s', 's.org_id', 'o.id')
    .select([
      'o.id',
      'o.name',
      'o.short_name',
      'o.kind',
      'o.path',
      'o.parent_id',
      'o.sort_order',
      's.id as site_id',
      's.kind as site_kind',
      's.established_on',
      's.closed_on',
    ])
    .where('o.path', 'like', `${path}%`)
    .where('o.active', '=', 1)
    .where('o.kind', 'in', ['service_centre', ...CENTRE_ORG_KINDS, ...STATION_ORG_KINDS])
    .orderBy('o.depth')
    .orderBy('o.sort_order')
    .orderBy('o.id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    shortName: r.short_name,
    kind: r.kind,
    path: r.path,
    parentId: r.parent_id === null ? null : Number(r.parent_id),
    sortOrder: Number(r.sort_order),
    site:
      r.site_id === null || r.site_kind === null || r.established_on === null
        ? null
        : { id: Number(r.site_id), kind: r.site_kind, establishedOn: r.established_on, closedOn: r.closed_on },
  }));
}

/** Does this org count in its level's `with` on `date`? */
export function covered(o: LevelOrg, date: string): boolean {
  const want: SiteKind | null = CENTRE_ORG_KINDS.includes(o.kind) ? 'centre' : STATION_ORG_KINDS.includes(o.kind) ? 'station' : null;
  return !!(want && o.site && o.site.kind === want && openOn(o.site, date));
}

/**
 * A branch centre (an org of kind service_centre) counts unless its facts say it opened after the
 * date or had closed by then: the org is the centre, its site row only its facts.
 */
export function branchOpen(o: LevelOrg, date: string): boolean {
  return o.kind === 'service_centre' && (!o.site || openOn(o.site, date));
}

export function figuresOf(orgs: readonly LevelOrg[], date: string): NetworkFigures {
  const centres = orgs.filter((o) => CENTRE_ORG_KINDS.includes(o.kind));
  const stations = orgs.filter((o) => STATION_ORG_KINDS.includes(o.kind));
  return {
    branchCentres: orgs.filter((o) => branchOpen(o, date)).length,
    centres: { with: centres.filter((o) => covered(o, date)).length, of: centres.length },
    stations: { with: stations.filter((o) => covered(o, date)).length, of: stations.length },
  };
}

/** The network over an org's subtree on a date; undefined when the org does not exist. */
export async function networkOn(db: Queryable, orgId: number, date: string): Promise<NetworkFigures | undefined> {
  const org = await findOrgById(db, orgId);
  if (!org) return undefined;
  return figuresOf(await levelOrgs(db, org.path), date);
}

// ——— windows ————————————————————————————————————————————————————————————————————————————————

export interface WindowRow {
  id: number;
  centreOrgId: number;
  centreName: string;
  /** The centre's org path (the window's subject for policies). */
  orgPath: string;
  number: string;
  name: string;
  departmentOrgId: number;
  departmentName: string;
  kind: WindowKind;
  chiefUserId: number | null;
  chiefName: string;
  greenChannel: boolean;
  parallel: boolean;
  note: string;
  itemCodes: string[];
  backoffice: Array<{ id: number; name: string }>;
}

function windowQuery(db: Queryable) {
  return db
    .selectFrom('hall_windows as w')
    .innerJoin('orgs as c', 'c.id', 'w.centre_org_id')
    .innerJoin('orgs as d', 'd.id', 'w.department_org_id')
    .select([
      'w.id',
      'w.centre_org_id',
      'w.number',
      'w.name',
      'w.department_org_id',
      'w.kind',
      'w.chief_user_id',
      'w.chief_name',
      'w.green_channel',
      'w.parallel',
      'w.note',
      'c.name as centre_name',
      'c.path as centre_path',
      'd.name as department_name',
    ]);
}
type WinRow = Awaited<ReturnType<ReturnType<typeof windowQuery>['execute']>>[number];

async function toWindows(db: Queryable, rows: WinRow[]): Promise<WindowRow[]> {
  const ids = rows.map((r) => Number(r.id));
  const items = new Map<number, string[]>();
  const back = new Map<number, Array<{ id: number; name: string }>>();
  if (ids.length) {
    for (const r of await db.selectFrom('hall_window_items').select(['window_id', 'item_code']).where('window_id', 'in', ids).orderBy('item_code').execute()) {
      const k = Number(r.window_id);
      if (!items.has(k)) items.set(k, []);
      items.get(k)!.push(r.item_code);
    }
    for (const r of await db
      .selectFrom('hall_window_backoffice as b')
      .innerJoin('orgs as o', 'o.id', 'b.org_id')
      .select(['b.window_id', 'o.id', 'o.name'])
      .where('b.window_id', 'in', ids)
      .orderBy('o.sort_order')
      .orderBy('o.id')
      .execute()) {
      const k = Number(r.window_id);
      if (!back.has(k)) back.set(k, []);
      back.get(k)!.push({ id: Number(r.id), name: r.name });
    }
  }
  return rows.map((r) => ({
    id: Number(r.id),
    centreOrgId: Number(r.centre_org_id),
    centreName: r.centre_name,
    orgPath: r.centre_path,
    number: r.number,
    name: r.name,
    departmentOrgId: Number(r.department_org_id),
    departmentName: r.department_name,
    kind: r.kind,
    chiefUserId: r.chief_user_id === null ? null : Number(r.chief_user_id),
    chiefName: r.chief_name,
    greenChannel: Number(r.green_channel) === 1,
    parallel: Number(r.parallel) === 1,
    note: r.note,
    itemCodes: items.get(Number(r.id)) ?? [],
    backoffice: back.get(Number(r.id)) ?? [],
  }));
}

export async function findWindow(db: Queryable, id: number): Promise<WindowRow | undefined> {
  if (!Number.isSafeInteger(id)) return undefined;
  return (await toWindows(db, await windowQuery(db).where('w.id', '=', id).execute()))[0];
}

/** Windows of the centres in the scope (or of one centre), by centre then number. */
export async function listWindows(db: Queryable, opts: { scope?: Scope; centreOrgId?: number } = {}): Promise<WindowRow[]> {
  let q = windowQuery(db);
  if (opts.scope) q = q.where((eb) => pathInScope(eb as never, 'c.path', opts.scope!));
  if (opts.centreOrgId !== undefined) q = q.where('w.centre_org_id', '=', opts.centreOrgId);
  return toWindows(db, await q.orderBy('c.sort_order').orderBy('w.centre_org_id').orderBy('w.number').execute());
}

/** The window with this number in a centre (the number is unique there). */
export async function windowByNumber(db: Queryable, centreOrgId: number, number: string): Promise<{ id: number; name: string } | undefined> {
  const r = await db.selectFrom('hall_windows').select(['id', 'name']).where('centre_org_id', '=', centreOrgId).where('number', '=', number).executeTakeFirst();
  return r ? { id: Number(r.id), name: r.name } : undefined;
}

export interface StaffRow {
  id: number;
  userId: number;
  fromOn: string;
  toOn: string | null;
}

/** Staff assigned to a window (current first), with their history. */
export async function staffOf(db: Queryable, windowId: number): Promise<StaffRow[]> {
  const rows = await db
    .selectFrom('hall_window_staff')
    .select(['id', 'user_id', 'from_on', 'to_on'])
    .where('window_id', '=', windowId)
    .orderBy('from_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), userId: Number(r.user_id), fromOn: r.from_on, toOn: r.to_on }));
}

/** The windows a user is assigned to now (for ratings of windows and staff). */
export async function windowsOfUser(db: Queryable, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('hall_window_staff').select('window_id').where('user_id', '=', userId).where('to_on', 'is', null).execute();
  return rows.map((r) => Number(r.window_id));
}

export interface LetterMeta {
  id: number;
  filename: string;
  mime: string;
  size: number;
  uploadedAt: string;
  uploadedBy: string;
}

/** The authorisation letters of a window, newest first (the first is the one in force). */
export async function lettersOf(db: Queryable, windowId: number): Promise<LetterMeta[]> {
  const rows = await db
    .selectFrom('hall_letters')
    .select(['id', 'filename', 'mime', 'size', 'uploaded_at', 'uploaded_by'])
    .where('window_id', '=', windowId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    filename: r.filename,
    mime: r.mime,
    size: Number(r.size),
    uploadedAt: r.uploaded_at,
    uploadedBy: r.uploaded_by,
  }));
}

/** Which windows have a letter (for lists). */
export async function windowsWithLetter(db: Queryable, ids: readonly number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db
    .selectFrom('hall_letters')
    .select('window_id')
    .distinct()
    .where('window_id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => Number(r.window_id)));
}

export async function letterContent(
  db: Queryable,
  windowId: number,
  letterId: number,
): Promise<{ filename: string; mime: string; content: Buffer } | undefined> {
  if (!Number.isSafeInteger(letterId)) return undefined;
  const r = await db
    .selectFrom('hall_letters')
    .select(['filename', 'mime', 'content'])
    .where('window_id', '=', windowId)
    .where('id', '=', letterId)
    .executeTakeFirst();
  return r ? { filename: r.filename, mime: r.mime, content: Buffer.from(r.content) } : undefined;
}
