import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { testServer, type TestServer, type TestClient } from '../../../../test/support/app.ts';
import { findOrg } from '../../orgs/index.ts';
import { findRequest } from '../repo.ts';
import { recordingNotifier } from '../ports.ts';

let s: TestServer;
let rootId: number;
const notifier = recordingNotifier();
const ID = '431202198504120032';

before(async () => {
  s = await testServer({ demo: true });
  s.app.ports.notifier = notifier;
  rootId = (await findOrg(s.app.database.db, '洪江区管理委员会'))!.id;
});
after(() => s?.close());

function form(extra: Record<string, string> = {}) {
  return {
    orgId: String(rootId),
    applicantType: 'natural',
    applicantName: '钱多多',
    idType: 'resident_id',
    idNumber: ID,
    phone: '13700001111',
    infoName: '洪江区2026年城区道路改造计划',
    deliveryForm: 'electronic',
    deliveryChannel: 'online',
    step: 'submit',
    ...extra,
  };
}

async function keyFrom(c: ReturnType<TestServer['client']>): Promise<string> {
  const page = await c.get('/requests/apply');
  assert.equal(page.status, 200);
  const m = /name="idempotencyKey" value="([^"]+)"/.exec(page.body);
  assert.ok(m, 'the form carries an idempotency key');
  return m[1]!;
}

test('the public form creates a request, shows its query code once, and a double-clicked submit creates one request', async () => {
  const c = s.client();
  const key = await keyFrom(c);
  const first = await c.post('/requests/apply', { ...form(), idempotencyKey: key });
  assert.equal(first.status, 303);
  assert.equal(first.location, '/requests/apply/done');
  const second = await c.post('/requests/apply', { ...form(), idempotencyKey: key });
  assert.equal(second.status, 303);
  const done = await c.get('/requests/apply/done');
  const code = /class="value mono">([0-9A-Z-]+)</.exec(done.body)?.[1];
  assert.ok(code, done.body.slice(0, 200));
  const rows = await s.app.database.db.selectFrom('requests').select(['id', 'state']).where('idempotency_key', '=', key).execute();
  assert.equal(rows.length, 1);
  assert.equal(rows[0]?.state, 'submitted');
  assert.ok(!done.body.includes(ID));
});

test('an invalid form is re-rendered naming each field with its reason, and nothing is created', async () => {
  const c = s.client();
  const key = await keyFrom(c);
  const r = await c.post('/requests/apply', { ...form({ idNumber: '431202198504120031', applicantName: '', infoName: '' }), idempotencyKey: key });
  assert.equal(r.status, 400);
  assert.match(r.body, /证件号码：校验位不符/);
  assert.match(r.body, /姓名或名称：请填写姓名或名称/);
  assert.match(r.body, /所需信息的内容描述：请填写所需信息的名称、文号或内容描述/);
  // The values typed are kept (except nothing is lost), and no request exists for the key.
  assert.match(r.body, /value="431202198504120031"/);
  assert.equal((await s.app.database.db.selectFrom('requests').select('id').where('idempotency_key', '=', key).execute()).length, 0);
});

test('asking for suggestions re-renders the form with the values kept and creates nothing', async () => {
  const c = s.client();
  const key = await keyFrom(c);
  const r = await c.post('/requests/apply', { ...form(), idempotencyKey: key, step: 'suggest' });
  assert.equal(r.status, 200);
  assert.match(r.body, /id="suggestions"/);
  assert.match(r.body, /洪江区2026年城区道路改造计划/);
  assert.equal((await s.app.database.db.selectFrom('requests').select('id').where('idempotency_key', '=', key).execute()).length, 0);
});

test('a query code with the wrong name shows nothing; with the right name the progress shows, without personal data', async () => {
  const demo = await s.app.database.db.selectFrom('requests').selectAll().where('outcome', '=', 'partial').executeTakeFirstOrThrow();
  const c = s.client();
  const wrong = await c.post('/requests/track', { code: demo.query_code, who: '王五' });
  assert.equal(wrong.status, 404);
  assert.match(wrong.body, /没有找到与查询码和姓名（或电话）相符的申请/);
  assert.ok(!wrong.body.includes(demo.info_description));
  // The visitor's own entries stay in the form, so a mistyped code is corrected without retyping the name (issue 15, item 6).
  assert.match(wrong.body, /name="who"[^>]*value="王五"|value="王五"[^>]*name="who"/);
  const found = await c.post('/requests/track', { code: demo.query_code.toLowerCase().replace(/-/g, ' '), who: demo.applicant_name });
  assert.equal(found.status, 303);
  assert.equal(found.location, '/requests/track/view');
  const right = await c.get('/requests/track/view');
  assert.equal(right.status, 200);
  assert.match(right.body, /部分公开/);
  assert.match(right.body, /下载告知书（PDF）/);
  for (const personal of [demo.id_number, demo.phone, demo.address]) assert.ok(!right.body.includes(personal), `page shows ${personal}`);
  // The phone given in the application works too, and then the page does not show the name either.
  const phoneClient = s.client();
  assert.equal((await phoneClient.post('/requests/track', { code: demo.query_code, who: demo.phone })).status, 303);
  const byPhone = await phoneClient.get('/requests/track/view');
  assert.equal(byPhone.status, 200);
  for (const personal of [demo.id_number, demo.phone, demo.address, demo.applicant_name]) assert.ok(!byPhone.body.includes(personal), `page shows ${personal}`);
  // The letter downloads with the tracking cookie, and not without it.
  const pdf = await c.get('/requests/track/letter.pdf');
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.ok(pdf.body.startsWith('%PDF'));
  assert.equal((await s.client().get('/requests/track/letter.pdf')).status, 404);
});

/** A download's bytes with the client's cookies (the test client decodes bodies as UTF-8). */
async function download(c: TestClient, url: string): Promise<{ status: number; bytes: Buffer }> {
  const res = await s.server.fastify.inject({ method: 'GET', url, headers: { cookie: [...c.cookies.entries()].map(([k, v]) => `${k}=${v}`).join('; ') } });
  return { status: res.statusCode, bytes: res.rawPayload };
}

/** The text of a PDF as poppler reads it (as letters.test.ts does), whitespace removed. */
function pdfText(bytes: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-track-'));
  try {
    const file = join(dir, 'letter.pdf');
    writeFileSync(file, bytes);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of a DOCX's body (word/document.xml), tags dropped and entities decoded. */
async function docxText(bytes: Buffer): Promise<string> {
  const doc = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
  return doc
    .replace(/<[^>]+>/g, '')
    .replace(/&(lt|gt|quot|apos|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!)
    .replace(/\s+/g, '');
}

/** The letter's text on the tracking page (the <article> of letterHtml), tags dropped. */
function pageLetterText(page: string): string {
  const m = /<article class="panel" aria-labelledby="letter-title">([\s\S]*?)<\/article>/.exec(page);
  assert.ok(m, 'the page shows the letter');
  return m[1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
}

test('a tracking result shows the applicant’s name only to whom typed it, on the page, the PDF and the DOCX alike; the phone never in full; staff see the letter unmasked', async () => {
  const r = await s.app.database.db.selectFrom('requests').selectAll().where('outcome', '=', 'partial').executeTakeFirstOrThrow();
  assert.ok(r.applicant_name.length >= 2 && r.phone);
  let visitors = 0;
  const track = async (who: string) => {
    const c = s.client();
    c.ip = `198.51.100.${++visitors}`; // each visitor its own address: the look-up is rate limited per client
    assert.equal((await c.post('/requests/track', { code: r.query_code, who })).status, 303);
    const page = await c.get('/requests/track/view');
    assert.equal(page.status, 200);
    const pdf = await download(c, '/requests/track/letter.pdf');
    const docx = await download(c, '/requests/track/letter.docx');
    assert.equal(pdf.status, 200);
    assert.equal(docx.status, 200);
    return { page: page.body, renderings: { HTML: pageLetterText(page.body), PDF: pdfText(pdf.bytes), DOCX: await docxText(docx.bytes) } };
  };
  // The name look-up first: a letter cached for it must not be what the phone look-up then gets.
  const byName = await track(r.applicant_name);
  const byPhone = await track(r.phone);
  for (const [kind, text] of Object.entries(byName.renderings)) {
    assert.ok(text.includes(`${r.applicant_name}：本机关于`), `${kind} (by name) greets the applicant by name: ${text.slice(0, 80)}`);
    assert.ok(!text.includes(r.phone), `${kind} (by name) shows the phone`);
  }
  for (const [kind, text] of Object.entries(byPhone.renderings)) {
    assert.ok(!text.includes(r.applicant_name), `${kind} (by phone) shows the name: ${text.slice(0, 80)}`);
    assert.ok(text.includes('申请人：本机关于'), `${kind} (by phone) greets “申请人”: ${text.slice(0, 80)}`);
    assert.ok(!text.includes(r.phone), `${kind} (by phone) shows the phone`);
  }
  assert.ok(!byPhone.page.includes(r.applicant_name) && !byPhone.page.includes(r.phone) && !byName.page.includes(r.phone));
  // And the other way round: the phone look-up's letter, now cached, does not reach the name look-up.
  assert.ok((await track(r.applicant_name)).renderings.PDF.includes(`${r.applicant_name}：本机关于`));
  // The back office keeps the letter as sent.
  const staff = s.client();
  await staff.login('office');
  const staffPdf = await download(staff, `/admin/requests/${r.id}/letter.pdf`);
  assert.equal(staffPdf.status, 200);
  assert.ok(pdfText(staffPdf.bytes).includes(`${r.applicant_name}：本机关于`));
  assert.ok((await docxText((await download(staff, `/admin/requests/${r.id}/letter.docx`)).bytes)).includes(`${r.applicant_name}：本机关于`));
});

test('five wrong names lock the code: even the right name then shows nothing', async () => {
  const r = await s.app.database.db.selectFrom('requests').selectAll().where('outcome', '=', 'decline_repeat').executeTakeFirstOrThrow();
  const c = s.client();
  for (let i = 0; i < 5; i++) assert.equal((await c.post('/requests/track', { code: r.query_code, who: `猜${i}` })).status, 404);
  assert.equal((await c.post('/requests/track', { code: r.query_code, who: r.applicant_name })).status, 404);
  const audit = await s.app.database.db.selectFrom('audit_log').select(['action', 'summary']).where('action', 'like', 'requests.track%').execute();
  assert.ok(audit.some((a) => a.action === 'requests.track-locked'));
  for (const a of audit) assert.ok(!a.summary.includes(r.applicant_name) && !a.summary.includes('猜'), a.summary);
});

test('ID numbers and phones are unmasked only for a handler of the request; other staff see them masked', async () => {
  const r = await s.app.database.db.selectFrom('requests').selectAll().where('outcome', '=', 'refuse_state_secret').executeTakeFirstOrThrow();
  const office = s.client();
  await office.login('office');
  const asOffice = await office.get(`/admin/requests/${r.id}`);
  assert.equal(asOffice.status, 200);
  assert.ok(!asOffice.body.includes(r.id_number));
  assert.ok(!asOffice.body.includes(r.phone));
  assert.match(asOffice.body, new RegExp(`${r.id_number.slice(0, 3)}\\*+${r.id_number.slice(-4)}`));
  const handler = s.client();
  await handler.login('handler');
  const asHandler = await handler.get(`/admin/requests/${r.id}`);
  assert.ok(asHandler.body.includes(r.id_number));
  assert.ok(asHandler.body.includes(r.phone));
});

test('a township handler sees only her township’s requests', async () => {
  const c = s.client();
  await c.login('changqing');
  const list = await c.get('/admin/requests?year=2025');
  assert.equal(list.status, 200);
  const rootReq = await s.app.database.db.selectFrom('requests').select('id').where('org_id', '=', rootId).executeTakeFirstOrThrow();
  assert.equal((await c.get(`/admin/requests/${rootReq.id}`)).status, 404);
  const cq = (await findOrg(s.app.database.db, '洪江区常青乡人民政府'))!;
  const mine = await s.app.database.db
    .selectFrom('requests')
    .select(['id', 'query_code'])
    .where('org_id', '=', cq.id)
    .where('received_on', '>=', '2025-01-01')
    .where('received_on', '<=', '2025-12-31')
    .execute();
  assert.ok(mine.length >= 2);
  for (const m of mine) assert.ok(list.body.includes(m.query_code));
  assert.equal(Number(/共 (\d+) 件/.exec(list.body)?.[1]), mine.length);
  const all = await s.app.database.db
    .selectFrom('requests')
    .select('id')
    .where('received_on', '>=', '2025-01-01')
    .where('received_on', '<=', '2025-12-31')
    .execute();
  assert.ok(all.length > mine.length);
});

test('a handler confirms, extends once through the forms; extending again is refused with the reason and changes nothing', async () => {
  const c = s.client();
  await c.login('handler');
  // Overdue: too late to extend (the extension must be granted within the deadline).
  const overdue = await s.app.database.db
    .selectFrom('requests')
    .select('id')
    .where('state', '=', 'received')
    .where('due_on', '<', '2026-11-27')
    .executeTakeFirstOrThrow();
  const late = await c.post(`/admin/requests/${overdue.id}/extend`, { days: '20', approver: '李红梅', reason: '涉及档案调阅核对', noticeOn: '2026-11-27' });
  assert.equal(late.status, 409);
  assert.match(late.body, /答复期限已于2026-11-23届满，不能再延长/);
  const open = await s.app.database.db
    .selectFrom('requests')
    .select('id')
    .where('state', '=', 'received')
    .where('due_on', '>=', '2026-11-27')
    .orderBy('due_on')
    .executeTakeFirstOrThrow();
  const id = Number(open.id);
  const ok = await c.post(`/admin/requests/${id}/extend`, { days: '20', approver: '李红梅', reason: '涉及档案调阅核对', noticeOn: '2026-11-27' });
  assert.equal(ok.status, 303, ok.body.slice(0, 400));
  const before = JSON.stringify(await findRequest(s.app.database.db, id));
  const again = await c.post(`/admin/requests/${id}/extend`, { days: '5', approver: '李红梅', reason: '再次延期', noticeOn: '2026-11-27' });
  assert.equal(again.status, 409);
  assert.match(again.body, /只允许延长一次/);
  assert.equal(JSON.stringify(await findRequest(s.app.database.db, id)), before);
});

test('staff letters download as PDF and DOCX; a transition not allowed is refused with 409', async () => {
  const c = s.client();
  await c.login('office');
  const r = await s.app.database.db.selectFrom('requests').select('id').where('outcome', '=', 'partial').executeTakeFirstOrThrow();
  const pdf = await c.get(`/admin/requests/${r.id}/letter.pdf`);
  assert.equal(pdf.status, 200);
  assert.ok(pdf.body.startsWith('%PDF'));
  const docx = await c.get(`/admin/requests/${r.id}/letter.docx`);
  assert.equal(docx.status, 200);
  assert.ok(docx.body.startsWith('PK'));
  const twice = await c.post(`/admin/requests/${r.id}/decide`, { choice: 'disclose:disclosable', value0: '再答复一次', decidedOn: '2026-11-27' });
  assert.equal(twice.status, 409);
  assert.match(twice.body, /不能执行“作出答复”/);
});

test('supervisors see the appeals of their orgs but cannot record or change them', async () => {
  const c = s.client();
  await c.login('supervisor');
  const list = await c.get('/admin/appeals?year=2016');
  assert.equal(list.status, 200);
  assert.match(list.body, /共 15 件/);
  const a = await s.app.database.db.selectFrom('appeals').select('id').where('case_number', '=', '（2016）湘1202行初1号').executeTakeFirstOrThrow();
  assert.equal((await c.get(`/admin/appeals/${a.id}`)).status, 200);
  assert.equal(
    (await c.post('/admin/appeals', { orgId: String(rootId), kind: 'reconsideration', body: '怀化市人民政府', filedOn: '2026-11-01', result: 'pending' }))
      .status,
    403,
  );
  assert.equal((await c.post(`/admin/appeals/${a.id}/decide`, { result: 'corrected', decidedOn: '2026-11-01' })).status, 403);
  const office = s.client();
  await office.login('office');
  const bad = await office.post('/admin/appeals', {
    orgId: String(rootId),
    kind: 'reconsideration',
    route: 'direct',
    body: '怀化市人民政府',
    filedOn: '2026-12-01',
    result: 'upheld',
    coDefendantOrgId: String(rootId),
  });
  assert.equal(bad.status, 400);
  assert.match(bad.body, /行政复议没有起诉方式/);
  assert.match(bad.body, /晚于今天/);
  assert.match(bad.body, /已审结的案件请填写审结日期/);
  assert.match(bad.body, /共同被告/);
});

test('the tracking form is rate limited', async () => {
  const c = s.client();
  let last = 0;
  for (let i = 0; i < 12; i++) last = (await c.post('/requests/track', { code: 'AAAA-BBBB-CCCC', who: '无名' })).status;
  assert.equal(last, 429);
});
