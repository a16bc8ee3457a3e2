import { defineCommand } from '../../../platform/command.ts';
import { NotFoundError, ValidationError } from '../../../kernel/errors.ts';
import { unassignStaffInput } from '../schemas.ts';
import { findWindow, staffOf } from '../repo.ts';

/** 调离窗口: the assignment ends on a date (kept, for the ratings of the time the person worked there). */
export const unassignStaff = defineCommand({
  name: 'hall.unassignStaff',
  input: unassignStaffInput,
  async handler(ctx, input) {
    const w = await findWindow(ctx.tx, input.windowId);
    if (!w) throw new NotFoundError('窗口不存在');
    ctx.authorize('hall.manage', { orgPath: w.orgPath });
    const current = (await staffOf(ctx.tx, w.id)).find((s) => s.userId === input.userId && s.toOn === null);
    if (!current) throw ValidationError.field('userId', '此人目前不在本窗口工作');
    const toOn = input.toOn ?? ctx.clock.today();
    if (toOn < current.fromOn) throw ValidationError.field('toOn', `调离日期（${toOn}）不能早于到岗日期（${current.fromOn}）`);
    await ctx.tx.updateTable('hall_window_staff').set({ to_on: toOn }).where('id', '=', current.id).execute();
    return {
      result: { id: current.id },
      audit: { action: 'hall.unassignStaff', subjectType: 'hall_window', subjectId: w.id, orgId: w.centreOrgId, summary: { userId: input.userId, toOn } },
    };
  },
});
