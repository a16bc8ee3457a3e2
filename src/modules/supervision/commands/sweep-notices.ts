import { z } from 'zod';
import { defineCommand } from '../../../platform/command.ts';
import { raiseSignals } from './raise.ts';
import '../types.ts';

/**
 * 督办逾期: a 督办 the department has not answered by its answer-by date raises a red signal on the
 * notice itself (subject type 'supervision-notice', rule 'notice.overdue'), through the same engine
 * as every watched module: idempotent, the department told once. Run daily by the module's job.
 */
export const sweepOverdueNotices = defineCommand({
  name: 'supervision.sweep-notices',
  input: z.object({}),
  async handler(ctx) {
    ctx.authorize('supervision.notice.issue');
    const today = ctx.clock.today();
    const late = await ctx.tx
      .selectFrom('supervision_notices')
      .select(['id', 'number', 'org_id', 'answer_by'])
      .where('state', 'in', ['issued', 'returned'])
      .where('answer_by', '<', today)
      .orderBy('id')
      .execute();
    const fresh = await raiseSignals(
      ctx,
      late.map((n) => ({
        subjectType: 'supervision-notice',
        subjectId: Number(n.id),
        orgId: Number(n.org_id),
        rule: 'notice.overdue',
        level: 'red' as const,
        raisedOn: today,
        detail: `${n.number}已超过回复期限（${n.answer_by}）仍未回复`,
        href: `/admin/supervision/notices/${Number(n.id)}`,
      })),
    );
    return {
      result: { overdue: late.length, fresh },
      audit: { action: 'supervision.sweep-notices', subjectType: 'supervision_notice', summary: { today, overdue: late.length, fresh } },
    };
  },
});
