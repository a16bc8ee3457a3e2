import { ValidationError } from '../../../kernel/errors.ts';
import { defineCommand } from '../../../platform/command.ts';
import { disposeInput } from '../schemas.ts';
import { DISPOSITION_LABELS } from '../types.ts';
import { historyProblems, insertDisposition, lastDisposition, powerOrThrow } from './common.ts';

/**
 * Record one change of a power (services.md §1): 保留, 新增, 调整合并 (into another power, named by
 * its code), 取消, 下放 (to townships/streets, 全程办理 or 代办). Dated, audited, one per command.
 */
export const disposePower = defineCommand({
  name: 'powers.dispose',
  input: disposeInput,
  async handler(ctx, input) {
    const power = await powerOrThrow(ctx.tx, input.powerId);
    ctx.authorize('powers.manage', { orgPath: power.orgPath });
    let mergedInto: { id: number } | null | 'missing' | 'self' = null;
    if (input.mergedIntoCode) {
      const m = await ctx.tx.selectFrom('powers').select('id').where('code', '=', input.mergedIntoCode).executeTakeFirst();
      mergedInto = !m ? 'missing' : Number(m.id) === power.id ? 'self' : { id: Number(m.id) };
    }
    const ids = [...new Set(input.delegateOrgIds)];
    const orgs = ids.length ? await ctx.tx.selectFrom('orgs').select(['id', 'kind', 'name']).where('id', 'in', ids).execute() : [];
    const issues = historyProblems(await lastDisposition(ctx.tx, power.id), {
      kind: input.kind,
      onDate: input.onDate,
      mergedInto,
      mode: input.mode,
      delegateOrgs: orgs,
    });
    if (orgs.length < ids.length) issues.push({ field: 'delegateOrgIds', message: '下放至的单位不在机构树中' });
    if (typeof mergedInto === 'object' && mergedInto && input.kind === 'merge') {
      const target = await lastDisposition(ctx.tx, mergedInto.id);
      if (!target || ['merge', 'cancel'].includes(target.kind))
        issues.push({ field: 'mergedIntoCode', message: `“${input.mergedIntoCode}”已不在权力清单中，不能合并至它` });
    }
    if (issues.length) throw new ValidationError(issues);
    const id = await insertDisposition(ctx, power.id, {
      kind: input.kind,
      onDate: input.onDate,
      mergedIntoId: typeof mergedInto === 'object' && mergedInto ? mergedInto.id : null,
      mode: input.mode,
      delegateOrgIds: ids,
      note: input.note,
    });
    return {
      result: { id },
      audit: {
        action: 'powers.dispose',
        subjectType: 'power',
        subjectId: power.id,
        orgId: power.orgId,
        summary: {
          code: power.code,
          kind: DISPOSITION_LABELS[input.kind],
          onDate: input.onDate,
          ...(input.mergedIntoCode ? { mergedInto: input.mergedIntoCode } : {}),
          ...(ids.length ? { delegatedTo: ids, mode: input.mode } : {}),
        },
      },
    };
  },
});
