import { defineCommand } from '../../../platform/command.ts';
import { ConflictError, NotFoundError } from '../../../kernel/errors.ts';
import { findSignal } from '../repo.ts';
import { signalIdSchema } from '../schemas.ts';
import { SIGNAL_STATE_LABELS, signalAllows } from '../states.ts';

/** 标为已读: the responsible department (or a supervisor) has seen the signal (services.md §3: raised → read). */
export const markSignalRead = defineCommand({
  name: 'supervision.read',
  input: signalIdSchema,
  async handler(ctx, { signalId }) {
    const s = await findSignal(ctx.tx, signalId);
    if (!s) throw new NotFoundError('没有这条监察信号');
    ctx.authorize('supervision.read', { orgPath: s.org_path });
    if (!signalAllows(s.state, 'read')) throw new ConflictError(`这条信号${SIGNAL_STATE_LABELS[s.state]}，不能再标为已读`);
    const at = ctx.clock.now().toISOString();
    const r = await ctx.tx
      .updateTable('supervision_signals')
      .set({ state: 'read', read_at: at, read_by: ctx.actor.name })
      .where('id', '=', s.id)
      .where('state', '=', 'raised')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new ConflictError('这条信号刚被他人处理，请刷新后再试');
    return {
      result: { id: s.id, state: 'read' as const },
      audit: { action: 'supervision.read', subjectType: 'supervision_signal', subjectId: s.id, orgId: s.org_id, summary: { before: s.state, after: 'read' } },
    };
  },
});
