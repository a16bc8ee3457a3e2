import type { Command } from 'commander';
import { action, cliContext, fail, openCliApp } from './run.ts';
import { isIsoDate } from '../kernel/dates.ts';
import { ValidationError } from '../kernel/errors.ts';
import { readFileSync } from 'node:fs';
import {
  loadCalendar,
  setCalendarDay,
  declareYearLoaded,
  explainNotable,
  importHolidayNotice,
  previewHolidayNotice,
  decodeNoticeBytes,
  type NoticeImportResult,
} from '../platform/calendar/calendar.ts';
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
        if (r.provisional)
          console.error(
            `note: no official holiday schedule loaded for ${r.provisionalYears.join(', ')}; its public holidays are computed from the 全国年节及纪念日放假办法 (make-up working days unknown until the State Council's notice is entered)`,
          );
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
  cal
    .command('import-notice <year> <file>')
    .description(
      "enter the State Council's holiday notice for YEAR from a text file (the notice's lines, or 'YYYY-MM-DD holiday|workday reason' lines); open due dates are recomputed",
    )
    .option('--source <text>', 'the notice (title or number); default: read from the file')
    .option('--dry-run', 'show what would change, write nothing')
    .action(
      action(async (year: string, file: string, o: { source?: string; dryRun?: boolean }) => {
        if (!/^\d{4}$/.test(year)) fail(`YEAR: not a year: ${year}`);
        let bytes: Buffer;
        try {
          bytes = readFileSync(file);
        } catch {
          fail(`FILE: cannot read ${file}`);
        }
        const { ctx } = await cliContext();
        const input = { year, text: decodeNoticeBytes(bytes), source: o.source ?? '' };
        try {
          printNotice(o.dryRun ? await previewHolidayNotice(ctx, input) : await execute(ctx, importHolidayNotice, input));
        } catch (e) {
          // Name the argument, not the command's field: "FILE: 第3行：…".
          const names: Record<string, string> = { text: 'FILE', year: 'YEAR', source: '--source' };
          if (e instanceof ValidationError) throw new ValidationError(e.issues.map((i) => ({ field: names[i.field] ?? i.field, message: i.message })));
          throw e;
        }
      }),
    );
}

function printNotice(r: NoticeImportResult): void {
  console.log(`${r.year}: ${r.dryRun ? 'dry run, nothing written' : 'notice entered'} (${r.source})`);
  for (const b of r.blocks) {
    const off = b.holidays.map((h) => (h.from === h.to ? h.from : `${h.from}..${h.to}`)).join(', ');
    console.log(
      `  ${b.festival}: ${off ? `off ${off}` : ''}${off && b.workdays.length ? '; ' : ''}${b.workdays.length ? `working ${b.workdays.join(', ')}` : ''}`,
    );
  }
  console.log(
    `  ${r.changed.length} day(s) change; ${r.replaced.length} local adjustment(s) replaced; ${r.recomputed.length} open due date(s) ${r.dryRun ? 'would move' : 'recomputed'}`,
  );
  for (const c of r.changed)
    console.log(`    ${c.date} ${c.before.workday ? 'working' : 'off'} (${c.before.reason}) -> ${c.after.workday ? 'working' : 'off'} (${c.after.reason})`);
  if (r.ignored.length) console.log(`  ${r.ignored.length} line(s) set aside (no holiday or working date): ${r.ignored.map((i) => i.line).join(', ')}`);
}
