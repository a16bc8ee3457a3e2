import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testServer, type TestServer } from '../support/app.ts';
import { execute } from '../../src/platform/command.ts';
import { importHolidayNotice, loadCalendar } from '../../src/platform/calendar/calendar.ts';
import { findOrg } from '../../src/modules/orgs/index.ts';
import { findRequest, recordRequest } from '../../src/modules/requests/index.ts';
import { auditHead } from '../support/hardening.ts';

/**
 * Issue 13, item 7: the State Council's notice entered in one step recomputes every open deadline,
 * each change recorded. The 2027 notice below is a made-up one (the real one is not out when this is
 * written): an 8-day Spring Festival with one Saturday worked, against the provisional calendar's
 * 除夕 to 初三 and two 补假 days.
 */
const NOTICE_2027 = `国务院办公厅关于2027年部分节假日安排的通知
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（农历除夕、周五）至12日（农历正月初七、周五）放假调休，共8天。2月20日（周六）上班。`;

let s: TestServer;
let requestId: number;
let code: string;
before(async () => {
  s = await testServer({ demo: true, now: '2027-01-20T02:00:00Z' });
  const root = (await findOrg(s.app.database.db, '洪江区管理委员会'))!;
  const r = await execute(s.system, recordRequest, {
    orgId: root.id,
    applicantType: 'natural',
    applicantName: '李四',
    idType: 'resident_id',
    idNumber: '431202198504120032',
    phone: '13812345678',
    email: '',
    address: '湖南省怀化市洪江区沅江路1号',
    infoName: '2026年城区道路维修资金使用情况',
    infoDescription: '',
    deliveryForm: 'electronic',
    deliveryChannel: 'online',
    channel: 'in_person',
    arrivedAt: '2027-01-20T09:30',
    receivedOn: '2027-01-20',
  });
  requestId = r.id;
  code = (await findRequest(s.app.database.db, requestId))!.query_code;
});
after(() => s?.close());

const request = async () => (await findRequest(s.app.database.db, requestId))!;
const overrides = async () => s.app.database.db.selectFrom('calendar_overrides').selectAll().orderBy('date').execute();

test('before the notice: the deadline is counted on the computed holidays and marked provisional', async () => {
  const r = await request();
  // 21 Jan … 4 Feb (11), 除夕 5 Feb to 10 Feb off (初一, 初二 on the weekend → 补假 9 and 10 Feb), 11 Feb … 23 Feb (20).
  assert.equal(r.due_on, '2027-02-23');
  assert.equal(r.due_provisional, 1);
  assert.ok(
    JSON.parse(r.due_explain).some((l: string) => /^2027-02-05 至 2027-02-10 春节、春节补假，不计$/.test(l)),
    r.due_explain,
  );
});

test('the preview shows what the notice changes and writes nothing; a refusal and a bad line change nothing either', async () => {
  const admin = s.client();
  await admin.login('admin');
  const office = s.client();
  await office.login('office');
  const head = await auditHead(s.app.database.db); // after the sign-ins, which are audited
  const p = await admin.post('/admin/calendar/notice', { notice_year: '2027', notice_source: '', text: NOTICE_2027, step: 'preview' });
  assert.equal(p.status, 200);
  assert.match(p.body, /预览：2027年放假安排（《国务院办公厅关于2027年部分节假日安排的通知》）/);
  assert.match(p.body, new RegExp(`依申请公开 ${code}：答复期限 2027-02-23 → 2027-02-24（不再暂定）`));
  assert.match(p.body, /通知中没有读到：清明节、劳动节、端午节、中秋节、国庆节/);
  assert.match(p.body, /确认录入/);
  // Uploaded instead of pasted: the same preview, and the text is put in the box for the confirmation.
  const up = await admin.postMultipart('/admin/calendar/notice', { notice_year: '2027', step: 'preview' }, [
    { field: 'file', name: '通知.txt', bytes: Buffer.from(NOTICE_2027, 'utf8'), type: 'text/plain' },
  ]);
  assert.equal(up.status, 200, up.body);
  assert.match(up.body, new RegExp(`依申请公开 ${code}：答复期限 2027-02-23 → 2027-02-24`));
  assert.match(up.body, /<textarea[^>]*name="text"[^>]*>国务院办公厅关于2027年部分节假日安排的通知\n一、元旦/);

  const refused = await office.post('/admin/calendar/notice', { notice_year: '2027', text: NOTICE_2027, step: 'import' });
  assert.equal(refused.status, 403);

  const bad = await admin.post('/admin/calendar/notice', {
    notice_year: '2027',
    text: '一、元旦：1月1日放假，共1天。\n二、春节：2月5日至2月32日放假，共8天。',
    step: 'import',
  });
  assert.equal(bad.status, 400);
  assert.match(bad.body, /第2行：“2月32日”不是有效日期/);

  assert.equal(await auditHead(s.app.database.db), head);
  assert.deepEqual(await overrides(), []);
  assert.equal((await request()).due_on, '2027-02-23');
  assert.equal((await loadCalendar(s.app.database.db)).isProvisionalYear(2027), true);
});

test('entering the notice in one step sets its days, ends the provisional year, recomputes the open deadline and records each change', async () => {
  const admin = s.client();
  await admin.login('admin');
  const r = await admin.post('/admin/calendar/notice', { notice_year: '2027', notice_source: '', text: NOTICE_2027, step: 'import' });
  assert.equal(r.status, 303, r.body);

  const cal = await loadCalendar(s.app.database.db);
  assert.equal(cal.isProvisionalYear(2027), false);
  assert.deepEqual(cal.day('2027-02-11'), { date: '2027-02-11', workday: false, kind: 'override-holiday', reason: '春节', provisional: false });
  assert.equal(cal.day('2027-02-20').workday, true);
  assert.equal(cal.day('2027-02-20').reason, '春节调休上班');

  const after = await request();
  // 21 Jan … 4 Feb (11), 5–12 Feb off, 15–19 Feb (16), Sat 20 Feb (17), 22–24 Feb (20).
  assert.equal(after.due_on, '2027-02-24');
  assert.equal(after.due_provisional, 0);

  const db = s.app.database.db;
  const entry = await db.selectFrom('audit_log').selectAll().where('action', '=', 'calendar.import-notice').executeTakeFirstOrThrow();
  const summary = JSON.parse(entry.summary);
  assert.equal(summary.source, '《国务院办公厅关于2027年部分节假日安排的通知》');
  assert.deepEqual(summary.holidays, [
    { festival: '元旦', from: '2027-01-01', to: '2027-01-03' },
    { festival: '春节', from: '2027-02-05', to: '2027-02-12' },
  ]);
  assert.deepEqual(summary.workdays, [{ festival: '春节', date: '2027-02-20' }]);
  const moved = await db.selectFrom('audit_log').selectAll().where('action', '=', 'requests.recompute').where('subject_id', '=', String(requestId)).execute();
  assert.equal(moved.length, 1);
  const change = JSON.parse(moved[0]!.summary);
  assert.deepEqual(change.due, { before: '2027-02-23', after: '2027-02-24' });
  assert.deepEqual(change.provisional, { before: true, after: false });
  assert.equal(moved[0]!.seq > entry.seq, true, 'recorded in the same command, after the entry');
});

test('entering a corrected notice replaces the first one: its days go, the deadline moves again and is recorded', async () => {
  const corrected = NOTICE_2027.replace('2月20日（周六）上班。', '');
  const out = await execute(s.system, importHolidayNotice, { year: 2027, text: corrected, source: '国办发明电〔2026〕1号（更正）' });
  assert.equal(out.source, '国办发明电〔2026〕1号（更正）');
  assert.ok(out.changed.some((c) => c.date === '2027-02-20' && c.before.workday && !c.after.workday));
  const days = (await overrides()).map((o) => o.date);
  assert.ok(!days.includes('2027-02-20'));
  assert.equal(days.length, 11);
  assert.equal((await request()).due_on, '2027-02-25');
  const moved = await s.app.database.db
    .selectFrom('audit_log')
    .select('summary')
    .where('action', '=', 'requests.recompute')
    .where('subject_id', '=', String(requestId))
    .orderBy('seq')
    .execute();
  assert.deepEqual(JSON.parse(moved.at(-1)!.summary).due, { before: '2027-02-24', after: '2027-02-25' });
});

test('a year whose schedule the calendar already carries is refused, naming the year', async () => {
  await assert.rejects(
    execute(s.system, importHolidayNotice, { year: 2026, text: '2026-01-01 holiday 元旦', source: 'x' }),
    (e: Error & { issues?: Array<{ field: string; message: string }> }) => e.issues?.[0]?.field === 'year' && /已内置/.test(e.issues[0].message),
  );
});
