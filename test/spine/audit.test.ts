import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../support/app.ts';
import { execute } from '../../src/platform/command.ts';
import { verifyAudit } from '../../src/platform/audit/audit.ts';
import { addOrg } from '../../src/modules/orgs/index.ts';

let t: TestApp;
before(async () => {
  t = await testApp();
  await execute(t.system, addOrg, { name: '测试区人民政府', kind: 'government' });
  for (let i = 1; i <= 5; i++) await execute(t.system, addOrg, { name: `测试局${i}`, kind: 'department', parentId: 1 });
});
after(() => t.close());

test('every command writes one chained audit entry in its own transaction', async () => {
  const rows = await t.app.database.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  assert.equal(rows.length, 6);
  assert.deepEqual(
    rows.map((r) => r.seq),
    [1, 2, 3, 4, 5, 6],
  );
  for (let i = 1; i < rows.length; i++) assert.equal(rows[i]!.prev_hash, rows[i - 1]!.hash);
  assert.equal(rows[0]!.action, 'orgs.add');
  assert.equal(rows[0]!.actor_name.startsWith('cli:'), true);
  assert.deepEqual(await verifyAudit(t.app.database.db), { ok: true, entries: 6, headHash: rows[5]!.hash });
});

test('a command that fails writes neither its rows nor an audit entry', async () => {
  await assert.rejects(execute(t.system, addOrg, { name: '测试局1', kind: 'department', parentId: 1 }), /已有同名机构/);
  const n = await t.app.database.db.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(n.n), 6);
});

test('verify names the entry whose content was edited by hand', async () => {
  const db = t.app.database.db;
  const orig = await db.selectFrom('audit_log').select('summary').where('seq', '=', 3).executeTakeFirstOrThrow();
  await db.updateTable('audit_log').set({ summary: '{"after":{"name":"篡改"}}' }).where('seq', '=', 3).execute();
  const r = await verifyAudit(db);
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.seq, 3);
  assert.match(!r.ok ? r.problem : '', /#3 was altered/);
  await db.updateTable('audit_log').set({ summary: orig.summary }).where('seq', '=', 3).execute();
  assert.equal((await verifyAudit(db)).ok, true);
});

test('verify names a removed entry, a removed tail, and an edit covered by a recomputed hash', async () => {
  const db = t.app.database.db;
  const row4 = await db.selectFrom('audit_log').selectAll().where('seq', '=', 4).executeTakeFirstOrThrow();
  await db.deleteFrom('audit_log').where('seq', '=', 4).execute();
  let r = await verifyAudit(db);
  assert.equal(!r.ok && r.seq, 4);
  assert.match(!r.ok ? r.problem : '', /#4 is missing/);
  await db.insertInto('audit_log').values(row4).execute();
  assert.equal((await verifyAudit(db)).ok, true);

  const row6 = await db.selectFrom('audit_log').selectAll().where('seq', '=', 6).executeTakeFirstOrThrow();
  await db.deleteFrom('audit_log').where('seq', '=', 6).execute();
  r = await verifyAudit(db);
  assert.equal(!r.ok && r.seq, 6);
  await db.insertInto('audit_log').values(row6).execute();

  // Rewrite entry 2 and its own hash consistently: the break shows at the link to entry 3.
  const { entryHash } = await import('../../src/platform/audit/audit.ts');
  const row2 = await db.selectFrom('audit_log').selectAll().where('seq', '=', 2).executeTakeFirstOrThrow();
  const forged = { ...row2, actor_name: 'someone-else' };
  const hash = entryHash({
    seq: forged.seq,
    at: forged.at,
    actorId: forged.actor_id,
    actorName: forged.actor_name,
    orgId: forged.org_id === null ? null : Number(forged.org_id),
    action: forged.action,
    subjectType: forged.subject_type,
    subjectId: forged.subject_id,
    summary: forged.summary,
    requestId: forged.request_id,
    prevHash: forged.prev_hash,
  });
  await db.updateTable('audit_log').set({ actor_name: 'someone-else', hash }).where('seq', '=', 2).execute();
  r = await verifyAudit(db);
  assert.equal(!r.ok && r.seq, 2);
  assert.match(!r.ok ? r.problem : '', /#2 was altered/);
});
