/**
 * Recording disclosure activities once, when they happen: press conferences, online interviews,
 * policy-interpretation articles, responses to public concern, hearings, meetings, training.
 * The report counts them (stats.ts); nobody types the yearly totals.
 */
import { defineCommand } from '../../../platform/command.ts';
import { NotFoundError, ValidationError } from '../../../kernel/errors.ts';
import { findOrgById } from '../../orgs/index.ts';
import { findItemByIndexNo } from '../../catalogue/index.ts';
import { activityInput, concernInput, deleteActivityInput, updateActivityInput } from '../schemas.ts';
import { findActivity, findConcern } from '../repo.ts';
import type { CommandContext } from '../../../platform/command.ts';
import type { z } from 'zod';

type ActivityFields = z.infer<typeof activityInput>;

async function orgFor(ctx: CommandContext, orgId: number) {
  const org = await findOrgById(ctx.tx, orgId);
  if (!org) throw ValidationError.field('orgId', '机构不存在');
  return org;
}

/** Only the fields a kind uses are kept, so a changed kind leaves no stray data behind. */
function columns(a: ActivityFields) {
  return {
    org_id: a.orgId,
    kind: a.kind,
    held_on: a.heldOn,
    title: a.title,
    leader_present: (a.kind === 'press_conference' || a.kind === 'online_interview') && a.leaderPresent ? 1 : 0,
    channel: a.kind === 'response' ? a.channel : null,
    concern_id: a.kind === 'response' ? a.concernId : null,
    policy_title: a.kind === 'interpretation' ? a.policyTitle : '',
    policy_ref: a.kind === 'interpretation' ? a.policyRef : '',
    policy_item_id: a.kind === 'interpretation' ? a.policyItemId : null,
    participants: a.kind === 'hearing' || a.kind === 'training' || a.kind === 'meeting' ? a.participants : null,
    outcome: a.kind === 'hearing' ? a.outcome : '',
    notes: a.notes,
  };
}

/**
 * An interpretation names the policy it explains by 索引号 (or 文号): when the catalogue holds an
 * item with that 索引号, the article is linked to it (and takes its title if none was typed).
 */
async function linkPolicy(ctx: CommandContext, a: ActivityFields): Promise<ActivityFields> {
  if (a.kind !== 'interpretation' || !a.policyRef || a.policyItemId) return a;
  const item = await findItemByIndexNo(ctx.tx, a.policyRef);
  if (!item) return a;
  return { ...a, policyItemId: item.id, policyTitle: a.policyTitle || item.title };
}

async function checkConcern(ctx: CommandContext, a: ActivityFields) {
  if (a.kind !== 'response' || a.concernId === null) return;
  const c = await findConcern(ctx.tx, a.concernId);
  if (!c) throw ValidationError.field('concernId', '所选的公众关注事项不存在');
}

export const recordActivity = defineCommand({
  name: 'reports.recordActivity',
  input: activityInput,
  async handler(ctx, input) {
    const org = await orgFor(ctx, input.orgId);
    ctx.authorize('reports.activities', org);
    await checkConcern(ctx, input);
    const now = ctx.clock.now().toISOString();
    const row = columns(await linkPolicy(ctx, input));
    const r = await ctx.tx
      .insertInto('report_activities')
      .values({ ...row, deleted: 0, created_at: now, created_by: ctx.actor.name, updated_at: now, updated_by: ctx.actor.name })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(r.id);
    return {
      result: { id },
      audit: { action: 'reports.recordActivity', subjectType: 'report_activity', subjectId: id, orgId: org.id, summary: { after: row } },
    };
  },
});

export const updateActivity = defineCommand({
  name: 'reports.updateActivity',
  input: updateActivityInput,
  async handler(ctx, input) {
    const existing = await findActivity(ctx.tx, input.id);
    if (!existing || existing.deleted) throw new NotFoundError('活动记录不存在');
    const before = await orgFor(ctx, existing.orgId);
    ctx.authorize('reports.activities', before);
    const org = await orgFor(ctx, input.orgId);
    ctx.authorize('reports.activities', org);
    await checkConcern(ctx, input);
    const row = columns(await linkPolicy(ctx, input));
    await ctx.tx
      .updateTable('report_activities')
      .set({ ...row, updated_at: ctx.clock.now().toISOString(), updated_by: ctx.actor.name })
      .where('id', '=', input.id)
      .execute();
    return {
      result: { id: input.id },
      audit: {
        action: 'reports.updateActivity',
        subjectType: 'report_activity',
        subjectId: input.id,
        orgId: org.id,
        summary: { before: { ...existing }, after: row },
      },
    };
  },
});

/** Removed records stay (the audit trail points at them) but count nowhere. */
export const deleteActivity = defineCommand({
  name: 'reports.deleteActivity',
  input: deleteActivityInput,
  async handler(ctx, input) {
    const existing = await findActivity(ctx.tx, input.id);
    if (!existing || existing.deleted) throw new NotFoundError('活动记录不存在');
    const org = await orgFor(ctx, existing.orgId);
    ctx.authorize('reports.activities', org);
    await ctx.tx
      .updateTable('report_activities')
      .set({ deleted: 1, updated_at: ctx.clock.now().toISOString(), updated_by: ctx.actor.name })
      .where('id', '=', input.id)
      .execute();
    return {
      result: { id: input.id },
      audit: {
        action: 'reports.deleteActivity',
        subjectType: 'report_activity',
        subjectId: input.id,
        orgId: org.id,
        summary: { reason: input.reason, title: existing.title },
      },
    };
  },
});

export const recordConcern = defineCommand({
  name: 'reports.recordConcern',
  input: concernInput,
  async handler(ctx, input) {
    const org = await orgFor(ctx, input.orgId);
    ctx.authorize('reports.activities', org);
    const row = { org_id: org.id, title: input.title, raised_on: input.raisedOn, is_hot: input.isHot ? 1 : 0, notes: input.notes };
    const r = await ctx.tx
      .insertInto('report_concerns')
      .values({ ...row, created_at: ctx.clock.now().toISOString(), created_by: ctx.actor.name })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(r.id);
    return { result: { id }, audit: { action: 'reports.recordConcern', subjectType: 'report_concern', subjectId: id, orgId: org.id, summary: { after: row } } };
  },
});
