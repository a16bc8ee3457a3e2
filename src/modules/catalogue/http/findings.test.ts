import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { testServer, type TestServer, type TestClient } from '../../../../test/support/app.ts';
import { execute } from '../../../platform/command.ts';
import { importCommand } from '../commands/import-items.ts';

/**
 * 保密审查 blocks personal data (issue 9): nothing is published while a finding of the scan is open
 * — on the back office's buttons and on the import — and each finding is resolved by 遮盖 (a new
 * version with the number masked), by a reasoned 不属于个人信息 (audited), or, in an attachment, by
 * withdrawing the file.
 */

let s: TestServer;
before(async () => {
  s = await testServer({ demo: true });
});
after(() => s.close());

const db = () => s.app.database.db;
const auditCount = async () => Number((await db().selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
const itemRow = (id: number) => db().selectFrom('cat_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

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
  return { status: res.statusCode, body: res.body };
}

async function submitted(ed: TestClient, title: string, body: string): Promise<number> {
  const r = await ed.post('/admin/catalogue', { orgId: 2, columnId: 1, title, body, formedOn: '2026-11-20', topic: '综合政务/政务公开', genre: '通知' });
  assert.equal(r.status, 303, r.body.slice(0, 300));
  const id = Number(/\/admin\/catalogue\/(\d+)/.exec(r.location!)![1]);
  assert.equal((await ed.post(`/admin/catalogue/${id}/submit`, {})).status, 303);
  return id;
}

/** The finding keys offered on the review page, in the order of its list. */
function findingsOn(page: string): string[] {
  return [...page.matchAll(/name="finding" value="([a-z_]+:[0-9a-f]{16})"/g)].map((m) => m[1]!).filter((k, i, a) => a.indexOf(k) === i);
}

test('the demo’s 医疗救助 notice cannot be published with its ID and mobile numbers; 遮盖 masks them in a new version, and then it publishes without them', async () => {
  const rv = s.client();
  await rv.login('reviewer');
  const list = await rv.get('/admin/catalogue?state=submitted');
  const id = Number(/\/admin\/catalogue\/(\d+)">关于2026年城乡医疗救助对象名单的公示/.exec(list.body)![1]);
  const page = await rv.get(`/admin/catalogue/${id}`);
  // Each finding is highlighted in place in the body preview, and offered 遮盖 and 不属于个人信息.
  assert.match(page.body, /<mark class="pd-finding" title="居民身份证号码（未处理）">430102198003150018<\/mark>/);
  assert.match(page.body, /<mark class="pd-finding" title="手机号码（未处理）">13807451234<\/mark>/);
  // In place in the summary too (the metadata table), not only in the body preview.
  assert.equal(page.body.match(/<mark class="pd-finding" title="居民身份证号码（未处理）">430102198003150018<\/mark>/g)?.length, 2);
  assert.match(page.body, />遮盖<\/button>/);
  assert.match(page.body, />不属于个人信息<\/button>/);
  const keys = findingsOn(page.body);
  assert.equal(keys.length, 2);

  const before = await auditCount();
  const refused = await rv.post(`/admin/catalogue/${id}/approve`, { publish: '1' });
  assert.equal(refused.status, 409);
  assert.match(refused.body, /尚有 2 处疑似个人信息或隐藏内容未处理，不能发布/);
  assert.match(refused.body, /居民身份证号码 430102\*{8}0018（内容概述、正文）/);
  assert.match(refused.body, /手机号码 138\*{4}1234（内容概述、正文）/);
  assert.equal((await itemRow(id)).state, 'submitted', 'the refusal changed nothing: not even the approval stays');
  assert.equal(await auditCount(), before);

  const v0 = (await itemRow(id)).version;
  const red = await rv.post(`/admin/catalogue/${id}/findings/redact`, { finding: keys[0]! });
  assert.equal(red.status, 303, red.body.slice(0, 300));
  const afterOne = await itemRow(id);
  assert.equal(afterOne.version, v0 + 1, 'a redaction is a new version');
  assert.match(afterOne.body_html, /身份证号430102\*{8}0018/);
  assert.doesNotMatch(afterOne.body_html + afterOne.body_text, /430102198003150018/);
  const hist = await db()
    .selectFrom('cat_item_history')
    .select(['event', 'version', 'snapshot', 'actor_name'])
    .where('item_id', '=', id)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  assert.equal(hist.event, 'redact');
  assert.equal(hist.version, v0 + 1);
  assert.doesNotMatch(hist.snapshot!, /430102198003150018/);
  const res = await db().selectFrom('cat_finding_resolutions').selectAll().where('item_id', '=', id).execute();
  assert.deepEqual(
    res.map((r) => [r.decision, r.detail, r.actor_name]),
    [['redacted', '430102********0018', hist.actor_name]],
  );

  const still = await rv.post(`/admin/catalogue/${id}/approve`, { publish: '1' });
  assert.equal(still.status, 409);
  assert.match(still.body, /尚有 1 处/);
  assert.match(still.body, /手机号码 138\*{4}1234（内容概述、正文）/);
  assert.doesNotMatch(still.body, /居民身份证号码 430102/);

  assert.equal((await rv.post(`/admin/catalogue/${id}/findings/redact`, { finding: keys[1]! })).status, 303);
  const ok = await rv.post(`/admin/catalogue/${id}/approve`, { publish: '1' });
  assert.equal(ok.status, 303, ok.body.slice(0, 500));
  const row = await itemRow(id);
  assert.equal(row.state, 'published');
  const pub = await s.client().get(`/item/${row.index_no}`);
  assert.equal(pub.status, 200);
  assert.doesNotMatch(pub.body, /430102198003150018|13807451234/);
  assert.match(pub.body, /430102\*{8}0018/);
  assert.match(pub.body, /138\*{4}1234/);
  const audits = await db()
    .selectFrom('audit_log')
    .select(['action'])
    .where('subject_type', '=', 'catalogue_item')
    .where('subject_id', '=', String(id))
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    audits.map((a) => a.action).filter((a) => a === 'catalogue.redact'),
    ['catalogue.redact', 'catalogue.redact'],
  );
});

test('不属于个人信息 needs a reason, is audited with who and why, and then lets the item publish; the separate 发布 button is gated too', async () => {
  const ed = s.client();
  await ed.login('editor');
  const id = await submitted(ed, '关于开通政务服务热线手机号的通知', '群众可拨打政务服务手机热线13974501234咨询。');
  const rv = s.client();
  await rv.login('reviewer');
  // Approved without publishing, the item still cannot be published by the 发布 button.
  assert.equal((await rv.post(`/admin/catalogue/${id}/approve`, {})).status, 303);
  const early = await ed.post(`/admin/catalogue/${id}/publish`, {});
  assert.equal(early.status, 409);
  assert.match(early.body, /手机号码 139\*{4}1234（内容概述、正文）/);
  const [key] = findingsOn((await rv.get(`/admin/catalogue/${id}`)).body);
  assert.ok(key);

  const before = await auditCount();
  const noReason = await rv.post(`/admin/catalogue/${id}/findings/dismiss`, { finding: key, reason: '' });
  assert.equal(noReason.status, 400);
  assert.match(noReason.body, /理由：请说明理由/);
  assert.equal(await auditCount(), before);
  assert.equal((await db().selectFrom('cat_finding_resolutions').select('id').where('item_id', '=', id).execute()).length, 0);
  // The author may not decide it is not personal data (the route refuses: she does not review).
  assert.equal((await ed.post(`/admin/catalogue/${id}/findings/dismiss`, { finding: key, reason: '热线' })).status, 403);

  const ok = await rv.post(`/admin/catalogue/${id}/findings/dismiss`, { finding: key, reason: '不是个人信息：已对外公布的政务服务热线' });
  assert.equal(ok.status, 303, ok.body.slice(0, 300));
  const entry = await db()
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', 'catalogue.dismiss_finding')
    .where('subject_id', '=', String(id))
    .executeTakeFirstOrThrow();
  assert.match(JSON.stringify(entry), /已对外公布的政务服务热线/);
  assert.match(JSON.stringify(entry), /139\*{4}1234/);
  assert.doesNotMatch(JSON.stringify(entry), /13974501234/, 'the audit trail names the finding masked');
  const r = await db().selectFrom('cat_finding_resolutions').selectAll().where('item_id', '=', id).executeTakeFirstOrThrow();
  assert.equal(r.decision, 'dismissed');
  assert.equal(r.reason, '不是个人信息：已对外公布的政务服务热线');
  assert.ok(r.actor_name && r.at);
  const page = await rv.get(`/admin/catalogue/${id}`);
  assert.match(page.body, /不属于个人信息：不是个人信息：已对外公布的政务服务热线/);

  const pub = await ed.post(`/admin/catalogue/${id}/publish`, {});
  assert.equal(pub.status, 303, pub.body.slice(0, 300));
  assert.equal((await itemRow(id)).state, 'published');
});

test('an ID number on a hidden sheet of an XLSX attachment blocks publication until the reviewer withdraws the file', async () => {
  const ed = s.client();
  await ed.login('editor');
  const r = await ed.post('/admin/catalogue', {
    orgId: 2,
    columnId: 1,
    title: '关于2026年临时救助资金发放情况的公示',
    body: '现将发放情况公示如下，详见附件。',
    formedOn: '2026-11-20',
    topic: '综合政务/政务公开',
    genre: '公告',
  });
  const id = Number(/(\d+)$/.exec(r.location!)![1]);
  const wb = new ExcelJS.Workbook();
  wb.creator = '';
  wb.addWorksheet('发放表').addRow(['村（社区）', '金额']);
  const hidden = wb.addWorksheet('明细');
  hidden.state = 'hidden';
  hidden.addRow(['11010519491231002X']);
  const up = await multipart(
    ed,
    `/admin/catalogue/${id}/attachments`,
    { _csrf: await ed.csrfFor() },
    { name: '发放表.xlsx', bytes: Buffer.from(await wb.xlsx.writeBuffer()) },
  );
  assert.equal(up.status, 303, up.body.slice(0, 300));
  assert.equal((await ed.post(`/admin/catalogue/${id}/submit`, {})).status, 303);

  const rv = s.client();
  await rv.login('reviewer');
  const refused = await rv.post(`/admin/catalogue/${id}/approve`, { publish: '1' });
  assert.equal(refused.status, 409);
  assert.match(refused.body, /居民身份证号码 110105\*{8}002X（附件《发放表\.xlsx》）/);
  assert.match(refused.body, /隐藏工作表 隐藏工作表“明细”（附件《发放表\.xlsx》）/);
  const page = await rv.get(`/admin/catalogue/${id}`);
  // 遮盖 is not offered for a number inside a file, and refused if asked for.
  const keys = findingsOn(page.body);
  assert.doesNotMatch(page.body, /name="finding" value="[^"]+"><button type="submit" class="btn">遮盖/);
  assert.equal((await rv.post(`/admin/catalogue/${id}/findings/redact`, { finding: keys[0]! })).status, 409);
  const att = await db().selectFrom('cat_attachments').select('id').where('item_id', '=', id).executeTakeFirstOrThrow();
  const w = await rv.post(`/admin/catalogue/${id}/attachments/${att.id}/withdraw`, { reason: '附件含身份证号码' });
  assert.equal(w.status, 303, w.body.slice(0, 300));
  const ok = await rv.post(`/admin/catalogue/${id}/approve`, { publish: '1' });
  assert.equal(ok.status, 303, ok.body.slice(0, 300));
  assert.equal((await itemRow(id)).state, 'published');
});

test('the import refuses to publish a record with personal data, naming it in the problems; the same record without 发布日期 comes in as a draft', async () => {
  const rec = (line: number, publishedOn: string) => ({
    line,
    data: {
      title: `关于低保对象复核结果的公示${line}`,
      org: '2',
      formedOn: '2016-09-01',
      publishedOn,
      column: 'zwxx',
      genre: '公告',
      body: '复核对象：李某，身份证号430102198003150018。',
      disclosure: 'proactive',
      validity: 'valid',
      normative: false,
      rule: false,
    },
  });
  const clean = { line: 3, data: { ...rec(3, '2016-09-05').data, title: '关于低保复核工作的通知', body: '请各乡镇做好复核工作。' } };
  const r = await execute(s.system, importCommand(), {
    source: { name: 'pd.csv', sha256: 'a'.repeat(64), format: 'csv' },
    records: [rec(1, '2016-09-05'), rec(2, ''), clean],
  });
  assert.equal(r.imported, 2);
  assert.equal(r.published, 1);
  assert.equal(r.rejected, 1);
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0]!.line, 1);
  assert.match(r.problems[0]!.message, /含疑似个人信息，不能作为已发布信息导入/);
  assert.match(r.problems[0]!.message, /居民身份证号码 430102\*{8}0018（内容概述、正文）/);
  const rows = await db().selectFrom('cat_items').select(['title', 'state', 'is_public']).where('title', 'like', '关于低保对象复核结果的公示%').execute();
  assert.deepEqual(
    rows.map((x) => [x.title, x.state]),
    [['关于低保对象复核结果的公示2', 'draft']],
  );
});

test('a number hidden in the markup (a tel: link) is a finding too, and 遮盖 masks it there', async () => {
  const ed = s.client();
  await ed.login('editor');
  const id = await submitted(ed, '关于设立救助咨询电话的通知', '<p>请<a href="tel:13807459876">点此拨打</a>咨询。</p>');
  const rv = s.client();
  await rv.login('reviewer');
  const refused = await rv.post(`/admin/catalogue/${id}/approve`, { publish: '1' });
  assert.equal(refused.status, 409);
  assert.match(refused.body, /手机号码 138\*{4}9876（正文）/);
  const [key] = findingsOn((await rv.get(`/admin/catalogue/${id}`)).body);
  assert.equal((await rv.post(`/admin/catalogue/${id}/findings/redact`, { finding: key! })).status, 303);
  assert.equal((await rv.post(`/admin/catalogue/${id}/approve`, { publish: '1' })).status, 303);
  const pub = await s.client().get(`/item/${(await itemRow(id)).index_no}`);
  assert.doesNotMatch(pub.body, /13807459876/);
});
