import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { testServer, type TestServer } from '../support/app.ts';
import { demoProcessDatabase, gongkai, type ProcessDb } from '../support/process.ts';
import type { TestApp } from '../support/app.ts';
import { execute } from '../../src/platform/command.ts';
import { ANONYMOUS } from '../../src/platform/context.ts';
import { login, unlockUser, findUserByName, type AccountNotice } from '../../src/modules/identity/index.ts';

/**
 * A stranger cannot lock a staff account: failures are counted per (login name, client address);
 * the guessing address is slowed, the owner elsewhere logs in; the account locks only after many
 * failures from many addresses, its owner and the administrators are told, and an administrator
 * unlocks it (back office or `gongkai user unlock`).
 */
const PASSWORD = 'Hongjiang@2016';
let s: TestServer;
before(async () => {
  s = await testServer({
    demo: true,
    config: { loginThrottleAfter: 3, loginMaxFailures: 12, loginLockAddresses: 4, loginFailureWindowMinutes: 60, lockoutMinutes: 15 },
  });
});
after(() => s.close());

const anon = () => s.app.context(ANONYMOUS);
const attempt = (username: string, password: string, address: string) => execute(anon(), login, { username, password, address });
const lockedUntil = async (username: string) => (await findUserByName(s.app.database.db, username))!.locked_until;
const auditOf = (action: string) =>
  s.app.database.db.selectFrom('audit_log').select(['subject_id', 'summary', 'actor_name']).where('action', '=', action).execute();

test("an attacker's address is slowed with growing waits, without its password being checked; the owner at another address logs in", async () => {
  const attacker = '203.0.113.66';
  for (let i = 0; i < 3; i++) assert.deepEqual(await attempt('editor', 'wrong-password', attacker), { ok: false });
  // Fourth attempt from the same address, even with the right password: refused, told to wait.
  assert.deepEqual(await attempt('editor', PASSWORD, attacker), { ok: false, retryAfterSeconds: 1 });
  // The owner at their desk is not slowed at all.
  assert.equal((await attempt('editor', PASSWORD, '10.20.0.7')).ok, true);
  // Waits grow: each further failure, once the wait is over, doubles it.
  const waits: number[] = [];
  let wait = 1;
  for (let i = 0; i < 3; i++) {
    s.clock.advance(wait * 1000);
    assert.deepEqual(await attempt('editor', 'wrong-password', attacker), { ok: false });
    wait = ((await attempt('editor', PASSWORD, attacker)) as { retryAfterSeconds?: number }).retryAfterSeconds ?? 0;
    waits.push(wait);
  }
  assert.deepEqual(waits, [2, 4, 8]);
  assert.equal(await lockedUntil('editor'), null, 'one address never locks the account');
  // An unknown name is slowed exactly alike (no account enumeration).
  for (let i = 0; i < 3; i++) await attempt('nobody-here', 'wrong-password', attacker);
  assert.deepEqual(await attempt('nobody-here', 'x', attacker), { ok: false, retryAfterSeconds: 1 });
  assert.ok((await auditOf('identity.login-throttled')).length >= 2, 'throttled attempts are audited');
});

test('over HTTP: the attacker gets 429 "尝试过于频繁，请 N 秒后再试" with Retry-After, the owner from another address gets in', async () => {
  const a = s.client();
  a.ip = '198.51.100.9';
  for (let i = 0; i < 3; i++) assert.equal((await a.login('reviewer', 'wrong-password')).status, 401);
  const r = await a.login('reviewer', PASSWORD);
  assert.equal(r.status, 429);
  assert.equal(r.headers['retry-after'], '1');
  assert.match(r.body, /尝试过于频繁，请 1 秒后再试/);
  const owner = s.client();
  owner.ip = '10.20.0.8';
  assert.equal((await owner.login('reviewer')).status, 303);
  // A success clears that address's count only: the attacker still waits.
  s.clock.advance(1000);
  assert.equal((await a.login('reviewer', 'wrong-password')).status, 401);
  assert.equal((await a.login('reviewer', PASSWORD)).status, 429);
});

test('an office behind one NAT address logs in at 09:00: the login rate limit counts per address and name', async () => {
  // Twelve colleagues from one address within a minute, over the 10-a-minute login limit per client.
  const names = ['admin', 'office', 'editor', 'handler', 'supervisor', 'auditor', 'changqing', 'admin', 'office', 'handler', 'supervisor', 'auditor'];
  for (const [i, name] of names.entries()) {
    const c = s.client();
    c.ip = '10.99.0.1';
    assert.equal((await c.login(name)).status, 303, `${name} (#${i + 1}) logs in from the shared address`);
  }
});

test('many failures from many addresses lock the account; the owner and the administrators are told; an administrator unlocks it in the back office', async () => {
  const sent: AccountNotice[] = [];
  const wired = s.app.ports.accountNotifier!;
  s.app.ports.accountNotifier = {
    send: async (db, n, at) => {
      sent.push(n);
      return wired.send(db, n, at);
    },
  };
  try {
    // Three addresses, four failures each (waits honoured): 12 failures, but too few addresses.
    const guess = async (address: string, n: number) => {
      for (let i = 0; i < n; i++) {
        const r = (await attempt('handler', 'wrong-password', address)) as { ok: boolean; retryAfterSeconds?: number };
        if (r.retryAfterSeconds) {
          s.clock.advance(r.retryAfterSeconds * 1000);
          i--;
        }
      }
    };
    for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) await guess(ip, 4);
    assert.equal(await lockedUntil('handler'), null, '12 failures from 3 addresses: not locked');
    await guess('192.0.2.4', 1);
    const until = await lockedUntil('handler');
    assert.ok(until && until > s.clock.now().toISOString(), '13 failures from 4 addresses: locked');
    // Now even the owner, from a fresh address, with the right password, is refused.
    assert.equal((await attempt('handler', PASSWORD, '10.20.0.9')).ok, false);
    const lockAudit = (await auditOf('identity.locked')).filter((a) => JSON.parse(a.summary).username === 'handler');
    assert.equal(lockAudit.length, 1);
    assert.doesNotMatch(lockAudit[0]!.summary, /192\.0\.2/, 'no client address in the audit summary');
    assert.deepEqual(
      sent.map((n) => [n.user.username, n.audience]),
      [
        ['handler', 'owner'],
        ['handler', 'admins'],
      ],
    );
    const outbox = await s.app.database.db.selectFrom('request_outbox').select(['channel', 'subject']).where('subject', 'like', '%handler%').execute();
    assert.deepEqual(
      outbox.map((o) => o.channel),
      ['staff'],
      "the administrators' notice is in the outbox for the gateway",
    );

    // The back office: the dashboard lists the locked account with its 解锁 button.
    const admin = s.client();
    admin.ip = '10.20.0.1';
    await admin.login('admin');
    const dash = await admin.get('/admin');
    assert.match(dash.body, /被锁定的账户/);
    const form = /<form method="post" action="\/admin\/users\/(\d+)\/unlock"[\s\S]*?<\/form>/.exec(dash.body);
    assert.ok(form && /解锁/.test(form[0]), 'an unlock button for the locked account');
    // Someone without users.manage may not unlock.
    const editor = s.client();
    editor.ip = '10.20.0.2';
    await editor.login('editor');
    assert.equal((await editor.post(`/admin/users/${form![1]}/unlock`, { from: 'dashboard' })).status, 403);
    assert.ok(await lockedUntil('handler'));
    const r = await admin.post(`/admin/users/${form![1]}/unlock`, { from: 'dashboard' });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/admin');
    assert.equal(await lockedUntil('handler'), null);
    const unlocks = await auditOf('users.unlock');
    assert.equal(unlocks.length, 1);
    assert.equal(unlocks[0]!.actor_name, 'admin');
    assert.doesNotMatch((await admin.get('/admin')).body, /被锁定的账户/);
    // Unlocked, the counts start afresh: one more mistake does not lock it again, and the owner gets in.
    assert.equal((await attempt('handler', 'wrong-password', '192.0.2.5')).ok, false);
    assert.equal(await lockedUntil('handler'), null);
    const owner = s.client();
    owner.ip = '10.20.0.9';
    assert.equal((await owner.login('handler')).status, 303);
    // The owner is told on their dashboard that their account was locked.
    assert.match((await owner.get('/admin')).body, /您的账户曾被锁定/);
    // …until they change their password, as the notice asks.
    s.clock.advance(1000);
    assert.equal((await owner.post('/admin/account', { currentPassword: PASSWORD, password: 'Changed@Pass-2026' })).status, 303);
    assert.equal((await owner.login('handler', 'Changed@Pass-2026')).status, 303);
    assert.doesNotMatch((await owner.get('/admin')).body, /您的账户曾被锁定/);
    // Unlocking an account that is not locked: a clear conflict, nothing changes.
    await assert.rejects(execute(s.system, unlockUser, { userId: Number(form![1]) }), /该账户未被锁定/);
  } finally {
    s.app.ports.accountNotifier = wired;
  }
});

let pdb: ProcessDb & { app: TestApp };
test('`gongkai user unlock NAME` unlocks an account, audited as the CLI operator', async () => {
  pdb = await demoProcessDatabase();
  try {
    const db = pdb.app.app.database.db;
    await db.updateTable('users').set({ locked_until: '2999-01-01T00:00:00.000Z' }).where('username', '=', 'office').execute();
    const r = await gongkai(pdb.env, 'user', 'unlock', 'office');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /office unlocked/);
    assert.equal((await findUserByName(db, 'office'))!.locked_until, null);
    const a = await db.selectFrom('audit_log').select('actor_name').where('action', '=', 'users.unlock').executeTakeFirstOrThrow();
    assert.match(a.actor_name, /^cli:/);
    const again = await gongkai(pdb.env, 'user', 'unlock', 'office');
    assert.notEqual(again.code, 0, 'not locked: refused');
    assert.match(again.stderr, /该账户未被锁定/);
  } finally {
    await pdb.drop();
  }
});
