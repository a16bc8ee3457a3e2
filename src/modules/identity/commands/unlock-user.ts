import { defineCommand } from '../../../platform/command.ts';
import { ConflictError, NotFoundError } from '../../../kernel/errors.ts';
import { findUserById } from '../repo.ts';
import { findOrgById } from '../../orgs/index.ts';
import { unlockInput } from '../schemas.ts';
import { clearAccount } from '../throttle.ts';

/**
 * An administrator (of the account's org or above) unlocks an account locked by failed logins
 * from many addresses. The failure counts of every address start afresh, or the next mistyped
 * password would lock it again at once.
 */
export const unlockUser = defineCommand({
  name: 'users.unlock',
  input: unlockInput,
  async handler(ctx, input) {
    const user = await findUserById(ctx.tx, input.userId);
    if (!user) throw new NotFoundError('用户不存在');
    ctx.authorize('users.manage', user.org_id ? await findOrgById(ctx.tx, Number(user.org_id)) : { orgPath: '/' });
    const nowIso = ctx.clock.now().toISOString();
    if (!(user.locked_until && user.locked_until > nowIso)) throw new ConflictError('该账户未被锁定');
    await ctx.tx.updateTable('users').set({ locked_until: null, failed_logins: 0 }).where('id', '=', user.id).execute();
    await clearAccount(ctx.tx, user.username);
    return {
      result: { userId: Number(user.id) },
      audit: {
        action: 'users.unlock',
        subjectType: 'user',
        subjectId: Number(user.id),
        orgId: user.org_id,
        summary: { username: user.username, wasLockedUntil: user.locked_until },
      },
    };
  },
});
