import { defineCommand } from '../../../platform/command.ts';
import { ConflictError, ValidationError } from '../../../kernel/errors.ts';
import { findOrgById } from '../../orgs/index.ts';
import { addUserInput } from '../schemas.ts';
import { hashPassword, passwordProblem } from '../passwords.ts';
import { findUserByName } from '../repo.ts';

export const addUser = defineCommand({
  name: 'users.add',
  input: addUserInput,
  async prepare(ctx, input) {
    const problem = passwordProblem(input.password, input.username);
    if (problem) throw ValidationError.field('password', problem);
    return { hash: await hashPassword(input.password, ctx.config.argon2MemoryKib) };
  },
  async handler(ctx, input, { hash }) {
    const org = await findOrgById(ctx.tx, input.orgId);
    if (!org) throw ValidationError.field('orgId', '所在机构不存在');
    ctx.authorize('users.manage', org);
    const grantOrgs = [];
    for (const [i, g] of input.grants.entries()) {
      const gOrg = await findOrgById(ctx.tx, g.orgId);
      if (!gOrg) throw ValidationError.field(`grants.${i}.orgId`, '授权范围的机构不存在');
      // An administrator can only hand out roles inside the subtree they administer.
      ctx.authorize('users.manage', gOrg);
      grantOrgs.push(gOrg);
    }
    if (await findUserByName(ctx.tx, input.username)) throw new ConflictError(`用户名已存在：${input.username}`);
    const now = ctx.clock.now().toISOString();
    const { id } = await ctx.tx
      .insertInto('users')
      .values({
        username: input.username,
        display_name: input.displayName,
        password_hash: hash,
        org_id: org.id,
        disabled: 0,
        failed_logins: 0,
        locked_until: null,
        password_changed_at: now,
        last_login_at: null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.grants.length) {
      await ctx.tx
        .insertInto('role_grants')
        .values(input.grants.map((g) => ({ user_id: Number(id), role: g.role, org_id: g.orgId, granted_at: now, granted_by: ctx.actor.name })))
        .execute();
    }
    return {
      result: { id: Number(id) },
      audit: {
        action: 'users.add',
        subjectType: 'user',
        subjectId: Number(id),
        orgId: org.id,
        summary: { after: { username: input.username, displayName: input.displayName, orgId: org.id, grants: input.grants } },
      },
    };
  },
});
