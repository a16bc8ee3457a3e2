import { sql } from 'kysely';
import { defineCommand } from '../../../platform/command.ts';
import { NotFoundError, ValidationError, ConflictError } from '../../../kernel/errors.ts';
import { moveOrgInput } from '../schemas.ts';
import { findOrgById } from '../repo.ts';
import { ALLOWED_PARENTS, ORG_KIND_LABELS } from '../types.ts';

/** Re-parent an org and its whole subtree (a township merged into another, a village transferred). */
export const moveOrg = defineCommand({
  name: 'orgs.move',
  input: moveOrgInput,
  async handler(ctx, input) {
    const org = await findOrgById(ctx.tx, input.id);
    if (!org) throw new NotFoundError('机构不存在');
    const parent = await findOrgById(ctx.tx, input.parentId);
    if (!parent) throw ValidationError.field('parentId', '新的上级机构不存在');
    // Moving takes the org out of one subtree and into another: the actor must manage both.
    ctx.authorize('orgs.manage', org);
    ctx.authorize('orgs.manage', parent);
    if (parent.path.startsWith(org.path)) throw new ConflictError('不能把机构移到它自己或它的下级机构之下');
    if (!ALLOWED_PARENTS[org.kind].includes(parent.kind)) {
      throw ValidationError.field('parentId', `${ORG_KIND_LABELS[org.kind]}不能设在${ORG_KIND_LABELS[parent.kind]}之下`);
    }
    if (org.parentId === parent.id) throw new ConflictError('机构已在该上级机构之下');
    const oldPath = org.path;
    const newPath = `${parent.path}${org.id}/`;
    const depthDelta = parent.depth + 1 - org.depth;
    const now = ctx.clock.now().toISOString();
    await ctx.tx.updateTable('orgs').set({ parent_id: parent.id, updated_at: now }).where('id', '=', org.id).execute();
    await ctx.tx
      .updateTable('orgs')
      .set({
        path: sql`${newPath} || substr(path, ${oldPath.length + 1})`,
        depth: sql`depth + ${depthDelta}`,
      })
      .where('path', 'like', `${oldPath}%`)
      .execute();
    return {
      result: { id: org.id, path: newPath },
      audit: {
        action: 'orgs.move',
        subjectType: 'org',
        subjectId: org.id,
        orgId: org.id,
        summary: { before: { parentId: org.parentId, path: oldPath }, after: { parentId: parent.id, path: newPath } },
      },
    };
  },
});
