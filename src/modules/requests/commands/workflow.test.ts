import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../test/support/app.ts';
import { execute } from '../../../platform/command.ts';
import { ConflictError, ValidationError } from '../../../kernel/errors.ts';
import { findOrg } from '../../orgs/index.ts';
import { findRequest, eventsOf } from '../repo.ts';
import { recordingNotifier } from '../ports.ts';
import { submitRequest, DuplicateSubmission } from './submit-request.ts';
import { recordRequest } from './record-request.ts';
import { confirmReceipt } from './confirm-receipt.ts';
import { requestCorrection, receiveCorrection, lapseCorrection } from './correction.ts';
import { startConsultation, recordConsultationReply } from './consultation.ts';
import { extendDeadline } from './extend-deadline.ts';
import { decideRequest, closeRequest } from './decide-request.ts';
import { notifyFee, recordPayment, lapseFee } from './fees.ts';
import { transferRequest } from './transfer-request.ts';
import { setReasonableDeadline } from './set-reasonable-deadline.ts';
import { setCalendarDay } from '../../../platform/calendar/calendar.ts';
import { fixedClock } from '../../../kernel/clock.ts';

let t: TestApp;
let rootId: number;
let financeId: number;
const notifier = recordingNotifier();

before(async () => {
  // 2025-06-02 is a Monday; the clock starts there and moves forward as the tests need.
  t = await testApp({ demo: true, now: '2025-06-02T02:00:00Z' });
  t.app.ports.notifier = notifier;
  rootId = (await findOrg(t.app.database.db, '洪江区管理委员会'))!.id;
  financeId = (await findOrg(t.app.database.db, '洪江区财政局'))!.id;
});
after(() => t?.close());

/** A valid resident ID (checksum computed): 431202 region, born 1985-04-12. */
const ID = '431202198504120032';

function application(extra: Record<string, unknown> = {}) {
  return {
    orgId: rootId,
    applicantType: 'natural',
    applicantName: '张三',
    idType: 'resident_id',
    idNumber: ID,
    phone: '13812345678',
    email: '',
    address: '湖南省怀化市洪江区沅江路1号',
    infoName: '2024年老旧小区改造项目资金使用情况',
    infoDescription: '',
    deliveryForm: 'electronic',
    deliveryChannel: 'online',
    ...extra,
  };
}

async function staffIntake(receivedOn = '2025-06-02', extra: Record<string, unknown> = {}) {
  return execute(t.system, recordRequest, { ...application(extra), channel: 'in_person', arrivedAt: `${receivedOn}T09:30`, receivedOn });
}

test('an online application waits for confirmation; the confirmation day is the legal receipt date and starts a 20-working-day clock', async () => {
  const r = await execute(t.app.context({ kind: 'anonymous', userId: null, name: 'public', grants: [] }), submitRequest, {
    ...application(),
    idempotencyKey: 'k'.repeat(20),
  });
  const row = (await findRequest(t.app.database.db, r.id))!;
  assert.equal(row.state, 'submitted');
  assert.equal(row.received_on, null);
  assert.equal(row.due_on, null);
  assert.match(row.query_code, /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
  t.clock.set('2025-06-03T02:00:00Z');
  await execute(t.system, confirmReceipt, { id: r.id, receivedOn: '2025-06-03' });
  const after = (await findRequest(t.app.database.db, r.id))!;
  assert.equal(after.state, 'received');
  assert.equal(after.received_on, '2025-06-03');
  assert.equal(after.regime, '2019');
  // Tue 3 June + 20 working days: 4–6 (3), 9–13 (8), 16–20 (13), 23–27 (18), 30 Jun, 1 Jul (20).
  assert.equal(after.due_on, '2025-07-01');
  assert.match(after.receipt_basis, /双方确认之日（条例第三十一条第（三）项）/);
  t.clock.set('2025-06-02T02:00:00Z');
});

test('the same form submitted twice creates one request', async () => {
  const anon = t.app.context({ kind: 'anonymous', userId: null, name: 'public', grants: [] });
  const first = await execute(anon, submitRequest, { ...application(), idempotencyKey: 'double-click-0001' });
  await assert.rejects(
    execute(anon, submitRequest, { ...application(), idempotencyKey: 'double-click-0001' }),
    (e: unknown) => e instanceof DuplicateSubmission && e.requestId === first.id,
  );
  const n = await t.app.database.db.selectFrom('requests').select('id').where('idempotency_key', '=', 'double-click-0001').execute();
  assert.equal(n.length, 1);
});

test('every invalid field is named with its reason, the ID number by its checksum and a receipt date in the future', async () => {
  await assert.rejects(
    execute(t.system, recordRequest, {
      ...application({ idNumber: '431202198504120031', applicantName: '', deliveryChannel: 'post', address: '' }),
      channel: 'in_person',
      arrivedAt: '2025-06-02T09:00',
      receivedOn: '2025-06-09',
    }),
    (e: unknown) => {
      assert.ok(e instanceof ValidationError);
      const by = Object.fromEntries(e.issues.map((i) => [i.field, i.message]));
      assert.match(by.idNumber!, /校验位不符/);
      assert.match(by.applicantName!, /请填写姓名或名称/);
      assert.match(by.address!, /邮寄/);
      assert.match(by.receivedOn!, /晚于今天/);
      return true;
    },
  );
  await assert.rejects(
    execute(t.system, recordRequest, { ...application({ idNumber: '431202209901010016' }), channel: 'in_person', arrivedAt: '2025-06-02T09:00' }),
    /出生日期.*晚于今天|出生日期.*不是有效日期/,
  );
});

test('correction restarts the clock; a second correction notice is refused and changes nothing', async () => {
  const { id } = await staffIntake();
  t.clock.set('2025-06-03T02:00:00Z');
  await execute(t.system, requestCorrection, { id, noticeOn: '2025-06-03', items: '请写明所需信息的具体年份和项目名称' });
  let r = (await findRequest(t.app.database.db, id))!;
  assert.equal(r.state, 'correction_requested');
  assert.equal(r.due_on, null);
  assert.equal(r.correction_ends_on, '2025-06-24'); // 15 working days after Tue 3 June
  t.clock.set('2025-06-10T02:00:00Z');
  await execute(t.system, receiveCorrection, { id, correctedOn: '2025-06-10', text: '2024年度，洪江区河滨路社区老旧小区改造项目' });
  r = (await findRequest(t.app.database.db, id))!;
  assert.equal(r.state, 'corrected');
  assert.equal(r.due_on, '2025-07-08'); // 20 working days after Tue 10 June
  const before = JSON.stringify(r);
  await assert.rejects(
    execute(t.system, requestCorrection, { id, noticeOn: '2025-06-10', items: '再补正一次试试' }),
    (e: unknown) => e instanceof ConflictError && /一次性告知/.test(e.message),
  );
  assert.equal(JSON.stringify(await findRequest(t.app.database.db, id)), before);
  t.clock.set('2025-06-02T02:00:00Z');
});

test('a correction period that has not ended cannot be treated as abandoned; after it ends the request ends as 三（六）1', async () => {
  const { id } = await staffIntake();
  await execute(t.system, requestCorrection, { id, noticeOn: '2025-06-02', items: '请写明所需信息的名称或文号', periodDays: 5 });
  t.clock.set('2025-06-09T02:00:00Z');
  await assert.rejects(execute(t.system, lapseCorrection, { id, onDate: '2025-06-09' }), /尚未届满/);
  t.clock.set('2025-06-10T02:00:00Z');
  await execute(t.system, lapseCorrection, { id, onDate: '2025-06-10' });
  const r = (await findRequest(t.app.database.db, id))!;
  assert.equal(r.state, 'abandoned');
  assert.equal(r.outcome, 'other_no_correction');
  assert.match(r.decision_text, /2025年6月2日告知您在2025年6月9日前作出补正/);
  assert.match(r.decision_number, /^洪江区依申告〔2025〕\d+号$/);
  t.clock.set('2025-06-02T02:00:00Z');
});

test('a third-party consultation pauses the clock, sending and reply days included', async () => {
  const { id } = await staffIntake();
  t.clock.set('2025-06-16T02:00:00Z');
  await execute(t.system, startConsultation, { id, kind: 'third_party', party: '某建设工程有限公司', sentOn: '2025-06-09' });
  let r = (await findRequest(t.app.database.db, id))!;
  assert.equal(r.state, 'consulting');
  const c = await t.app.database.db.selectFrom('request_consultations').select('id').where('request_id', '=', id).executeTakeFirstOrThrow();
  await execute(t.system, recordConsultationReply, { id, consultationId: Number(c.id), repliedOn: '2025-06-13', reply: 'disagree' });
  r = (await findRequest(t.app.database.db, id))!;
  assert.equal(r.state, 'resumed');
  // 30 June + 5 paused working days (9–13 June) = 7 July.
  assert.equal(r.due_on, '2025-07-07');
  assert.ok(JSON.parse(r.due_explain).some((l: string) => /2025-06-09 至 2025-06-13 征求第三方意见.*顺延5个工作日/.test(l)));
  t.clock.set('2025-06-02T02:00:00Z');
});

test('extending needs approver and reason, is refused beyond 20 days and refused the second time', async () => {
  const { id } = await staffIntake();
  const before = JSON.stringify(await findRequest(t.app.database.db, id));
  await assert.rejects(
    execute(t.system, extendDeadline, { id, days: 21, approver: '李红梅', reason: '涉及档案调阅', noticeOn: '2025-06-02' }),
    (e: unknown) => {
      assert.ok(e instanceof ValidationError);
      assert.equal(e.issues[0]?.field, 'days');
      assert.match(e.issues[0]!.message, /最长不得超过20个工作日.*第三十三条第二款/);
      return true;
    },
  );
  await assert.rejects(
    execute(t.system, extendDeadline, { id, approver: '', reason: '', noticeOn: '2025-06-02' }),
    (e: unknown) => e instanceof ValidationError && e.issues.some((i) => i.field === 'approver') && e.issues.some((i) => i.field === 'reason'),
  );
  assert.equal(JSON.stringify(await findRequest(t.app.database.db, id)), before);
  await execute(t.system, extendDeadline, { id, approver: '李红梅', reason: '需调阅多个年度的档案', noticeOn: '2025-06-02' });
  const r = (await findRequest(t.app.database.db, id))!;
  assert.equal(r.state, 'extended');
  assert.equal(r.statutory_due_on, '2025-06-30');
  assert.equal(r.due_on, '2025-07-28');
  const mid = JSON.stringify(r);
  await assert.rejects(execute(t.system, extendDeadline, { id, days: 5, approver: '李红梅', reason: '再延一次', noticeOn: '2025-06-02' }), ConflictError);
  assert.equal(JSON.stringify(await findRequest(t.app.database.db, id)), mid);
  // Extended, then consulted and resumed: still refused — one extension per request.
  await execute(t.system, startConsultation, { id, kind: 'other_agency', party: '洪江区住房和城乡建设局', sentOn: '2025-06-02' });
  const c = await t.app.database.db.selectFrom('request_consultations').select('id').where('request_id', '=', id).executeTakeFirstOrThrow();
  await execute(t.system, recordConsultationReply, { id, consultationId: Number(c.id), repliedOn: '2025-06-02', reply: 'agree' });
  await assert.rejects(execute(t.system, extendDeadline, { id, days: 5, approver: '李红梅', reason: '再延一次', noticeOn: '2025-06-02' }), /只允许延长一次/);
});

test('deciding twice is refused and changes nothing; one request has one outcome', async () => {
  const { id } = await staffIntake();
  await execute(t.system, decideRequest, {
    id,
    outcome: 'disclose',
    case: 'disclosable',
    decidedOn: '2025-06-02',
    values: { 提供方式: '现将该信息以电子文档形式提供给您' },
  });
  const once = JSON.stringify(await findRequest(t.app.database.db, id));
  await assert.rejects(
    execute(t.system, decideRequest, { id, outcome: 'partial', decidedOn: '2025-06-02', values: {} }),
    (e: unknown) => e instanceof ConflictError && /当前状态（已答复）不能执行“作出答复”/.test(e.message),
  );
  assert.equal(JSON.stringify(await findRequest(t.app.database.db, id)), once);
  const r = (await findRequest(t.app.database.db, id))!;
  assert.equal(r.outcome, 'disclose');
  assert.match(r.decision_text, /第三十六条第（二）项/);
  await execute(t.system, closeRequest, { id, deliveredOn: '2025-06-02' });
  assert.equal((await findRequest(t.app.database.db, id))!.state, 'closed');
});

test('a letter wording with an unfilled fact is refused, naming the missing fact', async () => {
  const { id } = await staffIntake();
  await assert.rejects(
    execute(t.system, decideRequest, { id, outcome: 'partial', decidedOn: '2025-06-02', values: { 不予公开部分: '第三方个人信息' } }),
    (e: unknown) => {
      assert.ok(e instanceof ValidationError);
      assert.deepEqual(e.issues.map((i) => i.field).sort(), ['不予公开理由', '提供方式'].sort());
      return true;
    },
  );
});

test('a fee notice under 2019 prices per page, opens a 20-working-day window, and unpaid it ends as 三（六）2', async () => {
  const { id } = await staffIntake();
  await assert.rejects(execute(t.system, notifyFee, { id, basis: 'per_page', pages: 20, noticeOn: '2025-06-02' }), /不收费/);
  const f = await execute(t.system, notifyFee, { id, basis: 'per_page', pages: 45, noticeOn: '2025-06-02' });
  assert.equal(f.amountFen, 15_000); // pages 31–45 at 10 元
  assert.equal(f.dueOn, '2025-06-30');
  t.clock.set('2025-06-30T02:00:00Z');
  await assert.rejects(execute(t.system, lapseFee, { id, onDate: '2025-06-30' }), /尚未届满/);
  t.clock.set('2025-07-01T02:00:00Z');
  await execute(t.system, lapseFee, { id, onDate: '2025-07-01' });
  const r = (await findRequest(t.app.database.db, id))!;
  assert.equal(r.state, 'fee_abandoned');
  assert.equal(r.outcome, 'other_fee_unpaid');
  t.clock.set('2025-06-02T02:00:00Z');
});

test('a paid fee is recorded with its amount and the request goes on', async () => {
  const { id } = await staffIntake();
  await execute(t.system, notifyFee, { id, basis: 'per_page', pages: 120, noticeOn: '2025-06-02' });
  await assert.rejects(execute(t.system, recordPayment, { id, paidOn: '2025-06-02', amountYuan: 100 }), /不符/);
  await execute(t.system, recordPayment, { id, paidOn: '2025-06-02', amountYuan: 1100 }); // 70×10 + 20×20
  assert.equal((await findRequest(t.app.database.db, id))!.state, 'paid');
});

test('a transfer moves the request to the competent org and keeps the receipt date and due date', async () => {
  const { id } = await staffIntake();
  const before = (await findRequest(t.app.database.db, id))!;
  await execute(t.system, transferRequest, { id, toOrgId: financeId, reason: '所申请信息由区财政局制作和保存', onDate: '2025-06-02' });
  const r = (await findRequest(t.app.database.db, id))!;
  assert.equal(r.org_id, financeId);
  assert.equal(r.state, 'transferred');
  assert.equal(r.received_on, before.received_on);
  assert.equal(r.due_on, before.due_on);
  const events = await eventsOf(t.app.database.db, id);
  assert.ok(events.some((e) => e.kind === 'transfer' && e.public === 1));
});

test('audit summaries and notifications never carry the ID number or phone', async () => {
  const rows = await t.app.database.db.selectFrom('audit_log').select('summary').where('action', 'like', 'requests.%').execute();
  assert.ok(rows.length > 10);
  for (const r of rows) {
    assert.ok(!r.summary.includes(ID), r.summary);
    assert.ok(!r.summary.includes('13812345678'), r.summary);
  }
  assert.ok(notifier.sent.length > 0);
  for (const n of notifier.sent) assert.ok(!n.body.includes(ID));
});

test('a calendar change recomputes stored due dates and audits each one that moved', async () => {
  const { id } = await staffIntake();
  const before = (await findRequest(t.app.database.db, id))!;
  assert.equal(before.due_on, '2025-06-30');
  const admin = t.system;
  const out = await execute(admin, setCalendarDay, { date: '2025-06-16', kind: 'holiday', reason: '测试：本地停工一天' });
  assert.ok(out.recomputed >= 1);
  const after = (await findRequest(t.app.database.db, id))!;
  assert.equal(after.due_on, '2025-07-01');
  assert.ok(JSON.parse(after.due_explain).some((l: string) => /2025-06-16.*测试：本地停工一天/.test(l)));
  await execute(admin, setCalendarDay, { date: '2025-06-16', kind: 'official' });
  assert.equal((await findRequest(t.app.database.db, id))!.due_on, '2025-06-30');
});

test('a 2008-regime request pays cost fees only, and a hardship waiver is for citizens, approved by the office head', async () => {
  const at = (d: string) => ({ ...t.system, clock: fixedClock(`${d}T02:00:00Z`) });
  const { id } = await execute(at('2018-05-07'), recordRequest, { ...application(), channel: 'in_person', arrivedAt: '2018-05-07T09:30' });
  assert.equal((await findRequest(t.app.database.db, id))!.regime, '2008');
  // 2008 条例第十七条 has no information processing fee: only search, copying, postage (第二十七条).
  const f = await execute(at('2018-05-08'), notifyFee, { id, basis: 'cost', copyYuan: 12.5, postageYuan: 10, noticeOn: '2018-05-08' });
  assert.equal(f.amountFen, 2250);
  assert.equal(f.dueOn, null); // the 20-working-day window is a 2019 rule (国办函〔2020〕109号)
  await assert.rejects(execute(at('2018-06-20'), lapseFee, { id, onDate: '2018-06-20' }), /只适用于2019年条例/);
  await execute(at('2018-05-09'), recordPayment, { id, paidOn: '2018-05-09', amountYuan: 22.5 });
  const other = await execute(at('2018-05-07'), recordRequest, { ...application(), channel: 'in_person', arrivedAt: '2018-05-07T09:45' });
  await assert.rejects(
    execute(at('2018-05-08'), notifyFee, { id: other.id, basis: 'cost', copyYuan: 12.5, waiverBasis: 'dibao', waiverApprover: '', noticeOn: '2018-05-08' }),
    (e: unknown) => e instanceof ValidationError && e.issues.some((i) => i.field === 'waiver.approvedBy' && /第二十八条/.test(i.message)),
  );
  // Waived in full: nothing to notify.
  await assert.rejects(
    execute(at('2018-05-08'), notifyFee, {
      id: other.id,
      basis: 'cost',
      copyYuan: 12.5,
      waiverBasis: 'dibao',
      waiverApprover: '李红梅',
      noticeOn: '2018-05-08',
    }),
    /不收费/,
  );
  await assert.rejects(
    execute(t.system, notifyFee, { id: (await staffIntake()).id, basis: 'cost', copyYuan: 5, noticeOn: '2025-06-02' }),
    /只能收取信息处理费/,
  );
});

test('Art. 35: a reasonable later deadline must fall after the statutory one, and becomes the date to answer by', async () => {
  const { id } = await staffIntake();
  await assert.rejects(
    execute(t.system, setReasonableDeadline, { id, deadline: '2025-06-20', reason: '申请数量明显超过合理范围', noticeOn: '2025-06-02' }),
    (e: unknown) => e instanceof ValidationError && e.issues[0]?.field === 'deadline',
  );
  await execute(t.system, setReasonableDeadline, {
    id,
    deadline: '2025-08-29',
    reason: '申请涉及近十年全部会议纪要，理由合理但数量大',
    noticeOn: '2025-06-02',
  });
  const r = (await findRequest(t.app.database.db, id))!;
  assert.equal(r.statutory_due_on, '2025-06-30');
  assert.equal(r.due_on, '2025-08-29');
  assert.ok(JSON.parse(r.due_explain).some((l: string) => /条例第三十五条/.test(l)));
});
