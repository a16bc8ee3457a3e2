import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { findOrg } from '../orgs/index.ts';
import { loadDemoPowers } from './demo.ts';

/**
 * The demo gives exactly the seed's figures for 2016 (the seed report (一)3; CONTRACT.md), through
 * the powerCounts port and through the metrics the annual report's narrative reads — counted from
 * the disposition history the demo loaded, nothing typed in.
 */
const SEED: Record<string, number> = {
  行政许可: 168,
  非行政许可审批: 14,
  行政处罚: 2618,
  行政强制: 127,
  行政征收: 46,
  行政收费: 49,
  行政给付: 36,
  行政检查: 187,
  行政确认: 84,
  行政奖励: 0,
  行政裁决: 2,
  其他行政权力: 0,
};

let t: TestApp;
let root: number;
before(async () => {
  t = await testApp({ demo: true });
  root = (await findOrg(t.app.database.db, '洪江区管理委员会'))!.id;
});
after(() => t?.close());

test('2016 through the port: 3,331 standing by category, 35 cancelled, 37 delegated (28 全程办理, 9 代办)', async () => {
  const c = await t.app.ports.powerCounts.summary(t.app.database.db, root, 2016);
  assert.deepEqual(c.byCategory, SEED);
  assert.equal(
    Object.values(c.byCategory).reduce((a, b) => a + b, 0),
    3331,
  );
  assert.deepEqual([c.cancelled, c.delegated, c.delegatedFull, c.delegatedProxy], [35, 37, 28, 9]);
});

test('2016 through the metrics: the same figures, and each metric lists exactly the records it counts', async () => {
  const db = t.app.database.db;
  const m = (name: string) => {
    const def = t.app.registry.metrics.get(name);
    assert.ok(def, name);
    return def;
  };
  for (const [category, n] of Object.entries(SEED))
    assert.equal(await m('powers.standing').count(db, { orgId: root, year: 2016, params: { category } }), n, category);
  assert.equal(await m('powers.standing').count(db, { orgId: root, year: 2016, params: {} }), 3331);
  assert.equal(
    await m('powers.standing').count(db, { orgId: root, year: 2016, params: { category: '行政监督' } }),
    0,
    'a category not on the list counts nothing',
  );
  assert.equal(await m('powers.cancelled').count(db, { orgId: root, year: 2016, params: {} }), 35);
  assert.equal(await m('powers.delegated').count(db, { orgId: root, year: 2016, params: {} }), 37);
  assert.equal(await m('powers.delegated').count(db, { orgId: root, year: 2016, params: { mode: 'full' } }), 28);
  assert.equal(await m('powers.delegated').count(db, { orgId: root, year: 2016, params: { mode: 'proxy' } }), 9);
  const recs = await m('powers.delegated').records(db, { orgId: root, year: 2016, params: { mode: 'proxy' } }, { limit: 100, offset: 0 });
  assert.equal(recs.total, 9);
  assert.equal(recs.rows.length, 9);
  assert.ok(recs.rows.every((r) => /代办/.test(r.label) && r.href.startsWith('/admin/powers/')));
  const lic = await m('powers.standing').records(db, { orgId: root, year: 2016, params: { category: '行政许可' } }, { limit: 500, offset: 0 });
  assert.deepEqual([lic.total, lic.rows.length], [168, 168]);
  // A department counts its own subtree: the commerce bureau holds a share, not the district's.
  const commerce = (await findOrg(db, '洪江区商务局'))!.id;
  const own = await m('powers.standing').count(db, { orgId: commerce, year: 2016, params: {} });
  assert.ok(own > 0 && own < 3331);
});

test('the delegations went to the demo townships and streets; later years have changes of their own; a second load adds nothing', async () => {
  const db = t.app.database.db;
  const targets = await db.selectFrom('power_delegations as g').innerJoin('orgs as o', 'o.id', 'g.org_id').select('o.kind').distinct().execute();
  assert.deepEqual(new Set(targets.map((r) => r.kind)), new Set(['township', 'street']));
  const y26 = await t.app.ports.powerCounts.summary(db, root, 2026);
  assert.ok(y26.cancelled >= 1 && y26.delegated >= 1);
  assert.equal(y26.byCategory.行政奖励, 1, 'a reward added in 2026');
  assert.deepEqual(await loadDemoPowers(t.system), []);
});
