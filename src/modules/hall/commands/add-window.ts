import { defineCommand } from '../../../platform/command.ts';
import { ValidationError } from '../../../kernel/errors.ts';
import { addWindowInput } from '../schemas.ts';
import { siteOfOrg, windowByNumber } from '../repo.ts';
import { WINDOW_KIND_LABELS } from '../types.ts';
import { activeOrg, backofficeOf, chiefOf, department, replaceBackoffice, replaceWindowItems } from './common.ts';

/**
 * 设立窗口 in a 政务服务中心 (services.md §2): its number (unique in the centre), department,
 * composite or single, 首席代表, the items it accepts (codes), 绿色通道 and 并联审批 (the window
 * accepts, the listed departments handle in the back office).
 */
export const addWindow = defineCommand({
  name: 'hall.addWindow',
  input: addWindowInput,
  async handler(ctx, input) {
    const centre = await activeOrg(ctx.tx, input.centreOrgId, 'centreOrgId', '政务服务中心');
    ctx.authorize('hall.manage', { orgPath: centre.path });
    const site = await siteOfOrg(ctx.tx, centre.id);
    if (site?.kind !== 'hall') throw ValidationError.field('centreOrgId', `“${centre.name}”未登记为政务服务中心，不能设立窗口`);
    const clash = await windowByNumber(ctx.tx, centre.id, input.number);
    if (clash) throw ValidationError.field('number', `窗口编号 ${input.number} 已被“${clash.name}”使用，同一中心的窗口编号不能重复`);
    const dept = await department(ctx.tx, input.departmentOrgId, 'departmentOrgId');
    const chief = await chiefOf(ctx.tx, input.chiefUsername, input.chiefName);
    const backoffice = await backofficeOf(ctx.tx, input.parallel, input.backofficeOrgIds);
    const now = ctx.clock.now().toISOString();
    const row = await ctx.tx
      .insertInto('hall_windows')
      .values({
        centre_org_id: centre.id,
        number: input.number,
        name: input.name,
        department_org_id: dept.id,
        kind: input.kind,
        chief_user_id: chief.userId,
        chief_name: chief.name,
        green_channel: input.greenChannel ? 1 : 0,
        parallel: input.parallel ? 1 : 0,
        note: input.note,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    await replaceWindowItems(ctx.tx, id, input.itemCodes);
    await replaceBackoffice(ctx.tx, id, backoffice);
    return {
      result: { id },
      audit: {
        action: 'hall.addWindow',
        subjectType: 'hall_window',
        subjectId: id,
        orgId: centre.id,
        summary: {
          number: input.number,
          name: input.name,
          department: dept.name,
          kind: WINDOW_KIND_LABELS[input.kind],
          greenChannel: input.greenChannel,
          parallel: input.parallel,
          backoffice,
          items: input.itemCodes,
        },
      },
    };
  },
});
