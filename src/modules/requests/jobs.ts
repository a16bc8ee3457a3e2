import type { AppContext } from '../../platform/context.ts';
import { execute } from '../../platform/command.ts';
import { sendReminders } from './commands/send-reminders.ts';

/**
 * The server's daily follow-up timer: every quarter of an hour it checks whether today's reminders
 * have run (from 08:00 Beijing time) and runs `requests.remind` once a day — the command itself
 * raises each request once per day, so a restart or a CLI run the same day adds nothing.
 */
export function startReminderTimer(context: () => AppContext, opts: { everyMs?: number; fromHour?: number; log?: (s: string) => void } = {}): { stop(): void } {
  const every = opts.everyMs ?? 15 * 60_000;
  const fromHour = opts.fromHour ?? 8;
  const log = opts.log ?? ((s: string) => console.log(s));
  let lastDay = '';
  let running = false;
  const tick = async () => {
    if (running) return;
    const ctx = context();
    const today = ctx.clock.today();
    const hour = Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: ctx.config.timeZone }).format(ctx.clock.now()));
    if (today === lastDay || hour < fromHour) return;
    running = true;
    try {
      const r = await execute(ctx, sendReminders, {});
      lastDay = today;
      log(`依申请公开每日提醒 ${today}：新提醒 ${r.raised} 件，涉及 ${r.orgs} 个机关`);
    } catch (e) {
      log(`依申请公开每日提醒失败：${(e as Error).message}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), every);
  timer.unref();
  void tick();
  return { stop: () => clearInterval(timer) };
}
