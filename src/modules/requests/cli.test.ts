import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import ExcelJS from 'exceljs';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { systemActor } from '../../platform/context.ts';
import { ValidationError } from '../../kernel/errors.ts';
import { findOrg } from '../orgs/index.ts';
import { recordingNotifier } from './ports.ts';
import './stats.ts';
import { WorkCalendar } from '../../platform/calendar/working-days.ts';
import { registerClockCommand, registerRequestsCli } from './cli.ts';

let t: TestApp;
let dir: string;
const notifier = recordingNotifier();

before(async () => {
  t = await testApp({ demo: true });
  t.app.ports.notifier = notifier;
  dir = mkdtempSync(join(tmpdir(), 'gongkai-requests-cli-'));
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

async function run(...args: string[]): Promise<string> {
  let out = '';
  const program = new Command('gongkai').exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: () => {} });
  registerRequestsCli(program, async () => t.app.context(systemActor()));
  await program.parseAsync(args, { from: 'user' });
  return out;
}

async function problemsOf(p: Promise<unknown>): Promise<Record<string, string>> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ValidationError, String(e));
    return Object.fromEntries(e.issues.map((i) => [i.field, i.message]));
  }
  assert.fail('expected the import to be refused');
}

test('gongkai requests remind raises overdue, due-soon and waiting requests once a day, and tells each org without personal data', async () => {
  const r = JSON.parse(await run('requests', 'remind', '--today', '2026-11-27', '--json'));
  assert.equal(r.counts.overdue, 1);
  assert.equal(r.counts.due_soon, 1);
  assert.equal(r.counts.correction_ended, 1);
  assert.equal(r.counts.unconfirmed, 1);
  assert.ok(r.orgs >= 2);
  const staff = notifier.sent.filter((n) => n.to.kind === 'staff');
  assert.equal(staff.length, r.orgs);
  const people = await t.app.database.db.selectFrom('requests').select(['applicant_name', 'id_number', 'phone']).execute();
  for (const n of staff) for (const p of people) for (const v of [p.id_number, p.phone, p.applicant_name]) assert.ok(!n.body.includes(v), n.body);
  const again = JSON.parse(await run('requests', 'remind', '--today', '2026-11-27', '--json'));
  assert.equal(again.raised, 0);
  assert.equal(again.alreadyRaised, r.raised);
  assert.match(await run('requests', 'remind', '--today', '2026-11-30'), /新提醒 \d+ 件/);
});

test('a ledger with mistakes is refused whole, each problem named by line and field', async () => {
  const file = join(dir, 'bad.jsonl');
  writeFileSync(
    file,
    [
      JSON.stringify({
        ref: 'A1',
        org: '洪江区财政局',
        applicant_type: 'natural',
        channel: 'in_person',
        received_on: '2024-03-04',
        outcome: 'disclose',
        decided_on: '2024-03-20',
      }),
      JSON.stringify({
        ref: 'A2',
        org: '洪江区不存在局',
        applicant_type: 'robot',
        channel: '飞鸽',
        received_on: '2024-13-01',
        id_number: '431202198504120031',
      }),
      '{ not json',
      JSON.stringify({
        ref: 'A4',
        org: '洪江区财政局',
        applicant_type: '自然人',
        channel: '网络',
        received_on: '2027-01-04',
        events: 'extend 2024-03-10 25; dance 2024-03-11',
        outcome: 'partial',
      }),
      JSON.stringify({
        ref: 'A1',
        org: '洪江区财政局',
        applicant_type: 'natural',
        channel: 'fax',
        received_on: '2024-05-06',
        outcome: 'other_no_correction',
        decided_on: '2024-06-01',
      }),
    ].join('\n'),
  );
  const p = await problemsOf(run('import', 'requests', file));
  assert.match(p['第2行 org']!, /没有这个机关/);
  assert.match(p['第2行 applicant_type']!, /应为 natural/);
  assert.match(p['第2行 channel']!, /应为 online/);
  assert.match(p['第2行 received_on']!, /不是有效日期/);
  assert.match(p['第2行 id_number']!, /校验位不符/);
  assert.match(p['第3行 (行)']!, /不是有效的 JSON/);
  assert.match(p['第4行 received_on']!, /晚于今天/);
  assert.match(p['第4行 events']!, /不认识的事件：dance|最长不得超过/);
  assert.match(p['第4行 decided_on']!, /必填/);
  assert.match(p['第5行 ref']!, /与第1行重复/);
  assert.match(p['第5行 outcome']!, /逾期不补正须有 correction 事件/);
  const n = await t.app.database.db.selectFrom('requests').select('id').where('source', '=', 'import').execute();
  assert.equal(n.length, 0);
});

test('JSONL, CSV and XLSX ledgers import; the report counts them; importing again adds nothing', async () => {
  const jsonl = join(dir, 'ledger.jsonl');
  writeFileSync(
    jsonl,
    [
      {
        ref: 'J1',
        org: '洪江区教育局',
        applicant_type: 'natural',
        applicant_name: '历史甲',
        channel: 'online',
        received_on: '2024-03-04',
        events: [
          { type: 'consult', from: '2024-03-06', to: '2024-03-12', kind: 'third_party' },
          { type: 'delivered', date: '2024-04-02' },
        ],
        outcome: 'partial',
        decided_on: '2024-04-01',
      },
      { ref: 'J2', org: '洪江区教育局', applicant_type: 'research', channel: 'letter_registered', received_on: '2024-12-20', outcome: '', decided_on: '' },
      {
        ref: 'J3',
        org: '洪江区教育局',
        applicant_type: 'natural',
        channel: 'online',
        received_on: '2024-06-03',
        events: 'correction 2024-06-05 请写明年份',
        outcome: 'other_no_correction',
        decided_on: '2024-07-01',
      },
    ]
      .map((o) => JSON.stringify(o))
      .join('\n'),
  );
  const csv = join(dir, 'ledger.csv');
  writeFileSync(
    csv,
    '\uFEFF编号,受理机关,申请人类型,申请方式,收到申请之日,办理过程,办理结果,答复日期\r\n' +
      'C1,区教育局,商业企业,传真,2024-05-06,"fee 2024-05-10 150; paid 2024-05-15",disclose,2024-05-30\r\n' +
      'C2,区教育局,其他,当面,2024-07-01,,重复申请,2024-07-02\r\n',
  );
  const xlsx = join(dir, 'ledger.xlsx');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.addRow(['ref', 'org', 'applicant_type', 'channel', 'received_on', 'events', 'outcome', 'outcome_case', 'decided_on']);
  ws.addRow(['X1', '洪江区教育局', 'legal_services', 'email', '2024-09-02', 'extend 2024-09-25 10', 'unable_not_held', 'not_this_agency', '2024-10-15']);
  writeFileSync(xlsx, Buffer.from(await wb.xlsx.writeBuffer()));

  assert.match(await run('import', 'requests', jsonl, '--dry-run'), /检查通过（未写入）：共 3 行，可导入 3 件/);
  assert.equal((await t.app.database.db.selectFrom('requests').select('id').where('source', '=', 'import').execute()).length, 0);
  assert.match(await run('import', 'requests', jsonl), /导入完成：共 3 行，导入 3 件/);
  assert.match(await run('import', 'requests', csv), /导入 2 件/);
  assert.match(await run('import', 'requests', xlsx), /导入 1 件/);
  assert.match(await run('import', 'requests', jsonl), /导入 0 件，已导入过而跳过 3 件/);

  const edu = (await findOrg(t.app.database.db, '洪江区教育局'))!.id;
  const count = (name: string, params: Record<string, string>) =>
    t.app.registry.metrics.get(name)!.count(t.app.database.db, { orgId: edu, year: 2024, params });
  assert.equal(await count('requests.received', {}), 6);
  assert.equal(await count('requests.outcome', { outcome: 'partial' }), 1);
  assert.equal(await count('requests.outcome', { outcome: 'other_no_correction' }), 1);
  assert.equal(await count('requests.outcome', { outcome: 'decline_repeat', applicant: 'other_org' }), 1);
  assert.equal(await count('requests.outcome', { outcome: 'unable_not_held', applicant: 'legal_services' }), 1);
  assert.equal(await count('requests.carriedOut', { applicant: 'research' }), 1);
  assert.equal(await count('requests.feesCollected', {}), 0.015);
  const j1 = await t.app.database.db.selectFrom('requests').selectAll().where('import_ref', '=', 'J1').executeTakeFirstOrThrow();
  // 20 working days after Mon 4 March 2024 (1 April) plus the 5 paused days (6–12 March): 2, 3 April,
  // Qingming 4–6 April off, Sunday 7 April a make-up working day, 8, 9 April → 9 April.
  assert.equal(j1.statutory_due_on, '2024-04-09');
  assert.equal(j1.state, 'closed');
  const x1 = await t.app.database.db.selectFrom('requests').selectAll().where('import_ref', '=', 'X1').executeTakeFirstOrThrow();
  assert.equal(x1.extension_days, 10);
  assert.equal(x1.outcome_case, 'not_this_agency');
});

// ───────────────────────────── gongkai clock ─────────────────────────────

/** Build the program as the CLI main would, capture stdout, run `gongkai clock …`. */
async function clock(...args: string[]): Promise<string> {
  let out = '';
  const program = new Command('gongkai').exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: () => {} });
  registerClockCommand(program, async () => new WorkCalendar());
  await program.parseAsync(['clock', ...args], { from: 'user' });
  return out;
}

async function rejectsOn(option: string, ...args: string[]): Promise<void> {
  await assert.rejects(clock(...args), (e: unknown) => {
    assert.ok(e instanceof ValidationError, String(e));
    assert.ok(
      e.issues.some((i) => i.field === option),
      `expected ${option}, got ${JSON.stringify(e.issues)}`,
    );
    return true;
  });
}

test('gongkai clock --json gives the regime, start, due date and explanation of the 2016-09-30 example', async () => {
  const j = JSON.parse(await clock('--received', '2016-09-30', '--json'));
  assert.equal(j.regime, '2008');
  assert.equal(j.start, '2016-09-30');
  assert.equal(j.due, '2016-10-26');
  assert.equal(j.provisional, false);
  assert.equal(j.extendedDue, undefined);
  assert.ok(j.explain.includes('2016-10-01 至 2016-10-07 国庆节，不计'));
});

test('gongkai clock prints a readable summary for a clerk', async () => {
  const text = await clock('--received', '2016-09-30', '--extend', '--today', '2016-10-20');
  assert.match(text, /适用条例：2008年版（国务院令第492号）/);
  assert.match(text, /答复期限：2016-10-26/);
  assert.match(text, /延长后期限：2016-11-16（延长 15 个工作日）/);
  assert.match(text, /截至 2016-10-20：距 2016-11-16 还有 19 个工作日/);
  assert.match(text, /计算说明：\n {2}1\. 适用/);
});

test('--extend takes an optional number of days, --corrected restarts the clock, --pause can repeat', async () => {
  const j = JSON.parse(
    await clock(
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
  const j = JSON.parse(await clock('--received', '2019-07-01', '--pause', '2019-07-05:', '--json'));
  assert.equal(j.hasPendingConsultation, true);
  assert.equal(j.pausedWorkdays, 16);
  assert.match(await clock('--received', '2019-07-01', '--pause', '2019-07-05:'), /含尚未回复的估计/);
});

test('a due date in 2027 is reported as provisional', async () => {
  const j = JSON.parse(await clock('--received', '2026-12-10', '--json'));
  assert.equal(j.due, '2027-01-08'); // 元旦 2027 skipped, as computed from the 办法
  assert.equal(j.provisional, true);
  assert.deepEqual(j.provisionalYears, [2027]);
  assert.match(await clock('--received', '2026-12-10'), /暂定：2027年节假日安排未载入/);
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
