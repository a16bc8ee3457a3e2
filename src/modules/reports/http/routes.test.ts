import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testServer, type TestServer, type TestClient } from '../../../../test/support/app.ts';
import { findOrg } from '../../orgs/index.ts';
import { reportSchema } from '../report-model.ts';
import { parseReportCsv } from '../io/csv.ts';
import { parseReportXlsx } from '../io/xlsx.ts';
import { findReport } from '../repo.ts';
import { national2014 } from '../formats/national-2014.ts';

let s: TestServer;
let office: TestClient;
const ORG_NAMES = ['洪江区管理委员会', '洪江区财政局', '洪江区教育局', '洪江区常青乡人民政府', '洪江区商务局', '洪江区新街街道办事处'] as const;
const id = {} as Record<(typeof ORG_NAMES)[number], number>;
before(async () => {
  s = await testServer({ demo: true });
  for (const n of ORG_NAMES) id[n] = (await findOrg(s.app.database.db, n))!.id;
  office = s.client();
  await office.login('office');
});
after(() => s?.close());

const root = () => id.洪江区管理委员会;

test("the office's board shows each reporting body's status, the statutory due date, and imported agencies", async () => {
  const r = await office.get('/admin/reports?year=2025');
  assert.equal(r.status, 200);
  const row = (name: string) => new RegExp(`${name}</a></th>[\\s\\S]*?</tr>`).exec(r.body)?.[0] ?? '';
  assert.match(row('洪江区财政局'), /已审核发布/);
  assert.match(row('洪江区常青乡人民政府'), /已报送/);
  assert.match(row('洪江区教育局'), /已退回修改[\s\S]*过于简略/);
  assert.match(row('洪江区商务局'), /未开始[\s\S]*2026年1月31日/);
  assert.match(row('洪江区管理委员会'), /2026年2月20日/);
  assert.match(r.body, /洪江区人力资源和社会保障局[\s\S]*?外部导入/);
  // 2016 reports fell due under the 2008 rules: 31 March.
  assert.match((await office.get('/admin/reports?year=2016')).body, /2017年3月31日/);
});

test('every figure of the 2016 report links to the records it counts', async () => {
  const r = await office.get(`/admin/reports/${root()}/2016`);
  assert.equal(r.status, 200);
  const links = [...r.body.matchAll(/href="\/admin\/reports\/\d+\/2016\/cell\/stats\/([a-z_]+)\/value"/g)].map((m) => m[1]);
  const figures = national2014.tables[0]!.rows.filter((r) => !r.heading).map((r) => r.key);
  assert.deepEqual([...new Set(links)].sort(), [...figures].sort());
  const cell = await office.get(`/admin/reports/${root()}/2016/cell/stats/interpretations/value`);
  assert.equal(cell.status, 200);
  assert.match(cell.body, /3篇/);
  for (const title of ['图解《洪江区2016年政务公开政务服务工作要点》', '政策解读', '分中心管理办法》解读']) assert.ok(cell.body.includes(title), title);
  const responses = await office.get(`/admin/reports/${root()}/2016/cell/stats/other_responses/value`);
  assert.match(responses.body, /17次/);
  assert.equal((responses.body.match(/href="\/admin\/reports\/activities\/\d+"/g) ?? []).length, 17);
});

test('a manual figure shows who entered it and when, with its history', async () => {
  const r = await office.get(`/admin/reports/${root()}/2016/cell/stats/reading_points/value`);
  assert.equal(r.status, 200);
  assert.match(r.body, /洪江区档案馆、洪江区图书馆、洪江区政务服务中心/);
  assert.match(r.body, /<td>demo<\/td><td>2026-11-27/);
  // A new entry supersedes the old one; both stay listed.
  const post = await office.post('/admin/reports/facts', { orgId: root(), year: 2016, 'fact_staff.partTime': '2', note: '补充更正' });
  assert.equal(post.status, 303);
  const hist = await office.get(`/admin/reports/${root()}/2016/cell/stats/staff_part_time/value`);
  assert.match(hist.body, /<td class="num">2<\/td><td>office<\/td>/);
  assert.match(hist.body, /1（demo，2026-11-27）/);
  const bad = await office.post('/admin/reports/facts', { orgId: root(), year: 2016, 'fact_staff.fullTime': '2.5', 'fact_budget.specialFunds': 'abc' });
  assert.equal(bad.status, 400);
  assert.match(bad.body, /专职人员数[\s\S]*应为整数/);
  assert.match(bad.body, /专项经费[\s\S]*应为数字/);
});

test('editing the narrative of a submitted report is refused until the office returns it', async () => {
  const orgId = id.洪江区常青乡人民政府;
  const refused = await office.post(`/admin/reports/${orgId}/2025/narrative`, { section_problems: '新的内容' });
  assert.equal(refused.status, 409);
  assert.match(refused.body, /当前状态（已报送）不能执行“编辑报告正文”/);
  const noComment = await office.post(`/admin/reports/${orgId}/2025/return`, { comment: '' });
  assert.equal(noComment.status, 400);
  assert.equal((await office.post(`/admin/reports/${orgId}/2025/return`, { comment: '请补充本乡政策解读情况。' })).status, 303);
  const saved = await office.post(`/admin/reports/${orgId}/2025/narrative`, { section_problems: '一是政策解读形式单一。改进措施：增加图解解读。' });
  assert.equal(saved.status, 303);
  const page = await office.get(`/admin/reports/${orgId}/2025`);
  assert.match(page.body, /一是政策解读形式单一/);
  assert.equal((await office.post(`/admin/reports/${orgId}/2025/submit`, {})).status, 303);
  assert.equal((await findReport(s.app.database.db, orgId, 2025))?.status, 'submitted');
});

test('an activity recorded in the back office is counted by the report, and its placeholder in the prose follows', async () => {
  const orgId = id.洪江区商务局;
  const page = () => office.get(`/admin/reports/${orgId}/2016`);
  const count = (body: string) => Number(/发布政策解读稿件(\d+)篇/.exec(body)?.[1]);
  const before = await page();
  assert.equal(count(before.body), 0);
  const missing = await office.post('/admin/reports/activities', { kind: 'response', orgId, heldOn: '2016-10-10', title: '答复' });
  assert.equal(missing.status, 400);
  assert.match(missing.body, /请选择回应渠道/);
  assert.match(missing.body, /请选择所回应的公众关注事项/);
  // Named by its 索引号, the policy is linked to its catalogue item (and lends its title).
  const item = await s.app.database.db
    .selectFrom('cat_items')
    .select(['id', 'index_no', 'title'])
    .where('index_no', 'is not', null)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const r = await office.post('/admin/reports/activities', {
    kind: 'interpretation',
    orgId,
    heldOn: '2016-10-10',
    title: '《招商引资优惠政策》解读',
    policyRef: String(item.index_no),
  });
  assert.equal(r.status, 303);
  const list = await office.get('/admin/reports/activities?year=2016&kind=interpretation');
  const activityId = /href="\/admin\/reports\/activities\/(\d+)">《招商引资优惠政策》解读/.exec(list.body)?.[1];
  const detail = await office.get(`/admin/reports/activities/${activityId}`);
  assert.ok(detail.body.includes(`href="/admin/catalogue/${item.id}"`));
  assert.ok(detail.body.includes(String(item.title).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')));
  const after = await page();
  assert.equal(count(after.body), 1);
  assert.match(after.body, /href="\/admin\/reports\/\d+\/2016\/cell\/stats\/interpretations\/value">1</);
});

test('the exports: JSON in the documented schema, CSV and XLSX that read back to the same figures, PDF, DOCX and printable HTML', async () => {
  const base = `/admin/reports/${root()}/2016`;
  const json = await office.get(`${base}/export.json`);
  assert.equal(json.status, 200);
  assert.match(String(json.headers['content-disposition']), /filename\*=UTF-8''/);
  const report = reportSchema.parse(JSON.parse(json.body));
  const csv = await office.get(`${base}/export.csv`);
  const fromCsv = parseReportCsv(csv.body.replace(/^\uFEFF/, ''));
  assert.ok(fromCsv.ok);
  assert.deepEqual(fromCsv.report.tables, report.tables);
  const xlsx = await s.server.fastify.inject({
    method: 'GET',
    url: `${base}/export.xlsx`,
    headers: { cookie: [...office.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  const fromXlsx = await parseReportXlsx(xlsx.rawPayload);
  assert.ok(fromXlsx.ok);
  assert.deepEqual(fromXlsx.report.tables, report.tables);
  const html = await office.get(`${base}/export.html`);
  assert.match(html.body, /^<!doctype html>/);
  assert.match(html.body, /<h1 class="report-title">洪江区2016年政府信息公开工作年度报告<\/h1>/);
  const table = await office.get(`${base}/table/stats.csv`);
  assert.match(table.body, /统计指标,单位,统计数/);
});

test('the reports a body may see are scoped to its subtree', async () => {
  const changqing = s.client();
  await changqing.login('changqing');
  assert.equal((await changqing.get(`/admin/reports/${id.洪江区常青乡人民政府}/2025`)).status, 200);
  assert.equal((await changqing.get(`/admin/reports/${root()}/2025`)).status, 404);
  const board = await changqing.get('/admin/reports?year=2025');
  assert.ok(!board.body.includes('洪江区财政局'));
  // A handler may read but not submit, return or accept.
  assert.equal((await changqing.post(`/admin/reports/${id.洪江区常青乡人民政府}/2025/accept`, {})).status, 403);
});

test("the portal's 政府信息公开年报 column lists accepted reports only, with their data files", async () => {
  const anon = s.client();
  const col = await anon.get('/nianbao?year=2016');
  assert.equal(col.status, 200);
  assert.match(col.body, new RegExp(`href="/nianbao/2016/${root()}"`));
  const page = await anon.get(`/nianbao/2016/${root()}`);
  assert.equal(page.status, 200);
  assert.match(page.body, /6105/);
  assert.equal((await anon.get(`/nianbao/2016/${root()}/report.json`)).status, 200);
  assert.equal((await anon.get(`/nianbao/2025/${id.洪江区常青乡人民政府}`)).status, 404, 'a submitted report is not public');
  assert.equal((await anon.get(`/nianbao/2025/${id.洪江区财政局}`)).status, 200, 'an accepted one is');
  assert.match((await anon.get('/')).body, /href="\/nianbao">政府信息公开年报</);
});

async function upload(name: string, content: string) {
  const boundary = `----gk${Date.now()}`;
  const csrf = await office.csrfFor();
  const part = (field: string, value: string, file?: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"${file ? `; filename="${file}"\r\nContent-Type: text/csv` : ''}\r\n\r\n${value}\r\n`;
  const payload = `${part('_csrf', csrf) + part('parentOrgId', String(root())) + part('file', content, name)}--${boundary}--\r\n`;
  return s.server.fastify.inject({
    method: 'POST',
    url: '/admin/reports/import',
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: [...office.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
}

test('an imported report with bad cells, an unknown row or a broken 勾稽 relation is refused with every problem listed, and nothing is stored', async () => {
  const good = (await office.get(`/admin/reports/${id.洪江区财政局}/2025/export.csv`)).body
    .replace('洪江区财政局', '洪江区外事侨务办公室')
    .replace(/机关代码,[^\r\n]*/, '机关代码,');
  const unreadable = good.replace(/(一、本年新收政府信息公开申请数量,件,)\d+/, '$1十二').replace('（一）予以公开,件,', '（一）予以公开了,件,');
  const r1 = await upload('bad.csv', unreadable);
  assert.equal(r1.statusCode, 400);
  assert.match(r1.body, /文件未导入/);
  assert.match(r1.body, /十二/);
  assert.match(r1.body, /（一）予以公开了/);
  // Readable, but 一 + 二 ≠ 三（七）+ 四 in the 自然人 column: the check names the rule, cells, expected and found.
  const unbalanced = good.replace(/(四、结转下年度继续办理,件,)(\d+)/, (_m, a: string, n: string) => `${a}${Number(n) + 5}`);
  const r2 = await upload('unbalanced.csv', unbalanced);
  assert.equal(r2.statusCode, 400);
  assert.match(r2.body, /table3\.balance/);
  assert.match(r2.body, /自然人/);
  const stored = await s.app.database.db.selectFrom('annual_reports').select('id').where('org_name', '=', '洪江区外事侨务办公室').execute();
  assert.equal(stored.length, 0);
  // The same file, corrected, is imported and rolls up into the district.
  const ok = await upload('ok.csv', good);
  assert.equal(ok.statusCode, 303);
  assert.equal((await s.app.database.db.selectFrom('annual_reports').select('id').where('org_name', '=', '洪江区外事侨务办公室').execute()).length, 1);
});
