import { defineCommand } from '../../../platform/command.ts';
import { createPowerInput } from '../schemas.ts';
import { checkPowerFields, insertDisposition } from './common.ts';

/** Add a power to the list (a form in the back office): its fields and its first disposition, 保留 or 新增 (services.md §1). */
export const createPower = defineCommand({
  name: 'powers.create',
  input: createPowerInput,
  async handler(ctx, input) {
    const { org, row } = await checkPowerFields(ctx, input);
    const now = ctx.clock.now().toISOString();
    const r = await ctx.tx
      .insertInto('powers')
      .values({ ...row, created_at: now, updated_at: now } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(r.id);
    await insertDisposition(ctx, id, { kind: input.opening, onDate: input.onDate, mergedIntoId: null, mode: null, delegateOrgIds: [], note: input.note });
    return {
      result: { id },
      audit: {
        action: 'powers.create',
        subjectType: 'power',
        subjectId: id,
        orgId: org.id,
        summary: { code: input.code, name: input.name, opening: input.opening, onDate: input.onDate },
      },
    };
  },
});
