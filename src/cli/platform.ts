import type { Command } from 'commander';
import { action, cliContext, fail, openCliApp } from './run.ts';
import { isIsoDate } from '../kernel/dates.ts';
import { loadCalendar, setCalendarDay, declareYearLoaded, explainNotable } from '../platform/calendar/calendar.ts';
import { verifyAudit } from '../platform/audit/audit.ts';
import { execute } from '../platform/command.ts';
import { migrateToLatest } from '../storage/migrate.ts';

function date(arg: string, name: string): string {
  if (!isIsoDate(arg)) fail(`${name}: not a valid date (YYYY-MM-DD): ${arg}`);
  return arg;
}

export function registerPlatformCli(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(
      action(async () => {
        const app = await openCliApp();
        const { applied } = await migrateToLatest(app.database.db, app.registry.migrations);
        console.log(applied.length ? `applied ${applied.length} migration(s) on ${app.database.label}` : `up to date (${app.database.label})`);
      }),
    );

  const audit = program.command('audit').description('the audit trail');
  audit
    .command('verify')
    .description('recompute the hash chain; name the first entry altered, removed or out of order')
    .action(
      action(async () => {
        const { app } = await cliContext();
        const r = await verifyAudit(app.database.db);
        if (r.ok) {
          console.log(`audit chain intact: ${r.entries} entries, head ${r.headHash}`);
        } else {
          console.error(`audit chain BROKEN at entry #${r.seq}: ${r.problem} (${r.entries} entries verified before it)`);
          process.exitCode = 1;
        }
      }),
    );

  const cal = program.command('calendar').description('the working-day calendar');
  cal
    .command('is-workday <date>')
    .description('print true or false')
    .action(
      action(async (d: string) => {
        date(d, 'DATE');
        const { app } = await cliContext();
        const c = await loadCalendar(app.database.db);
        const info = c.day(d);
        console.log(String(info.workday) + (info.provisional ? ' provisional' : ''));
      }),
    );
  cal
    .command('add <date> <n>')
    .description('print the Nth working day strictly after DATE (then " provisional" if it is)')
    .option('--explain', 'list the days skipped and the make-up days counted')
    .action(
      action(async (d: string, n: string, o: { explain?: boolean }) => {
        date(d, 'DATE');
        if (!/^\d+$/.test(n) || Number(n) > 10000) fail(`N: must be a whole number of working days: ${n}`);
        const { app } = await cliContext();
        const c = await loadCalendar(app.database.db);
        const r = c.addWorkdays(d, Number(n));
        console.log(r.date + (r.provisional ? ' provisional' : ''));
        if (o.explain) for (const l of explainNotable(r.notable)) console.log(`  ${l}`);
        if (r.provisional) console.error(`note: no official holiday schedule loaded for ${r.provisionalYears.join(', ')}; counted on weekends alone`);
      }),
    );
  cal
    .command('set <date> <kind> [reason]')
    .description('mark DATE as workday|holiday (with a reason), or official (remove the override)')
    .action(
      action(async (d: string, kind: string, reason: string | undefined) => {
        date(d, 'DATE');
        if (!['workday', 'holiday', 'official'].includes(kind)) fail(`KIND: must be workday, holiday or official: ${kind}`);
        const { ctx } = await cliContext();
        const r = await execute(ctx, setCalendarDay, { date: d, kind, reason: reason ?? '' });
        console.log(`${r.date}: ${r.day.workday ? 'workday' : 'holiday'} (${r.day.reason}); ${r.recomputed} open case(s) recomputed`);
      }),
    );
  cal
    .command('year <year> <source>')
    .description("declare a year's official schedule fully entered (its dates stop being provisional)")
    .action(
      action(async (year: string, source: string) => {
        const { ctx } = await cliContext();
        await execute(ctx, declareYearLoaded, { year, source });
        console.log(`${year}: schedule declared loaded (${source})`);
      }),
    );
}
