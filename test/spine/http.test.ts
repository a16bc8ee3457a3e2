import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testServer, type TestServer } from '../support/app.ts';

let s: TestServer;
before(async () => {
  s = await testServer({ demo: true });
});
after(() => s.close());

const auditCount = async () => Number((await s.app.database.db.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);

test('GET /healthz answers 200 with the database reachable', async () => {
  const r = await s.client().get('/healthz');
  assert.equal(r.status, 200);
  assert.equal(JSON.parse(r.body).status, 'ok');
});

test('the portal home is simplified Chinese by default and 繁體 on request, content included, remembered per visitor', async () => {
  const c = s.client();
  const home = await c.get('/');
  assert.equal(home.status, 200);
  assert.match(home.body, /<html lang="zh-Hans">/);
  assert.match(home.body, /洪江区人民政府/);
  const hant = await c.get('/?script=hant');
  assert.match(hant.body, /<html lang="zh-Hant">/);
  assert.match(hant.body, /洪江區人民政府/);
  assert.doesNotMatch(hant.body, /洪江区/);
  const again = await c.get('/accessibility');
  assert.match(again.body, /<html lang="zh-Hant">/, 'the choice is remembered in a cookie');
  const toggle = await c.get('/prefs/script?to=hans&back=/accessibility');
  assert.equal(toggle.status, 303);
  assert.equal(toggle.location, '/accessibility');
  assert.match((await c.get('/accessibility')).body, /<html lang="zh-Hans">/);
});

test('every page carries security headers, a skip link and a labelled search box', async () => {
  const r = await s.client().get('/');
  const csp = String(r.headers['content-security-policy']);
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  assert.ok(r.headers['referrer-policy']);
  assert.match(r.body, /class="skip-link" href="#main"/);
  assert.match(r.body, /<label for="site-q"/);
});

test('a redirect target outside the site is refused', async () => {
  const r = await s.client().get('/prefs/script?to=hant&back=//evil.example/x');
  assert.equal(r.location, '/');
});

test('a POST without a valid CSRF token is refused with 403 and changes nothing', async () => {
  const c = s.client();
  await c.login('admin');
  const before = await auditCount();
  const r = await c.post('/admin/orgs', { parentId: 1, kind: 'department', name: '洪江区新设局' }, { csrf: 'forged' });
  assert.equal(r.status, 403);
  assert.match(r.body, /表单已过期或来源不明/);
  assert.doesNotMatch(r.body, /CSRF/, 'no developer jargon reaches a user (issue 15, item 10)');
  const none = await c.post('/admin/orgs', { parentId: 1, kind: 'department', name: '洪江区新设局' }, { csrf: false });
  assert.equal(none.status, 403);
  assert.equal(await auditCount(), before);
  assert.equal(await s.app.database.db.selectFrom('orgs').select('id').where('name', '=', '洪江区新设局').executeTakeFirst(), undefined);
  const ok = await c.post('/admin/orgs', { parentId: 1, kind: 'department', name: '洪江区新设局' });
  assert.equal(ok.status, 303);
  assert.equal(await auditCount(), before + 1);
});

test('login sets an HttpOnly SameSite=Lax cookie; a wrong password gets a generic error', async () => {
  const c = s.client();
  const bad = await c.login('office', 'not-the-password');
  assert.equal(bad.status, 401);
  assert.match(bad.body, /用户名或密码不正确/);
  const token = await c.csrfFor();
  const res = await s.server.fastify.inject({
    method: 'POST',
    url: '/admin/login',
    payload: `username=office&password=Hongjiang%402016&_csrf=${encodeURIComponent(token)}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...c.cookies.entries()].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  assert.equal(res.statusCode, 303);
  const setCookie = String(res.headers['set-cookie']);
  assert.match(setCookie, /gk_sid=/);
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Lax/);
});

test('the back office requires login, and each page shows only what the role allows', async () => {
  const anon = s.client();
  const r = await anon.get('/admin/orgs');
  assert.equal(r.status, 303);
  assert.match(r.location ?? '', /^\/admin\/login\?next=/);

  const admin = s.client();
  await admin.login('admin');
  for (const p of ['/admin', '/admin/orgs', '/admin/users', '/admin/calendar', '/admin/settings']) {
    const page = await admin.get(p);
    assert.equal(page.status, 200, p);
  }
  assert.equal((await admin.get('/admin/audit')).status, 200, 'admins read the audit trail of their subtree');

  const editor = s.client();
  await editor.login('editor');
  assert.equal((await editor.get('/admin/audit')).status, 403);
  assert.equal((await editor.get('/admin/users')).status, 403);
  const dash = await editor.get('/admin');
  assert.doesNotMatch(dash.body, /href="\/admin\/users"/, 'the menu hides what the role cannot open');

  const auditor = s.client();
  await auditor.login('auditor');
  const audit = await auditor.get('/admin/audit?action=orgs.add');
  assert.equal(audit.status, 200);
  assert.match(audit.body, /orgs\.add/);
  const post = await auditor.post('/admin/calendar', { date: '2016-10-10', kind: 'holiday', reason: '测试' });
  assert.equal(post.status, 403, 'auditors are read-only');
});

test('a form with bad input re-renders with each field named and writes nothing', async () => {
  const c = s.client();
  await c.login('admin');
  const before = await auditCount();
  const r = await c.post('/admin/orgs', { parentId: 1, kind: 'department', name: '洪江区错误局', code: '123456789', email: 'not-an-email' });
  assert.equal(r.status, 400);
  assert.match(r.body, /error-summary/);
  assert.match(r.body, /组织机构代码校验码错误|机构代码/);
  assert.match(r.body, /电子邮箱格式不正确/);
  assert.equal(await auditCount(), before);
});

test('changing the calendar in the back office is audited and shows in the calculator', async () => {
  const c = s.client();
  await c.login('admin');
  const r = await c.post('/admin/calendar', { date: '2016-10-10', kind: 'holiday', reason: '本地防汛放假' });
  assert.equal(r.status, 303);
  const page = await c.get('/admin/calendar?year=2016&from=2016-09-30&n=15');
  assert.match(page.body, /第 15 个工作日是 <strong>2016-10-27<\/strong>/);
  const entry = await s.app.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'calendar.set').executeTakeFirstOrThrow();
  assert.match(entry.summary, /本地防汛放假/);
});

test('unknown pages answer 404 in the site layout; API errors answer JSON', async () => {
  const r = await s.client().get('/no/such/page');
  assert.equal(r.status, 404);
  assert.match(r.body, /页面不存在/);
});

test('the audit trail reads in plain Chinese: the demo loader and the public by name, Beijing time, no command-line advice (issue 15, items 8 and 10)', async () => {
  const auditor = s.client();
  await auditor.login('auditor');
  const page = await auditor.get('/admin/audit?actor=demo');
  assert.equal(page.status, 200);
  assert.match(page.body, /<td>演示数据载入<\/td>/);
  assert.doesNotMatch(page.body, /<td>demo<\/td>|<td>public<\/td>|gongkai audit|UTC/);
  const row = await s.app.database.db
    .selectFrom('audit_log')
    .select(['seq', 'at'])
    .where('actor_name', '=', 'demo')
    .orderBy('seq', 'desc')
    .executeTakeFirstOrThrow();
  const beijing = new Date(new Date(row.at).getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
  assert.ok(page.body.includes(`<td class="nowrap">${beijing}</td>`), `the newest demo entry at ${beijing} (Beijing time)`);
});

test('the audit trail names actions, objects and changes in Chinese, and exports the selection as XLSX (issue 15, item 8)', async () => {
  const auditor = s.client();
  await auditor.login('auditor');
  const validity = await auditor.get('/admin/audit?action=catalogue.validity');
  assert.match(validity.body, />变更有效性</);
  assert.match(validity.body, /<li>有效性：有效 → (废止|失效)<\/li>/);
  assert.match(validity.body, /信息 关于[^<]+（[0-9A-Z-]+\/[^<]+）/, 'the item by its title and 索引号');
  assert.doesNotMatch(validity.body, /"before"|catalogue_item|>catalogue\.validity</);
  const logins = await auditor.get('/admin/audit?action=identity.login');
  assert.match(logins.body, /<td>周敏（auditor）<\/td>/, 'a staff login names the account, not the public');
  const x = await auditor.get('/admin/audit/export.xlsx?action=catalogue.validity');
  assert.equal(x.status, 200);
  assert.match(String(x.headers['content-type']), /spreadsheetml/);
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(x.raw! as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  assert.equal(ws.getRow(1).getCell(5).value, '操作');
  assert.equal(ws.getRow(2).getCell(5).value, '变更有效性');
  const n = Number(/共 (\d+) 条/.exec(validity.body)?.[1]);
  assert.equal(ws.rowCount - 1, n, 'every selected entry, not only the first page');
  const anonymous = await s.client().get('/admin/audit/export.xlsx');
  assert.notEqual(anonymous.status, 200);
});
