import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testServer, type TestServer, type TestClient } from '../support/app.ts';
import { pageMessage } from '../support/hardening.ts';
import { randomBytes } from 'node:crypto';

/**
 * Concurrency (issue 6, item 2): a deadline-day burst of 500 public applications at once, each
 * acknowledged with its own query code, none lost, none twice (double clicks included); and
 * 索引号 handed out while many items are published at the same moment, never twice.
 */

let s: TestServer;
before(async () => {
  s = await testServer({ demo: true, config: { rateLimitForms: 1_000_000, rateLimitLogin: 1_000_000 } });
});
after(() => s?.close());

const db = () => s.app.database.db;

function application(key: string, n: number): Record<string, string> {
  return {
    idempotencyKey: key,
    orgId: '1',
    applicantType: 'natural',
    applicantName: `并发申请人${n}`,
    idType: 'resident_id',
    idNumber: '431202198504120032',
    phone: `137${String(n).padStart(8, '0')}`,
    infoName: `并发测试所需信息第${n}号`,
    deliveryForm: 'electronic',
    deliveryChannel: 'online',
    step: 'submit',
  };
}

/**
 * A visitor's CSRF token and a form key. The key is what the form's hidden field carries (random,
 * 16–64 URL-safe characters); the token is read from the smallest public form, so the 500 visitors
 * cost the server little before the burst that is measured.
 */
async function openForm(c: TestClient, i: number): Promise<{ key: string; csrf: string }> {
  const page = await c.get('/requests/track');
  assert.equal(page.status, 200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  assert.ok(csrf);
  return { key: `burst-${i}-${randomBytes(9).toString('base64url')}`, csrf };
}

test('500 simultaneous public applications each get their own query code; none is lost or stored twice, double clicks included', async () => {
  const N = 500;
  const visitors = await Promise.all(
    Array.from({ length: N }, async (_x, i) => {
      const c = s.client();
      return { i, c, ...(await openForm(c, i)) };
    }),
  );
  // Every tenth visitor double-clicks: the same form (same key) posted twice at once.
  const posts = visitors.flatMap((v) => {
    const one = () => v.c.post('/requests/apply', application(v.key, v.i), { csrf: v.csrf });
    return v.i % 10 === 0 ? [one(), one()] : [one()];
  });
  const answers = await Promise.all(posts);
  const bad = answers.filter((r) => r.status !== 303 || r.location !== '/requests/apply/done');
  assert.deepEqual(
    bad.map((r) => `${r.status} ${pageMessage(r.body)}`),
    [],
    'every submission is acknowledged',
  );

  const codes = await Promise.all(
    visitors.map(async (v) => {
      const done = await v.c.get('/requests/apply/done');
      const code = /class="value mono">([0-9A-Z-]+)</.exec(done.body)?.[1];
      assert.ok(code, `visitor ${v.i} sees a query code`);
      return code;
    }),
  );
  assert.equal(new Set(codes).size, N, 'each visitor has a different query code');

  const rows = await db()
    .selectFrom('requests')
    .select(['idempotency_key', 'query_code', 'applicant_name', 'info_name', 'phone', 'state'])
    .where(
      'idempotency_key',
      'in',
      visitors.map((v) => v.key),
    )
    .execute();
  assert.equal(rows.length, N, 'exactly one stored request per form');
  const byKey = new Map(rows.map((r) => [r.idempotency_key, r]));
  for (const v of visitors) {
    const r = byKey.get(v.key)!;
    assert.equal(r.query_code, codes[v.i], `visitor ${v.i}: the code shown is the code stored`);
    assert.equal(r.applicant_name, `并发申请人${v.i}`);
    assert.equal(r.info_name, `并发测试所需信息第${v.i}号`);
    assert.equal(r.state, 'submitted');
  }
  const all = await db().selectFrom('requests').select('query_code').execute();
  assert.equal(new Set(all.map((r) => r.query_code)).size, all.length, 'query codes are unique across all requests');
});

test('items published at the same moment get distinct 索引号, in an unbroken sequence per agency', async () => {
  const office = s.client();
  await office.login('office');
  const reviewer = s.client();
  await reviewer.login('reviewer');
  const ORGS = [2, 7];
  const PER_ORG = 15;
  const ids: Array<{ id: number; org: number }> = [];
  for (const org of ORGS) {
    for (let i = 0; i < PER_ORG; i++) {
      const r = await office.post(
        '/admin/catalogue',
        { orgId: org, columnId: 1, title: `并发发布测试${org}-${i}`, body: '正文。', formedOn: '2026-11-20', topic: '综合政务/政务公开', genre: '通知' },
        { csrf: await office.token() },
      );
      assert.equal(r.status, 303, pageMessage(r.body));
      const id = Number(/\/admin\/catalogue\/(\d+)/.exec(r.location!)![1]);
      assert.equal((await office.post(`/admin/catalogue/${id}/submit`, {}, { csrf: await office.token() })).status, 303);
      ids.push({ id, org });
    }
  }
  const before = await db().selectFrom('cat_index_counters').select(['org_id', 'last_serial']).where('year', '=', 2026).execute();
  const last = new Map(before.map((b) => [Number(b.org_id), Number(b.last_serial)]));
  // Half are approved and published in one step by the office, half approved first and then
  // published by the reviewer: two publishing paths racing for the same counters.
  const half = ids.filter((_x, i) => i % 2 === 1);
  for (const h of half) assert.equal((await office.post(`/admin/catalogue/${h.id}/approve`, {}, { csrf: await office.token() })).status, 303);
  const [ot, rt] = [await office.token(), await reviewer.token()];
  const results = await Promise.all(
    ids.map((x, i) =>
      i % 2 === 0
        ? office.post(`/admin/catalogue/${x.id}/approve`, { publish: '1' }, { csrf: ot })
        : reviewer.post(`/admin/catalogue/${x.id}/publish`, {}, { csrf: rt }),
    ),
  );
  assert.deepEqual(
    results.filter((r) => r.status !== 303).map((r) => `${r.status} ${pageMessage(r.body)}`),
    [],
  );
  const rows = await db()
    .selectFrom('cat_items')
    .select(['id', 'org_id', 'index_no', 'index_serial', 'state'])
    .where(
      'id',
      'in',
      ids.map((x) => x.id),
    )
    .execute();
  assert.ok(
    rows.every((r) => r.state === 'published' && r.index_no),
    'all published with an index number',
  );
  const everyNo = (await db().selectFrom('cat_items').select('index_no').where('index_no', 'is not', null).execute()).map((r) => r.index_no);
  assert.equal(new Set(everyNo).size, everyNo.length, 'no index number is used twice anywhere in the catalogue');
  for (const org of ORGS) {
    const serials = rows
      .filter((r) => Number(r.org_id) === org)
      .map((r) => Number(r.index_serial))
      .sort((a, b) => a - b);
    const from = (last.get(org) ?? 0) + 1;
    assert.deepEqual(
      serials,
      Array.from({ length: PER_ORG }, (_x, i) => from + i),
      `org ${org}: serials follow on without gaps or repeats`,
    );
  }
});
