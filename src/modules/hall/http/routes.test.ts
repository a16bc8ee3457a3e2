import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testServer, type TestServer, type TestClient } from '../../../../test/support/app.ts';
import { auditHead, TINY_PNG } from '../../../../test/support/hardening.ts';
import { execute } from '../../../platform/command.ts';
import { addUser } from '../../identity/index.ts';
import { findOrg } from '../../orgs/index.ts';
import { lettersOf, listWindows, siteOfOrg, windowByNumber } from '../repo.ts';

/**
 * The hall's pages over HTTP (services.md §2): the public 便民服务网点 page with the network and the
 * centre's windows but no staff names; the back-office forms (CSRF, field errors, nothing written on
 * a refusal); the authorisation letter, staff-only, downloaded with safe headers. Both engines.
 */
let s: TestServer;
let hall: TestClient;
let centre: number;
before(async () => {
  s = await testServer({ demo: true });
  hall = s.client();
  assert.equal((await hall.login('hall')).status, 303);
  centre = (await findOrg(s.app.database.db, '洪江区政务服务中心'))!.id;
  const cq = (await findOrg(s.app.database.db, '常青乡'))!.id;
  await execute(s.system, addUser, {
    username: 'cq-hall',
    displayName: '常青乡中心管理员',
    orgId: cq,
    password: 'Hongjiang@2016',
    grants: [{ role: 'hall_manager', orgId: cq }],
  });
});
after(() => s?.close());

async function download(c: TestClient, url: string) {
  const res = await s.server.fastify.inject({ method: 'GET', url, headers: { cookie: [...c.cookies.entries()].map(([k, v]) => `${k}=${v}`).join('; ') } });
  return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload, location: res.headers.location };
}

test('the public 便民服务网点 page lists the centre, its windows, the branch centres and every open centre and station, with the coverage — and no staff names', async () => {
  const r = await s.client().get('/wangdian');
  assert.equal(r.status, 200);
  for (const want of [
    '洪江区政务服务中心',
    '综合受理窗口',
    'HJ-XK-0001-01',
    '并联审批',
    '绿色通道',
    '市场监管分中心',
    '常青乡便民服务中心',
    '一楼设4个服务大厅',
    '熊家桥社区便民服务站',
    '0745-7638001',
    '23/38',
    '（60%）',
    '7/7',
  ])
    assert.ok(r.body.includes(want), `the page shows ${want}`);
  // Nobody's name: neither the 首席代表 nor the window staff (黄丽).
  for (const w of await listWindows(s.app.database.db)) assert.ok(!r.body.includes(w.chiefName), `the page shows the chief ${w.chiefName}`);
  assert.ok(!r.body.includes('黄丽'));
  assert.ok(!r.body.includes('授权书'));
  // A village without a station is not listed as one.
  assert.ok(!r.body.includes('大湾村便民服务站'));
  // In traditional script too, and in the portal menu.
  const hant = await s.client().get('/wangdian?script=hant');
  assert.equal(hant.status, 200);
  assert.ok(hant.body.includes('便民服務網點'));
  assert.ok((await s.client().get('/')).body.includes('href="/wangdian"'));
});

test('the authorisation letter is staff-only: anonymous visitors are sent to log in; staff get it as an attachment, not cached, its type as sniffed', async () => {
  const w = (await windowByNumber(s.app.database.db, centre, '01'))!;
  const [letter] = await lettersOf(s.app.database.db, w.id);
  const url = `/admin/hall/windows/${w.id}/letters/${letter!.id}`;
  const anon = await download(s.client(), url);
  assert.ok(anon.status === 303 || anon.status === 401, `anonymous: ${anon.status}`);
  assert.ok(!anon.bytes.subarray(0, 4).equals(Buffer.from('%PDF')));
  const staff = await download(hall, url);
  assert.equal(staff.status, 200);
  assert.equal(staff.headers['content-type'], 'application/pdf');
  assert.match(String(staff.headers['content-disposition']), /^attachment; filename="letter"; filename\*=UTF-8''/);
  assert.match(String(staff.headers['cache-control']), /no-store/);
  assert.equal(staff.headers['x-content-type-options'], 'nosniff');
  assert.equal(staff.bytes.subarray(0, 4).toString(), '%PDF');
  // A letter of another window under this window's address is not found.
  const other = (await windowByNumber(s.app.database.db, centre, '02'))!;
  assert.equal((await download(hall, `/admin/hall/windows/${other.id}/letters/${letter!.id}`)).status, 404);
  // The township's manager does not see the district centre's windows at all.
  const cq = s.client();
  await cq.login('cq-hall');
  assert.equal((await download(cq, url)).status, 404);
  assert.equal((await cq.get(`/admin/hall/windows/${w.id}`)).status, 404);
});

test('the window form: a number used twice is re-rendered naming the field, writes nothing; without the CSRF token nothing happens; a good form creates the window', async () => {
  const db = s.app.database.db;
  const dept = (await findOrg(db, '洪江区商务局'))!.id;
  const form = {
    centreOrgId: String(centre),
    number: '01',
    name: '重复的窗口',
    departmentOrgId: String(dept),
    kind: 'single',
    chiefName: '某代表',
    itemCodes: 'HJ-XK-0003-01',
  };
  const head = await auditHead(db);
  const dup = await hall.post('/admin/hall/windows', form, { csrf: await hall.token() });
  assert.equal(dup.status, 400);
  assert.match(dup.body, /窗口编号：窗口编号 01 已被“综合受理窗口”使用/);
  assert.match(dup.body, /value="重复的窗口"/, 'the values typed are kept');
  const noCsrf = await hall.post('/admin/hall/windows', { ...form, number: '41' }, { csrf: false });
  assert.equal(noCsrf.status, 403);
  assert.equal(await auditHead(db), head);
  assert.equal(await windowByNumber(db, centre, '41'), undefined);
  const ok = await hall.post('/admin/hall/windows', { ...form, number: '41', greenChannel: 'on' }, { csrf: await hall.token() });
  assert.equal(ok.status, 303);
  const created = (await windowByNumber(db, centre, '41'))!;
  assert.equal(ok.location, `/admin/hall/windows/${created.id}`);
  const page = await hall.get(ok.location!);
  assert.match(page.body, /已设立窗口/);
  assert.match(page.body, /绿色通道<\/th><td>开设/);
  // Staff assignment and the letter upload through the page's forms.
  assert.equal((await hall.post(`/admin/hall/windows/${created.id}/staff`, { username: 'window' }, { csrf: await hall.token() })).status, 303);
  assert.match((await hall.get(`/admin/hall/windows/${created.id}`)).body, /黄丽/);
  const bad = await hall.postMultipart(`/admin/hall/windows/${created.id}/letter`, {}, [{ field: 'file', name: '授权书.pdf', bytes: Buffer.from('不是PDF') }], {
    csrf: await hall.token(),
  });
  assert.equal(bad.status, 400);
  assert.match(bad.body, /授权书只接受 PDF 文件或 PNG、JPEG 图片/);
  const noToken = await hall.postMultipart(`/admin/hall/windows/${created.id}/letter`, {}, [{ field: 'file', name: 'scan.png', bytes: TINY_PNG }], {
    csrf: false,
  });
  assert.equal(noToken.status, 403);
  assert.equal((await lettersOf(db, created.id)).length, 0);
  const good = await hall.postMultipart(`/admin/hall/windows/${created.id}/letter`, {}, [{ field: 'file', name: 'scan.png', bytes: TINY_PNG }], {
    csrf: await hall.token(),
  });
  assert.equal(good.status, 303);
  assert.equal((await lettersOf(db, created.id))[0]?.mime, 'image/png');
});

test('the site form: a station on a township is refused on 所在机构 and writes nothing; the coverage page lists the villages still without a station', async () => {
  const db = s.app.database.db;
  const township = (await findOrg(db, '横岩乡'))!.id;
  const village = (await findOrg(db, '横岩乡老鸦溪村'))!.id;
  const head = await auditHead(db);
  const bad = await hall.post(
    '/admin/hall/sites',
    { orgId: String(township), kind: 'station', name: '横岩乡便民服务站', establishedOn: '2020-01-01' },
    { csrf: await hall.token() },
  );
  assert.equal(bad.status, 400);
  assert.match(bad.body, /所在机构：“洪江区横岩乡人民政府”是乡，不能登记便民服务站/);
  assert.equal(await auditHead(db), head);
  const before = await hall.get('/admin/hall/coverage?date=2026-11-27');
  assert.equal(before.status, 200);
  assert.match(before.body, /23\/38/);
  assert.match(before.body, /尚未建立便民服务站的村、社区（15 个）/);
  assert.match(before.body, /横岩乡老鸦溪村/);
  const ok = await hall.post(
    '/admin/hall/sites',
    { orgId: String(village), kind: 'station', name: '老鸦溪村便民服务站', phone: '0745-7640999', establishedOn: '2026-11-01' },
    { csrf: await hall.token() },
  );
  assert.equal(ok.status, 303);
  assert.ok(await siteOfOrg(db, village));
  const after = await hall.get('/admin/hall/coverage?date=2026-11-27');
  assert.match(after.body, /24\/38/);
  assert.match(after.body, /（14 个）/);
  // The 2016 view: 21 of 38, printed 55%.
  const y2016 = await hall.get('/admin/hall/coverage?date=2016-12-31');
  assert.match(y2016.body, /21\/38/);
  assert.match(y2016.body, /（55%）/);
  // The township manager's coverage is their township; the district is not theirs.
  const cq = s.client();
  await cq.login('cq-hall');
  const own = await cq.get('/admin/hall/coverage?date=2016-12-31');
  assert.equal(own.status, 200);
  assert.match(own.body, /3\/5/);
  const root = (await findOrg(db, '洪江区管理委员会'))!.id;
  assert.equal((await cq.get(`/admin/hall/coverage?org=${root}`)).status, 404);
});
