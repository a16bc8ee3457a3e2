import { z } from 'zod';
import { defineCommand } from '../../../platform/command.ts';
import { ConflictError, NotFoundError } from '../../../kernel/errors.ts';
import { findUserById } from '../repo.ts';
import { findOrgById } from '../../orgs/index.ts';

/** Disable (ending all sessions) or re-enable an account. Accounts are never deleted: the audit trail names them. */
export const setUserDisabled = defineCommand({
  name: 'users.set-disabled',
  input: z.object({ userId: z.coerce.number().int().positive(), disabled: z.boolean() }),
  async handler(ctx, input) {
    const user = await findUserById(ctx.tx, input.userId);
    if (!user) throw new NotFoundError('用户不存在');
    ctx.authorize('users.manage', user.org_id ? await findOrgById(ctx.tx, Number(user.org_id)) : { orgPath: '/' });
    if (ctx.actor.userId === Number(user.id) && input.disabled) throw new ConflictError('不能停用自己的账户');
    if ((Number(user.disabled) === 1) === input.disabled) throw new ConflictError(input.disabled ? '该账户已停用' : '该账户未停用');
    await ctx.tx
      .updateTable('users')
      .set({ disabled: input.disabled ? 1 : 0, failed_logins: 0, locked_until: null })
      .where('id', '=', user.id)
      .execute();
    if (input.disabled) await ctx.tx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    return {
      result: { userId: Number(user.id), disabled: input.disabled },
      audit: {
        action: input.disabled ? 'users.disable' : 'users.enable',
        subjectType: 'user',
        subjectId: Number(user.id),
        orgId: user.org_id,
        summary: { username: user.username },
      },
    };
  },
});
