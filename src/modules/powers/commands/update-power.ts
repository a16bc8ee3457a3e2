import { defineCommand } from '../../../platform/command.ts';
import { updatePowerInput } from '../schemas.ts';
import { checkPowerFields, powerOrThrow } from './common.ts';

/** Correct a power's fields (its history is changed only by recording a disposition). */
export const updatePower = defineCommand({
  name: 'powers.update',
  input: updatePowerInput,
  async handler(ctx, input) {
    const before = await powerOrThrow(ctx.tx, input.id);
    // Both the org it leaves and the org it goes to must lie inside the actor's grant.
    ctx.authorize('powers.manage', { orgPath: before.orgPath });
    const { org, row } = await checkPowerFields(ctx, input, input.id);
    const old = await ctx.tx.selectFrom('powers').selectAll().where('id', '=', input.id).executeTakeFirstOrThrow();
    await ctx.tx
      .updateTable('powers')
      .set({ ...row, updated_at: ctx.clock.now().toISOString() } as never)
      .where('id', '=', input.id)
      .execute();
    const changed = Object.fromEntries(
      Object.entries(row)
        .filter(([k, v]) => String((old as Record<string, unknown>)[k]) !== String(v))
        .map(([k, v]) => [k, { before: (old as Record<string, unknown>)[k], after: v }]),
    );
    return {
      result: { id: input.id },
      audit: { action: 'powers.update', subjectType: 'power', subjectId: input.id, orgId: org.id, summary: { code: row.code, changed } },
    };
  },
});
