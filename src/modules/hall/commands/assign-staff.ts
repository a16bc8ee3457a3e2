import { defineCommand } from '../../../platform/command.ts';
import { NotFoundError, ValidationError } from '../../../kernel/errors.ts';
import { findUserByName } from '../../identity/index.ts';
import { assignStaffInput } from '../schemas.ts';
import { findWindow, staffOf } from '../repo.ts';

/** 窗口工作人员: a user account assigned to a window from a date (the basis of later ratings of windows and staff). */
export const assignStaff = defineCommand({
  name: 'hall.assignStaff',
  input: assignStaffInput,
  async handler(ctx, input) {
    const w = await findWindow(ctx.tx, input.windowId);
    if (!w) throw new NotFoundError('窗口不存在');
    ctx.authorize('hall.manage', { orgPath: w.orgPath });
    const u = await findUserByName(ctx.tx, input.username);
    if (!u) throw ValidationError.field('username', `没有用户名为“${input.username}”的账户`);
    if (Number(u.disabled) === 1) throw ValidationError.field('username', `账户“${input.username}”已停用`);
    const userId = Number(u.id);
    if ((await staffOf(ctx.tx, w.id)).some((s) => s.userId === userId && s.toOn === null))
      throw ValidationError.field('username', `“${u.display_name}”已在本窗口工作`);
    const fromOn = input.fromOn ?? ctx.clock.today();
    const row = await ctx.tx
      .insertInto('hall_window_staff')
      .values({ window_id: w.id, user_id: userId, from_on: fromOn, to_on: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      result: { id: Number(row.id) },
      audit: {
        action: 'hall.assignStaff',
        subjectType: 'hall_window',
        subjectId: w.id,
        orgId: w.centreOrgId,
        summary: { userId, username: u.username, fromOn },
      },
    };
  },
});
