import { NotFoundError, ValidationError } from '../../../kernel/errors.ts';
import { defineCommand } from '../../../platform/command.ts';
import { updateCategoryInput } from '../schemas.ts';

/**
 * Rename, reorder or retire a category. Powers keep their category (a retired one takes no new
 * powers); counts of past years read the name the category has now.
 */
export const updateCategory = defineCommand({
  name: 'powers.categories.update',
  input: updateCategoryInput,
  async handler(ctx, input) {
    ctx.authorize('powers.categories');
    const before = await ctx.tx.selectFrom('power_categories').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!before) throw new NotFoundError('没有这个职权类别');
    const dup = await ctx.tx.selectFrom('power_categories').select('id').where('name', '=', input.name).where('id', '!=', input.id).executeTakeFirst();
    if (dup) throw new ValidationError([{ field: 'name', message: `已有职权类别“${input.name}”` }]);
    const after = { name: input.name, sort_order: input.sortOrder ?? Number(before.sort_order), active: input.active ? 1 : 0 };
    await ctx.tx.updateTable('power_categories').set(after).where('id', '=', input.id).execute();
    return {
      result: { id: input.id },
      audit: {
        action: 'powers.categories.update',
        subjectType: 'power_category',
        subjectId: input.id,
        summary: {
          before: { name: before.name, sortOrder: Number(before.sort_order), active: Number(before.active) === 1 },
          after: { ...after, active: after.active === 1 },
        },
      },
    };
  },
});
