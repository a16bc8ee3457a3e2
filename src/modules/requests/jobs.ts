import type { JobDef } from '../../platform/module.ts';
import { execute } from '../../platform/command.ts';
import { sendReminders } from './commands/send-reminders.ts';

/**
 * The daily follow-up of disclosure requests (`gongkai requests remind`), run by the server from
 * 08:00 Beijing time: the command raises each request once per day, so a restart or a CLI run the
 * same day adds nothing.
 */
export const remindJob: JobDef = {
  name: 'requests.remind',
  describe: '依申请公开每日提醒（逾期、临近期限、补正或缴费期满、待确认）',
  schedule: { dailyFromHour: 8 },
  async run(ctx) {
    const r = await execute(ctx, sendReminders, {});
    return `依申请公开每日提醒 ${ctx.clock.today()}：新提醒 ${r.raised} 件，涉及 ${r.orgs} 个机关`;
  },
};
