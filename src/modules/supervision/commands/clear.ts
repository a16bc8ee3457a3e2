import { defineCommand } from '../../../platform/command.ts';
import { ConflictError, NotFoundError } from '../../../kernel/errors.ts';
import { findSignal } from '../repo.ts';
import { clearSchema } from '../schemas.ts';
import { SIGNAL_STATE_LABELS, signalAllows } from '../states.ts';

/**
 * 消除: a supervisor closes a signal, saying why (理由, required). The row stays, with who, when and
 * why (services.md §3); an unread signal cleared is recorded as read at the same instant; a cleared
 * signal cannot be cleared again.
 */
export const clearSignal = defineCommand({
  name: 'supervision.clear',
  input: clearSchema,
  async handler(ctx, { signalId, reason }) {
    const s = await findSignal(ctx.tx, signalId);
    if (!s) throw new NotFoundError('没有这条监察信号');
    ctx.authorize('supervision.clear', { orgPath: s.org_path });
    if (!signalAllows(s.state, 'clear'))
      throw new ConflictError(`这条信号${SIGNAL_STATE_LABELS[s.state]}（${s.cleared_by ?? ''} ${s.cleared_at?.slice(0, 10) ?? ''}），不能再次消除`);
    const at = ctx.clock.now().toISOString();
    const r = await ctx.tx
      .updateTable('supervision_signals')
      .set({
        state: 'cleared',
        cleared_at: at,
        cleared_by: ctx.actor.name,
        clear_reason: reason,
        read_at: s.read_at ?? at,
        read_by: s.read_by ?? ctx.actor.name,
      })
      .where('id', '=', s.id)
      .where('state', '=', s.state)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new ConflictError('这条信号刚被他人处理，请刷新后再试');
    return {
      result: { id: s.id, state: 'cleared' as const },
      audit: {
        action: 'supervision.clear',
        subjectType: 'supervision_signal',
        subjectId: s.id,
        orgId: s.org_id,
        summary: { before: s.state, after: 'cleared', reason },
      },
    };
  },
});
