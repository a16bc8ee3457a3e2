import { defineCommand } from '../../../platform/command.ts';
import { itemInput } from '../schemas.ts';
import { checkItem, setTags } from './item-common.ts';

/** 新增政务服务事项: a 主项, 子项 or 业务办理项 under the competent department (services.md §1). */
export const createItem = defineCommand({
  name: 'guides.createItem',
  input: itemInput,
  async handler(ctx, input) {
    const { values, tagIds } = await checkItem(ctx, input);
    const now = ctx.clock.now().toISOString();
    const row = await ctx.tx
      .insertInto('service_items')
      .values({ ...values, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    await setTags(ctx, id, tagIds);
    return {
      result: { id },
      audit: { action: 'guides.createItem', subjectType: 'service_item', subjectId: id, orgId: input.orgId, summary: { code: input.code, name: input.name } },
    };
  },
});
