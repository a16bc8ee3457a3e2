import { defineCommand } from '../../../platform/command.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../kernel/errors.ts';
import { findNotice } from '../repo.ts';
import { decideNoticeSchema } from '../schemas.ts';
import { NOTICE_STATE_LABELS, noticeAllows } from '../states.ts';

/** 退回: the supervisor sends the answer back with the reason (审核意见, required); the department answers again. */
export const returnAnswer = defineCommand({
  name: 'supervision.notice.return',
  input: decideNoticeSchema,
  async handler(ctx, { noticeId, note }) {
    const n = await findNotice(ctx.tx, noticeId);
    if (!n) throw new NotFoundError('没有这份督办单');
    ctx.authorize('supervision.notice.decide', { orgPath: n.org_path });
    if (!noticeAllows(n.state, 'return')) throw new ConflictError(`督办单${n.number}${NOTICE_STATE_LABELS[n.state]}，不能退回`);
    if (note.length < 2) throw ValidationError.field('note', '退回时请填写审核意见，说明需要补充或改正什么');
    const at = ctx.clock.now().toISOString();
    const r = await ctx.tx
      .updateTable('supervision_notices')
      .set({ state: 'returned' })
      .where('id', '=', n.id)
      .where('state', '=', 'answered')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new ConflictError('这份督办单刚被他人处理，请刷新后再试');
    await ctx.tx.insertInto('supervision_notice_events').values({ notice_id: n.id, kind: 'returned', at, by_name: ctx.actor.name, text: note }).execute();
    await ctx.ports.notifier.send(
      ctx.tx,
      { to: { kind: 'staff', orgId: n.org_id, orgName: n.org_name }, subject: `电子监察督办：${n.number}的回复被退回，请重新回复`, body: `审核意见：${note}` },
      ctx.clock.now(),
    );
    return {
      result: { id: n.id, state: 'returned' as const },
      audit: { action: 'supervision.notice.return', subjectType: 'supervision_notice', subjectId: n.id, orgId: n.org_id, summary: { number: n.number, note } },
    };
  },
});
