import { z } from 'zod';
import { defineCommand, type CommandContext } from '../../../platform/command.ts';
import { ConflictError } from '../../../kernel/errors.ts';
import { STATE_LABELS } from '../states.ts';
import { FINDING_LABELS, redactText, redactHtml } from '../personal-data.ts';
import { findingStates, scanItem, describeFinding, type FindingState } from '../findings.ts';
import { htmlToText } from '../sanitize.ts';
import { itemId, reason } from '../schemas.ts';
import { loadItem, writeHistory, detachAttachment, auditText, snapshotOf, valuesOf } from './common.ts';
import { refuseOwnReview } from './transitions.ts';
import type { Item } from '../repo.ts';

/**
 * Resolving the personal-data scan's findings during 保密审查 (findings.ts is the gate): 遮盖
 * masks a number in place and makes a new version; 不属于个人信息 records the reviewer's reason; a
 * file the scan flags is withdrawn from the item. Each is audited with who and why, and recorded in
 * cat_finding_resolutions. Only while the item is under review or approved and not yet published
 * (a published item is withdrawn first, 2019 条例第十五条).
 */
const REVIEW_STATES = ['submitted', 'approved'] as const;

const findingKey = z
  .string()
  .trim()
  .regex(/^[a-z_]+:[0-9a-f]{16}$/, '请选择要处理的扫描结果');

async function loadForReview(ctx: CommandContext, id: number, verb: string): Promise<Item> {
  const item = await loadItem(ctx, id);
  ctx.authorize('catalogue.review', { orgPath: item.orgPath });
  if (!(REVIEW_STATES as readonly string[]).includes(item.state))
    throw new ConflictError(`当前状态（${STATE_LABELS[item.state]}）不能${verb}：只有待审查或审查通过、尚未发布的信息可以处理扫描结果`);
  return item;
}

async function findingOf(ctx: CommandContext, item: Item, key: string): Promise<FindingState> {
  const f = (await findingStates(ctx.tx, item)).find((x) => x.key === key);
  if (!f) throw new ConflictError('该项扫描结果已不存在（可能已遮盖或附件已撤下），请刷新审查页');
  return f;
}

async function record(ctx: CommandContext, item: Item, f: FindingState, decision: 'redacted' | 'dismissed', why: string, version: number) {
  await ctx.tx
    .insertInto('cat_finding_resolutions')
    .values({
      item_id: item.id,
      finding_key: f.key,
      kind: f.kind,
      location: f.where,
      detail: f.detail,
      decision,
      reason: why,
      version,
      actor_id: ctx.actor.userId,
      actor_name: ctx.actor.name,
      at: ctx.clock.now().toISOString(),
    })
    .execute();
}

/** The stored findings follow the content (the list shown on the item page). */
async function rescan(ctx: CommandContext, item: Item) {
  const fresh = await scanItem(ctx.tx, item);
  await ctx.tx
    .updateTable('cat_items')
    .set({ findings: JSON.stringify(fresh), updated_at: ctx.clock.now().toISOString() })
    .where('id', '=', item.id)
    .execute();
  return fresh;
}

export const redactFinding = defineCommand({
  name: 'catalogue.redact',
  input: z.object({ id: itemId, finding: findingKey }),
  async handler(ctx, input) {
    const item = await loadForReview(ctx, input.id, '遮盖');
    const f = await findingOf(ctx, item, input.finding);
    if (!f.maskable) throw new ConflictError(`${describeFinding(f)}在附件中，不能在正文中遮盖：请撤下该附件，或退回修改由编辑更换附件`);
    const bodyHtml = redactHtml(item.bodyHtml, f.key);
    const next = {
      ...valuesOf(item),
      title: redactText(item.title, f.key),
      summary: redactText(item.summary, f.key),
      doc_no: redactText(item.docNo, f.key),
      body_html: bodyHtml,
      body_text: htmlToText(bodyHtml),
    };
    const after = { ...item, title: next.title, summary: next.summary, docNo: next.doc_no, bodyHtml, bodyText: next.body_text };
    // A number split by markup (<b>1380</b>7451234) is not masked by the text rule: say so, change nothing.
    const left = (await scanItem(ctx.tx, after)).find((x) => x.key === f.key && x.maskable);
    if (left) throw new ConflictError(`${describeFinding(f)}的写法无法自动遮盖（号码被格式分开），请退回修改，由编辑删除或改写`);
    const version = item.version + 1;
    const now = ctx.clock.now().toISOString();
    await ctx.tx
      .updateTable('cat_items')
      .set({ title: next.title, summary: next.summary, doc_no: next.doc_no, body_html: next.body_html, body_text: next.body_text, version, updated_at: now })
      .where('id', '=', item.id)
      .execute();
    const why = `遮盖${FINDING_LABELS[f.kind]}（${f.where}）`;
    await writeHistory(ctx, item.id, { version, event: 'redact', state: item.state, reason: `${why}：${f.detail}`, snapshot: snapshotOf(next) });
    await record(ctx, item, f, 'redacted', why, version);
    await rescan(ctx, after);
    return {
      result: { id: item.id, version, detail: f.detail },
      audit: {
        action: 'catalogue.redact',
        subjectType: 'catalogue_item',
        subjectId: item.id,
        orgId: item.orgId,
        summary: { title: auditText(next.title), kind: f.kind, where: f.where, detail: f.detail, version },
      },
    };
  },
});

export const dismissFinding = defineCommand({
  name: 'catalogue.dismiss_finding',
  input: z.object({ id: itemId, finding: findingKey, reason }),
  async handler(ctx, input) {
    const item = await loadForReview(ctx, input.id, '认定不属于个人信息');
    // Deciding that something is not personal data is a review decision: not by its author.
    refuseOwnReview(ctx, item);
    const f = await findingOf(ctx, item, input.finding);
    if (f.dismissal) throw new ConflictError(`${describeFinding(f)}已由${f.dismissal.actorName}认定不属于个人信息`);
    await record(ctx, item, f, 'dismissed', input.reason, item.version);
    await writeHistory(ctx, item.id, {
      version: item.version,
      event: 'dismiss',
      state: item.state,
      reason: `${FINDING_LABELS[f.kind]} ${f.detail}（${f.where}）：${input.reason}`,
    });
    return {
      result: { id: item.id, detail: f.detail },
      audit: {
        action: 'catalogue.dismiss_finding',
        subjectType: 'catalogue_item',
        subjectId: item.id,
        orgId: item.orgId,
        summary: { title: auditText(item.title), kind: f.kind, where: f.where, detail: f.detail, reason: auditText(input.reason) },
      },
    };
  },
});

/** 撤下附件 during review: the reviewer takes a flagged file off the item (the editor may attach a corrected one after 退回修改). */
export const withdrawAttachment = defineCommand({
  name: 'catalogue.withdraw_attachment',
  input: z.object({ id: itemId, attachmentId: itemId, reason }),
  async handler(ctx, input) {
    const item = await loadForReview(ctx, input.id, '撤下附件');
    const a = await detachAttachment(ctx, item.id, input.attachmentId);
    await writeHistory(ctx, item.id, { version: item.version, event: 'detach', state: item.state, reason: `${a.file_name}（保密审查撤下：${input.reason}）` });
    await rescan(ctx, item);
    return {
      result: { removed: Number(a.id), fileName: a.file_name },
      audit: {
        action: 'catalogue.detach',
        subjectType: 'catalogue_item',
        subjectId: item.id,
        orgId: item.orgId,
        summary: { file: a.file_name, sha256: a.sha256, duringReview: true, reason: auditText(input.reason) },
      },
    };
  },
});
