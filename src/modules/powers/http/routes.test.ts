import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testServer, type TestServer, type TestClient } from '../../../../test/support/app.ts';
import { auditHead, findForm, formValues, mobilesIn, residentIdsIn } from '../../../../test/support/hardening.ts';
import { execute } from '../../../platform/command.ts';
import { addUser } from '../../identity/index.ts';

/**
 * The power list over HTTP: the portal column (counts per category, the filters, one page per
 * power, the changes of the year — no personal data), and the back office's forms: CSRF on every
 * POST, a change refused (bad input, another org, a role that may only read) writes nothing.
 */
let s: TestServer;
let office: TestClient;
let hall: TestClient;
let window: TestClient;
let powerId: number;
before(async () => {
  s = await testServer({ demo: true });
  office = s.client();
  hall = s.client();
  window = s.client();
  await office.login('office');
  await hall.login('hall');
  await window.login('window');
  powerId = Number((await s.app.database.db.selectFrom('powers').select('id').where('code', '=', 'HJ-XK-0002').executeTakeFirstOrThrow()).id);
});
after(() => s?.close());

const count = async () =>
  Number(
    (
      await s.app.database.db
        .selectFrom('powers')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

test('the portal column: counts per category, filtered by category and department, one page per power, the changes of the year', async () => {
  const c = s.client();
  const list = await c.get('/powers');
  assert.equal(list.status, 200);
  assert.match(list.body, /权力清单/);
  assert.match(list.body, /行政处罚<\/a><span>2618 项/);
  assert.match(list.body, /本年度调整情况/);
  assert.match(list.body, /请选择职权类别或实施部门/, 'the list itself once a category or department is chosen');
  const lic = await s.app.database.db.selectFrom('power_categories').select('id').where('name', '=', '行政许可').executeTakeFirstOrThrow();
  const byCat = await c.get(`/powers?category=${lic.id}`);
  assert.match(byCat.body, /行政许可：共 169 项/);
  assert.doesNotMatch(byCat.body, /的处罚</);
  const commerce = await s.app.database.db.selectFrom('orgs').select('id').where('name', '=', '洪江区商务局').executeTakeFirstOrThrow();
  const both = await c.get(`/powers?category=${lic.id}&org=${commerce.id}`);
  assert.match(both.body, /酒类商品零售许可/);
  assert.doesNotMatch(both.body, /食品经营许可</);
  const page = await c.get(`/powers/${powerId}`);
  assert.equal(page.status, 200);
  assert.match(page.body, /食品经营许可/);
  assert.match(page.body, /设定依据/);
  assert.match(page.body, /监督电话/);
  assert.match(page.body, /2015-06-30/);
  const changes = await c.get('/powers/changes');
  assert.match(changes.body, /2026年权力清单调整情况/);
  assert.match(changes.body, /调整合并：并入/);
  assert.match(changes.body, /对见义勇为人员的表彰奖励/);
  const y16 = await c.get('/powers/changes?year=2016');
  assert.match(y16.body, /共 72 项/, '35 cancelled and 37 delegated in 2016');
  for (const body of [list.body, page.body, changes.body, y16.body]) {
    assert.deepEqual(mobilesIn(body), [], 'no mobile numbers');
    assert.deepEqual(residentIdsIn(body), [], 'no ID numbers');
  }
  assert.equal((await c.get('/powers/999999')).status, 404);
  assert.equal((await c.get('/powers/abc')).status, 404);
});

const newPower = (n: string, o: Record<string, string> = {}) => ({
  name: `测试权力${n}`,
  categoryId: '1',
  code: `HTTP-${n}`,
  orgId: '2',
  body: '洪江区管理委员会办公室',
  bodyKind: 'legal',
  legalBasis: '《湖南省行政程序规定》第十条\n《中华人民共和国行政许可法》第十二条',
  opening: 'add',
  onDate: '2026-11-27',
  ...o,
});

test('the office adds a power, corrects it and records a delegation through the forms; the basis is put highest authority first', async () => {
  const r = await office.post('/admin/powers', newPower('1'), { csrf: await office.token() });
  assert.equal(r.status, 303, r.body.slice(0, 300));
  const id = Number(/\/admin\/powers\/(\d+)$/.exec(r.location ?? '')?.[1]);
  const row = await s.app.database.db.selectFrom('powers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.legal_basis, '《中华人民共和国行政许可法》第十二条\n《湖南省行政程序规定》第十条');
  const page = await office.get(`/admin/powers/${id}`);
  const form = findForm(page.body, `/admin/powers/${id}`);
  assert.ok(form);
  const v = formValues(form);
  delete v._csrf;
  assert.equal((await office.post(`/admin/powers/${id}`, { ...v, timeLimit: '承诺5个工作日' }, { csrf: await office.token() })).status, 303);
  const township = await s.app.database.db.selectFrom('orgs').select('id').where('name', '=', '洪江区横岩乡人民政府').executeTakeFirstOrThrow();
  const d = await office.post(
    `/admin/powers/${id}/dispositions`,
    { kind: 'delegate', onDate: '2026-11-27', delegateOrgIds: String(township.id), mode: 'proxy' },
    { csrf: await office.token() },
  );
  assert.equal(d.status, 303);
  const after = await office.get(`/admin/powers/${id}`);
  assert.match(after.body, /承诺5个工作日/);
  assert.match(after.body, /下放至洪江区横岩乡人民政府（代办）/);
});

test('refusals write nothing: no CSRF token, a code failing the rule (named 权力编码), an org outside the grant, a role that only reads', async () => {
  const db = s.app.database.db;
  const before = { n: await count(), head: await auditHead(db) };
  assert.equal((await office.post('/admin/powers', newPower('2'), { csrf: false })).status, 403, 'no CSRF token');
  const bad = await office.post('/admin/powers', newPower('3', { code: 'HTTP 3' }), { csrf: await office.token() });
  assert.equal(bad.status, 400);
  assert.match(bad.body, /权力编码：编码“HTTP 3”不符合本省权力编码规则/);
  const unknownCat = await office.post('/admin/powers', newPower('4', { categoryId: '9999' }), { csrf: await office.token() });
  assert.equal(unknownCat.status, 400);
  assert.match(unknownCat.body, /职权类别：职权类别不在类别表中/);
  assert.equal(
    (await window.post('/admin/powers', newPower('5'), { csrf: await window.token() })).status,
    403,
    'window staff read the list, they do not change it',
  );
  assert.equal(
    (await window.post(`/admin/powers/${powerId}/dispositions`, { kind: 'cancel', onDate: '2026-11-27' }, { csrf: await window.token() })).status,
    403,
  );
  assert.equal((await window.get(`/admin/powers/${powerId}`)).status, 200, 'but may read it');
  // A manager of 常青乡's hall only: the office's department lies outside the grant.
  await execute(s.system, addUser, {
    username: 'cq-hall',
    displayName: '常青乡便民服务中心',
    orgId: 21,
    password: 'Hongjiang@2016',
    grants: [{ role: 'hall_manager', orgId: 21 }],
  });
  const cq = s.client();
  await cq.login('cq-hall');
  assert.equal((await cq.post('/admin/powers', newPower('6'), { csrf: await cq.token() })).status, 403, 'an org outside the grant');
  assert.equal((await cq.get(`/admin/powers/${powerId}`)).status, 403);
  assert.equal((await cq.post(`/admin/powers/${powerId}/dispositions`, { kind: 'cancel', onDate: '2026-11-27' }, { csrf: await cq.token() })).status, 403);
  const mine = await cq.post('/admin/powers', newPower('7', { orgId: '21', body: '洪江区常青乡人民政府' }), { csrf: await cq.token() });
  assert.equal(mine.status, 303, 'inside the grant it may');
  before.n += 1;
  before.head = await auditHead(db);
  const badDate = await hall.post(`/admin/powers/${powerId}/dispositions`, { kind: 'cancel', onDate: '2010-01-01' }, { csrf: await hall.token() });
  assert.equal(badDate.status, 400);
  assert.match(badDate.body, /处置日期：处置日期不能早于上一次调整/);
  const dup = await office.post('/admin/powers/categories', { name: '行政许可' }, { csrf: await office.token() });
  assert.equal(dup.status, 400);
  assert.deepEqual({ n: await count(), head: await auditHead(db) }, before);
});

test('import and export in the back office: an upload with a bad row names it and writes nothing; the download is the import layout', async () => {
  const db = s.app.database.db;
  const before = { n: await count(), head: await auditHead(db) };
  const head = '权力名称,职权类别,权力编码,实施主体,实施主体性质,设定依据,所属部门,处置情况,处置日期';
  const file = Buffer.from(
    `${head}\r\n测试导入一,行政检查,UP-1,洪江区商务局,法定机关,《中华人民共和国行政处罚法》第八条,洪江区商务局,新增,2026-11-01\r\n测试导入二,行政监督,UP-2,洪江区商务局,法定机关,《中华人民共和国行政处罚法》第八条,洪江区商务局,新增,2026-11-01\r\n`,
  );
  const r = await office.postMultipart('/admin/powers/import', {}, [{ field: 'file', name: '清单.csv', bytes: file }]);
  assert.equal(r.status, 400);
  assert.match(r.body, /第3行 职权类别：职权类别“行政监督”不在类别表中/);
  assert.deepEqual({ n: await count(), head: await auditHead(db) }, before, 'nothing written');
  const good = await office.postMultipart('/admin/powers/import', {}, [
    { field: 'file', name: '清单.csv', bytes: Buffer.from(file.toString().split('\r\n').slice(0, 2).join('\r\n')) },
  ]);
  assert.equal(good.status, 303);
  assert.equal(await count(), before.n + 1);
  const csv = await office.get('/admin/powers/export.csv');
  assert.equal(csv.status, 200);
  assert.match(String(csv.headers['content-disposition']), /filename\*=UTF-8''/);
  assert.match(csv.body, /^\uFEFF?权力名称,职权类别,权力编码/);
  assert.match(csv.body, /UP-1/);
  assert.equal((await office.get('/admin/powers/export.pdf')).status, 404);
});
