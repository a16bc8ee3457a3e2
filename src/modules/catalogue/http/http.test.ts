import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testServer, type TestServer, type TestClient } from '../../../../test/support/app.ts';

let s: TestServer;
before(async () => {
  s = await testServer({ demo: true });
});
after(() => s.close());

const db = () => s.app.database.db;
const auditCount = async () => Number((await db().selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);

async function multipart(c: TestClient, url: string, fields: Record<string, string>, file: { name: string; bytes: Buffer }) {
  const boundary = `----gk${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  const res = await s.server.fastify.inject({
    method: 'POST',
    url,
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: [...c.cookies.entries()].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  return { status: res.statusCode, body: res.body, location: res.headers.location as string | undefined };
}

async function newDraft(c: TestClient, title: string, body = '正文') {
  const r = await c.post('/admin/catalogue', { orgId: 2, columnId: 1, title, body, formedOn: '2026-11-20', topic: '综合政务/政务公开', genre: '通知' });
  assert.equal(r.status, 303, r.body.slice(0, 500));
  return Number(/\/admin\/catalogue\/(\d+)/.exec(r.location!)![1]);
}

test('the home page shows the seed columns with their newest items, and column pages paginate', async () => {
  const c = s.client();
  const home = await c.get('/');
  for (const name of [
    '政务信息',
    '依申请公开',
    '规范性文件',
    '部门动态',
    '领导之窗',
    '信息公开指南',
    '政府公告',
    '政府公报',
    '政府文件',
    '人事任免',
    '财政信息',
  ])
    assert.match(home.body, new RegExp(`<h2 id="col-[a-z]+">${name}</h2>`));
  const col = await c.get('/column/zwxx');
  assert.equal(col.status, 200);
  assert.match(col.body, /共 \d+ 条，第 1\/\d+ 页/);
  assert.match(col.body, /rel="next"/);
  assert.equal((await c.get('/column/zwxx?page=9999')).status, 404);
  assert.equal((await c.get('/column/nope')).status, 404);
});

test('an item page shows the catalogue fields in the table layout and converts to traditional script', async () => {
  const it = await db()
    .selectFrom('cat_items')
    .select(['index_no', 'title', 'doc_no'])
    .where('is_public', '=', 1)
    .where('doc_no', '!=', '')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const c = s.client();
  const r = await c.get(`/item/${it.index_no}`);
  assert.equal(r.status, 200);
  for (const label of ['索引号', '主题分类', '发布机构', '成文日期', '文号', '发布日期', '名称', '体裁', '有效性', '内容概述'])
    assert.match(r.body, new RegExp(`<th scope="row">${label}</th>`));
  assert.ok(r.body.includes(it.index_no!));
  const hant = await c.get(`/item/${it.index_no}?script=hant`);
  assert.match(hant.body, /<th scope="row">發佈機構<\/th>/);
  assert.equal((await s.client().get('/item/000000000/2016-99999')).status, 404);
});

test('the guide is generated from the org records and settings: office, address, hours, phone, deadlines, fees, remedies', async () => {
  const r = await s.client().get('/guide');
  assert.equal(r.status, 200);
  for (const s1 of [
    '洪江区政务公开政务服务办公室',
    '湖南省怀化市洪江区沅江路8号',
    '周一至周五',
    '0745-7631001',
    '20个工作日',
    '国办函〔2020〕109号',
    '行政复议',
    '6个月',
    '洪江区档案馆',
  ])
    assert.ok(r.body.includes(s1), s1);
  const dept = await s.client().get('/guide?org=7');
  assert.match(dept.body, /<h1>洪江区[^<]+政府信息公开指南<\/h1>/);
});

test('search finds two-character queries in either script, highlights them, and offers facets and sorting', async () => {
  const c = s.client();
  const r = await c.get(`/search?q=${encodeURIComponent('復議')}`);
  assert.equal(r.status, 200);
  assert.match(r.body, /找到 (约 )?\d+ 条结果/);
  assert.match(r.body, /<mark>复议<\/mark>/);
  assert.match(r.body, /<h2 id="sf-org">发布机构<\/h2>/);
  const byDate = await c.get(`/search?q=${encodeURIComponent('低保')}&sort=date`);
  const dates = [...byDate.body.matchAll(/ · (\d{4}-\d{2}-\d{2})/g)].map((m) => m[1]);
  assert.deepEqual(dates, [...dates].sort().reverse());
  const none = await c.get(`/search?q=${encodeURIComponent('<script>alert(1)</script>')}`);
  assert.doesNotMatch(none.body, /<script>alert/);
});

test('the open-data API lists, fetches by index number and searches, with cache headers; bad parameters are 400 with the field', async () => {
  const c = s.client();
  const list = await c.get('/api/v1/items?year=2016&column=zfwj&pageSize=5');
  assert.equal(list.status, 200);
  assert.match(String(list.headers['cache-control']), /public, max-age=\d+/);
  const body = JSON.parse(list.body);
  assert.ok(body.total > 5);
  assert.equal(body.items.length, 5);
  assert.ok(body.items.every((i: { publishedOn: string; column: { key: string } }) => i.publishedOn.startsWith('2016') && i.column.key === 'zfwj'));
  const one = await c.get(`/api/v1/items/${body.items[0].indexNo}`);
  assert.equal(JSON.parse(one.body).indexNo, body.items[0].indexNo);
  const enc = await c.get(`/api/v1/items/${encodeURIComponent(body.items[0].indexNo)}`);
  assert.equal(enc.status, 200);
  const srch = JSON.parse((await c.get(`/api/v1/search?q=${encodeURIComponent('信訪')}&pageSize=3`)).body);
  assert.ok(srch.total > 0);
  assert.ok(
    srch.hits[0].snippet.some((x: { hit: boolean; text: string }) => x.hit && x.text === '信访') || srch.hits[0].title.some((x: { hit: boolean }) => x.hit),
  );
  const bad = await c.get('/api/v1/items?pageSize=1000');
  assert.equal(bad.status, 400);
  assert.equal(JSON.parse(bad.body).error.issues[0].field, 'pageSize');
  assert.equal((await c.get('/api/v1/items/nope/none')).status, 404);
  const spec = JSON.parse((await c.get('/api/docs/openapi.json')).body);
  assert.equal(spec.openapi, '3.1.0');
  const docs = await c.get('/api/docs');
  assert.match(docs.body, /GET \/api\/v1\/search/);
  assert.doesNotMatch(docs.body, /<script/);
});

test('feeds and the sitemap list published items with absolute links', async () => {
  const c = s.client();
  const rss = await c.get('/column/zfwj/rss.xml');
  assert.match(String(rss.headers['content-type']), /application\/rss\+xml/);
  assert.match(rss.body, /<item><title>/);
  assert.match((await c.get('/column/zfwj/atom.xml')).body, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
  const map = await c.get('/sitemap.xml');
  assert.match(map.body, /<loc>http:\/\/localhost:3000\/item\/[0-9A-Z]{9}\/2016-\d{5}<\/loc>/);
});

/** A reader's XML parse of an element's text: CDATA sections verbatim, entity and character references decoded. */
function xmlDecode(s: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return s.replace(/<!\[CDATA\[([\s\S]*?)\]\]>|&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (_m, cdata: string | undefined, ref: string) =>
    cdata !== undefined
      ? cdata
      : ref[0] === '#'
        ? String.fromCodePoint(ref[1]?.toLowerCase() === 'x' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1)))
        : named[ref]!,
  );
}

test('an RSS description is text: after the reader parses the XML and renders the description as HTML, an editor’s markup shows as characters; Atom stays text escaped once', async () => {
  const c = s.client();
  await c.login('office');
  const summary = '<img src=x onerror=alert(1)> 甲&乙';
  const title = '关于订阅源转义测试的通知';
  const r = await c.post('/admin/catalogue', {
    orgId: 2,
    columnId: 1,
    title,
    summary,
    body: '正文',
    formedOn: '2026-11-20',
    topic: '综合政务/政务公开',
    genre: '通知',
  });
  assert.equal(r.status, 303, r.body.slice(0, 300));
  const id = Number(/(\d+)$/.exec(r.location!)![1]);
  assert.equal((await c.post(`/admin/catalogue/${id}/submit`, {})).status, 303);
  assert.equal((await c.post(`/admin/catalogue/${id}/approve`, { publish: '1' })).status, 303);
  const rss = (await s.client().get('/column/zwxx/rss.xml')).body;
  const item = rss.split('<item>').find((x) => x.includes(title));
  assert.ok(item, 'the item is in the feed');
  const raw = /<description>([\s\S]*?)<\/description>/.exec(item)![1]!;
  // Step 1, the reader's XML parse; the result is what it hands to its HTML renderer.
  const asHtml = xmlDecode(raw);
  assert.ok(!asHtml.includes('<'), `the description, once XML-decoded, would start an element: ${asHtml}`);
  // Step 2, the HTML rendering (no element can arise, so only references remain to decode): the literal text.
  assert.equal(xmlDecode(asHtml), summary);
  for (const d of rss.matchAll(/<description>([\s\S]*?)<\/description>/g)) assert.ok(!xmlDecode(d[1]!).includes('<'), d[1]);
  // Atom's summary is text by its type: decoded once, it is the summary itself.
  const atom = (await s.client().get('/column/zwxx/atom.xml')).body;
  const entry = atom.split('<entry>').find((x) => x.includes(title))!;
  assert.equal(xmlDecode(/<summary>([\s\S]*?)<\/summary>/.exec(entry)![1]!), summary);
});

test('script and event-handler payloads in every field render inert on the back office and the portal', async () => {
  const c = s.client();
  await c.login('office');
  const x = '<script>alert(1)</script><img src=x onerror=alert(2)>';
  const r = await c.post('/admin/catalogue', {
    orgId: 2,
    columnId: 1,
    title: `标题${x}`,
    summary: `概述${x}`,
    body: `<p onclick="alert(3)">正文</p>${x}<a href="javascript:alert(4)">链接</a>`,
    docNo: `文号${x}`.slice(0, 60),
    keywords: `词${x}`.slice(0, 100),
    formedOn: '2026-11-20',
    topic: '综合政务/政务公开',
    genre: '通知',
  });
  assert.equal(r.status, 303, r.body.slice(0, 300));
  const id = Number(/(\d+)$/.exec(r.location!)![1]);
  await c.post(`/admin/catalogue/${id}/submit`, {});
  await c.post(`/admin/catalogue/${id}/approve`, { publish: '1' });
  const indexNo = (await db().selectFrom('cat_items').select('index_no').where('id', '=', id).executeTakeFirstOrThrow()).index_no!;
  for (const page of [await c.get(`/admin/catalogue/${id}`), await s.client().get(`/item/${indexNo}`), await s.client().get('/column/zwxx')]) {
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.body, /<script>alert|<img src=x onerror|onclick="alert|javascript:alert/);
  }
  assert.match((await s.client().get(`/item/${indexNo}`)).body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
});

test('self-approval and out-of-order transitions over HTTP are 409 with the reason and change nothing', async () => {
  const ed = s.client();
  await ed.login('editor');
  const id = await newDraft(ed, '关于HTTP顺序校验的通知');
  const rv = s.client();
  await rv.login('reviewer');
  const before = await auditCount();
  const early = await ed.post(`/admin/catalogue/${id}/publish`, {});
  assert.equal(early.status, 409);
  assert.match(early.body, /当前状态（草稿）不能执行“发布”/);
  // The office user writes and submits; a reviewer returns without a reason → 400 naming the field.
  await ed.post(`/admin/catalogue/${id}/submit`, {});
  const noReason = await rv.post(`/admin/catalogue/${id}/return`, { reason: '' });
  assert.equal(noReason.status, 400);
  assert.match(noReason.body, /请说明理由/);
  assert.equal(await auditCount(), before + 1);
  // A user who wrote the item cannot review it even when she also holds the reviewer role.
  const office = s.client();
  await office.login('office');
  const oid = await newDraft(office, '政务公开办自己的信息');
  await office.post(`/admin/catalogue/${oid}/submit`, {});
  const ok = await office.post(`/admin/catalogue/${oid}/approve`, {});
  assert.equal(ok.status, 303, 'the office may review its own');
});

test('an attachment disguised by its name or too large is refused with a clear message; a real one is read', async () => {
  const c = s.client();
  await c.login('editor');
  const id = await newDraft(c, '附件测试的通知');
  const csrf = await c.csrfFor();
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  const disguised = await multipart(c, `/admin/catalogue/${id}/attachments`, { _csrf: csrf }, { name: '通知.pdf', bytes: png });
  assert.equal(disguised.status, 400);
  assert.match(disguised.body, /扩展名是“\.pdf”，但文件内容是PNG 图片/);
  const huge = await multipart(
    c,
    `/admin/catalogue/${id}/attachments`,
    { _csrf: csrf },
    { name: 'big.pdf', bytes: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(21 * 1024 * 1024)]) },
  );
  assert.equal(huge.status, 400);
  assert.match(huge.body, /超过/);
  const forged = await multipart(c, `/admin/catalogue/${id}/attachments`, { _csrf: 'x' }, { name: 'a.png', bytes: png });
  assert.equal(forged.status, 403);
  const ok = await multipart(c, `/admin/catalogue/${id}/attachments`, { _csrf: csrf }, { name: '示意图.png', bytes: png });
  assert.equal(ok.status, 303);
  const n = await db().selectFrom('cat_attachments').select(sql<number>`count(*)`.as('n')).where('item_id', '=', id).executeTakeFirstOrThrow();
  assert.equal(Number(n.n), 1);
});

test('the timeliness list and the dashboard show late and due-soon items to editors', async () => {
  const c = s.client();
  await c.login('editor');
  const due = await c.get('/admin/catalogue/due');
  assert.match(due.body, /已超过公开时限（[1-9]\d* 条）/);
  assert.match(due.body, /关于做好2026年冬春季节城乡低保对象动态管理工作的通知/);
  const dash = await c.get('/admin');
  assert.match(dash.body, /已超过公开时限/);
  const rv = s.client();
  await rv.login('reviewer');
  const item = await rv.get('/admin/catalogue?state=submitted');
  const id = /\/admin\/catalogue\/(\d+)">关于2026年城乡医疗救助对象名单的公示/.exec(item.body)![1];
  const page = await rv.get(`/admin/catalogue/${id}`);
  assert.match(page.body, /居民身份证号码/);
  assert.match(page.body, /430102\*{8}0018/);
  assert.doesNotMatch(page.body, /<td class="mono">430102198003150018/);
});

test('columns are data: the office adds a nested column, renames and reorders it, and the portal follows', async () => {
  const c = s.client();
  await c.login('office');
  const add = await c.post('/admin/catalogue/columns', { name: '重点项目', key: 'zdxm', parentId: 1, sortOrder: 5, kind: 'items' });
  assert.equal(add.status, 303, add.body.slice(0, 300));
  const col = await db().selectFrom('cat_columns').select(['id']).where('key', '=', 'zdxm').executeTakeFirstOrThrow();
  const ren = await c.post(`/admin/catalogue/columns/${col.id}`, {
    name: '重大建设项目',
    parentId: 1,
    sortOrder: 1,
    kind: 'items',
    href: '',
    description: '',
    active: '1',
  });
  assert.equal(ren.status, 303);
  const page = await s.client().get('/column/zwxx');
  assert.match(page.body, /<a href="\/column\/zdxm">重大建设项目<\/a>/);
  const dup = await c.post('/admin/catalogue/columns', { name: '重复', key: 'zdxm', kind: 'items' });
  assert.equal(dup.status, 400);
  const cycle = await c.post('/admin/catalogue/columns/1', {
    name: '政务信息',
    parentId: col.id,
    sortOrder: 10,
    kind: 'items',
    href: '',
    description: '',
    active: '1',
  });
  assert.equal(cycle.status, 409);
});

test('a publication shows at once: first in its column on the home page, and counted in the 目录 by org and year', async () => {
  const visitor = s.client();
  const count = (page: string, href: string) =>
    Number(new RegExp(`<a href="${href.replace(/[?]/g, '\\?')}">[^<]+</a> <span class="muted">(\\d+)</span>`).exec(page)?.[1] ?? 0);
  const before = (await visitor.get('/catalogue')).body;
  const office = s.client();
  await office.login('office');
  const id = await newDraft(office, '关于首页即时更新测试的通知');
  assert.equal((await office.post(`/admin/catalogue/${id}/submit`, {})).status, 303);
  assert.equal((await office.post(`/admin/catalogue/${id}/approve`, { publish: '1' })).status, 303);
  const home = (await visitor.get('/')).body;
  const block = home.slice(home.indexOf('<h2 id="col-zwxx">'), home.indexOf('</section>', home.indexOf('<h2 id="col-zwxx">')));
  assert.match(block, /关于首页即时更新测试的通知/, 'the newest item heads its column on the home page');
  const after = (await visitor.get('/catalogue')).body;
  assert.equal(count(after, '/catalogue?org=2'), count(before, '/catalogue?org=2') + 1, 'the org count follows the publication');
  assert.equal(count(after, '/catalogue?year=2026'), count(before, '/catalogue?year=2026') + 1, 'the year count follows the publication');
});

test('the guide counts the 一级类 the 目录 shows (issue 15, item 7)', async () => {
  const guide = await s.client().get('/guide');
  const m = /本网站已公开的信息分属其中(\d+)类/.exec(guide.body);
  assert.ok(m, 'the guide says how many first-level classes hold items');
  const cat = await s.client().get('/catalogue');
  const facet = /<h2 id="f-topic">[^<]*<\/h2><ul>([\s\S]*?)<\/ul>/.exec(cat.body);
  assert.ok(facet, 'the 目录 has its topic facet');
  const entries = (facet[1] ?? '').match(/<li/g) ?? [];
  assert.equal(Number(m[1]), entries.length);
});
