import { defineCommand } from '../../../platform/command.ts';
import { ConflictError, NotFoundError } from '../../../kernel/errors.ts';
import { findNotice } from '../repo.ts';
import { answerNoticeSchema } from '../schemas.ts';
import { NOTICE_STATE_LABELS, noticeAllows } from '../states.ts';

/** 回复督办: the responsible department answers a notice (first answer, or again after a return). */
export const answerNotice = defineCommand({
  name: 'supervision.notice.answer',
  input: answerNoticeSchema,
  async handler(ctx, { noticeId, answer }) {
    const n = await findNotice(ctx.tx, noticeId);
    if (!n) throw new NotFoundError('没有这份督办单');
    ctx.authorize('supervision.notice.answer', { orgPath: n.org_path });
    if (!noticeAllows(n.state, 'answer')) throw new ConflictError(`督办单${n.number}${NOTICE_STATE_LABELS[n.state]}，不能回复`);
    const at = ctx.clock.now().toISOString();
    const r = await ctx.tx
      .updateTable('supervision_notices')
      .set({ state: 'answered', answer, answered_at: at, answered_by: ctx.actor.name })
      .where('id', '=', n.id)
      .where('state', '=', n.state)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new ConflictError('这份督办单刚被他人处理，请刷新后再试');
    await ctx.tx.insertInto('supervision_notice_events').values({ notice_id: n.id, kind: 'answered', at, by_name: ctx.actor.name, text: answer }).execute();
    const late = ctx.clock.today() > n.answer_by;
    return {
      result: { id: n.id, state: 'answered' as const, late },
      audit: {
        action: 'supervision.notice.answer',
        subjectType: 'supervision_notice',
        subjectId: n.id,
        orgId: n.org_id,
        summary: { number: n.number, before: n.state, after: 'answered', late },
      },
    };
  },
});
