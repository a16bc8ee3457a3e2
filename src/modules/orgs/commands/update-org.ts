import { defineCommand } from '../../../platform/command.ts';
import { ConflictError, NotFoundError } from '../../../kernel/errors.ts';
import { updateOrgInput } from '../schemas.ts';
import { findOrgById } from '../repo.ts';
import { checkOrgCode } from '../codes.ts';
import type { Org } from '../types.ts';

const COLUMNS: Record<string, string> = {
  name: 'name',
  shortName: 'short_name',
  code: 'code',
  address: 'address',
  postcode: 'postcode',
  phone: 'phone',
  fax: 'fax',
  email: 'email',
  website: 'website',
  officeHours: 'office_hours',
  disclosureOffice: 'disclosure_office',
  sortOrder: 'sort_order',
};

/** Edit an org's details (its place in the tree changes only through moveOrg; its kind never). */
export const updateOrg = defineCommand({
  name: 'orgs.update',
  input: updateOrgInput.omit({ kind: true }),
  async handler(ctx, input) {
    const org = await findOrgById(ctx.tx, input.id);
    if (!org) throw new NotFoundError('机构不存在');
    ctx.authorize('orgs.manage', org);
    const set: Record<string, unknown> = {};
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [k, col] of Object.entries(COLUMNS)) {
      const v = (input as Record<string, unknown>)[k];
      if (v === undefined) continue;
      const cur = org[k as keyof Org];
      if (v === cur) continue;
      set[col] = v;
      before[k] = cur;
      after[k] = v;
    }
    if ('code' in set) set.org_code = set.code ? (checkOrgCode(String(set.code)) as { orgCode: string }).orgCode : null;
    if (set.name || set.code) {
      const dup = await ctx.tx
        .selectFrom('orgs')
        .select(['name'])
        .where('id', '!=', org.id)
        .where((eb) => eb.or([...(set.name ? [eb('name', '=', String(set.name))] : []), ...(set.code ? [eb('code', '=', String(set.code))] : [])]))
        .executeTakeFirst();
      if (dup) throw new ConflictError(dup.name === set.name ? `已有同名机构：${set.name}` : `机构代码已被使用：${set.code}`);
    }
    if (Object.keys(set).length) {
      await ctx.tx
        .updateTable('orgs')
        .set({ ...set, updated_at: ctx.clock.now().toISOString() })
        .where('id', '=', org.id)
        .execute();
    }
    return {
      result: { id: org.id, changed: Object.keys(after) },
      audit: { action: 'orgs.update', subjectType: 'org', subjectId: org.id, orgId: org.id, summary: { before, after } },
    };
  },
});
