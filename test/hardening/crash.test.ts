import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoProcessDatabase, gongkai, startServer, type ProcessDb, type ServerProcess } from '../support/process.ts';
import { HttpClient } from '../support/http.ts';
import type { TestApp } from '../support/app.ts';

/**
 * Crash safety (issue 6, item 1): the real server in its own process takes a stream of concurrent
 * public applications and item publications, and is killed with SIGKILL in the middle of it (no
 * shutdown, no flush). After a restart every application that was acknowledged (303 to the receipt
 * page, whose query code the visitor then reads) is there and complete, every publication that was
 * acknowledged (303 with its 索引号) is published under that number, and `gongkai audit verify`
 * passes. Unacknowledged work may or may not be there, but never half-written.
 */

let pdb: ProcessDb & { app: TestApp };
let server: ServerProcess | undefined;
const env = () => ({ ...pdb.env, GONGKAI_RATE_LIMIT_FORMS: '1000000', GONGKAI_RATE_LIMIT_LOGIN: '1000000', GONGKAI_LOG_LEVEL: 'fatal' });

before(async () => {
  pdb = await demoProcessDatabase();
});
after(async () => {
  await server?.kill('SIGKILL');
  await pdb?.drop();
});

interface Application {
  key: string;
  n: number;
  client: HttpClient;
  codeBefore?: string;
}
interface Publication {
  id: number;
  title: string;
  indexNo: string;
}

const TAG = `崩溃测试${Date.now().toString(36)}`;

function application(key: string, n: number): Record<string, string> {
  return {
    idempotencyKey: key,
    orgId: '1',
    applicantType: 'natural',
    applicantName: `${TAG}申请人${n}`,
    idType: 'resident_id',
    idNumber: '431202198504120032',
    phone: `139${String(n).padStart(8, '0')}`,
    address: `洪江区沅江路${n}号`,
    infoName: `${TAG}所需信息${n}`,
    infoDescription: `第${n}份申请的内容描述：2026年城区道路改造计划`,
    deliveryForm: 'electronic',
    deliveryChannel: 'online',
    step: 'submit',
  };
}

test('after SIGKILL in the middle of applications and publications, every acknowledged record is there and complete, and the audit chain verifies', {
  timeout: 900_000,
}, async () => {
  server = await startServer(env(), ['--no-demo']);
  const base = server.base;
  const acked: Application[] = [];
  const published: Publication[] = [];
  const attempted = new Set<string>();
  let stop = false;
  let n = 0;

  const submitter = async () => {
    while (!stop) {
      const c = new HttpClient(base);
      try {
        const form = await c.get('/requests/apply');
        const key = /name="idempotencyKey" value="([^"]+)"/.exec(form.body)?.[1];
        const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
        if (!key || !csrf) continue;
        const i = ++n;
        attempted.add(key);
        const r = await c.post('/requests/apply', { ...application(key, i), _csrf: csrf });
        if (r.status === 303 && r.location === '/requests/apply/done') {
          const a: Application = { key, n: i, client: c };
          acked.push(a);
          const done = await c.get('/requests/apply/done');
          a.codeBefore = /class="value mono">([0-9A-Z-]+)</.exec(done.body)?.[1];
        }
      } catch {
        // The server died under us: whatever was not acknowledged was not promised.
      }
    }
  };

  const publisher = async () => {
    const c = new HttpClient(base);
    await c.login('office');
    const csrf = await c.csrf('/admin/catalogue/new');
    while (!stop) {
      try {
        const title = `${TAG}发布${++n}`;
        const created = await c.post('/admin/catalogue', {
          orgId: 2,
          columnId: 1,
          title,
          body: `${title}的正文。`,
          formedOn: '2026-11-20',
          topic: '综合政务/政务公开',
          genre: '通知',
          _csrf: csrf,
        });
        const id = Number(/\/admin\/catalogue\/(\d+)$/.exec(created.location ?? '')?.[1]);
        if (!id) continue;
        if ((await c.post(`/admin/catalogue/${id}/submit`, { _csrf: csrf })).status !== 303) continue;
        const r = await c.post(`/admin/catalogue/${id}/approve`, { publish: '1', _csrf: csrf });
        const indexNo = /索引号 ([^\s"。，]+)/.exec(c.flash())?.[1];
        if (r.status === 303 && indexNo) published.push({ id, title, indexNo });
      } catch {
        /* killed */
      }
    }
  };

  const workers = [...Array.from({ length: 6 }, submitter), publisher(), publisher()];
  // Kill once enough has been promised: mid-stream, with requests in flight.
  const started = Date.now();
  while ((acked.length < 30 || published.length < 4) && Date.now() - started < 240_000) await new Promise((r) => setTimeout(r, 50));
  assert.ok(acked.length >= 30 && published.length >= 4, `the stream got going (${acked.length} applications, ${published.length} publications acknowledged)`);
  await server.kill('SIGKILL');
  stop = true;
  await Promise.all(workers);
  assert.equal(server.child.signalCode, 'SIGKILL');

  server = await startServer(env(), ['--no-demo']);
  for (const a of acked) a.client.base = server.base;

  const db = pdb.app.app.database.db;
  const rows = await db
    .selectFrom('requests')
    .select(['id', 'idempotency_key', 'query_code', 'applicant_name', 'phone', 'address', 'info_name', 'info_description', 'state', 'org_id'])
    .where('idempotency_key', 'in', [...attempted])
    .execute();
  const byKey = new Map(rows.map((r) => [r.idempotency_key, r]));
  for (const a of acked) {
    const r = byKey.get(a.key);
    assert.ok(r, `acknowledged application ${a.n} survived the crash`);
    const want = application(a.key, a.n);
    assert.deepEqual(
      { name: r.applicant_name, phone: r.phone, address: r.address, info: r.info_name, description: r.info_description, state: r.state, org: Number(r.org_id) },
      {
        name: want.applicantName,
        phone: want.phone,
        address: want.address,
        info: want.infoName,
        description: want.infoDescription,
        state: 'submitted',
        org: 1,
      },
    );
    // The receipt still answers with the same code (the visitor's cookie, after the restart).
    const done = await a.client.get('/requests/apply/done');
    const code = /class="value mono">([0-9A-Z-]+)</.exec(done.body)?.[1];
    assert.equal(code, r.query_code, `application ${a.n}: the receipt shows the stored code`);
    if (a.codeBefore) assert.equal(a.codeBefore, r.query_code);
  }
  // Whatever else got in is whole too: nothing half-written.
  for (const r of rows)
    assert.ok(r.query_code && r.applicant_name.startsWith(TAG) && r.info_name.startsWith(TAG) && r.info_description.length > 10, `request ${r.id} is complete`);
  const events = await db
    .selectFrom('request_events')
    .select(['request_id'])
    .where('request_id', 'in', rows.length ? rows.map((r) => r.id) : [-1])
    .execute();
  for (const r of rows)
    assert.ok(
      events.some((e) => Number(e.request_id) === Number(r.id)),
      `request ${r.id} has its history`,
    );

  const items = await db.selectFrom('cat_items').select(['id', 'title', 'state', 'index_no', 'is_public']).where('title', 'like', `${TAG}%`).execute();
  const itemById = new Map(items.map((i) => [Number(i.id), i]));
  const visitor = new HttpClient(server.base);
  for (const p of published) {
    const it = itemById.get(p.id);
    assert.ok(it, `acknowledged publication ${p.title} survived`);
    assert.equal(it.state, 'published');
    assert.equal(it.index_no, p.indexNo);
    const page = await visitor.get(`/item/${p.indexNo}`);
    assert.equal(page.status, 200, `the public page of ${p.indexNo}`);
    assert.ok(page.body.includes(p.title));
  }
  for (const it of items) if (it.state === 'published') assert.ok(it.index_no && Number(it.is_public) === 1, `published item ${it.id} has its 索引号`);
  const nos = (await db.selectFrom('cat_items').select('index_no').where('index_no', 'is not', null).execute()).map((r) => r.index_no);
  assert.equal(new Set(nos).size, nos.length, 'no 索引号 was given twice across the crash');

  await server.kill('SIGTERM');
  const v = await gongkai(env(), 'audit', 'verify');
  assert.equal(v.code, 0, `audit verify: ${v.stdout}${v.stderr}`);
});
