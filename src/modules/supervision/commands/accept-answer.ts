import { defineCommand } from '../../../platform/command.ts';
import { ConflictError, NotFoundError } from '../../../kernel/errors.ts';
import { findNotice } from '../repo.ts';
import { decideNoticeSchema } from '../schemas.ts';
import { NOTICE_STATE_LABELS, noticeAllows } from '../states.ts';

/** 审核通过: the supervisor accepts the department's answer; the notice is closed (办结). */
export const acceptAnswer = defineCommand({
  name: 'supervision.notice.accept',
  input: decideNoticeSchema,
  async handler(ctx, { noticeId, note }) {
    const n = await findNotice(ctx.tx, noticeId);
    if (!n) throw new NotFoundError('没有这份督办单');
    ctx.authorize('supervision.notice.decide', { orgPath: n.org_path });
    if (!noticeAllows(n.state, 'accept')) throw new ConflictError(`督办单${n.number}${NOTICE_STATE_LABELS[n.state]}，不能审核通过`);
    const at = ctx.clock.now().toISOString();
    const r = await ctx.tx
      .updateTable('supervision_notices')
      .set({ state: 'accepted', closed_at: at, closed_by: ctx.actor.name })
      .where('id', '=', n.id)
      .where('state', '=', 'answered')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new ConflictError('这份督办单刚被他人处理，请刷新后再试');
    await ctx.tx.insertInto('supervision_notice_events').values({ notice_id: n.id, kind: 'accepted', at, by_name: ctx.actor.name, text: note }).execute();
    return {
      result: { id: n.id, state: 'accepted' as const },
      audit: { action: 'supervision.notice.accept', subjectType: 'supervision_notice', subjectId: n.id, orgId: n.org_id, summary: { number: n.number, note } },
    };
  },
});
