import { defineCommand } from '../../../platform/command.ts';
import { NotFoundError, ValidationError } from '../../../kernel/errors.ts';
import { updateWindowInput } from '../schemas.ts';
import { findWindow, windowByNumber } from '../repo.ts';
import { backofficeOf, chiefOf, department, replaceBackoffice, replaceWindowItems } from './common.ts';

/** 修改窗口: number, name, department, kind, 首席代表, items, 绿色通道 and 并联审批. */
export const updateWindow = defineCommand({
  name: 'hall.updateWindow',
  input: updateWindowInput,
  async handler(ctx, input) {
    const w = await findWindow(ctx.tx, input.id);
    if (!w) throw new NotFoundError('窗口不存在');
    ctx.authorize('hall.manage', { orgPath: w.orgPath });
    const clash = await windowByNumber(ctx.tx, w.centreOrgId, input.number);
    if (clash && clash.id !== w.id) throw ValidationError.field('number', `窗口编号 ${input.number} 已被“${clash.name}”使用，同一中心的窗口编号不能重复`);
    const dept = await department(ctx.tx, input.departmentOrgId, 'departmentOrgId');
    const chief = await chiefOf(ctx.tx, input.chiefUsername, input.chiefName);
    const backoffice = await backofficeOf(ctx.tx, input.parallel, input.backofficeOrgIds);
    await ctx.tx
      .updateTable('hall_windows')
      .set({
        number: input.number,
        name: input.name,
        department_org_id: dept.id,
        kind: input.kind,
        chief_user_id: chief.userId,
        chief_name: chief.name,
        green_channel: input.greenChannel ? 1 : 0,
        parallel: input.parallel ? 1 : 0,
        note: input.note,
        updated_at: ctx.clock.now().toISOString(),
      })
      .where('id', '=', w.id)
      .execute();
    await replaceWindowItems(ctx.tx, w.id, input.itemCodes);
    await replaceBackoffice(ctx.tx, w.id, backoffice);
    return {
      result: { id: w.id },
      audit: {
        action: 'hall.updateWindow',
        subjectType: 'hall_window',
        subjectId: w.id,
        orgId: w.centreOrgId,
        summary: {
          before: { number: w.number, name: w.name, department: w.departmentName, items: w.itemCodes, parallel: w.parallel, greenChannel: w.greenChannel },
          after: {
            number: input.number,
            name: input.name,
            department: dept.name,
            items: input.itemCodes,
            parallel: input.parallel,
            greenChannel: input.greenChannel,
          },
        },
      },
    };
  },
});
