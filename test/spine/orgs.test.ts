import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../support/app.ts';
import { execute } from '../../src/platform/command.ts';
import { addOrg, moveOrg, updateOrg, findOrg, listOrgs, orgIdInScope, makeUscc } from '../../src/modules/orgs/index.ts';
import { ValidationError, ForbiddenError, ConflictError } from '../../src/kernel/errors.ts';
import type { Actor } from '../../src/platform/context.ts';

let t: TestApp;
before(async () => {
  t = await testApp({ demo: true });
});
after(() => t.close());

test('the demo district has the seed shape: 14 district units, 3 townships, 4 streets, 38 villages and communities', async () => {
  const orgs = await listOrgs(t.app.database.db);
  const root = orgs.find((o) => o.parentId === null)!;
  assert.equal(root.name, '洪江区管理委员会');
  const units = orgs.filter((o) => o.parentId === root.id && (o.kind === 'department' || o.kind === 'institution'));
  assert.equal(units.length, 14);
  for (const name of ['洪江区监察局', '洪江区政务服务中心', '洪江区档案馆', '洪江区图书馆', '洪江区有线电视台'])
    assert.ok(
      units.some((u) => u.name === name),
      name,
    );
  assert.equal(orgs.filter((o) => o.kind === 'township').length, 3);
  assert.equal(orgs.filter((o) => o.kind === 'street').length, 4);
  assert.equal(orgs.filter((o) => o.kind === 'village' || o.kind === 'community').length, 38);
  assert.ok(orgs.some((o) => o.shortName === '常青乡'));
  assert.ok(orgs.some((o) => o.shortName === '高坡街'));
  assert.equal(orgs.filter((o) => o.kind === 'service_centre').length, 5);
});

test('loading the demo twice changes nothing', async () => {
  const { loadDemo } = await import('../../src/app/demo.ts');
  const before = (await t.app.database.db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq;
  const r = await loadDemo(t.app);
  assert.equal(r.changed, false);
  assert.equal((await t.app.database.db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq, before);
});

test('an org code failing its checksum is refused naming the field, and nothing is written', async () => {
  const root = (await findOrg(t.app.database.db, '洪江区管理委员会'))!;
  const good = makeUscc('431202', '00999999');
  const bad = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
  const err = await execute(t.system, addOrg, { name: '洪江区测试局', kind: 'department', parentId: root.id, code: bad }).catch((e) => e);
  assert.ok(err instanceof ValidationError);
  assert.equal(err.issues[0]!.field, 'code');
  assert.match(err.issues[0]!.message, /校验码错误/);
  assert.equal(await findOrg(t.app.database.db, '洪江区测试局'), undefined);
});

test('a village cannot sit directly under the district, and a move keeps the subtree together', async () => {
  const db = t.app.database.db;
  const root = (await findOrg(db, '洪江区管理委员会'))!;
  await assert.rejects(
    execute(t.system, addOrg, { name: '孤立村', kind: 'village', parentId: root.id }),
    (e: unknown) => e instanceof ValidationError && e.issues[0]?.field === 'parentId',
  );
  const village = (await findOrg(db, '常青乡均冲村'))!;
  const hengyan = (await findOrg(db, '横岩乡'))!;
  await execute(t.system, moveOrg, { id: village.id, parentId: hengyan.id });
  const moved = (await findOrg(db, '常青乡均冲村'))!;
  assert.equal(moved.path, `${hengyan.path}${village.id}/`);
  assert.equal(moved.depth, hengyan.depth + 1);
  await assert.rejects(
    execute(t.system, moveOrg, { id: hengyan.id, parentId: moved.id }),
    (e: unknown) => e instanceof ConflictError || e instanceof ValidationError,
  );
});

test('an administrator of a township manages only its subtree, and row scopes follow grants', async () => {
  const db = t.app.database.db;
  const changqing = (await findOrg(db, '常青乡'))!;
  const dept = (await findOrg(db, '洪江区财政局'))!;
  const townAdmin: Actor = { kind: 'user', userId: 999, name: 'town-admin', grants: [{ role: 'admin', orgId: changqing.id, orgPath: changqing.path }] };
  const ctx = t.app.context(townAdmin);
  await execute(ctx, updateOrg, { id: changqing.id, phone: '0745-7600001' });
  await assert.rejects(execute(ctx, updateOrg, { id: dept.id, phone: '0745-7600002' }), ForbiddenError);
  const scope = ctx.scope('orgs.manage');
  const inScope = await db
    .selectFrom('orgs')
    .select('name')
    .where((eb) => orgIdInScope(eb, 'orgs.id', scope))
    .execute();
  assert.ok(inScope.length >= 5);
  assert.ok(
    inScope.every((o) => o.name.startsWith('常青乡') || o.name === '洪江区常青乡人民政府'),
    JSON.stringify(inScope),
  );
  const log = await db.selectFrom('audit_log').select(['action', 'actor_name', 'summary']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
  assert.equal(log.action, 'orgs.update');
  assert.equal(log.actor_name, 'town-admin');
  assert.deepEqual(JSON.parse(log.summary).after, { phone: '0745-7600001' });
});
