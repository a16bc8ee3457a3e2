import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { testApp, type TestApp } from '../../../../test/support/app.ts';
import { defineCommand, execute } from '../../../platform/command.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../../../kernel/errors.ts';
import type { Actor, AppContext, Grant } from '../../../platform/context.ts';
import type { Role } from '../../../platform/authz/roles.ts';
import { updateSetting } from '../../../platform/settings/settings.ts';
import { setCalendarDay } from '../../../platform/calendar/calendar.ts';
import type { SignalDraft } from '../ports.ts';
import { markSignalRead } from './mark-read.ts';
import { clearSignal } from './clear.ts';
import { issueNotice } from './issue-notice.ts';
import { answerNotice } from './answer-notice.ts';
import { acceptAnswer } from './accept-answer.ts';
import { returnAnswer } from './return-answer.ts';
import { sweepOverdueNotices } from './sweep-notices.ts';
import { PRESETS } from '../settings.ts';

/** Signals and 督办 on both engines (services.md §3), through the port and the commands. */

let t: TestApp;
let orgA: { id: number; path: string; name: string }; // 市场监管分中心 (a department)
let orgB: { id: number; path: string; name: string }; // 洪江区商务局
let township: { id: number; path: string }; // 常青乡 (/1/21/)
let n = 0;

before(async () => {
  t = await testApp({ demo: true });
  const db = t.app.database.db;
  const org = async (name: string) => {
    const r = await db.selectFrom('orgs').select(['id', 'path', 'name']).where('name', 'like', `%${name}`).orderBy('id').executeTakeFirstOrThrow();
    return { id: Number(r.id), path: r.path, name: r.name };
  };
  orgA = await org('市场监管分中心');
  orgB = await org('洪江区商务局');
  township = await org('常青乡人民政府');
});
after(() => t?.close());

function as(role: Role, at: { id: number; path: string }, name = `${role}-${at.id}`): AppContext {
  const grants: Grant[] = [{ role, orgId: at.id, orgPath: at.path }];
  const actor: Actor = { kind: 'user', userId: null, name, grants };
  return t.app.context(actor);
}
const root = { id: 1, path: '/1/' };

/** A command of a watched module that raises signals (as the cases module's will). */
const raiseCmd = defineCommand({
  name: 'test.raise',
  input: z.object({ drafts: z.array(z.any()), fail: z.boolean().default(false) }),
  async handler(ctx, input) {
    ctx.authorize('supervision.view');
    const fresh = await ctx.ports.supervision.raise(ctx, input.drafts as SignalDraft[]);
    if (input.fail) throw new Error('the caller failed after raising');
    return { result: fresh, audit: { action: 'test.raise', subjectType: 'test', summary: { fresh } } };
  },
});

function draft(over: Partial<SignalDraft> = {}): SignalDraft {
  const id = over.subjectId ?? 900000 + ++n;
  return {
    subjectType: 'case',
    subjectId: id,
    orgId: orgA.id,
    rule: 'time.yellow',
    level: 'yellow',
    raisedOn: '2026-11-27',
    detail: `办件 HJ2026-${id} 已超过承诺时限`,
    href: `/admin/cases/${id}`,
    ...over,
  };
}

const raise = (drafts: SignalDraft[], fail = false) => execute(t.system, raiseCmd, { drafts, fail });
const db = () => t.app.database.db;
const outboxCount = async () =>
  Number(
    (
      await db()
        .selectFrom('request_outbox')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const auditCount = async (action: string) =>
  Number(
    (
      await db()
        .selectFrom('audit_log')
        .select((e) => e.fn.countAll().as('n'))
        .where('action', '=', action)
        .executeTakeFirstOrThrow()
    ).n,
  );
const signalOf = async (subjectId: number, rule = 'time.yellow') =>
  db()
    .selectFrom('supervision_signals')
    .selectAll()
    .where('subject_type', '=', 'case')
    .where('subject_id', '=', subjectId)
    .where('rule', '=', rule)
    .executeTakeFirstOrThrow();

async function refuses(p: Promise<unknown>, kind: new (...a: never[]) => Error, field?: string, message?: RegExp) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof kind, `expected ${kind.name}, got ${String(e)}`);
    if (field) {
      const hit = (e as ValidationError).issues.find((i) => i.field === field);
      assert.ok(hit, `expected an issue on ${field}, got ${JSON.stringify((e as ValidationError).issues)}`);
      if (message) assert.match(hit.message, message);
    }
    return true;
  });
}

// ── raise ──

test('raise is idempotent per subject × rule: the second time nothing is new, the department is told once, one audit entry per batch with the count', async () => {
  const a = draft();
  const b = draft({ orgId: orgB.id, level: 'red', rule: 'time.red' });
  const outbox0 = await outboxCount();
  const audit0 = await auditCount('supervision.raise');
  assert.equal(await raise([a, b, { ...a }]), 2);
  assert.equal((await outboxCount()) - outbox0, 2, 'one message for each of the two departments');
  const msg = await db().selectFrom('request_outbox').selectAll().where('recipient', '=', `org:${orgB.id}`).orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.equal(msg.channel, 'staff');
  assert.match(msg.subject, /电子监察：新增红牌1条/);
  assert.match(msg.body, new RegExp(`【红牌】办件 HJ2026-${b.subjectId} 已超过承诺时限`));
  assert.equal((await auditCount('supervision.raise')) - audit0, 1);
  const entry = await db().selectFrom('audit_log').selectAll().where('action', '=', 'supervision.raise').orderBy('seq', 'desc').executeTakeFirstOrThrow();
  assert.equal((JSON.parse(entry.summary) as { count: number }).count, 2);

  assert.equal(await raise([a, b]), 0);
  assert.equal((await outboxCount()) - outbox0, 2, 'raising again tells nobody');
  assert.equal((await auditCount('supervision.raise')) - audit0, 1, 'nothing new, no audit entry of its own');
  // The same subject under another rule is a new signal.
  assert.equal(await raise([{ ...a, rule: 'time.red', level: 'red' }]), 1);
  const rows = await db().selectFrom('supervision_signals').select('rule').where('subject_id', '=', a.subjectId).orderBy('rule').execute();
  assert.deepEqual(
    rows.map((r) => r.rule),
    ['time.red', 'time.yellow'],
  );
});

test('raise works in the caller’s transaction: if the caller fails, no signal, message or audit entry remains', async () => {
  const a = draft();
  const outbox0 = await outboxCount();
  await assert.rejects(raise([a], true), /the caller failed/);
  assert.equal(await db().selectFrom('supervision_signals').select('id').where('subject_id', '=', a.subjectId).executeTakeFirst(), undefined);
  assert.equal(await outboxCount(), outbox0);
});

test('a bad draft is refused naming the draft and field, and nothing is raised', async () => {
  const good = draft();
  await refuses(raise([good, draft({ orgId: 999999 })]), ValidationError, 'drafts[1].orgId', /没有编号为 999999 的机构/);
  await refuses(raise([draft({ level: 'orange' as never })]), ValidationError, 'drafts[0].level');
  await refuses(raise([draft({ href: 'https://example.com/' })]), ValidationError, 'drafts[0].href');
  await refuses(raise([draft({ raisedOn: '2026-13-01' })]), ValidationError, 'drafts[0].raisedOn');
  assert.equal(await db().selectFrom('supervision_signals').select('id').where('subject_id', '=', good.subjectId).executeTakeFirst(), undefined);
});

test('a bulk raise of 3,000 drafts over many departments: batch inserts, one message per department, a second sweep adds nothing', async () => {
  const orgs = (await db().selectFrom('orgs').select('id').where('kind', 'in', ['department', 'township', 'street']).orderBy('id').limit(12).execute()).map(
    (o) => Number(o.id),
  );
  const drafts = Array.from({ length: 3000 }, (_, i) =>
    draft({ subjectId: 5_000_000 + i, orgId: orgs[i % orgs.length]!, rule: 'time.warning', level: 'warning' }),
  );
  const outbox0 = await outboxCount();
  assert.equal(await raise(drafts), 3000);
  assert.equal((await outboxCount()) - outbox0, orgs.length);
  const long = await db().selectFrom('request_outbox').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.match(long.body, /等共250条/);
  assert.equal(await raise(drafts), 0);
  assert.equal((await outboxCount()) - outbox0, orgs.length);
});

// ── read and clear ──

test('mark read, then clear with a reason: the row stays with who, when and why; a cleared signal cannot be cleared or read again', async () => {
  const a = draft();
  await raise([a]);
  const s = await signalOf(a.subjectId);
  assert.equal(s.state, 'raised');
  await execute(as('window', orgA), markSignalRead, { signalId: s.id });
  await refuses(execute(as('window', orgA), markSignalRead, { signalId: s.id }), ConflictError);
  await execute(as('supervisor', root, 'zhao'), clearSignal, { signalId: s.id, reason: '已补正材料并于当日办结' });
  const after = await signalOf(a.subjectId);
  assert.equal(after.state, 'cleared');
  assert.equal(after.read_by, `window-${orgA.id}`);
  assert.equal(after.cleared_by, 'zhao');
  assert.equal(after.clear_reason, '已补正材料并于当日办结');
  assert.ok(after.cleared_at);
  await refuses(execute(as('supervisor', root), clearSignal, { signalId: s.id, reason: '再次消除' }), ConflictError);
  await refuses(execute(as('window', orgA), markSignalRead, { signalId: s.id }), ConflictError);
  const audit = await db().selectFrom('audit_log').selectAll().where('action', '=', 'supervision.clear').where('subject_id', '=', String(s.id)).execute();
  assert.equal(audit.length, 1);
  assert.equal((JSON.parse(audit[0]!.summary) as { reason: string }).reason, '已补正材料并于当日办结');
});

test('clearing without a reason is refused naming 理由, and nothing changes', async () => {
  const a = draft();
  await raise([a]);
  const s = await signalOf(a.subjectId);
  const audit0 = await auditCount('supervision.clear');
  for (const reason of [undefined, '', '   ', '好']) {
    await refuses(execute(as('supervisor', root), clearSignal, { signalId: s.id, reason }), ValidationError, 'reason', /理由/);
  }
  const same = await signalOf(a.subjectId);
  assert.deepEqual(same, s);
  assert.equal(await auditCount('supervision.clear'), audit0);
});

test('an unread signal may be cleared: the read is recorded at the same instant by whoever cleared it', async () => {
  const a = draft();
  await raise([a]);
  const s = await signalOf(a.subjectId);
  await execute(as('supervisor', root, 'zhao'), clearSignal, { signalId: s.id, reason: '系统数据有误，已更正' });
  const after = await signalOf(a.subjectId);
  assert.equal(after.read_by, 'zhao');
  assert.equal(after.read_at, after.cleared_at);
});

test('who may read and clear: the department in scope reads; outside its scope it may not; auditors only look; window staff cannot clear', async () => {
  const a = draft();
  await raise([a]);
  const s = await signalOf(a.subjectId);
  await refuses(execute(as('window', township), markSignalRead, { signalId: s.id }), ForbiddenError);
  await refuses(execute(as('auditor', root), markSignalRead, { signalId: s.id }), ForbiddenError);
  await refuses(execute(as('window', orgA), clearSignal, { signalId: s.id, reason: '部门自行消除' }), ForbiddenError);
  await refuses(execute(as('supervisor', township), clearSignal, { signalId: s.id, reason: '范围外消除' }), ForbiddenError);
  assert.equal((await signalOf(a.subjectId)).state, 'raised');
  await execute(as('hall_manager', orgA), markSignalRead, { signalId: s.id });
  assert.equal((await signalOf(a.subjectId)).state, 'read');
});

// ── 督办 ──

test('督办: a supervisor issues (answer-by in working days), the department answers, the supervisor returns it, it answers again, the supervisor accepts', async () => {
  const a = draft();
  const b = { ...a, rule: 'time.red', level: 'red' as const };
  await raise([a, b]);
  const ya = await signalOf(a.subjectId);
  const rb = await signalOf(a.subjectId, 'time.red');
  const outbox0 = await outboxCount();
  // Friday 2026-11-27 + 3 working days = Wednesday 2026-12-02.
  const issued = await execute(as('supervisor', root, 'zhao'), issueNotice, { signalIds: [ya.id, rb.id], requirement: '请说明超时原因并于期限内办结' });
  assert.equal(issued.answerBy, '2026-12-02');
  assert.match(issued.number, /^督办〔2026〕\d+号$/);
  assert.equal((await outboxCount()) - outbox0, 1);
  const msg = await db().selectFrom('request_outbox').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.equal(msg.recipient, `org:${orgA.id}`);
  assert.match(msg.subject, /请于2026-12-02前回复/);

  // Out of order: nothing to accept before an answer; another department cannot answer.
  await refuses(execute(as('supervisor', root), acceptAnswer, { noticeId: issued.id }), ConflictError);
  await refuses(execute(as('window', township), answerNotice, { noticeId: issued.id, answer: '不是我们的' }), ForbiddenError);
  await refuses(execute(as('hall_manager', { id: orgB.id, path: orgB.path }), answerNotice, { noticeId: issued.id, answer: '不是我们的' }), ForbiddenError);
  await refuses(execute(as('supervisor', root), answerNotice, { noticeId: issued.id, answer: '监察人员不能代答' }), ForbiddenError);
  await refuses(execute(as('window', orgA), answerNotice, { noticeId: issued.id, answer: ' ' }), ValidationError, 'answer', /回复内容/);

  await execute(as('window', orgA), answerNotice, { noticeId: issued.id, answer: '因系统故障延误，已于当日办结' });
  await refuses(execute(as('window', orgA), answerNotice, { noticeId: issued.id, answer: '再答一次' }), ConflictError);
  await refuses(execute(as('window', orgA), acceptAnswer, { noticeId: issued.id }), ForbiddenError);
  await refuses(execute(as('supervisor', root), returnAnswer, { noticeId: issued.id, note: '' }), ValidationError, 'note', /审核意见/);
  await execute(as('supervisor', root), returnAnswer, { noticeId: issued.id, note: '请附办结通知书' });
  await execute(as('window', orgA), answerNotice, { noticeId: issued.id, answer: '已附办结通知书' });
  await execute(as('supervisor', root), acceptAnswer, { noticeId: issued.id, note: '同意' });
  await refuses(execute(as('supervisor', root), acceptAnswer, { noticeId: issued.id }), ConflictError);

  const notice = await db().selectFrom('supervision_notices').selectAll().where('id', '=', issued.id).executeTakeFirstOrThrow();
  assert.equal(notice.state, 'accepted');
  assert.equal(notice.answer, '已附办结通知书');
  const events = await db().selectFrom('supervision_notice_events').select(['kind', 'text']).where('notice_id', '=', issued.id).orderBy('id').execute();
  assert.deepEqual(
    events.map((e) => e.kind),
    ['issued', 'answered', 'returned', 'answered', 'accepted'],
  );
  const links = await db().selectFrom('supervision_notice_signals').select('signal_id').where('notice_id', '=', issued.id).orderBy('signal_id').execute();
  assert.deepEqual(
    links.map((l) => Number(l.signal_id)),
    [ya.id, rb.id].sort((x, y) => x - y),
  );
});

test('督办 is refused for signals of two subjects, for a cleared signal, outside the supervisor’s scope, and to department staff', async () => {
  const a = draft();
  const b = draft();
  await raise([a, b]);
  const sa = await signalOf(a.subjectId);
  const sb = await signalOf(b.subjectId);
  const req = '请说明原因';
  await refuses(execute(as('supervisor', root), issueNotice, { signalIds: [sa.id, sb.id], requirement: req }), ValidationError, 'signalIds', /同一个监察对象/);
  await refuses(execute(as('supervisor', township), issueNotice, { signalIds: [sa.id], requirement: req }), ForbiddenError);
  await refuses(execute(as('hall_manager', root), issueNotice, { signalIds: [sa.id], requirement: req }), ForbiddenError);
  await refuses(execute(as('supervisor', root), issueNotice, { signalIds: [], requirement: req }), ValidationError, 'signalIds');
  await refuses(execute(as('supervisor', root), issueNotice, { signalIds: [sa.id], requirement: '' }), ValidationError, 'requirement', /督办要求/);
  await refuses(execute(as('supervisor', root), issueNotice, { signalIds: [sa.id], requirement: req, answerDays: '0' }), ValidationError, 'answerDays');
  await execute(as('supervisor', root), clearSignal, { signalId: sb.id, reason: '已办结，核实无误' });
  await refuses(execute(as('supervisor', root), issueNotice, { signalIds: [sb.id], requirement: req }), ValidationError, 'signalIds', /已消除/);
  // A set answer period, across a weekend.
  const ok = await execute(as('supervisor', root), issueNotice, { signalIds: [sa.id], requirement: req, answerDays: '5' });
  assert.equal(ok.answerBy, '2026-12-04');
});

// ── the port's clock reads the district's rules and calendar ──

test('the port’s clock follows the rules setting and the stored calendar', async () => {
  const port = t.app.ports.supervision;
  const input = { acceptedOn: '2026-11-02', promisedDays: 4, suspensions: [] };
  const b = await port.clock(db(), input, '2026-11-09');
  assert.deepEqual([b.due, b.warnOn, b.yellowOn, b.redOn, b.level], ['2026-11-06', '2026-11-05', '2026-11-09', '2026-11-13', 'yellow']);
  await execute(t.system, updateSetting, { key: 'supervision.rules', value: PRESETS.a });
  const a = await port.clock(db(), input, '2026-11-09');
  assert.deepEqual([a.warnOn, a.yellowOn, a.redOn, a.level], [null, '2026-11-05', '2026-11-09', 'red']);
  // A local day off on Wednesday 11-04 moves the limit by a working day.
  await execute(t.system, setCalendarDay, { date: '2026-11-04', kind: 'holiday', reason: '本地停止办公一天' });
  const moved = await port.clock(db(), input, '2026-11-09');
  assert.equal(moved.due, '2026-11-09');
  assert.ok(
    moved.explain.some((l) => l.startsWith('2026-11-04 本地停止办公一天，不计')),
    moved.explain.join('\n'),
  );
  const many = await port.clocks!(db(), [input, { ...input, promisedDays: 1 }], '2026-11-09');
  assert.deepEqual(
    many.map((m) => [m.due, m.explain.length]),
    [
      ['2026-11-09', 0],
      ['2026-11-03', 0],
    ],
  );
  await execute(t.system, setCalendarDay, { date: '2026-11-04', kind: 'official' });
  await execute(t.system, updateSetting, { key: 'supervision.rules', value: PRESETS.b });
});

test('the port tells a watched module the level of a non-time rule from the settings', async () => {
  const port = t.app.ports.supervision;
  assert.equal(await port.anomalyLevel!(db(), 'refusal-without-reasons'), 'yellow');
  assert.equal(await port.anomalyLevel!(db(), 'no-such-rule'), null);
  await execute(t.system, updateSetting, {
    key: 'supervision.rules',
    value: { ...PRESETS.b, anomalies: { ...PRESETS.b.anomalies, 'refusal-without-reasons': 'red' } },
  });
  assert.equal(await port.anomalyLevel!(db(), 'refusal-without-reasons'), 'red');
  await execute(t.system, updateSetting, { key: 'supervision.rules', value: PRESETS.b });
});

test('a 督办 not answered by its date raises one red signal on the notice (the daily job), told to the department once', async () => {
  const a = draft();
  await raise([a]);
  const s = await signalOf(a.subjectId);
  const issued = await execute(as('supervisor', root), issueNotice, { signalIds: [s.id], requirement: '请于期限内回复' });
  assert.equal(issued.answerBy, '2026-12-02');
  const before = await execute(t.system, sweepOverdueNotices, {});
  assert.equal(before.fresh, 0, 'not late on the day of issue');
  t.clock.set('2026-12-03T02:00:00Z');
  try {
    const outbox0 = await outboxCount();
    const r = await execute(t.system, sweepOverdueNotices, {});
    assert.ok(r.fresh >= 1);
    const sig = await db()
      .selectFrom('supervision_signals')
      .selectAll()
      .where('subject_type', '=', 'supervision-notice')
      .where('subject_id', '=', issued.id)
      .executeTakeFirstOrThrow();
    assert.equal(sig.level, 'red');
    assert.equal(sig.org_id, orgA.id);
    assert.equal(sig.href, `/admin/supervision/notices/${issued.id}`);
    assert.match(sig.detail, /已超过回复期限（2026-12-02）仍未回复/);
    assert.ok((await outboxCount()) > outbox0);
    // Answered or closed notices are not late, whatever their date.
    const wrong = await db()
      .selectFrom('supervision_signals')
      .innerJoin('supervision_notices', 'supervision_notices.id', 'supervision_signals.subject_id')
      .select('supervision_notices.number')
      .where('supervision_signals.subject_type', '=', 'supervision-notice')
      .where('supervision_notices.state', 'not in', ['issued', 'returned'])
      .execute();
    assert.deepEqual(wrong, []);
    assert.ok(
      (await db().selectFrom('supervision_notices').select('id').where('state', '=', 'accepted').where('answer_by', '<', '2026-12-03').execute()).length > 0,
    );
    const again = await execute(t.system, sweepOverdueNotices, {});
    assert.equal(again.fresh, 0);
  } finally {
    t.clock.set('2026-11-27T02:00:00Z');
  }
});
