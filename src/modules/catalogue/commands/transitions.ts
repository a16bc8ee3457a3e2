import { z } from 'zod';
import { defineCommand, type CommandContext } from '../../../platform/command.ts';
import { nextState } from '../../../platform/workflow/transitions.ts';
import { ConflictError, ValidationError } from '../../../kernel/errors.ts';
import { ITEM_TRANSITIONS, STATE_LABELS, type ItemEvent } from '../states.ts';
import { officeOverride } from '../policies.ts';
import type { Item } from '../repo.ts';
import { scanItem } from '../findings.ts';
import { markPublished } from '../publishing.ts';
import { syncSearch } from '../search-index.ts';
import { itemId, reason } from '../schemas.ts';
import { loadItem, writeHistory, auditText, missingForSubmission } from './common.ts';
import type { ItemState } from '../types.ts';

/**
 * The workflow's commands, one per event of states.ts. Each loads the item, authorises the actor
 * for the item's org, asks the transition table (409 with the reason when the event is not
 * allowed from the current state), writes the new state and a history entry, and is audited.
 */
function transition(item: Item, event: ItemEvent): ItemState {
  return nextState(ITEM_TRANSITIONS, item.state, event, STATE_LABELS);
}

function audit(item: Item, action: string, summary: Record<string, unknown>) {
  return { action, subjectType: 'catalogue_item', subjectId: item.id, orgId: item.orgId, summary: { title: auditText(item.title), ...summary } };
}

/**
 * 保密审查 is done by someone other than the author (the seed's 《保密审查制度》: 谁公开谁审查、先审查
 * 后公开, with the review a separate step). Holding the office role on the item's org lifts this:
 * the disclosure office may write and review (a small office has one person).
 */
export function refuseOwnReview(ctx: CommandContext, item: Item): void {
  const uid = ctx.actor.userId;
  const own = uid !== null && (item.createdBy === uid || item.submittedBy === uid);
  if (own && officeOverride(ctx.actor, { orgPath: item.orgPath }) !== true) {
    throw new ConflictError('不能审查本人编写或提交的信息：保密审查须由他人进行（政务公开办人员除外）');
  }
}

export const submitItem = defineCommand({
  name: 'catalogue.submit',
  input: z.object({ id: itemId }),
  async handler(ctx, input) {
    const item = await loadItem(ctx, input.id);
    ctx.authorize('catalogue.submit', { orgPath: item.orgPath });
    const to = transition(item, 'submit');
    const missing = missingForSubmission(item);
    if (missing.length) throw new ValidationError(missing);
    // The scan runs before review (disclosure.md §7): its findings are what the reviewer sees first.
    const findings = await scanItem(ctx.tx, item);
    const now = ctx.clock.now().toISOString();
    await ctx.tx
      .updateTable('cat_items')
      .set({ state: to, findings: JSON.stringify(findings), submitted_by: ctx.actor.userId, submitted_at: now, return_reason: null, updated_at: now })
      .where('id', '=', item.id)
      .execute();
    await writeHistory(ctx, item.id, {
      version: item.version,
      event: 'submit',
      state: to,
      reason: findings.length ? `扫描发现 ${findings.length} 处疑似个人信息或隐藏内容` : null,
    });
    return {
      result: { id: item.id, state: to, findings },
      audit: audit(item, 'catalogue.submit', { from: item.state, to, findings: findings.map((f) => `${f.kind}@${f.where}`) }),
    };
  },
});

export const approveItem = defineCommand({
  name: 'catalogue.approve',
  input: z.object({
    id: itemId,
    publish: z
      .union([z.boolean(), z.enum(['1', '0', 'true', 'false', 'on'])])
      .optional()
      .transform((v) => v === true || v === '1' || v === 'true' || v === 'on'),
  }),
  async handler(ctx, input) {
    const item = await loadItem(ctx, input.id);
    ctx.authorize('catalogue.review', { orgPath: item.orgPath });
    const to = transition(item, 'approve');
    refuseOwnReview(ctx, item);
    const now = ctx.clock.now().toISOString();
    await ctx.tx
      .updateTable('cat_items')
      .set({ state: to, reviewed_by: ctx.actor.userId, reviewed_by_name: ctx.actor.name, reviewed_at: now, review_decision: 'approved', updated_at: now })
      .where('id', '=', item.id)
      .execute();
    await writeHistory(ctx, item.id, { version: item.version, event: 'approve', state: to });
    const audits = [audit(item, 'catalogue.approve', { from: item.state, to, findingsSeen: item.findings?.length ?? 0 })];
    let published: { indexNo: string; onTime: boolean } | null = null;
    if (input.publish) {
      // 审查通过并发布: the second transition, in the same transaction, audited on its own.
      ctx.authorize('catalogue.publish', { orgPath: item.orgPath });
      const approved = { ...item, state: to };
      const pub = transition(approved, 'publish');
      published = await markPublished(ctx.tx, approved, { today: ctx.clock.today(), now, actorName: ctx.actor.name });
      await writeHistory(ctx, item.id, { version: item.version, event: 'publish', state: pub, reason: `索引号 ${published.indexNo}` });
      await syncSearch(ctx.tx, [item.id]);
      audits.push(audit(item, 'catalogue.publish', { from: to, to: pub, indexNo: published.indexNo, onTime: published.onTime }));
    }
    return { result: { id: item.id, state: published ? ('published' as const) : to, indexNo: published?.indexNo ?? null }, audit: audits };
  },
});

export const returnItem = defineCommand({
  name: 'catalogue.return',
  input: z.object({ id: itemId, reason }),
  async handler(ctx, input) {
    const item = await loadItem(ctx, input.id);
    ctx.authorize('catalogue.review', { orgPath: item.orgPath });
    const to = transition(item, 'return');
    refuseOwnReview(ctx, item);
    const now = ctx.clock.now().toISOString();
    await ctx.tx
      .updateTable('cat_items')
      .set({
        state: to,
        return_reason: input.reason,
        reviewed_by: ctx.actor.userId,
        reviewed_by_name: ctx.actor.name,
        reviewed_at: now,
        review_decision: 'returned',
        updated_at: now,
      })
      .where('id', '=', item.id)
      .execute();
    await writeHistory(ctx, item.id, { version: item.version, event: 'return', state: to, reason: input.reason });
    return { result: { id: item.id, state: to }, audit: audit(item, 'catalogue.return', { from: item.state, to, reason: auditText(input.reason) }) };
  },
});

export const publishItem = defineCommand({
  name: 'catalogue.publish',
  input: z.object({ id: itemId }),
  async handler(ctx, input) {
    const item = await loadItem(ctx, input.id);
    ctx.authorize('catalogue.publish', { orgPath: item.orgPath });
    const to = transition(item, 'publish');
    const r = await markPublished(ctx.tx, item, { today: ctx.clock.today(), now: ctx.clock.now().toISOString(), actorName: ctx.actor.name });
    await writeHistory(ctx, item.id, { version: item.version, event: 'publish', state: to, reason: `索引号 ${r.indexNo}` });
    await syncSearch(ctx.tx, [item.id]);
    return {
      result: { id: item.id, state: to, indexNo: r.indexNo, onTime: r.onTime },
      audit: audit(item, 'catalogue.publish', { from: item.state, to, indexNo: r.indexNo, onTime: r.onTime, dueOn: r.dueOn }),
    };
  },
});

export const withdrawItem = defineCommand({
  name: 'catalogue.withdraw',
  input: z.object({ id: itemId, reason }),
  async handler(ctx, input) {
    const item = await loadItem(ctx, input.id);
    ctx.authorize('catalogue.withdraw', { orgPath: item.orgPath });
    const to = transition(item, 'withdraw');
    const now = ctx.clock.now().toISOString();
    // The 索引号 stays with the item (never reused); the page, feeds, API and search drop it.
    await ctx.tx.updateTable('cat_items').set({ state: to, is_public: 0, withdraw_reason: input.reason, updated_at: now }).where('id', '=', item.id).execute();
    await writeHistory(ctx, item.id, { version: item.version, event: 'withdraw', state: to, reason: input.reason });
    await syncSearch(ctx.tx, [item.id]);
    return {
      result: { id: item.id, state: to },
      audit: audit(item, 'catalogue.withdraw', { from: item.state, to, indexNo: item.indexNo, reason: auditText(input.reason) }),
    };
  },
});

export const reopenItem = defineCommand({
  name: 'catalogue.reopen',
  input: z.object({ id: itemId }),
  async handler(ctx, input) {
    const item = await loadItem(ctx, input.id);
    ctx.authorize('catalogue.edit', { orgPath: item.orgPath });
    const to = transition(item, 'reopen');
    const now = ctx.clock.now().toISOString();
    await ctx.tx.updateTable('cat_items').set({ state: to, findings: null, review_decision: null, updated_at: now }).where('id', '=', item.id).execute();
    await writeHistory(ctx, item.id, { version: item.version, event: 'reopen', state: to });
    return { result: { id: item.id, state: to }, audit: audit(item, 'catalogue.reopen', { from: item.state, to }) };
  },
});
