import { defineCommand } from '../../../platform/command.ts';
import { NotFoundError, ValidationError } from '../../../kernel/errors.ts';
import { setPasswordInput } from '../schemas.ts';
import { hashPassword, passwordProblem, verifyPassword } from '../passwords.ts';
import { clearAccount } from '../throttle.ts';
import { findUserById } from '../repo.ts';
import { findOrgById } from '../../orgs/index.ts';

/**
 * An administrator resets a password (also unlocks the account), or users change their own,
 * proving the current one. All other sessions of the user end.
 */
export const setPassword = defineCommand({
  name: 'users.set-password',
  input: setPasswordInput,
  async prepare(ctx, input) {
    const user = await findUserById(ctx.db, input.userId);
    if (!user) throw new NotFoundError('用户不存在');
    const problem = passwordProblem(input.password, user.username);
    if (problem) throw ValidationError.field('password', problem);
    const own = ctx.actor.userId === input.userId;
    if (own && !(await verifyPassword(user.password_hash, input.currentPassword ?? ''))) {
      throw ValidationError.field('currentPassword', '当前密码不正确');
    }
    return { hash: await hashPassword(input.password, ctx.config.argon2MemoryKib), own };
  },
  async handler(ctx, input, { hash, own }) {
    const user = await findUserById(ctx.tx, input.userId);
    if (!user) throw new NotFoundError('用户不存在');
    if (own) ctx.authorize('identity.change-own-password');
    else ctx.authorize('users.manage', user.org_id ? await findOrgById(ctx.tx, Number(user.org_id)) : { orgPath: '/' });
    await ctx.tx
      .updateTable('users')
      .set({ password_hash: hash, password_changed_at: ctx.clock.now().toISOString(), failed_logins: 0, locked_until: null })
      .where('id', '=', user.id)
      .execute();
    await ctx.tx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    // A new password unlocks the account: every address's failure count starts afresh.
    await clearAccount(ctx.tx, user.username);
    return {
      result: { userId: Number(user.id) },
      audit: { action: 'users.set-password', subjectType: 'user', subjectId: Number(user.id), orgId: user.org_id, summary: { own } },
    };
  },
});
