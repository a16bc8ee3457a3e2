import type { CommandContext } from '../../../platform/command.ts';
import { NotFoundError, ValidationError, ConflictError } from '../../../kernel/errors.ts';
import { getSetting } from '../../../platform/settings/settings.ts';
import { findOrgById } from '../../orgs/index.ts';
import { findItem, listColumns, type Item } from '../repo.ts';
import { normaliseBody, htmlToText } from '../sanitize.ts';
import { genresSetting, topicsSetting, assortsSetting } from '../settings.ts';
import type { ItemFields } from '../schemas.ts';
import type { ItemState, CatItemsTable } from '../types.ts';
import { STATE_LABELS } from '../states.ts';
import { maskPersonalData } from '../personal-data.ts';

export async function loadItem(ctx: CommandContext, id: number): Promise<Item> {
  const item = await findItem(ctx.tx, id);
  if (!item) throw new NotFoundError('信息不存在');
  return item;
}

/** 内容概述 from the body when the editor left it empty: the first sentences, at most 100 characters. */
export function summaryFromBody(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= 100) return t;
  const head = t.slice(0, 100);
  const stop = Math.max(head.lastIndexOf('。'), head.lastIndexOf('；'));
  return stop >= 30 ? head.slice(0, stop + 1) : `${head.slice(0, 99)}…`;
}

/**
 * Check the fields against the data they point at (org, column, taxonomies) and turn them into
 * column values. Taxonomy values are checked against the current settings; an empty value is
 * allowed (a draft may be incomplete — submission requires them, see requireComplete).
 */
export async function resolveFields(ctx: CommandContext, f: ItemFields) {
  const org = await findOrgById(ctx.tx, f.orgId);
  if (!org) throw ValidationError.field('orgId', '发布机构不存在');
  if (f.columnId) {
    const col = (await listColumns(ctx.tx, { fresh: true })).find((c) => c.id === f.columnId);
    if (!col) throw ValidationError.field('columnId', '栏目不存在');
    if (col.kind === 'link') throw ValidationError.field('columnId', `栏目“${col.name}”是链接栏目，不能放信息`);
  }
  const issues: Array<{ field: string; message: string }> = [];
  if (f.topic) {
    const topics = await getSetting(ctx.tx, topicsSetting);
    const [top, child] = f.topic.split('/');
    const t = topics.find((x) => x.name === top);
    if (!t || (child !== undefined && !t.children.includes(child))) issues.push({ field: 'topic', message: `主题分类“${f.topic}”不在分类表中` });
  }
  if (f.genre && !(await getSetting(ctx.tx, genresSetting)).includes(f.genre)) issues.push({ field: 'genre', message: `体裁“${f.genre}”不在体裁分类中` });
  if (f.assort && !(await getSetting(ctx.tx, assortsSetting)).includes(f.assort))
    issues.push({ field: 'assort', message: `组配分类“${f.assort}”不在分类表中` });
  if (issues.length) throw new ValidationError(issues);
  const bodyHtml = normaliseBody(f.body);
  const bodyText = htmlToText(bodyHtml);
  return {
    org,
    values: {
      org_id: org.id,
      column_id: f.columnId,
      title: f.title,
      summary: f.summary || summaryFromBody(bodyText),
      body_html: bodyHtml,
      body_text: bodyText,
      doc_no: f.docNo,
      formed_on: f.formedOn,
      topic: f.topic,
      genre: f.genre,
      assort: f.assort,
      keywords: f.keywords,
      disclosure: f.disclosure,
      validity: f.validity,
      effective_on: f.effectiveOn,
      validity_changed_on: f.validityChangedOn,
      is_normative: f.isNormative ? 1 : 0,
      is_rule: f.isRule ? 1 : 0,
    } satisfies Partial<CatItemsTable>,
  };
}

export type ContentValues = Awaited<ReturnType<typeof resolveFields>>['values'];

/** The version record: the content fields as they now stand. */
export function snapshotOf(v: ContentValues): Record<string, unknown> {
  return {
    orgId: v.org_id,
    columnId: v.column_id,
    title: v.title,
    summary: v.summary,
    bodyHtml: v.body_html,
    docNo: v.doc_no,
    formedOn: v.formed_on,
    topic: v.topic,
    genre: v.genre,
    assort: v.assort,
    keywords: v.keywords,
    disclosure: v.disclosure,
    validity: v.validity,
    effectiveOn: v.effective_on,
    validityChangedOn: v.validity_changed_on,
    isNormative: v.is_normative === 1,
    isRule: v.is_rule === 1,
  };
}

export function valuesOf(item: Item): ContentValues {
  return {
    org_id: item.orgId,
    column_id: item.columnId,
    title: item.title,
    summary: item.summary,
    body_html: item.bodyHtml,
    body_text: item.bodyText,
    doc_no: item.docNo,
    formed_on: item.formedOn,
    topic: item.topic,
    genre: item.genre,
    assort: item.assort,
    keywords: item.keywords,
    disclosure: item.disclosure,
    validity: item.validity,
    effective_on: item.effectiveOn,
    validity_changed_on: item.validityChangedOn,
    is_normative: item.isNormative ? 1 : 0,
    is_rule: item.isRule ? 1 : 0,
  };
}

export async function writeHistory(
  ctx: CommandContext,
  itemId: number,
  e: { version: number; event: string; state: ItemState; reason?: string | null; snapshot?: Record<string, unknown> | null },
): Promise<void> {
  await ctx.tx
    .insertInto('cat_item_history')
    .values({
      item_id: itemId,
      version: e.version,
      at: ctx.clock.now().toISOString(),
      actor_id: ctx.actor.userId,
      actor_name: ctx.actor.name,
      event: e.event,
      state: e.state,
      reason: e.reason ?? null,
      snapshot: e.snapshot ? JSON.stringify(e.snapshot) : null,
    })
    .execute();
}

/** Audit summaries carry titles and reasons, never personal data in clear. */
export function auditText(s: string | null | undefined): string | null {
  return s ? maskPersonalData(s).slice(0, 300) : null;
}

export function notEditable(item: Item): ConflictError {
  return new ConflictError(
    `当前状态（${STATE_LABELS[item.state]}）不能修改内容${item.state === 'submitted' ? '：信息正在审查中' : item.state === 'published' ? '：已发布的信息须先撤回' : ''}`,
  );
}

/** Fields a submission needs (2019 条例第十二条 and the catalogue's practice). */
export function missingForSubmission(item: Item): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  if (!item.columnId) out.push({ field: 'columnId', message: '提交审查前请选择栏目' });
  if (!item.topic) out.push({ field: 'topic', message: '提交审查前请选择主题分类' });
  if (!item.genre) out.push({ field: 'genre', message: '提交审查前请选择体裁' });
  if (!item.summary) out.push({ field: 'summary', message: '提交审查前请填写内容概述' });
  return out;
}

/** Take an attachment off an item (the file stays stored by its hash: versions may still name it); 404 when it is not this item's. */
export async function detachAttachment(ctx: CommandContext, itemId: number, attachmentId: number): Promise<{ id: number; file_name: string; sha256: string }> {
  const a = await ctx.tx
    .selectFrom('cat_attachments')
    .select(['id', 'file_name', 'sha256'])
    .where('id', '=', attachmentId)
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  if (!a) throw new NotFoundError('附件不存在');
  await ctx.tx.deleteFrom('cat_attachments').where('id', '=', a.id).execute();
  return { id: Number(a.id), file_name: a.file_name, sha256: a.sha256 };
}
