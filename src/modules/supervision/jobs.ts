import type { JobDef } from '../../platform/module.ts';
import { execute } from '../../platform/command.ts';
import { sweepOverdueNotices } from './commands/sweep-notices.ts';

/** Daily: 督办 not answered by their date raise a red signal (idempotent: a restart may run it again). */
export const overdueNoticesJob: JobDef = {
  name: 'supervision.notices-overdue',
  describe: '督办逾期未回复的，发出红牌信号并通知责任部门',
  schedule: { dailyFromHour: 1 },
  async run(ctx) {
    const r = await execute(ctx, sweepOverdueNotices, {});
    return `督办逾期：${r.overdue}件，新增红牌${r.fresh}条`;
  },
};
