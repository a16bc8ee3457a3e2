import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testServer, type TestServer, type TestClient } from '../../../../test/support/app.ts';
import { auditHead } from '../../../../test/support/hardening.ts';
import { execute } from '../../../platform/command.ts';
import { addUser } from '../../identity/index.ts';
import { findOrg } from '../../orgs/index.ts';
import { demoPdf } from '../demo.ts';
import { findItemByCode, versionsOf } from '../repo.ts';

/**
 * The guides over HTTP: the portal's 办事服务 browse, the printable guide page and its downloads,
 * the portal search in traditional script, and the back office (CSRF, the editor with uploads,
 * refusals that write nothing, the completeness list and dashboard block).
 */
let s: TestServer;
let office: TestClient;
before(async () => {
  s = await testServer({ demo: true });
  office = s.client();
  await office.login('office');
});
after(() => s?.close());

const db = () => s.app.database.db;
async function count(table: 'guide_versions' | 'guide_files' | 'service_items'): Promise<number> {
  return Number(
    (
      await db()
        .selectFrom(table)
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

test('办事服务: browse by theme, life event and department; the guide page prints every element and offers its downloads', async () => {
  const c = s.client();
  const home = await c.get('/banshi');
  assert.equal(home.status, 200);
  for (const x of ['按主题', '市场准入', '个人办事（人生事件）', '出生', '法人办事（企业生命周期）', '创业', '按部门', '洪江区教育局'])
    assert.ok(home.body.includes(x), x);
  const theme = (await db().selectFrom('guide_tags').select('id').where('name', '=', '创业').executeTakeFirstOrThrow()).id;
  const byTheme = await c.get(`/banshi/topic/${theme}`);
  assert.match(byTheme.body, /href="\/banshi\/guide\/HJ-XK-0001-01"/);
  assert.doesNotMatch(byTheme.body, /HJ-XK-0008-01/);
  const edu = (await findOrg(db(), '洪江区教育局'))!.id;
  const byDept = await c.get(`/banshi/dept/${edu}`);
  assert.match(byDept.body, /民办学校设立审批/);
  assert.equal((await c.get('/banshi/dept/999999')).status, 404);

  const g = await c.get('/banshi/guide/HJ-XK-0002-01');
  assert.equal(g.status, 200);
  for (const label of [
    '事项名称',
    '事项编码',
    '事项类型',
    '主管部门',
    '实施主体',
    '设定依据',
    '受理条件',
    '申请材料',
    '办理流程',
    '法定办结时限',
    '承诺办结时限',
    '特别程序',
    '收费',
    '办理地点',
    '办理时间',
    '到现场次数',
    '网上办理深度',
    '咨询电话',
    '投诉电话',
    '办理结果',
  ])
    assert.ok(g.body.includes(`<th scope="row">${label}</th>`), label);
  assert.match(g.body, /现场核查（不计入办结时限）/);
  assert.match(g.body, /<link rel="stylesheet" href="\/guides\.css\?v=/);
  const css = await c.get('/guides.css');
  assert.match(css.body, /@page \{\s*size: A4/);
  assert.match(css.body, /@media print/);

  // A form download: the sniffed type, as an attachment, never sniffed by the browser.
  const link = /href="(\/banshi\/files\/\d+)" download>下载空白表格/.exec(g.body)?.[1];
  assert.ok(link, 'the guide links its blank form');
  const f = await c.get(link);
  assert.equal(f.status, 200);
  assert.equal(f.headers['content-type'], 'application/pdf');
  assert.match(String(f.headers['content-disposition']), /^attachment; filename="file"; filename\*=UTF-8''/);
  assert.equal(f.headers['x-content-type-options'], 'nosniff');
  assert.ok(f.body.startsWith('%PDF'));
  assert.equal((await c.get('/banshi/files/999999')).status, 404);

  // The two versions of HJ-XK-0001-01: the current one, and the 2016 one on request.
  const cur = await c.get('/banshi/guide/HJ-XK-0001-01');
  assert.match(cur.body, /<th scope="row">承诺办结时限<\/th><td>3 个工作日/);
  const old = await c.get('/banshi/guide/HJ-XK-0001-01?version=1');
  assert.match(old.body, /<th scope="row">承诺办结时限<\/th><td>5 个工作日/);
  assert.match(old.body, /不是现行版本/);
  // The incomplete guide says so on the portal.
  assert.match(
    (await c.get('/banshi/guide/HJ-XK-0003-01')).body,
    /本指南以下要素正在完善，办理前请致电咨询：申请材料“酒类商品零售许可申请表”的示例样表、办理时间、投诉电话/,
  );
  assert.equal((await c.get('/banshi/guide/NO-SUCH')).status, 404);
});

test('the portal search finds a guide by a traditional-script query, above the catalogue results', async () => {
  const c = s.client();
  for (const q of ['個體工商戶', '个体工商户', '住房公積金', 'hj-xk-0008']) {
    const r = await c.get(`/search?q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 200);
    assert.match(r.body, /<h2 id="search-guides">办事指南<\/h2>/, q);
  }
  const r = await c.get(`/search?q=${encodeURIComponent('個體工商戶')}`);
  assert.match(r.body, /href="\/banshi\/guide\/HJ-XK-0001-01"/);
  assert.ok(r.body.indexOf('search-guides') < r.body.indexOf('catalogue-results') || !r.body.includes('catalogue-results'));
  assert.doesNotMatch((await c.get(`/search?q=${encodeURIComponent('火星移民')}`)).body, /search-guides/);
});

test('back office: the tree, the item page with its completeness check, the incomplete list and the dashboard block', async () => {
  const tree = await office.get('/admin/guides');
  assert.equal(tree.status, 200);
  assert.match(tree.body, /缺 3 项要素/);
  assert.match(tree.body, /绿色通道/);
  assert.match(tree.body, /并联审批/);
  const list = await office.get('/admin/guides/incomplete');
  assert.match(list.body, /共 1 个事项/);
  assert.match(list.body, /酒类商品零售许可/);
  const dash = await office.get('/admin');
  assert.match(dash.body, /<span class="value">1<\/span><p class="label">要素不全的办事指南/);
  const item = (await findItemByCode(db(), 'HJ-XK-0008-01'))!;
  const p = await office.get(`/admin/guides/items/${item.id}`);
  assert.match(p.body, /完整性检查：现行版本要素齐全/);
  assert.match(p.body, /窗口受理、后台办理：洪江区机构编制委员会办公室、洪江区财政局/);
  const v = await office.get(`/admin/guides/items/${item.id}/versions/1`);
  assert.equal(v.status, 200);
  assert.equal((await office.get(`/admin/guides/items/${item.id}/versions/9`)).status, 404);
  // Read-only staff see the pages without the change controls.
  const auditor = s.client();
  await auditor.login('auditor');
  const ap = await auditor.get(`/admin/guides/items/${item.id}`);
  assert.equal(ap.status, 200);
  assert.doesNotMatch(ap.body, /编写新版本|保存修改/);
  assert.equal((await auditor.get(`/admin/guides/items/${item.id}/guide`)).status, 403);
});

test('the guide editor: a new version with an uploaded form; bad uploads and limits refused naming the field, writing nothing', async () => {
  const item = (await findItemByCode(db(), 'HJ-XK-0003-01'))!;
  const url = `/admin/guides/items/${item.id}/guide`;
  const editor = await office.get(url);
  assert.equal(editor.status, 200);
  // The editor starts from the latest version's values.
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(editor.body)?.[1] ?? '';
  const base: Record<string, string> = {
    effectiveFrom: '2026-11-27',
    implementingBody: '洪江区商务局',
    legalBasis: '《湖南省酒类商品经营管理办法》',
    conditions: '已取得营业执照',
    procedure: '申请 → 受理 → 决定',
    legalDays: '20',
    promisedDays: '7',
    feeBasis: '不收费',
    place: '洪江区商务局二楼',
    hours: '工作日 9:00—17:00',
    visits: '1',
    onlineDepth: '仅线下',
    consultPhone: '0745-7631070',
    complaintPhone: '0745-7631012',
    resultDoc: '酒类商品零售许可证',
    m0_name: field('m0_name'),
    m0_needsForm: '1',
    m0_formFileId: field('m0_formFileId'),
    m0_sampleFileId: '',
    m1_name: field('m1_name'),
  };
  assert.equal(base.m0_name, '酒类商品零售许可申请表');
  assert.ok(base.m0_formFileId, 'the existing form is kept by id');
  const before = { v: await count('guide_versions'), f: await count('guide_files'), head: await auditHead(db()) };

  // Without the CSRF token: refused, nothing written.
  const noCsrf = await office.postMultipart(url, base, [{ field: 'm0_sample', name: '样表.pdf', bytes: demoPdf('sample') }], { csrf: false });
  assert.equal(noCsrf.status, 403);
  // An executable named .pdf, and 承诺 over 法定: refused with the field named, nothing written.
  const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 0x90)]);
  const bad = await office.postMultipart(url, base, [{ field: 'm0_sample', name: '样表.pdf', bytes: exe }]);
  assert.equal(bad.status, 400);
  assert.match(bad.body, /示例样表《样表\.pdf》的实际内容/);
  assert.match(bad.body, /href="#f-materials-0-sample"/);
  const over = await office.postMultipart(url, { ...base, promisedDays: '30' }, []);
  assert.equal(over.status, 400);
  assert.match(over.body, /承诺办结时限（30个工作日）不能超过法定办结时限（20个工作日）/);
  const neg = await office.postMultipart(url, { ...base, legalDays: '-2' }, []);
  assert.match(neg.body, /法定办结时限不能为负数/);
  assert.deepEqual({ v: await count('guide_versions'), f: await count('guide_files'), head: await auditHead(db()) }, before);

  // With the sample uploaded and the missing elements filled: a complete new version.
  const ok = await office.postMultipart(url, base, [{ field: 'm0_sample', name: '酒类零售许可申请表（示例）.pdf', bytes: demoPdf('sample') }]);
  assert.equal(ok.status, 303, ok.body.slice(0, 300));
  assert.equal(await count('guide_versions'), before.v + 1);
  assert.equal(await count('guide_files'), before.f + 1);
  const versions = await versionsOf(db(), item.id);
  assert.equal(versions.length, 2);
  const v2 = versions.at(-1)!;
  assert.equal(v2.materials[0]?.formFileId, Number(base.m0_formFileId), 'the kept form');
  assert.ok(v2.materials[0]?.sampleFileId, 'the uploaded sample');
  assert.match((await office.get(`/admin/guides/items/${item.id}`)).body, /完整性检查：现行版本要素齐全/);
  assert.match((await office.get('/admin/guides/incomplete')).body, /所有办事指南要素齐全/);
  // The first version is kept and still says what it lacked.
  assert.match((await office.get(`/admin/guides/items/${item.id}/versions/1`)).body, /缺少 3 项要素/);
});

test('items: add under a parent, edit; a change outside the grant’s subtree is refused and writes nothing', async () => {
  const sub = (await findItemByCode(db(), 'HJ-XK-0002-0'))!;
  const r = await office.post('/admin/guides/items', {
    level: 'task',
    parentId: String(sub.id),
    code: 'HJ-XK-0002-02',
    name: '食品经营许可（变更）',
    kind: '变更',
    itemType: '行政许可',
    orgId: String(sub.orgId),
    greenChannel: '1',
    sortOrder: '2',
  });
  assert.equal(r.status, 303);
  const added = (await findItemByCode(db(), 'HJ-XK-0002-02'))!;
  assert.equal(added.greenChannel, true);
  assert.equal(added.kind, '变更');
  const missingKind = await office.post('/admin/guides/items', {
    level: 'task',
    parentId: String(sub.id),
    code: 'HJ-XK-0002-03',
    name: '无类型',
    itemType: '行政许可',
    orgId: String(sub.orgId),
  });
  assert.equal(missingKind.status, 400);
  assert.match(missingKind.body, /业务办理项须选择办理项类型/);
  assert.equal(await findItemByCode(db(), 'HJ-XK-0002-03'), undefined);

  // A service-centre manager granted only on 常青乡.
  const township = (await findOrg(db(), '洪江区常青乡人民政府'))!;
  await execute(s.system, addUser, {
    username: 'hall-cq',
    displayName: '常青乡中心',
    orgId: township.id,
    password: 'Hongjiang@2016',
    grants: [{ role: 'hall_manager', orgId: township.id }],
  });
  const out = s.client();
  await out.login('hall-cq');
  const head = await auditHead(db());
  const items = await count('service_items');
  const edit = await out.post(`/admin/guides/items/${added.id}`, {
    level: 'task',
    parentId: String(sub.id),
    code: 'HJ-XK-0002-02',
    name: '改名',
    kind: '变更',
    itemType: '行政许可',
    orgId: String(sub.orgId),
  });
  assert.equal(edit.status, 403);
  const create = await out.post('/admin/guides/items', { level: 'main', code: 'HJ-OUT-9', name: '越权', itemType: '行政许可', orgId: String(sub.orgId) });
  assert.equal(create.status, 403);
  assert.equal((await out.get(`/admin/guides/items/${added.id}/guide`)).status, 403);
  assert.equal(await auditHead(db()), head);
  assert.equal(await count('service_items'), items);
  assert.equal((await findItemByCode(db(), 'HJ-XK-0002-02'))!.name, '食品经营许可（变更）');
  // Its own township: allowed.
  const mine = await out.post('/admin/guides/items', {
    level: 'main',
    code: 'HJ-CQ-9',
    name: '常青乡便民事项',
    itemType: '公共服务',
    orgId: String(township.id),
  });
  assert.equal(mine.status, 303);
  // Without a CSRF token nothing happens.
  const noCsrf = await office.post(
    `/admin/guides/items/${added.id}`,
    { level: 'task', parentId: String(sub.id), code: 'HJ-XK-0002-02', name: '改名', kind: '变更', itemType: '行政许可', orgId: String(sub.orgId) },
    { csrf: false },
  );
  assert.equal(noCsrf.status, 403);
  assert.equal((await findItemByCode(db(), 'HJ-XK-0002-02'))!.name, '食品经营许可（变更）');
});

test('themes and life events are data: added at the root, refused inside a township grant, listed on the portal', async () => {
  const r = await office.post('/admin/guides/tags', { kind: 'event', audience: 'individual', name: '参军' });
  assert.equal(r.status, 303);
  assert.match((await s.client().get('/banshi')).body, /参军/);
  const dup = await office.post('/admin/guides/tags', { kind: 'event', audience: 'individual', name: '参军' });
  assert.equal(dup.status, 400);
  assert.match(dup.body, /“参军”已经存在/);
  const noAudience = await office.post('/admin/guides/tags', { kind: 'event', audience: '', name: '入伍' });
  assert.match(noAudience.body, /人生事件须选择服务对象/);
  const out = s.client();
  await out.login('hall-cq');
  const head = await auditHead(db());
  assert.equal((await out.post('/admin/guides/tags', { kind: 'theme', audience: '', name: '越权主题' })).status, 403);
  assert.equal(await auditHead(db()), head);
  assert.doesNotMatch((await office.get('/admin/guides/tags')).body, /越权主题/);
});
