import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { ValidationError } from '../../../kernel/errors.ts';
import { WorkCalendar } from '../../../platform/calendar/working-days.ts';
import { registerClockCommand } from './clock.ts';

/** Build the program as the CLI main would, capture stdout, run `gongkai clock …`. */
async function run(...args: string[]): Promise<string> {
  let out = '';
  const program = new Command('gongkai').exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: () => {} });
  registerClockCommand(program, async () => new WorkCalendar());
  await program.parseAsync(['clock', ...args], { from: 'user' });
  return out;
}

async function rejectsOn(option: string, ...args: string[]): Promise<void> {
  await assert.rejects(run(...args), (e: unknown) => {
    assert.ok(e instanceof ValidationError, String(e));
    assert.ok(
      e.issues.some((i) => i.field === option),
      `expected ${option}, got ${JSON.stringify(e.issues)}`,
    );
    return true;
  });
}

test('gongkai clock --json gives the regime, start, due date and explanation of the 2016-09-30 example', async () => {
  const j = JSON.parse(await run('--received', '2016-09-30', '--json'));
  assert.equal(j.regime, '2008');
  assert.equal(j.start, '2016-09-30');
  assert.equal(j.due, '2016-10-26');
  assert.equal(j.provisional, false);
  assert.equal(j.extendedDue, undefined);
  assert.ok(j.explain.includes('2016-10-01 至 2016-10-07 国庆节，不计'));
});

test('gongkai clock prints a readable summary for a clerk', async () => {
  const text = await run('--received', '2016-09-30', '--extend', '--today', '2016-10-20');
  assert.match(text, /适用条例：2008年版（国务院令第492号）/);
  assert.match(text, /答复期限：2016-10-26/);
  assert.match(text, /延长后期限：2016-11-16（延长 15 个工作日）/);
  assert.match(text, /截至 2016-10-20：距 2016-11-16 还有 19 个工作日/);
  assert.match(text, /计算说明：\n {2}1\. 适用/);
});

test('--extend takes an optional number of days, --corrected restarts the clock, --pause can repeat', async () => {
  const j = JSON.parse(
    await run(
      '--received',
      '2019-07-01',
      '--correction-notice',
      '2019-07-02',
      '--corrected',
      '2019-07-05',
      '--pause',
      '2019-07-12:2019-07-16',
      '--pause',
      '2019-07-15:2019-07-17:other_agency',
      '--extend',
      '5',
      '--json',
    ),
  );
  assert.equal(j.regime, '2019');
  assert.equal(j.start, '2019-07-05');
  // 12, 15, 16, 17 July: 4 distinct working days.
  assert.equal(j.pausedWorkdays, 4);
  // Fri 5 July + 24 working days: 8–12 (5), 15–19 (10), 22–26 (15), 29 Jul–2 Aug (20), 5–8 Aug (24).
  assert.equal(j.due, '2019-08-08');
  assert.equal(j.extendedDue, '2019-08-15');
  assert.equal(j.extensionDays, 5);
});

test('a pause written FROM: has no reply yet and is counted to the 15-day reply limit', async () => {
  const j = JSON.parse(await run('--received', '2019-07-01', '--pause', '2019-07-05:', '--json'));
  assert.equal(j.hasPendingConsultation, true);
  assert.equal(j.pausedWorkdays, 16);
  assert.match(await run('--received', '2019-07-01', '--pause', '2019-07-05:'), /含尚未回复的估计/);
});

test('a due date in 2027 is reported as provisional', async () => {
  const j = JSON.parse(await run('--received', '2026-12-10', '--json'));
  assert.equal(j.due, '2027-01-08'); // 元旦 2027 skipped, as computed from the 办法
  assert.equal(j.provisional, true);
  assert.deepEqual(j.provisionalYears, [2027]);
  assert.match(await run('--received', '2026-12-10'), /暂定：2027年节假日安排未载入/);
});

test('an invalid date fails naming the option', async () => {
  await rejectsOn('--received', '--received', '2016-09-31');
  await rejectsOn('--received');
  await rejectsOn('--corrected', '--received', '2019-07-01', '--corrected', 'yesterday');
  await rejectsOn('--pause', '--received', '2019-07-01', '--pause', '2019-07-12');
  await rejectsOn('--pause', '--received', '2019-07-01', '--pause', '2019-07-12:2019-07-16:neighbour');
  await rejectsOn('--regime', '--received', '2019-07-01', '--regime', '2020');
});

test('rule violations found by the clock are reported against the option too', async () => {
  await rejectsOn('--extend', '--received', '2016-09-30', '--extend', '16');
  await rejectsOn('--pause', '--received', '2016-09-30', '--pause', '2016-10-10:2016-10-12:other_agency');
  await rejectsOn('--reasonable-deadline', '--received', '2016-09-30', '--reasonable-deadline', '2016-12-30');
});
