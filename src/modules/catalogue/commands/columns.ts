import { z } from 'zod';
import { defineCommand } from '../../../platform/command.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../kernel/errors.ts';
import { columnInput } from '../schemas.ts';
import { listColumns, columnSubtree } from '../repo.ts';

/**
 * Columns are data (the office adds, renames, orders and nests them). A column's key is its URL
 * (/column/KEY) and never changes, so links and feeds stay stable; its name may.
 */
export const addColumn = defineCommand({
  name: 'catalogue.column.add',
  input: columnInput,
  async handler(ctx, input) {
    ctx.authorize('catalogue.columns');
    const columns = await listColumns(ctx.tx, { fresh: true });
    if (columns.some((c) => c.key === input.key)) throw ValidationError.field('key', `栏目标识 ${input.key} 已被使用`);
    if (input.parentId && !columns.some((c) => c.id === input.parentId)) throw ValidationError.field('parentId', '上级栏目不存在');
    if (input.kind === 'link' && !input.href) throw ValidationError.field('href', '链接栏目须填写链接地址');
    const now = ctx.clock.now().toISOString();
    const r = await ctx.tx
      .insertInto('cat_columns')
      .values({
        parent_id: input.parentId,
        key: input.key,
        name: input.name,
        sort_order: input.sortOrder,
        kind: input.kind,
        href: input.href,
        description: input.description,
        active: 1,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      result: { id: Number(r.id) },
      audit: { action: 'catalogue.column.add', subjectType: 'catalogue_column', subjectId: Number(r.id), summary: { after: input } },
    };
  },
});

export const updateColumn = defineCommand({
  name: 'catalogue.column.update',
  input: columnInput.omit({ key: true }).extend({
    id: z.coerce.number().int().positive(),
    active: z
      .union([z.boolean(), z.enum(['1', '0', 'on'])])
      .optional()
      .transform((v) => v === undefined || v === true || v === '1' || v === 'on'),
  }),
  async handler(ctx, input) {
    ctx.authorize('catalogue.columns');
    const columns = await listColumns(ctx.tx, { fresh: true });
    const col = columns.find((c) => c.id === input.id);
    if (!col) throw new NotFoundError('栏目不存在');
    if (input.parentId) {
      if (!columns.some((c) => c.id === input.parentId)) throw ValidationError.field('parentId', '上级栏目不存在');
      if (columnSubtree(columns, col.id).some((c) => c.id === input.parentId)) throw new ConflictError('不能把栏目移到它自己或它的下级栏目之下');
    }
    if (input.kind === 'link' && !input.href) throw ValidationError.field('href', '链接栏目须填写链接地址');
    if (input.kind === 'link' && col.kind !== 'link') {
      const has = await ctx.tx.selectFrom('cat_items').select('id').where('column_id', '=', col.id).executeTakeFirst();
      if (has) throw new ConflictError('栏目内已有信息，不能改为链接栏目');
    }
    await ctx.tx
      .updateTable('cat_columns')
      .set({
        parent_id: input.parentId,
        name: input.name,
        sort_order: input.sortOrder,
        kind: input.kind,
        href: input.href,
        description: input.description,
        active: input.active ? 1 : 0,
        updated_at: ctx.clock.now().toISOString(),
      })
      .where('id', '=', col.id)
      .execute();
    return {
      result: { id: col.id },
      audit: {
        action: 'catalogue.column.update',
        subjectType: 'catalogue_column',
        subjectId: col.id,
        summary: {
          before: { name: col.name, parentId: col.parentId, sortOrder: col.sortOrder, active: col.active },
          after: { name: input.name, parentId: input.parentId, sortOrder: input.sortOrder, active: input.active },
        },
      },
    };
  },
});
