import { z } from 'zod';
import { defineCommand } from '../../../platform/command.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../kernel/errors.ts';
import { grantRoleInput } from '../schemas.ts';
import { findUserById } from '../repo.ts';
import { findOrgById } from '../../orgs/index.ts';

export const grantRole = defineCommand({
  name: 'users.grant',
  input: grantRoleInput,
  async handler(ctx, input) {
    const user = await findUserById(ctx.tx, input.userId);
    if (!user) throw new NotFoundError('用户不存在');
    const org = await findOrgById(ctx.tx, input.orgId);
    if (!org) throw ValidationError.field('orgId', '授权范围的机构不存在');
    ctx.authorize('users.manage', org);
    const exists = await ctx.tx
      .selectFrom('role_grants')
      .select('id')
      .where('user_id', '=', user.id)
      .where('role', '=', input.role)
      .where('org_id', '=', org.id)
      .executeTakeFirst();
    if (exists) throw new ConflictError('该用户已有此授权');
    await ctx.tx
      .insertInto('role_grants')
      .values({ user_id: Number(user.id), role: input.role, org_id: org.id, granted_at: ctx.clock.now().toISOString(), granted_by: ctx.actor.name })
      .execute();
    return {
      result: { userId: Number(user.id) },
      audit: { action: 'users.grant', subjectType: 'user', subjectId: Number(user.id), orgId: org.id, summary: { after: { role: input.role, orgId: org.id } } },
    };
  },
});

export const revokeRole = defineCommand({
  name: 'users.revoke',
  input: z.object({ grantId: z.coerce.number().int().positive() }),
  async handler(ctx, input) {
    const g = await ctx.tx.selectFrom('role_grants').selectAll().where('id', '=', input.grantId).executeTakeFirst();
    if (!g) throw new NotFoundError('授权不存在');
    const org = await findOrgById(ctx.tx, Number(g.org_id));
    ctx.authorize('users.manage', org);
    if (ctx.actor.userId === Number(g.user_id) && g.role === 'admin') throw new ConflictError('不能撤销自己的管理员授权');
    await ctx.tx.deleteFrom('role_grants').where('id', '=', g.id).execute();
    return {
      result: { userId: Number(g.user_id) },
      audit: {
        action: 'users.revoke',
        subjectType: 'user',
        subjectId: Number(g.user_id),
        orgId: Number(g.org_id),
        summary: { before: { role: g.role, orgId: Number(g.org_id) } },
      },
    };
  },
});
