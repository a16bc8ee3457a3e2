import { defineCommand } from '../../../platform/command.ts';
import { ValidationError } from '../../../kernel/errors.ts';
import { addSiteInput } from '../schemas.ts';
import { siteOfOrg } from '../repo.ts';
import { SITE_KIND_LABELS } from '../types.ts';
import { activeOrg, checkSiteOrg, replaceSiteItems } from './common.ts';

/**
 * 登记网点: a site of the service network hung on its org (services.md §2) — the district centre
 * on an institution, a branch centre on a service_centre org, a 便民服务中心 on a township, town or
 * street, a 便民服务站 on a village or community. One site per org.
 */
export const addSite = defineCommand({
  name: 'hall.addSite',
  input: addSiteInput,
  async handler(ctx, input) {
    const org = await activeOrg(ctx.tx, input.orgId, 'orgId', '所在机构');
    ctx.authorize('hall.manage', { orgPath: org.path });
    checkSiteOrg(org, input.kind);
    const existing = await siteOfOrg(ctx.tx, org.id);
    if (existing) throw ValidationError.field('orgId', `“${org.name}”已登记${SITE_KIND_LABELS[existing.kind]}“${existing.name}”，请修改该网点`);
    const now = ctx.clock.now().toISOString();
    const row = await ctx.tx
      .insertInto('hall_sites')
      .values({
        org_id: org.id,
        kind: input.kind,
        name: input.name,
        address: input.address,
        hours: input.hours,
        phone: input.phone,
        area_m2: input.areaM2,
        staff_count: input.staffCount,
        note: input.note,
        established_on: input.establishedOn,
        closed_on: input.closedOn,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    await replaceSiteItems(ctx.tx, id, input.itemCodes);
    return {
      result: { id },
      audit: {
        action: 'hall.addSite',
        subjectType: 'hall_site',
        subjectId: id,
        orgId: org.id,
        summary: { kind: input.kind, name: input.name, establishedOn: input.establishedOn, closedOn: input.closedOn, items: input.itemCodes.length },
      },
    };
  },
});
