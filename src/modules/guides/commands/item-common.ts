import type { CommandContext } from '../../../platform/command.ts';
import { ValidationError } from '../../../kernel/errors.ts';
import { findOrgById } from '../../orgs/index.ts';
import { foldText } from '../../../platform/search/normalize.ts';
import { findItem } from '../repo.ts';
import type { ItemInput } from '../schemas.ts';

/** What creating and editing an item share: the tree's shape, the orgs, the tags, the folded search text. */
export async function checkItem(ctx: CommandContext, input: ItemInput, selfId?: number) {
  const org = await findOrgById(ctx.tx, input.orgId);
  if (!org) throw ValidationError.field('orgId', '主管部门不存在');
  // The competent department must lie inside the actor's grant (services.md §1, scoped to the org tree).
  ctx.authorize('guides.manage', { orgPath: org.path });
  const wantParent = { main: null, sub: 'main', task: 'sub' }[input.level];
  if (wantParent === null) {
    if (input.parentId !== null) throw ValidationError.field('parentId', '主项没有上级事项');
  } else {
    if (input.parentId === null) throw ValidationError.field('parentId', `${input.level === 'sub' ? '子项' : '业务办理项'}须选择上级事项`);
    if (input.parentId === selfId) throw ValidationError.field('parentId', '上级事项不能是本事项');
    const parent = await findItem(ctx.tx, input.parentId);
    if (!parent) throw ValidationError.field('parentId', '上级事项不存在');
    if (parent.level !== wantParent) throw ValidationError.field('parentId', `上级事项应为${wantParent === 'main' ? '主项' : '子项'}`);
  }
  if (input.level === 'task' && !input.kind) throw ValidationError.field('kind', '业务办理项须选择办理项类型（新办、变更、延续、注销等）');
  if (input.level !== 'task' && input.kind) throw ValidationError.field('kind', '只有业务办理项有办理项类型');
  const dup = await ctx.tx.selectFrom('service_items').select('id').where('code', '=', input.code).executeTakeFirst();
  if (dup && Number(dup.id) !== selfId) throw ValidationError.field('code', `事项编码 ${input.code} 已被使用`);
  const parallelIds = [...new Set(input.parallelOrgIds)];
  if (!input.parallel && parallelIds.length) throw ValidationError.field('parallelOrgIds', '未选择并联审批时不应填写并联办理部门');
  if (input.parallel && !parallelIds.length) throw ValidationError.field('parallelOrgIds', '并联审批须选择后台办理的部门');
  for (const id of parallelIds) if (!(await findOrgById(ctx.tx, id))) throw ValidationError.field('parallelOrgIds', `并联办理部门（编号 ${id}）不存在`);
  const tagIds = [...new Set(input.tagIds)];
  if (tagIds.length) {
    const found = await ctx.tx.selectFrom('guide_tags').select('id').where('id', 'in', tagIds).execute();
    if (found.length !== tagIds.length) throw ValidationError.field('tagIds', '所选主题或人生事件不存在');
  }
  return {
    org,
    tagIds,
    values: {
      parent_id: input.parentId,
      level: input.level,
      code: input.code,
      name: input.name,
      kind: input.kind,
      item_type: input.itemType,
      org_id: input.orgId,
      green_channel: input.greenChannel ? 1 : 0,
      parallel: input.parallel ? 1 : 0,
      parallel_org_ids: JSON.stringify(parallelIds),
      audience: input.audience,
      search_text: foldText(`${input.name} ${input.code} ${org.name} ${org.shortName}`),
      sort_order: input.sortOrder,
    },
  };
}

export async function setTags(ctx: CommandContext, itemId: number, tagIds: number[]): Promise<void> {
  await ctx.tx.deleteFrom('guide_item_tags').where('item_id', '=', itemId).execute();
  if (tagIds.length)
    await ctx.tx
      .insertInto('guide_item_tags')
      .values(tagIds.map((t) => ({ item_id: itemId, tag_id: t })))
      .execute();
}
