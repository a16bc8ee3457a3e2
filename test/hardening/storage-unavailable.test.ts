import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { sql } from 'kysely';
import { testApp, TEST_SECRET, TestClient, type TestApp } from '../support/app.ts';
import { TEST_ENGINE } from '../support/db.ts';
import { buildServer, type BuiltServer } from '../../src/app/server.ts';
import { storageProblem } from '../../src/storage/db.ts';
import { auditHead, pageMessage } from '../support/hardening.ts';

/**
 * A database that cannot be written is reported, not hidden (issue 9, item 7). The database is
 * made read-only under a running server — SQLite: `PRAGMA query_only` on its one connection (what
 * a read-only file answers: SQLITE_READONLY); PostgreSQL: `default_transaction_read_only` for the
 * test's own database and on every pooled connection (what a standby answers: SQLSTATE 25006).
 * /healthz must answer 503 naming the cause, a public application and a login 503 with the Chinese
 * sentence and nothing written, the log must name the cause once for many failing requests, and
 * all must come back once the condition clears.
 */

const SENTENCE = '系统暂时无法保存，请稍后再试';

let t: TestApp;
let server: BuiltServer;
const lines: string[] = [];

before(async () => {
  t = await testApp({ demo: true, config: { rateLimitLogin: 100000, rateLimitForms: 100000 } });
  server = await buildServer(t.app, { secret: TEST_SECRET, logStream: { write: (l: string) => void lines.push(l) } });
  await server.fastify.ready();
});
after(async () => {
  await server?.fastify.close();
  await t?.close();
});

async function setReadOnly(on: boolean): Promise<void> {
  const db = t.app.database;
  if (TEST_ENGINE === 'sqlite') {
    db.sqliteHandle!.pragma(`query_only = ${on ? 'ON' : 'OFF'}`);
    return;
  }
  // The test's database is its own copy of the demo: the setting reaches no other test. New
  // connections take it from the database; the pool's open ones are set one by one, all held at
  // once so that each is a different connection.
  const name = new URL(t.db.url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: t.db.url });
  await admin.connect();
  try {
    // This connection too starts read-only once the database is: the operator's own session is not.
    await admin.query('set default_transaction_read_only = off');
    await admin.query(on ? `alter database ${name} set default_transaction_read_only = on` : `alter database ${name} reset default_transaction_read_only`);
  } finally {
    await admin.end();
  }
  let held = 0;
  let release!: () => void;
  const all = new Promise<void>((r) => (release = r));
  await Promise.all(
    Array.from({ length: 5 }, () =>
      db.db.connection().execute(async (c) => {
        await sql.raw(`set default_transaction_read_only = ${on ? 'on' : 'off'}`).execute(c);
        if (++held === 5) release();
        await all;
      }),
    ),
  );
}

function application(key: string): Record<string, string> {
  return {
    idempotencyKey: key,
    orgId: '1',
    applicantType: 'natural',
    applicantName: '只读测试',
    idType: 'resident_id',
    idNumber: '431202198504120032',
    phone: '13700001111',
    infoName: '只读数据库测试申请',
    deliveryForm: 'electronic',
    deliveryChannel: 'online',
    step: 'submit',
  };
}

const logged = (re: RegExp) => lines.filter((l) => re.test(l));

test('a read-only database: /healthz 503 naming the cause, writes 503 in Chinese with nothing written, one log line, and back after it clears', async () => {
  const c = new TestClient(server);
  const health = await c.get('/healthz');
  assert.equal(health.status, 200, health.body);
  assert.equal(JSON.parse(health.body).status, 'ok');
  const token = await c.token();
  const headBefore = await auditHead(t.app.database.db);
  const countBefore = Number((await t.app.database.db.selectFrom('requests').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);

  await setReadOnly(true);
  try {
    const h = await c.get('/healthz');
    assert.equal(h.status, 503, h.body);
    const hj = JSON.parse(h.body);
    assert.equal(hj.status, 'unavailable');
    assert.equal(hj.cause, 'read_only');
    assert.match(hj.message, /只读/);
    assert.ok(h.headers['retry-after'], 'Retry-After on /healthz');

    // Reads still work: the portal's pages are served.
    assert.equal((await c.get('/requests/apply')).status, 200);

    const keys = ['readonly-test-0001', 'readonly-test-0002', 'readonly-test-0003'];
    for (const key of keys) {
      const r = await c.post('/requests/apply', application(key), { csrf: token });
      assert.equal(r.status, 503, `apply: ${r.status} ${pageMessage(r.body)}`);
      assert.match(pageMessage(r.body), new RegExp(SENTENCE));
      assert.ok(Number(r.headers['retry-after']) > 0, 'Retry-After on the page');
      assert.doesNotMatch(r.body, /SQLITE_|25006|read-only transaction|readonly database/, 'the engine’s words stay in the log');
    }
    const login = await new TestClient(server).login('admin');
    assert.equal(login.status, 503, `login: ${login.status} ${pageMessage(login.body)}`);
    assert.match(pageMessage(login.body), new RegExp(SENTENCE));
    assert.equal((await c.get('/healthz')).status, 503);

    // Once, naming the cause, for two health checks, three applications and a login.
    const down = logged(/storage unavailable/);
    assert.equal(down.length, 1, `log lines: ${down.join('\n')}`);
    assert.match(down[0]!, /read_only/);
    assert.match(down[0]!, TEST_ENGINE === 'sqlite' ? /SQLITE_READONLY/ : /25006/);
  } finally {
    await setReadOnly(false);
  }

  // Nothing half-written: no application row, no audit entry.
  const db = t.app.database.db;
  assert.equal(
    (await db.selectFrom('requests').select('id').where('idempotency_key', 'in', ['readonly-test-0001', 'readonly-test-0002', 'readonly-test-0003']).execute())
      .length,
    0,
  );
  assert.equal(Number((await db.selectFrom('requests').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n), countBefore);
  assert.equal(await auditHead(db), headBefore);

  // Cleared: healthy again, the same application goes through, and the log says so.
  const back = await c.get('/healthz');
  assert.equal(back.status, 200, back.body);
  assert.equal(logged(/storage available again/).length, 1);
  const r = await c.post('/requests/apply', application('readonly-test-0001'), { csrf: token });
  assert.equal(r.status, 303, `apply after: ${r.status} ${pageMessage(r.body)}`);
  assert.equal((await db.selectFrom('requests').select('id').where('idempotency_key', '=', 'readonly-test-0001').execute()).length, 1);

  // A second outage is logged again (the flag was reset by the successful write).
  await setReadOnly(true);
  try {
    assert.equal((await c.post('/requests/apply', application('readonly-test-0004'), { csrf: token })).status, 503);
    assert.equal((await c.post('/requests/apply', application('readonly-test-0005'), { csrf: token })).status, 503);
  } finally {
    await setReadOnly(false);
  }
  assert.equal(logged(/storage unavailable/).length, 2);
});

test('the storage errors of both engines are told apart from a request’s own errors', () => {
  const cases: Array<[object, string | null]> = [
    [{ code: 'SQLITE_READONLY', message: 'attempt to write a readonly database' }, 'read_only'],
    [{ code: 'SQLITE_READONLY_DBMOVED', message: 'x' }, 'read_only'],
    [{ code: 'SQLITE_FULL', message: 'database or disk is full' }, 'disk_full'],
    [{ code: 'SQLITE_CANTOPEN', message: 'unable to open database file' }, 'cannot_open'],
    [{ code: 'SQLITE_IOERR_WRITE', message: 'disk I/O error' }, 'io_error'],
    [{ code: '25006', message: 'cannot execute UPDATE in a read-only transaction' }, 'read_only'],
    [{ code: '53100', message: 'could not extend file' }, 'disk_full'],
    [{ code: '53300', message: 'too many clients' }, 'overloaded'],
    [{ code: '57P01', message: 'terminating connection due to administrator command' }, 'shutdown'],
    [{ code: '57P03', message: 'the database system is starting up' }, 'shutdown'],
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }, 'unreachable'],
    [new Error('Connection terminated unexpectedly'), 'unreachable'],
    // A request's own errors are not the storage's: constraint violations, bad syntax, a busy lock.
    [{ code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed' }, null],
    [{ code: '23505', message: 'duplicate key value violates unique constraint' }, null],
    [{ code: '22P02', message: 'invalid input syntax for type integer' }, null],
    [new TypeError('x is undefined'), null],
  ];
  for (const [e, want] of cases) assert.equal(storageProblem(e)?.reason ?? null, want, JSON.stringify(e));
});
