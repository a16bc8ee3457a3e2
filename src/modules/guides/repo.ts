import { sql } from 'kysely';
import type { Queryable } from '../../storage/db.ts';
import type { IsoDate } from '../../kernel/dates.ts';
import { foldText, parseQuery } from '../../platform/search/normalize.ts';
import { missingElements, type Missing } from './completeness.ts';
import type { ItemLevel, Material, SpecialStep } from './types.ts';

/** All reads of the guides module. */

export interface Item {
  id: number;
  parentId: number | null;
  level: ItemLevel;
  code: string;
  name: string;
  kind: string;
  itemType: string;
  orgId: number;
  orgName: string;
  orgPath: string;
  greenChannel: boolean;
  parallel: boolean;
  parallelOrgIds: number[];
  audience: string;
  sortOrder: number;
}

export interface Version {
  id: number;
  itemId: number;
  version: number;
  effectiveFrom: IsoDate;
  implementingBody: string;
  legalBasis: string;
  conditions: string;
  procedure: string;
  legalDays: number;
  promisedDays: number;
  feeCharged: boolean;
  feeFen: number | null;
  feeBasis: string;
  place: string;
  hours: string;
  visits: number;
  onlineDepth: string;
  mustOnline: boolean;
  consultPhone: string;
  complaintPhone: string;
  specialSteps: SpecialStep[];
  resultDoc: string;
  materials: Material[];
  note: string;
  createdAt: string;
  createdBy: string;
}

function itemQuery(db: Queryable) {
  return db
    .selectFrom('service_items as i')
    .innerJoin('orgs as o', 'o.id', 'i.org_id')
    .select([
      'i.id',
      'i.parent_id',
      'i.level',
      'i.code',
      'i.name',
      'i.kind',
      'i.item_type',
      'i.org_id',
      'o.name as org_name',
      'o.path as org_path',
      'i.green_channel',
      'i.parallel',
      'i.parallel_org_ids',
      'i.audience',
      'i.sort_order',
    ]);
}

type ItemRow = Awaited<ReturnType<ReturnType<typeof itemQuery>['executeTakeFirstOrThrow']>>;

function toItem(r: ItemRow): Item {
  return {
    id: Number(r.id),
    parentId: r.parent_id === null ? null : Number(r.parent_id),
    level: r.level,
    code: r.code,
    name: r.name,
    kind: r.kind,
    itemType: r.item_type,
    orgId: Number(r.org_id),
    orgName: r.org_name,
    orgPath: r.org_path,
    greenChannel: !!Number(r.green_channel),
    parallel: !!Number(r.parallel),
    parallelOrgIds: JSON.parse(r.parallel_org_ids) as number[],
    audience: r.audience,
    sortOrder: Number(r.sort_order),
  };
}

export async function findItem(db: Queryable, id: number): Promise<Item | undefined> {
  const r = await itemQuery(db).where('i.id', '=', id).executeTakeFirst();
  return r ? toItem(r) : undefined;
}

export async function findItemByCode(db: Queryable, code: string): Promise<Item | undefined> {
  const r = await itemQuery(db).where('i.code', '=', code).executeTakeFirst();
  return r ? toItem(r) : undefined;
}

/** Every item, in tree order material: by sort order then code. */
export async function listItems(db: Queryable, opts: { orgId?: number; ids?: number[] } = {}): Promise<Item[]> {
  let q = itemQuery(db);
  if (opts.orgId !== undefined) q = q.where('i.org_id', '=', opts.orgId);
  if (opts.ids) {
    if (!opts.ids.length) return [];
    q = q.where('i.id', 'in', opts.ids);
  }
  return (await q.orderBy('i.sort_order').orderBy('i.code').execute()).map(toItem);
}

type VersionRow = Awaited<ReturnType<ReturnType<typeof versionQuery>['executeTakeFirstOrThrow']>>;
function versionQuery(db: Queryable) {
  return db.selectFrom('guide_versions').selectAll();
}

function toVersion(r: VersionRow): Version {
  return {
    id: Number(r.id),
    itemId: Number(r.item_id),
    version: Number(r.version),
    effectiveFrom: r.effective_from,
    implementingBody: r.implementing_body,
    legalBasis: r.legal_basis,
    conditions: r.conditions,
    procedure: r.procedure,
    legalDays: Number(r.legal_days),
    promisedDays: Number(r.promised_days),
    feeCharged: !!Number(r.fee_charged),
    feeFen: r.fee_fen === null ? null : Number(r.fee_fen),
    feeBasis: r.fee_basis,
    place: r.place,
    hours: r.hours,
    visits: Number(r.visits),
    onlineDepth: r.online_depth,
    mustOnline: !!Number(r.must_online),
    consultPhone: r.consult_phone,
    complaintPhone: r.complaint_phone,
    specialSteps: JSON.parse(r.special_steps) as SpecialStep[],
    resultDoc: r.result_doc,
    materials: JSON.parse(r.materials) as Material[],
    note: r.note,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

/** Every version of an item's guide, oldest effective date first. */
export async function versionsOf(db: Queryable, itemId: number): Promise<Version[]> {
  return (await versionQuery(db).where('item_id', '=', itemId).orderBy('effective_from').orderBy('version').execute()).map(toVersion);
}

export async function findVersion(db: Queryable, itemId: number, version: number): Promise<Version | undefined> {
  const r = await versionQuery(db).where('item_id', '=', itemId).where('version', '=', version).executeTakeFirst();
  return r ? toVersion(r) : undefined;
}

/** The version in force on `date`: the latest effective date on or before it (services.md §1). */
export async function versionInForce(db: Queryable, itemId: number, date: IsoDate): Promise<Version | undefined> {
  const r = await versionQuery(db)
    .where('item_id', '=', itemId)
    .where('effective_from', '<=', date)
    .orderBy('effective_from', 'desc')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? toVersion(r) : undefined;
}

/** The version a page shows today: the one in force, or (none yet) the first one to come. */
export function currentOf(versions: readonly Version[], today: IsoDate): Version | undefined {
  const past = versions.filter((v) => v.effectiveFrom <= today);
  return past.at(-1) ?? versions[0];
}

/** The latest version of each item (by effective date) that has one, for lists. */
export async function currentVersions(db: Queryable, today: IsoDate, itemIds?: number[]): Promise<Map<number, Version>> {
  let q = versionQuery(db);
  if (itemIds) {
    if (!itemIds.length) return new Map();
    q = q.where('item_id', 'in', itemIds);
  }
  const rows = (await q.orderBy('item_id').orderBy('effective_from').orderBy('version').execute()).map(toVersion);
  const by = new Map<number, Version[]>();
  for (const v of rows) {
    const list = by.get(v.itemId) ?? [];
    list.push(v);
    by.set(v.itemId, list);
  }
  const out = new Map<number, Version>();
  for (const [id, list] of by) {
    const c = currentOf(list, today);
    if (c) out.set(id, c);
  }
  return out;
}

export function elementsOf(item: Item, v: Version) {
  return {
    itemName: item.name,
    itemCode: item.code,
    itemType: item.itemType,
    orgName: item.orgName,
    implementingBody: v.implementingBody,
    legalBasis: v.legalBasis,
    conditions: v.conditions,
    materials: v.materials,
    procedure: v.procedure,
    legalDays: v.legalDays,
    promisedDays: v.promisedDays,
    feeCharged: v.feeCharged,
    feeFen: v.feeFen,
    feeBasis: v.feeBasis,
    place: v.place,
    hours: v.hours,
    visits: v.visits,
    onlineDepth: v.onlineDepth,
    consultPhone: v.consultPhone,
    complaintPhone: v.complaintPhone,
    specialSteps: v.specialSteps,
    resultDoc: v.resultDoc,
  };
}

/** Items that carry a guide: 业务办理项, and 子项 without 业务办理项 of their own. */
export function needsGuide(item: Item, items: readonly Item[]): boolean {
  if (item.level === 'task') return true;
  if (item.level === 'sub') return !items.some((x) => x.parentId === item.id);
  return false;
}

export interface Incomplete {
  item: Item;
  version: Version | null;
  missing: Missing[];
}

/** The guides that lack elements (or items with no guide at all), with what each lacks. */
export async function incompleteGuides(db: Queryable, today: IsoDate): Promise<Incomplete[]> {
  const items = await listItems(db);
  const current = await currentVersions(db, today);
  const out: Incomplete[] = [];
  for (const item of items) {
    if (!needsGuide(item, items)) continue;
    const v = current.get(item.id);
    if (!v) {
      out.push({ item, version: null, missing: [{ key: 'guide', label: '尚无办事指南' }] });
      continue;
    }
    const missing = missingElements(elementsOf(item, v));
    if (missing.length) out.push({ item, version: v, missing });
  }
  return out;
}

export interface FileMeta {
  id: number;
  filename: string;
  mime: string;
  size: number;
}

export async function fileMetas(db: Queryable, ids: number[]): Promise<Map<number, FileMeta>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('guide_files').select(['id', 'filename', 'mime', 'size']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), { id: Number(r.id), filename: r.filename, mime: r.mime, size: Number(r.size) }]));
}

export async function fileContent(db: Queryable, id: number): Promise<(FileMeta & { content: Buffer }) | undefined> {
  const r = await db.selectFrom('guide_files').select(['id', 'filename', 'mime', 'size', 'content']).where('id', '=', id).executeTakeFirst();
  return r ? { id: Number(r.id), filename: r.filename, mime: r.mime, size: Number(r.size), content: Buffer.from(r.content) } : undefined;
}

export interface Tag {
  id: number;
  kind: 'theme' | 'event';
  audience: string;
  name: string;
}

export async function listTags(db: Queryable): Promise<Tag[]> {
  const rows = await db.selectFrom('guide_tags').selectAll().orderBy('kind', 'desc').orderBy('audience').orderBy('sort_order').orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), kind: r.kind as Tag['kind'], audience: r.audience, name: r.name }));
}

export async function tagIdsOf(db: Queryable, itemId: number): Promise<number[]> {
  return (await db.selectFrom('guide_item_tags').select('tag_id').where('item_id', '=', itemId).execute()).map((r) => Number(r.tag_id));
}

/** Item ids tagged with `tagId`. */
export async function itemIdsWithTag(db: Queryable, tagId: number): Promise<number[]> {
  return (await db.selectFrom('guide_item_tags').select('item_id').where('tag_id', '=', tagId).execute()).map((r) => Number(r.item_id));
}

/** How many items carry each tag (the portal's browse counts). */
export async function tagCounts(db: Queryable): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('guide_item_tags')
    .select(['tag_id', (e) => e.fn.countAll().as('n')])
    .groupBy('tag_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.tag_id), Number(r.n)]));
}

/** Item ids of items that have at least one guide version. */
export async function itemIdsWithGuide(db: Queryable): Promise<Set<number>> {
  return new Set((await db.selectFrom('guide_versions').select('item_id').distinct().execute()).map((r) => Number(r.item_id)));
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Items with a guide whose folded name, code or department holds every word of the query (folded
 * the same way: a query in either script finds either).
 */
export async function searchItems(db: Queryable, query: string, limit: number): Promise<Item[]> {
  const words = parseQuery(query)
    .flat()
    .map((w) => foldText(w).trim())
    .filter(Boolean)
    .slice(0, 8);
  if (!words.length) return [];
  let q = itemQuery(db).where('i.id', 'in', db.selectFrom('guide_versions').select('item_id'));
  for (const w of words) q = q.where(sql<boolean>`i.search_text like ${`%${likeEscape(w)}%`} escape '\\'`);
  return (await q.orderBy('i.sort_order').orderBy('i.code').limit(limit).execute()).map(toItem);
}
