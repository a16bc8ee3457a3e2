import type { AppContext } from './context.ts';
import type { JobDef } from './module.ts';

/**
 * The server's scheduler for the jobs the modules declare: every `checkMinutes` (default 15) it
 * checks each job's schedule in the app's time zone and runs a daily job once a day from its hour.
 * A job that is still running is not started again; a failure is logged and retried at the next check.
 */
export function startJobs(
  jobs: readonly JobDef[],
  context: (job: JobDef) => AppContext,
  opts: { log?: (line: string) => void } = {},
): { stop(): void; tick(): Promise<void> } {
  const log = opts.log ?? ((s: string) => console.log(s));
  const lastDay = new Map<string, string>();
  // A job still running is not started again: a check while it runs waits for that run instead.
  const running = new Map<string, Promise<void>>();
  const runDue = (job: JobDef): Promise<void> => {
    const inFlight = running.get(job.name);
    if (inFlight) return inFlight;
    const ctx = context(job);
    const today = ctx.clock.today();
    const hour = Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: ctx.config.timeZone }).format(ctx.clock.now()));
    if (lastDay.get(job.name) === today || hour < job.schedule.dailyFromHour) return Promise.resolve();
    const run = (async () => {
      try {
        log(await job.run(ctx));
        lastDay.set(job.name, today);
      } catch (e) {
        log(`${job.describe} 失败：${(e as Error).message}`);
      } finally {
        running.delete(job.name);
      }
    })();
    running.set(job.name, run);
    return run;
  };
  const tick = async () => {
    await Promise.all(jobs.map(runDue));
  };
  const timers = jobs.map((job) => {
    const t = setInterval(() => void runDue(job), (job.schedule.checkMinutes ?? 15) * 60_000);
    t.unref();
    return t;
  });
  void tick();
  return { stop: () => timers.forEach(clearInterval), tick };
}
