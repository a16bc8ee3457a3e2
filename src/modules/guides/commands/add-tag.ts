import { z } from 'zod';
import { defineCommand } from '../../../platform/command.ts';
import { ValidationError } from '../../../kernel/errors.ts';

/**
 * 新增主题或人生事件: the portal's browse lists are data, district-wide — so only a grant at the
 * root of the org tree may add to them.
 */
export const addTag = defineCommand({
  name: 'guides.addTag',
  input: z.object({
    kind: z.enum(['theme', 'event'], { errorMap: () => ({ message: '类别应为主题或人生事件' }) }),
    audience: z.enum(['', 'individual', 'business'], { errorMap: () => ({ message: '服务对象应为个人或法人' }) }).default(''),
    name: z.string({ required_error: '请填写名称' }).trim().min(1, '请填写名称').max(30, '名称不超过30个字'),
  }),
  async handler(ctx, input) {
    const root = await ctx.tx.selectFrom('orgs').select(['id', 'path']).where('parent_id', 'is', null).orderBy('id').executeTakeFirst();
    ctx.authorize('guides.manage', { orgPath: root?.path ?? '/' });
    const audience = input.kind === 'theme' ? '' : input.audience;
    if (input.kind === 'event' && !audience) throw ValidationError.field('audience', '人生事件须选择服务对象（个人或法人）');
    const dup = await ctx.tx
      .selectFrom('guide_tags')
      .select('id')
      .where('kind', '=', input.kind)
      .where('audience', '=', audience)
      .where('name', '=', input.name)
      .executeTakeFirst();
    if (dup) throw ValidationError.field('name', `“${input.name}”已经存在`);
    const last = await ctx.tx
      .selectFrom('guide_tags')
      .select((e) => e.fn.max('sort_order').as('m'))
      .where('kind', '=', input.kind)
      .executeTakeFirst();
    const row = await ctx.tx
      .insertInto('guide_tags')
      .values({ kind: input.kind, audience, name: input.name, sort_order: Number(last?.m ?? 0) + 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      result: { id: Number(row.id) },
      audit: {
        action: 'guides.addTag',
        subjectType: 'guide_tag',
        subjectId: Number(row.id),
        orgId: root ? Number(root.id) : null,
        summary: { ...input, audience },
      },
    };
  },
});
