import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { execute } from '../../platform/command.ts';
import type { Actor } from '../../platform/context.ts';
import { actorForSession, findUserByName, login } from '../identity/index.ts';
import { findOrg } from '../orgs/index.ts';
import { ConflictError, ValidationError } from '../../kernel/errors.ts';
import { search } from '../../platform/search/index.ts';
import {
  createItem,
  updateItem,
  submitItem,
  approveItem,
  returnItem,
  publishItem,
  withdrawItem,
  reopenItem,
  findItem,
  addChannel,
  setValidity,
} from './index.ts';
import './stats.ts';

let t: TestApp;
let orgId: number;
const actors = new Map<string, Actor>();

async function actor(username: string): Promise<Actor> {
  if (!actors.has(username)) {
    const r = await execute(t.system, login, { username, password: 'Hongjiang@2016' });
    assert.ok(r.ok);
    actors.set(username, (await actorForSession(t.app.database.db, r.token, t.clock.now()))!);
  }
  return actors.get(username)!;
}
const as = async (u: string) => t.app.context(await actor(u));
const auditCount = async () => Number((await t.app.database.db.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);

before(async () => {
  t = await testApp({ demo: true });
  orgId = (await findOrg(t.app.database.db, '洪江区管理委员会办公室'))!.id;
});
after(() => t.close());

const draft = (title: string) => ({
  orgId,
  columnId: 1,
  title,
  body: '<p>各乡（街道）：现将有关事项通知如下。</p>',
  formedOn: '2026-11-20',
  topic: '综合政务/政务公开',
  genre: '通知',
});

test('an item goes draft → submitted → returned → fixed → submitted → approved and published, each step audited, with an index number from the pattern', async () => {
  const editor = await as('editor');
  const reviewer = await as('reviewer');
  const a0 = await auditCount();
  const { id } = await execute(editor, createItem, draft('关于开展低保专项检查的通知'));
  await execute(editor, submitItem, { id });
  await execute(reviewer, returnItem, { id, reason: '请补充检查时间安排' });
  let item = (await findItem(t.app.database.db, id))!;
  assert.equal(item.state, 'returned');
  assert.equal(item.returnReason, '请补充检查时间安排');
  await execute(editor, updateItem, { ...draft('关于开展低保专项检查的通知'), id, body: '<p>检查时间为12月1日至15日。</p>' });
  await execute(editor, submitItem, { id });
  const r = await execute(reviewer, approveItem, { id, publish: true });
  assert.equal(r.state, 'published');
  item = (await findItem(t.app.database.db, id))!;
  const org = (await findOrg(t.app.database.db, orgId))!;
  assert.match(item.indexNo!, new RegExp(`^${org.orgCode}/2026-\\d{5}$`));
  assert.equal(item.publishedOn, '2026-11-27');
  assert.equal(item.version, 2);
  assert.equal(item.onTime, true);
  assert.equal(item.isPublic, true);
  assert.equal(await auditCount(), a0 + 7, 'create, submit, return, update, submit, approve, publish');
  const hits = await search(t.app.database.db, { q: '專項檢查' });
  assert.ok(
    hits.hits.some((h) => h.id === id),
    'found in traditional script once published',
  );
});

test('an editor cannot approve her own item: 409 with the reason, nothing changes', async () => {
  const editor = await as('editor');
  const { id } = await execute(editor, createItem, draft('关于自审的测试通知'));
  await execute(editor, submitItem, { id });
  // The editor also holds a reviewer grant here, to show the rule is about authorship, not roles.
  const u = (await findUserByName(t.app.database.db, 'editor'))!;
  const both: Actor = { ...editor.actor, grants: [...editor.actor.grants, { role: 'reviewer', orgId: 1, orgPath: '/1/' }] };
  void u;
  const a0 = await auditCount();
  await assert.rejects(execute(t.app.context(both), approveItem, { id }), (e: unknown) => e instanceof ConflictError && /不能审查本人/.test(e.message));
  assert.equal((await findItem(t.app.database.db, id))!.state, 'submitted');
  assert.equal(await auditCount(), a0);
  // The office may both write and review.
  const office = await as('office');
  const own = await execute(office, createItem, draft('政务公开办自写自审的通知'));
  await execute(office, submitItem, { id: own.id });
  await execute(office, approveItem, { id: own.id });
  assert.equal((await findItem(t.app.database.db, own.id))!.state, 'approved');
});

test('out-of-order transitions are refused with the state named and change nothing', async () => {
  const editor = await as('editor');
  const reviewer = await as('reviewer');
  const { id } = await execute(editor, createItem, draft('关于顺序校验的通知'));
  const a0 = await auditCount();
  await assert.rejects(
    execute(reviewer, approveItem, { id }),
    (e: unknown) => e instanceof ConflictError && /当前状态（草稿）不能执行“审查通过”/.test(e.message),
  );
  await assert.rejects(execute(reviewer, publishItem, { id }), ConflictError);
  await assert.rejects(execute(reviewer, withdrawItem, { id, reason: '测试撤回' }), ConflictError);
  await execute(editor, submitItem, { id });
  await assert.rejects(execute(editor, updateItem, { ...draft('改名'), id }), (e: unknown) => e instanceof ConflictError && /审查中/.test(e.message));
  await assert.rejects(execute(editor, submitItem, { id }), ConflictError);
  assert.equal(await auditCount(), a0 + 1);
  assert.equal((await findItem(t.app.database.db, id))!.title, '关于顺序校验的通知');
});

test('the personal-data scan flags a valid ID number and a mobile number before review, masked', async () => {
  const editor = await as('editor');
  const { id } = await execute(editor, createItem, {
    ...draft('救助对象公示'),
    body: '王某，身份证号430102198003150018，电话13807451234；另一个号码430102198003150011校验不对。',
  });
  const r = await execute(editor, submitItem, { id });
  assert.deepEqual(
    r.findings.map((f) => [f.kind, f.detail]),
    [
      ['id_number', '430102********0018'],
      ['mobile', '138****1234'],
    ],
  );
  const audit = await t.app.database.db
    .selectFrom('audit_log')
    .select('summary')
    .where('action', '=', 'catalogue.submit')
    .orderBy('seq', 'desc')
    .executeTakeFirstOrThrow();
  assert.doesNotMatch(audit.summary, /430102198003150018|13807451234/);
});

test('withdrawal keeps the index number, takes the item out of search, and a republished item keeps it', async () => {
  const office = await as('office');
  const { id } = await execute(office, createItem, draft('关于撤回测试的公告'));
  await execute(office, submitItem, { id });
  await execute(office, approveItem, { id, publish: true });
  const indexNo = (await findItem(t.app.database.db, id))!.indexNo;
  await assert.rejects(execute(office, withdrawItem, { id, reason: '' }), ValidationError);
  await execute(office, withdrawItem, { id, reason: '内容有误，需更正' });
  assert.ok(!(await search(t.app.database.db, { q: '撤回测试' })).hits.some((h) => h.id === id));
  await execute(office, reopenItem, { id });
  await execute(office, submitItem, { id });
  await execute(office, approveItem, { id, publish: true });
  assert.equal((await findItem(t.app.database.db, id))!.indexNo, indexNo);
});

test('index numbers are unique and gap-free under concurrent publication', async () => {
  const office = await as('office');
  const ids: number[] = [];
  for (let i = 0; i < 8; i++) {
    const { id } = await execute(office, createItem, draft(`并发发布测试${i}`));
    await execute(office, submitItem, { id });
    await execute(office, approveItem, { id });
    ids.push(id);
  }
  const results = await Promise.allSettled(ids.map((id) => execute(office, publishItem, { id })));
  const nos = results.map((r) => (r.status === 'fulfilled' ? r.value.indexNo : String(r.reason)));
  assert.equal(new Set(nos).size, 8, nos.join(' '));
  const serials = nos.map((n) => Number(/(\d+)$/.exec(n)![1])).sort((a, b) => a - b);
  for (let i = 1; i < serials.length; i++) assert.equal(serials[i], serials[i - 1]! + 1);
});

test('the report metrics count the demo: 6,105 items in 2016 all on the website, several channels and normative documents in 2025', async () => {
  const db = t.app.database.db;
  const orgs = (await db.selectFrom('orgs').select('id').execute()).map((o) => Number(o.id));
  const sum = async (name: string, year: number, params: Record<string, string> = {}) => {
    let n = 0;
    for (const o of orgs) n += await t.app.registry.metrics.get(name)!.count(db, { orgId: o, year, params });
    return n;
  };
  assert.equal(await sum('catalogue.published', 2016), 6105);
  assert.equal(await sum('catalogue.published', 2016, { channel: 'website' }), 6105);
  assert.equal(await sum('catalogue.published', 2016, { channel: 'gazette' }), 0);
  const total25 = await sum('catalogue.published', 2025);
  const gazette = await sum('catalogue.published', 2025, { channel: 'gazette' });
  const wechat = await sum('catalogue.published', 2025, { channel: 'wechat' });
  assert.ok(gazette > 0 && wechat > 0 && gazette < total25 && wechat < total25);
  assert.ok((await sum('catalogue.documentsIssued', 2025, { kind: 'normative' })) > 0);
  assert.ok((await sum('catalogue.documentsRepealed', 2025, { kind: 'normative' })) >= 10);
  assert.ok((await sum('catalogue.documentsInForce', 2025, { kind: 'normative' })) > 0);
  const rec = await t.app.registry.metrics.get('catalogue.published')!.records(db, { orgId: orgs[0]!, year: 2016, params: {} }, { limit: 5, offset: 0 });
  assert.equal(rec.total, await t.app.registry.metrics.get('catalogue.published')!.count(db, { orgId: orgs[0]!, year: 2016, params: {} }));
});

test('a channel is registered on a published item; validity changes point to the successor', async () => {
  const office = await as('office');
  const db = t.app.database.db;
  const old = (
    await db
      .selectFrom('cat_items')
      .select('id')
      .where('is_normative', '=', 1)
      .where('validity', '=', 'valid')
      .where('state', '=', 'published')
      .orderBy('id')
      .executeTakeFirstOrThrow()
  ).id;
  const newer = (
    await db
      .selectFrom('cat_items')
      .select('index_no')
      .where('is_normative', '=', 1)
      .where('published_on', '>=', '2025-01-01')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
  ).index_no!;
  await execute(office, addChannel, { id: old, channel: 'gazette', publishedOn: '2016-12-30', reference: '2016年第12期' });
  await execute(office, setValidity, { id: old, validity: 'repealed', changedOn: '2025-03-01', successorIndexNo: newer });
  const item = (await findItem(db, Number(old)))!;
  assert.equal(item.validity, 'repealed');
  assert.equal(item.successorId, (await db.selectFrom('cat_items').select('id').where('index_no', '=', newer).executeTakeFirstOrThrow()).id);
  assert.equal(item.version, 2);
});
