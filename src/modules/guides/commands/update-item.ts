import { z } from 'zod';
import { defineCommand } from '../../../platform/command.ts';
import { NotFoundError, ValidationError } from '../../../kernel/errors.ts';
import { findItem } from '../repo.ts';
import { itemInput } from '../schemas.ts';
import { checkItem, setTags } from './item-common.ts';

/** 修改政务服务事项: its name, code, department, kind, 绿色通道 and 并联审批 (services.md §1–2). */
export const updateItem = defineCommand({
  name: 'guides.updateItem',
  input: itemInput.extend({ id: z.coerce.number().int().positive('事项编号无效') }),
  async handler(ctx, input) {
    const before = await findItem(ctx.tx, input.id);
    if (!before) throw new NotFoundError('事项不存在');
    // Both the department it leaves and the one it moves to must lie inside the actor's grant.
    ctx.authorize('guides.manage', { orgPath: before.orgPath });
    if (before.level !== input.level) {
      const child = await ctx.tx.selectFrom('service_items').select('id').where('parent_id', '=', input.id).executeTakeFirst();
      if (child) throw ValidationError.field('level', '事项下还有下级事项，不能改变层级');
    }
    const { values, tagIds } = await checkItem(ctx, input, input.id);
    await ctx.tx
      .updateTable('service_items')
      .set({ ...values, updated_at: ctx.clock.now().toISOString() })
      .where('id', '=', input.id)
      .execute();
    await setTags(ctx, input.id, tagIds);
    return {
      result: { id: input.id },
      audit: {
        action: 'guides.updateItem',
        subjectType: 'service_item',
        subjectId: input.id,
        orgId: input.orgId,
        summary: { code: input.code, name: input.name, before: { code: before.code, name: before.name, orgId: before.orgId } },
      },
    };
  },
});
