import { ValidationError } from '../../../kernel/errors.ts';
import { defineCommand } from '../../../platform/command.ts';
import { categoryInput } from '../schemas.ts';

/** Add a category of administrative power (职权类别; the list is data, services.md §1). */
export const addCategory = defineCommand({
  name: 'powers.categories.add',
  input: categoryInput,
  async handler(ctx, input) {
    ctx.authorize('powers.categories');
    const dup = await ctx.tx.selectFrom('power_categories').select('id').where('name', '=', input.name).executeTakeFirst();
    if (dup) throw new ValidationError([{ field: 'name', message: `已有职权类别“${input.name}”` }]);
    const max = await ctx.tx
      .selectFrom('power_categories')
      .select((e) => e.fn.max('sort_order').as('m'))
      .executeTakeFirst();
    const sortOrder = input.sortOrder ?? Number(max?.m ?? 0) + 10;
    const r = await ctx.tx
      .insertInto('power_categories')
      .values({ name: input.name, sort_order: sortOrder, active: 1 } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      result: { id: Number(r.id) },
      audit: { action: 'powers.categories.add', subjectType: 'power_category', subjectId: Number(r.id), summary: { name: input.name, sortOrder } },
    };
  },
});
