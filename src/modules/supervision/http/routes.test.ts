import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { testServer, type TestServer } from '../../../../test/support/app.ts';
import { defineCommand, execute } from '../../../platform/command.ts';
import type { SignalDraft } from '../ports.ts';

/** The 电子监察 pages over HTTP on both engines: scope, forms, CSRF, the rules editor. */

let s: TestServer;
let orgA: number;
let township: number;

const raiseCmd = defineCommand({
  name: 'test.raise',
  input: z.object({ drafts: z.array(z.any()) }),
  async handler(ctx, input) {
    ctx.authorize('supervision.view');
    const fresh = await ctx.ports.supervision.raise(ctx, input.drafts as SignalDraft[]);
    return { result: fresh, audit: { action: 'test.raise', subjectType: 'test' } };
  },
});

let n = 0;
async function signal(orgId: number, level: SignalDraft['level'] = 'yellow'): Promise<number> {
  const id = 700000 + ++n;
  await execute(s.system, raiseCmd, {
    drafts: [
      {
        subjectType: 'case',
        subjectId: id,
        orgId,
        rule: `time.${level}`,
        level,
        raisedOn: '2026-11-27',
        detail: `办件 HJ2026-${id} 已超过承诺时限`,
        href: `/admin/cases/${id}`,
      },
    ],
  });
  const r = await s.app.database.db.selectFrom('supervision_signals').select('id').where('subject_id', '=', id).executeTakeFirstOrThrow();
  return Number(r.id);
}

before(async () => {
  s = await testServer({ demo: true, config: { rateLimitLogin: 100000, rateLimitForms: 100000 } });
  const db = s.app.database.db;
  orgA = Number((await db.selectFrom('orgs').select('id').where('name', 'like', '%市场监管分中心').executeTakeFirstOrThrow()).id);
  township = Number((await db.selectFrom('orgs').select('id').where('name', 'like', '%常青乡人民政府').executeTakeFirstOrThrow()).id);
});
after(() => s?.close());

test('the overview counts signals by department and level; the dashboard block shows the open red and yellow counts', async () => {
  await signal(orgA, 'yellow');
  await signal(orgA, 'red');
  await signal(township, 'red');
  const c = s.client();
  assert.equal((await c.login('supervisor')).status, 303);
  const o = await c.get('/admin/supervision');
  assert.equal(o.status, 200);
  assert.match(o.body, /洪江区政务服务中心市场监管分中心/);
  assert.match(o.body, /未消除的红牌/);
  const dash = await c.get('/admin');
  assert.match(dash.body, /id="dash-sup"/);
  const list = await c.get(`/admin/supervision/signals?org=${orgA}&level=red`);
  assert.equal(list.status, 200);
  assert.match(list.body, /办件 HJ2026-\d+ 已超过承诺时限/);
  assert.doesNotMatch(list.body, /<span class="badge warn">黄牌<\/span>/, 'filtered to red');
});

test('a signal page links its subject and shows the history; clearing needs 理由 and CSRF, then the row is kept and shown cleared', async () => {
  const id = await signal(orgA);
  const c = s.client();
  await c.login('supervisor');
  const p = await c.get(`/admin/supervision/signals/${id}`);
  assert.equal(p.status, 200);
  assert.match(p.body, /href="\/admin\/cases\/\d+"/);
  assert.match(p.body, /系统发出黄牌信号/);
  // No CSRF token: refused, nothing changes.
  const noCsrf = await c.post(`/admin/supervision/signals/${id}/clear`, { reason: '已办结' }, { csrf: false });
  assert.equal(noCsrf.status, 403);
  const empty = await c.post(`/admin/supervision/signals/${id}/clear`, { reason: '' });
  assert.equal(empty.status, 400);
  assert.match(empty.body, /理由/);
  const row0 = await s.app.database.db.selectFrom('supervision_signals').select('state').where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row0.state, 'raised');
  const ok = await c.post(`/admin/supervision/signals/${id}/clear`, { reason: '已补正材料并办结' });
  assert.equal(ok.status, 303);
  const after = await c.get(`/admin/supervision/signals/${id}`);
  assert.match(after.body, /消除，理由：已补正材料并办结/);
  assert.doesNotMatch(after.body, /action="\/admin\/supervision\/signals\/\d+\/clear"/, 'no clear form on a cleared signal');
  const again = await c.post(`/admin/supervision/signals/${id}/clear`, { reason: '再次消除' });
  assert.equal(again.status, 409);
});

test('督办 through the forms: the supervisor issues, the department’s window staff answers, the supervisor accepts', async () => {
  const id = await signal(orgA, 'red');
  const sup = s.client();
  await sup.login('supervisor');
  const issued = await sup.post('/admin/supervision/notices', { signalIds: String(id), requirement: '请说明原因，三日内办结', answerDays: '3' });
  assert.equal(issued.status, 303, issued.body.slice(0, 400));
  const nid = Number(/\/admin\/supervision\/notices\/(\d+)/.exec(issued.location ?? '')?.[1]);
  assert.ok(nid > 0);
  const bad = await sup.post('/admin/supervision/notices', { signalIds: String(id), requirement: '', answerDays: '3' });
  assert.equal(bad.status, 400);
  assert.match(bad.body, /督办要求/);

  const win = s.client();
  await win.login('window');
  const page = await win.get(`/admin/supervision/notices/${nid}`);
  assert.equal(page.status, 200);
  assert.match(page.body, /action="\/admin\/supervision\/notices\/\d+\/answer"/);
  assert.equal((await win.post(`/admin/supervision/notices/${nid}/answer`, { answer: '已于当日办结并送达' })).status, 303);
  assert.equal((await win.post(`/admin/supervision/notices/${nid}/accept`, {})).status, 403, 'window staff cannot accept');
  const decide = await sup.get(`/admin/supervision/notices/${nid}`);
  assert.match(decide.body, /审核通过/);
  assert.equal((await sup.post(`/admin/supervision/notices/${nid}/accept`, { note: '同意' })).status, 303);
  const done = await sup.get(`/admin/supervision/notices/${nid}`);
  assert.match(done.body, /已办结/);
  assert.match(done.body, /已于当日办结并送达/);
  const list = await sup.get('/admin/supervision/notices?state=accepted');
  assert.match(list.body, new RegExp(`/admin/supervision/notices/${nid}`));
});

test('a signal outside the viewer’s scope is not found; anonymous visitors are sent to log in', async () => {
  const id = await signal(orgA);
  const out = await s.client().get(`/admin/supervision/signals/${id}`);
  assert.equal(out.status, 303);
  assert.match(out.location ?? '', /^\/admin\/login/);
  const bad = s.client();
  await bad.login('supervisor');
  assert.equal((await bad.get('/admin/supervision/signals/abc')).status, 404);
  assert.equal((await bad.get('/admin/supervision/signals/99999999')).status, 404);
});

test('the rules editor saves a rule as typed and names a bad field in Chinese; the presets replace the rules', async () => {
  const c = s.client();
  await c.login('admin');
  const page = await c.get('/admin/supervision/rules');
  assert.equal(page.status, 200);
  assert.match(page.body, /承诺办结时限届满后第5个工作日红牌/);
  const form = {
    convention: 'custom',
    key_0: 'time.warning',
    basis_0: 'promised',
    unit_0: 'working',
    kind_0: 'offset',
    value_0: '-2',
    level_0: 'warning',
    key_1: 'time.red',
    basis_1: 'promised',
    unit_1: 'calendar',
    kind_1: 'offset',
    value_1: '7',
    level_1: 'red',
    key_2: '',
    'anomaly_refusal-without-reasons': 'red',
    'anomaly_step-over-limit': 'warning',
    'anomaly_fee-off-standard': 'yellow',
    'anomaly_offline-should-be-online': 'warning',
  };
  const bad = await c.post('/admin/supervision/rules', { ...form, value_1: 'x' });
  assert.equal(bad.status, 400);
  assert.match(bad.body, /第2条规则·触发点：天数应为整数/);
  const ok = await c.post('/admin/supervision/rules', form);
  assert.equal(ok.status, 303);
  const after = await c.get('/admin/supervision/rules');
  assert.match(after.body, /承诺办结时限届满前第2个工作日预警/);
  assert.match(after.body, /承诺办结时限届满后第7个自然日红牌/);
  const r = await s.app.ports.supervision.clock(s.app.database.db, { acceptedOn: '2026-11-02', promisedDays: 4, suspensions: [] }, '2026-11-30');
  assert.deepEqual([r.warnOn, r.yellowOn, r.redOn], ['2026-11-04', null, '2026-11-13']);
  assert.equal((await c.post('/admin/supervision/rules', { preset: 'b' })).status, 303);
  const sup = s.client();
  await sup.login('supervisor');
  const view = await sup.get('/admin/supervision/rules');
  assert.equal(view.status, 200);
  assert.doesNotMatch(view.body, /保存规则/, 'supervisors read the rules; the district office edits them');
  assert.equal((await sup.post('/admin/supervision/rules', { preset: 'a' })).status, 403);
});
