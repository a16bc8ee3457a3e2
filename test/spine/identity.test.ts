import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../support/app.ts';
import { execute } from '../../src/platform/command.ts';
import { ANONYMOUS } from '../../src/platform/context.ts';
import { login, actorForSession, setUserDisabled, findUserByName } from '../../src/modules/identity/index.ts';
import { ValidationError } from '../../src/kernel/errors.ts';
import { addUser } from '../../src/modules/identity/index.ts';

let t: TestApp;
before(async () => {
  t = await testApp({ demo: true, config: { loginMaxFailures: 3, loginLockAddresses: 3, lockoutMinutes: 15 } });
});
after(() => t.close());

const anon = () => t.app.context(ANONYMOUS);

test('passwords are stored as argon2id hashes and a correct login opens a session with the user grants', async () => {
  const u = await findUserByName(t.app.database.db, 'handler');
  assert.match(u!.password_hash, /^\$argon2id\$/);
  const r = await execute(anon(), login, { username: 'handler', password: 'Hongjiang@2016' });
  assert.equal(r.ok, true);
  const actor = await actorForSession(t.app.database.db, r.ok ? r.token : '', t.clock.now());
  assert.equal(actor?.name, 'handler');
  assert.deepEqual(
    actor?.grants.map((g) => g.role),
    ['handler'],
  );
  const row = await t.app.database.db.selectFrom('sessions').select('id_hash').executeTakeFirstOrThrow();
  assert.notEqual(row.id_hash, r.ok ? r.token : '', 'the session token itself is not stored');
});

// Issue 9, item 8: failures from one address only slow that address (test/spine/login-throttle.test.ts);
// the account locks after failures from many addresses.
test('wrong passwords from many addresses lock the account, even the right password is then refused, and time unlocks it', async () => {
  for (let i = 0; i < 3; i++)
    assert.equal((await execute(anon(), login, { username: 'auditor', password: 'wrong-password', address: `192.0.2.${i}` })).ok, false);
  const locked = await findUserByName(t.app.database.db, 'auditor');
  assert.ok(locked!.locked_until);
  assert.equal((await execute(anon(), login, { username: 'auditor', password: 'Hongjiang@2016' })).ok, false);
  const actions = await t.app.database.db.selectFrom('audit_log').select('action').where('action', 'like', 'identity.%').execute();
  assert.ok(actions.some((a) => a.action === 'identity.locked'));
  t.clock.advance(16 * 60_000);
  assert.equal((await execute(anon(), login, { username: 'auditor', password: 'Hongjiang@2016', address: '10.20.0.1' })).ok, true);
});

test('an unknown user gets the same answer as a wrong password', async () => {
  const r = await execute(anon(), login, { username: 'nobody', password: 'whatever-123' });
  assert.deepEqual(r, { ok: false });
});

test('a disabled account cannot log in and its sessions end', async () => {
  const r = await execute(anon(), login, { username: 'editor', password: 'Hongjiang@2016' });
  assert.ok(r.ok);
  const u = await findUserByName(t.app.database.db, 'editor');
  await execute(t.system, setUserDisabled, { userId: Number(u!.id), disabled: true });
  assert.equal(await actorForSession(t.app.database.db, r.ok ? r.token : '', t.clock.now()), null);
  assert.equal((await execute(anon(), login, { username: 'editor', password: 'Hongjiang@2016' })).ok, false);
});

test('a weak password is refused naming the field', async () => {
  const err = await execute(t.system, addUser, { username: 'weak', displayName: '弱', orgId: 1, password: '12345678901' }).catch((e) => e);
  assert.ok(err instanceof ValidationError);
  assert.deepEqual(err.issues, [{ field: 'password', message: '密码不能全是数字' }]);
});
