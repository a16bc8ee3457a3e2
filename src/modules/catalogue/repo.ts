import { sql, type Selectable, type Expression, type SqlBool } from 'kysely';
import type { Queryable } from '../../storage/db.ts';
import { num } from '../../storage/db.ts';
import type { Scope } from '../../platform/authz/policy.ts';
import type { CatItemsTable, CatColumnsTable, ItemState, Channel, Disclosure, Validity } from './types.ts';
import type { Finding } from './personal-data.ts';
import type { AttachmentFlag } from './attachments.ts';
import './types.ts';

/** All the catalogue's SQL. Queries take the database or an open transaction. */

type ItemRow = Selectable<CatItemsTable>;

export interface Item {
  id: number;
  orgId: number;
  orgName: string;
  orgShortName: string;
  orgPath: string;
  orgCode: string | null;
  code: string | null;
  columnId: number | null;
  columnKey: string | null;
  columnName: string | null;
  state: ItemState;
  isPublic: boolean;
  indexNo: string | null;
  title: string;
  summary: string;
  bodyHtml: string;
  bodyText: string;
  docNo: string;
  formedOn: string;
  publishedOn: string | null;
  dueOn: string | null;
  dueProvisional: boolean;
  onTime: boolean | null;
  topic: string;
  genre: string;
  assort: string;
  keywords: string;
  disclosure: Disclosure;
  validity: Validity;
  effectiveOn: string | null;
  validityChangedOn: string | null;
  isNormative: boolean;
  isRule: boolean;
  successorId: number | null;
  version: number;
  findings: Finding[] | null;
  returnReason: string | null;
  withdrawReason: string | null;
  createdBy: number | null;
  createdByName: string;
  submittedBy: number | null;
  submittedAt: string | null;
  reviewedByName: string | null;
  reviewedAt: string | null;
  reviewDecision: string | null;
  publishedByName: string | null;
  publishedAt: string | null;
  source: string;
  createdAt: string;
  updatedAt: string;
}

type JoinedRow = ItemRow & {
  org_name: string;
  org_short_name: string;
  org_path: string;
  org_code: string | null;
  code: string | null;
  column_key: string | null;
  column_name: string | null;
};

export function toItem(r: JoinedRow): Item {
  return {
    id: Number(r.id),
    orgId: Number(r.org_id),
    orgName: r.org_name,
    orgShortName: r.org_short_name,
    orgPath: r.org_path,
    orgCode: r.org_code,
    code: r.code,
    columnId: r.column_id === null ? null : Number(r.column_id),
    columnKey: r.column_key,
    columnName: r.column_name,
    state: r.state,
    isPublic: Number(r.is_public) === 1,
    indexNo: r.index_no,
    title: r.title,
    summary: r.summary,
    bodyHtml: r.body_html,
    bodyText: r.body_text,
    docNo: r.doc_no,
    formedOn: r.formed_on,
    publishedOn: r.published_on,
    dueOn: r.due_on,
    dueProvisional: Number(r.due_provisional) === 1,
    onTime: r.on_time === null ? null : Number(r.on_time) === 1,
    topic: r.topic,
    genre: r.genre,
    assort: r.assort,
    keywords: r.keywords,
    disclosure: r.disclosure,
    validity: r.validity,
    effectiveOn: r.effective_on,
    validityChangedOn: r.validity_changed_on,
    isNormative: Number(r.is_normative) === 1,
    isRule: Number(r.is_rule) === 1,
    successorId: r.successor_id === null ? null : Number(r.successor_id),
    version: Number(r.version),
    findings: r.findings ? (JSON.parse(r.findings) as Finding[]) : null,
    returnReason: r.return_reason,
    withdrawReason: r.withdraw_reason,
    createdBy: r.created_by === null ? null : Number(r.created_by),
    createdByName: r.created_by_name,
    submittedBy: r.submitted_by === null ? null : Number(r.submitted_by),
    submittedAt: r.submitted_at,
    reviewedByName: r.reviewed_by_name,
    reviewedAt: r.reviewed_at,
    reviewDecision: r.review_decision,
    publishedByName: r.published_by_name,
    publishedAt: r.published_at,
    source: r.source,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Rows whose org (joined as `o`) lies in one of the scope's subtrees. */
function orgPathInScope(scope: Scope): Expression<SqlBool> {
  if (scope.kind === 'all') return sql<SqlBool>`1 = 1`;
  if (scope.kind === 'none' || !scope.paths.length) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`(${sql.join(
    scope.paths.map((p) => sql`o.path like ${`${p.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`),
    sql` or `,
  )})`;
}

function itemQuery(db: Queryable) {
  return db
    .selectFrom('cat_items as i')
    .innerJoin('orgs as o', 'o.id', 'i.org_id')
    .leftJoin('cat_columns as c', 'c.id', 'i.column_id')
    .selectAll('i')
    .select([
      'o.name as org_name',
      'o.short_name as org_short_name',
      'o.path as org_path',
      'o.org_code as org_code',
      'o.code as code',
      'c.key as column_key',
      'c.name as column_name',
    ]);
}

export async function findItem(db: Queryable, id: number): Promise<Item | undefined> {
  const r = await itemQuery(db).where('i.id', '=', id).executeTakeFirst();
  return r ? toItem(r as JoinedRow) : undefined;
}

export async function findItemByIndexNo(db: Queryable, indexNo: string): Promise<Item | undefined> {
  const r = await itemQuery(db).where('i.index_no', '=', indexNo).executeTakeFirst();
  return r ? toItem(r as JoinedRow) : undefined;
}

/** The public page's one query for the item (published, 主动公开 only). */
export async function findPublicItem(db: Queryable, indexNo: string): Promise<Item | undefined> {
  const r = await itemQuery(db).where('i.index_no', '=', indexNo).where('i.is_public', '=', 1).executeTakeFirst();
  return r ? toItem(r as JoinedRow) : undefined;
}

export interface AttachmentInfo {
  id: number;
  fileName: string;
  mime: string;
  kind: string;
  size: number;
  sha256: string;
  flags: AttachmentFlag[];
}

export interface ChannelInfo {
  id: number;
  channel: Channel;
  publishedOn: string;
  reference: string;
  medium: string;
}

/**
 * Attachments and channels of an item in one query (the item page's second and last query): the
 * two lists share a row shape for the UNION.
 */
export async function attachmentsAndChannels(db: Queryable, itemId: number): Promise<{ attachments: AttachmentInfo[]; channels: ChannelInfo[] }> {
  const rows = await sql<{ k: string; id: number; a: string; b: string; c: string; d: string; n: number; s: number }>`
    select 'a' as k, id, file_name as a, mime as b, kind as c, sha256 || '|' || flags as d, size as n, sort_order as s from cat_attachments where item_id = ${itemId}
    union all
    select 'c' as k, id, channel as a, published_on as b, reference as c, medium as d, 0 as n, 0 as s from cat_item_channels where item_id = ${itemId}
    order by k, s, id`.execute(db);
  const attachments: AttachmentInfo[] = [];
  const channels: ChannelInfo[] = [];
  for (const r of rows.rows) {
    if (r.k === 'a') {
      const bar = r.d.indexOf('|');
      attachments.push({
        id: Number(r.id),
        fileName: r.a,
        mime: r.b,
        kind: r.c,
        size: Number(r.n),
        sha256: r.d.slice(0, bar),
        flags: JSON.parse(r.d.slice(bar + 1)) as AttachmentFlag[],
      });
    } else channels.push({ id: Number(r.id), channel: r.a as Channel, publishedOn: r.b, reference: r.c, medium: r.d });
  }
  return { attachments, channels };
}

export async function attachmentTexts(
  db: Queryable,
  itemIds: number[],
): Promise<Map<number, Array<{ id: number; fileName: string; sha256: string; text: string; flags: AttachmentFlag[] }>>> {
  const out = new Map<number, Array<{ id: number; fileName: string; sha256: string; text: string; flags: AttachmentFlag[] }>>();
  if (!itemIds.length) return out;
  const rows = await db
    .selectFrom('cat_attachments')
    .select(['id', 'item_id', 'file_name', 'sha256', 'text', 'flags'])
    .where('item_id', 'in', itemIds)
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const id = Number(r.item_id);
    if (!out.has(id)) out.set(id, []);
    out.get(id)!.push({ id: Number(r.id), fileName: r.file_name, sha256: r.sha256, text: r.text, flags: JSON.parse(r.flags) as AttachmentFlag[] });
  }
  return out;
}

export async function findAttachment(db: Queryable, id: number) {
  return db
    .selectFrom('cat_attachments as a')
    .innerJoin('cat_items as i', 'i.id', 'a.item_id')
    .innerJoin('orgs as o', 'o.id', 'i.org_id')
    .select(['a.id', 'a.item_id', 'a.file_name', 'a.mime', 'a.sha256', 'a.size', 'i.is_public', 'o.path as org_path'])
    .where('a.id', '=', id)
    .executeTakeFirst();
}

export interface HistoryEntry {
  version: number;
  at: string;
  actorName: string;
  event: string;
  state: ItemState;
  reason: string | null;
  snapshot: Record<string, unknown> | null;
}

export async function itemHistory(db: Queryable, itemId: number): Promise<HistoryEntry[]> {
  const rows = await db.selectFrom('cat_item_history').selectAll().where('item_id', '=', itemId).orderBy('id', 'desc').execute();
  return rows.map((r) => ({
    version: Number(r.version),
    at: r.at,
    actorName: r.actor_name,
    event: r.event,
    state: r.state,
    reason: r.reason,
    snapshot: r.snapshot ? (JSON.parse(r.snapshot) as Record<string, unknown>) : null,
  }));
}

// --- back-office lists ----------------------------------------------------------------------------

export interface AdminListFilters {
  scope: Scope;
  state?: ItemState;
  orgId?: number;
  columnId?: number;
  q?: string;
  limit: number;
  offset: number;
}

export async function listItemsForStaff(db: Queryable, f: AdminListFilters): Promise<{ total: number; items: Item[] }> {
  let q = itemQuery(db).where(orgPathInScope(f.scope));
  if (f.state) q = q.where('i.state', '=', f.state);
  if (f.orgId) q = q.where('i.org_id', '=', f.orgId);
  if (f.columnId) q = q.where('i.column_id', '=', f.columnId);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(sql<SqlBool>`(i.title like ${like} escape '\\' or i.doc_no like ${like} escape '\\' or i.index_no like ${like} escape '\\')`);
  }
  const [rows, total] = await Promise.all([
    q.orderBy('i.updated_at', 'desc').orderBy('i.id', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.clearSelect().select(sql<number>`count(*)`.as('n')).executeTakeFirst(),
  ]);
  return { total: num(total?.n), items: rows.map((r) => toItem(r as JoinedRow)) };
}

/** Unpublished items whose publication is due on or before `horizon` (late and due soon), oldest due first. */
export async function listDue(db: Queryable, scope: Scope, horizon: string, limit = 200): Promise<Item[]> {
  const rows = await itemQuery(db)
    .where(orgPathInScope(scope))
    .where('i.state', 'in', ['draft', 'submitted', 'returned', 'approved'])
    .where('i.disclosure', '=', 'proactive')
    .where('i.due_on', '<=', horizon)
    .orderBy('i.due_on')
    .orderBy('i.id')
    .limit(limit)
    .execute();
  return rows.map((r) => toItem(r as JoinedRow));
}

// --- the portal --------------------------------------------------------------------------------

export interface PublicRow {
  id: number;
  indexNo: string;
  title: string;
  publishedOn: string;
  orgShortName: string;
  docNo: string;
  summary: string;
}

export interface PublicFilters {
  columnIds?: number[];
  orgIds?: number[];
  year?: number;
  topic?: string;
  genre?: string;
  validity?: Validity;
  limit: number;
  offset: number;
}

function publicQuery(db: Queryable, f: PublicFilters) {
  let q = db.selectFrom('cat_items as i').where('i.is_public', '=', 1);
  if (f.columnIds)
    q = f.columnIds.length === 1 ? q.where('i.column_id', '=', f.columnIds[0]!) : q.where('i.column_id', 'in', f.columnIds.length ? f.columnIds : [-1]);
  if (f.orgIds) q = f.orgIds.length === 1 ? q.where('i.org_id', '=', f.orgIds[0]!) : q.where('i.org_id', 'in', f.orgIds.length ? f.orgIds : [-1]);
  if (f.year) q = q.where('i.published_on', '>=', `${f.year}-01-01`).where('i.published_on', '<=', `${f.year}-12-31`);
  if (f.topic)
    q = f.topic.includes('/')
      ? q.where('i.topic', '=', f.topic)
      : q.where((eb) => eb.or([eb('i.topic', '=', f.topic!), eb('i.topic', 'like', `${f.topic}/%`)]));
  if (f.genre) q = q.where('i.genre', '=', f.genre);
  if (f.validity) q = q.where('i.validity', '=', f.validity);
  return q;
}

/** A page of public items, newest first, and the total (unless `withTotal: false`): two indexed queries. */
export async function listPublic(db: Queryable, f: PublicFilters & { withTotal?: boolean }): Promise<{ total: number; rows: PublicRow[] }> {
  const base = publicQuery(db, f);
  const [rows, total] = await Promise.all([
    base
      .innerJoin('orgs as o', 'o.id', 'i.org_id')
      .select(['i.id', 'i.index_no', 'i.title', 'i.published_on', 'o.short_name', 'i.doc_no', 'i.summary'])
      .orderBy('i.published_on', 'desc')
      .orderBy('i.id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    f.withTotal === false ? undefined : base.select(sql<number>`count(*)`.as('n')).executeTakeFirst(),
  ]);
  return {
    total: num(total?.n),
    rows: rows.map((r) => ({
      id: Number(r.id),
      indexNo: r.index_no!,
      title: r.title,
      publishedOn: r.published_on!,
      orgShortName: r.short_name,
      docNo: r.doc_no,
      summary: r.summary,
    })),
  };
}

/** Full public rows for the open-data API and feeds. */
export async function listPublicFull(db: Queryable, f: PublicFilters): Promise<{ total: number; items: Item[] }> {
  const ids = publicQuery(db, f).select('i.id').orderBy('i.published_on', 'desc').orderBy('i.id', 'desc').limit(f.limit).offset(f.offset);
  const [rows, total] = await Promise.all([
    itemQuery(db).where('i.id', 'in', ids).orderBy('i.published_on', 'desc').orderBy('i.id', 'desc').execute(),
    publicQuery(db, f).select(sql<number>`count(*)`.as('n')).executeTakeFirst(),
  ]);
  return { total: num(total?.n), items: rows.map((r) => toItem(r as JoinedRow)) };
}

export async function publicItemsByIds(
  db: Queryable,
  ids: number[],
): Promise<Map<number, PublicRow & { orgId: number; columnKey: string | null; topic: string; genre: string; validity: Validity }>> {
  const out = new Map<number, PublicRow & { orgId: number; columnKey: string | null; topic: string; genre: string; validity: Validity }>();
  if (!ids.length) return out;
  const rows = await db
    .selectFrom('cat_items as i')
    .innerJoin('orgs as o', 'o.id', 'i.org_id')
    .leftJoin('cat_columns as c', 'c.id', 'i.column_id')
    .select([
      'i.id',
      'i.index_no',
      'i.title',
      'i.published_on',
      'o.short_name',
      'i.doc_no',
      'i.summary',
      'i.org_id',
      'c.key as column_key',
      'i.topic',
      'i.genre',
      'i.validity',
      'i.is_public',
    ])
    .where('i.id', 'in', ids)
    .execute();
  for (const r of rows) {
    // Public only — tested here, not in SQL: with `is_public = 1` in the WHERE, SQLite may walk an
    // (is_public, …) index over every public item instead of the primary key (80 ms at 1M items).
    if (Number(r.is_public) !== 1) continue;
    out.set(Number(r.id), {
      id: Number(r.id),
      indexNo: r.index_no!,
      title: r.title,
      publishedOn: r.published_on!,
      orgShortName: r.short_name,
      docNo: r.doc_no,
      summary: r.summary,
      orgId: Number(r.org_id),
      columnKey: r.column_key,
      topic: r.topic,
      genre: r.genre,
      validity: r.validity,
    });
  }
  return out;
}

type CountField = 'org' | 'topic' | 'genre' | 'year';
type Counts = Array<{ value: string; count: number }>;
/** Per database (tests open several in one process) and field; a catalogue or org commit starts a new generation. */
const countsCache = new WeakMap<object, Map<CountField, { generation: number; at: number; counts: Promise<Counts> }>>();
/** Another process (the CLI's import) commits without telling this one: its changes show within this. */
const COUNTS_MAX_AGE_MS = 10 * 60_000;
/** A catalogue or org commit on a database starts a new generation of its counts. */
const countsGenerations = new WeakMap<object, number>();

/** The catalogue's commit hook (its manifest): drop what the commit may have changed, for that database. */
export function catalogueCommitted(ctx: { db: object }, name: string): void {
  columnCache.delete(ctx.db);
  if (name.startsWith('catalogue.') || name.startsWith('orgs.')) countsGenerations.set(ctx.db, (countsGenerations.get(ctx.db) ?? 0) + 1);
}

/**
 * Counts of public items by a field (the 目录's browse lists): a scan of every public item (seconds
 * at a million items), so kept in memory until a catalogue or org command commits (or ten minutes).
 */
export function publicCounts(db: Queryable, field: CountField): Promise<Counts> {
  let byField = countsCache.get(db);
  if (!byField) {
    byField = new Map();
    countsCache.set(db, byField);
  }
  const generation = countsGenerations.get(db) ?? 0;
  const hit = byField.get(field);
  if (hit && hit.generation === generation && performance.now() - hit.at < COUNTS_MAX_AGE_MS) return hit.counts;
  const entry = { generation, at: performance.now(), counts: countPublic(db, field) };
  entry.counts.catch(() => byField!.delete(field));
  byField.set(field, entry);
  return entry.counts;
}

async function countPublic(db: Queryable, field: CountField): Promise<Counts> {
  const expr =
    field === 'org'
      ? sql<string>`cast(org_id as text)`
      : field === 'topic'
        ? sql<string>`topic`
        : field === 'genre'
          ? sql<string>`genre`
          : sql<string>`substr(published_on, 1, 4)`;
  const rows = await db
    .selectFrom('cat_items')
    .select([expr.as('v'), sql<number>`count(*)`.as('n')])
    .where('is_public', '=', 1)
    .groupBy(expr)
    .orderBy(expr)
    .execute();
  return rows.map((r) => ({ value: String(r.v), count: num(r.n) }));
}

/** Every public item's URL and date, for sitemap.xml (streamed in pages). */
export async function publicIndexNos(db: Queryable, afterId: number, limit: number): Promise<Array<{ id: number; indexNo: string; updatedAt: string }>> {
  const rows = await db
    .selectFrom('cat_items')
    .select(['id', 'index_no', 'updated_at'])
    .where('is_public', '=', 1)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), indexNo: r.index_no!, updatedAt: r.updated_at }));
}

// --- columns -----------------------------------------------------------------------------------

export interface Column {
  id: number;
  parentId: number | null;
  key: string;
  name: string;
  sortOrder: number;
  kind: 'items' | 'guide' | 'link';
  href: string;
  description: string;
  active: boolean;
  depth: number;
}

/** Per database handle (tests open several in one process); any commit on it clears it (catalogueCommitted). */
const columnCache = new WeakMap<object, { at: number; list: Column[] }>();

/** Columns in tree order (parents before children, by sort order). Cached; any commit clears it. */
export async function listColumns(db: Queryable, opts: { fresh?: boolean } = {}): Promise<Column[]> {
  const now = performance.now();
  const hit = columnCache.get(db);
  if (!opts.fresh && hit && now - hit.at < 30_000) return hit.list;
  const rows = await db.selectFrom('cat_columns').selectAll().orderBy('sort_order').orderBy('id').execute();
  const all: Column[] = rows.map((r) => ({
    id: Number(r.id),
    parentId: r.parent_id === null ? null : Number(r.parent_id),
    key: r.key,
    name: r.name,
    sortOrder: Number(r.sort_order),
    kind: r.kind as Column['kind'],
    href: r.href,
    description: r.description,
    active: Number(r.active) === 1,
    depth: 0,
  }));
  const out: Column[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const c of all.filter((x) => x.parentId === parent)) {
      out.push({ ...c, depth });
      walk(c.id, depth + 1);
    }
  };
  walk(null, 0);
  columnCache.set(db, { at: now, list: out });
  return out;
}

/** A column and every column nested under it (a parent column lists its children's items). */
export function columnSubtree(columns: Column[], id: number): Column[] {
  const out: Column[] = [];
  const add = (cid: number) => {
    const c = columns.find((x) => x.id === cid);
    if (!c) return;
    out.push(c);
    for (const ch of columns.filter((x) => x.parentId === cid)) add(ch.id);
  };
  add(id);
  return out;
}

/** The column's key and its ancestors' keys (what search files the item under). */
export function columnKeysUp(columns: Column[], id: number | null): string[] {
  const out: string[] = [];
  let cur = id === null ? undefined : columns.find((c) => c.id === id);
  while (cur) {
    out.push(cur.key);
    const parentId: number | null = cur.parentId;
    cur = parentId === null ? undefined : columns.find((c) => c.id === parentId);
  }
  return out;
}

export type { CatColumnsTable };
