import { defineCommand } from '../../../platform/command.ts';
import { NotFoundError } from '../../../kernel/errors.ts';
import { updateSiteInput } from '../schemas.ts';
import { findSite } from '../repo.ts';
import { replaceSiteItems } from './common.ts';

/** 修改网点: its facts, items and dates; a closing date (停止运行) makes it stop counting from that day. */
export const updateSite = defineCommand({
  name: 'hall.updateSite',
  input: updateSiteInput,
  async handler(ctx, input) {
    const site = await findSite(ctx.tx, input.id);
    if (!site) throw new NotFoundError('网点不存在');
    ctx.authorize('hall.manage', { orgPath: site.orgPath });
    await ctx.tx
      .updateTable('hall_sites')
      .set({
        name: input.name,
        address: input.address,
        hours: input.hours,
        phone: input.phone,
        area_m2: input.areaM2,
        staff_count: input.staffCount,
        note: input.note,
        established_on: input.establishedOn,
        closed_on: input.closedOn,
        updated_at: ctx.clock.now().toISOString(),
      })
      .where('id', '=', site.id)
      .execute();
    await replaceSiteItems(ctx.tx, site.id, input.itemCodes);
    const before = { name: site.name, establishedOn: site.establishedOn, closedOn: site.closedOn, items: site.itemCodes.length };
    const after = { name: input.name, establishedOn: input.establishedOn, closedOn: input.closedOn, items: input.itemCodes.length };
    return {
      result: { id: site.id },
      audit: { action: 'hall.updateSite', subjectType: 'hall_site', subjectId: site.id, orgId: site.orgId, summary: { before, after } },
    };
  },
});
