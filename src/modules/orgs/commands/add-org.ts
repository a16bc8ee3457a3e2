import { defineCommand } from '../../../platform/command.ts';
import { ConflictError, ValidationError } from '../../../kernel/errors.ts';
import { addOrgInput } from '../schemas.ts';
import { findOrgById } from '../repo.ts';
import { ALLOWED_PARENTS, ORG_KIND_LABELS } from '../types.ts';
import { checkOrgCode } from '../codes.ts';

export const addOrg = defineCommand({
  name: 'orgs.add',
  input: addOrgInput,
  async handler(ctx, input) {
    const parent = input.parentId ? await findOrgById(ctx.tx, input.parentId) : undefined;
    if (input.parentId && !parent) throw ValidationError.field('parentId', '上级机构不存在');
    // Adding under a parent is managing that parent's subtree; a new root needs a system-wide admin.
    ctx.authorize('orgs.manage', parent ? { orgPath: parent.path } : { orgPath: '/' });
    const allowed = ALLOWED_PARENTS[input.kind];
    if (!allowed.includes(parent ? parent.kind : null)) {
      throw ValidationError.field(
        'parentId',
        parent ? `${ORG_KIND_LABELS[input.kind]}不能设在${ORG_KIND_LABELS[parent.kind]}之下` : `${ORG_KIND_LABELS[input.kind]}必须有上级机构`,
      );
    }
    const dup = await ctx.tx
      .selectFrom('orgs')
      .select(['id', 'name', 'code'])
      .where((eb) => eb.or([eb('name', '=', input.name), ...(input.code ? [eb('code', '=', input.code)] : [])]))
      .executeTakeFirst();
    if (dup) throw new ConflictError(dup.name === input.name ? `已有同名机构：${input.name}` : `机构代码已被使用：${input.code}`);
    const now = ctx.clock.now().toISOString();
    const code = input.code ?? null;
    const orgCode = code ? (checkOrgCode(code) as { orgCode: string }).orgCode : null;
    const inserted = await ctx.tx
      .insertInto('orgs')
      .values({
        parent_id: parent?.id ?? null,
        path: '/', // set below once the id is known
        depth: parent ? parent.depth + 1 : 0,
        name: input.name,
        short_name: input.shortName || input.name,
        kind: input.kind,
        code,
        org_code: orgCode,
        address: input.address,
        postcode: input.postcode,
        phone: input.phone,
        fax: input.fax,
        email: input.email,
        website: input.website,
        office_hours: input.officeHours,
        disclosure_office: input.disclosureOffice,
        sort_order: input.sortOrder,
        active: 1,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(inserted.id);
    const path = `${parent?.path ?? '/'}${id}/`;
    await ctx.tx.updateTable('orgs').set({ path }).where('id', '=', id).execute();
    return {
      result: { id, path },
      audit: {
        action: 'orgs.add',
        subjectType: 'org',
        subjectId: id,
        orgId: id,
        summary: { after: { name: input.name, kind: input.kind, code, parentId: parent?.id ?? null } },
      },
    };
  },
});
