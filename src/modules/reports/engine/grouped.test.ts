import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../test/support/app.ts';
import { listOrgs } from '../../orgs/index.ts';
import { nationalFormats } from '../formats/registry.ts';
import { formatNeeds, type MetricLeaf } from './rules.ts';
import '../index.ts';
import '../../catalogue/index.ts';
import '../../requests/index.ts';

/**
 * A metric's grouped count (`countMany`, one query for every org) must say exactly what its
 * `count` says org by org — they are written twice (a grouped query and a per-org one), so this
 * test is what keeps them equal. Over the demo district (2016: the seed's year, items, appeals;
 * 2025: requests of every applicant type and outcome, channels, fees), for every params set the
 * national formats ask, on both engines.
 */
let t: TestApp;
before(async () => {
  t = await testApp({ demo: true });
});
after(() => t?.close());

test('every grouped count agrees with the per-org count for every org and every cell the formats ask', async () => {
  const db = t.app.database.db;
  // The orgs with records, and a few without (where both must say 0).
  const withRecords = new Set<number>();
  for (const table of ['cat_items', 'requests', 'appeals'] as const) {
    for (const r of await db.selectFrom(table).select('org_id').distinct().execute()) withRecords.add(Number(r.org_id));
  }
  const all = (await listOrgs(db, { includeInactive: true })).map((o) => o.id);
  const orgIds = [...withRecords, ...all.filter((id) => !withRecords.has(id)).slice(0, 3)];
  const leaves = new Map<string, MetricLeaf[]>();
  for (const f of nationalFormats) {
    for (const l of formatNeeds(f).metrics) {
      if (!leaves.has(l.name)) leaves.set(l.name, []);
      if (!leaves.get(l.name)!.some((x) => x.key === l.key)) leaves.get(l.name)!.push(l);
    }
  }
  // The year-over-year chart asks items by month (export/charts.ts).
  const months = Array.from({ length: 12 }, (_, i) => ({ month: String(i + 1) }));
  for (const params of [...months, { channel: 'website', month: '3' }])
    leaves.get('catalogue.published')!.push({ name: 'catalogue.published', params, key: `month ${JSON.stringify(params)}` });
  const grouped = [...t.app.registry.metrics.keys()].filter((n) => t.app.registry.metrics.get(n)!.countMany);
  for (const n of [
    'catalogue.published',
    'catalogue.documentsInForce',
    'requests.received',
    'requests.outcome',
    'requests.completed',
    'requests.litigation',
    'requests.feesCollected',
  ]) {
    assert.ok(grouped.includes(n), `${n} has a grouped count`);
  }
  const mismatches: string[] = [];
  let nonZero = 0;
  for (const year of [2016, 2025]) {
    for (const name of grouped) {
      const def = t.app.registry.metrics.get(name)!;
      const asked = leaves.get(name) ?? [];
      if (!asked.length) continue;
      const many = await def.countMany!(db, { year, orgIds, params: asked.map((l) => l.params) });
      for (const [i, leaf] of asked.entries()) {
        for (const orgId of orgIds) {
          const one = await def.count(db, { orgId, year, params: leaf.params });
          const got = many[i]!.get(orgId) ?? 0;
          if (one) nonZero++;
          if (Math.abs(got - one) > 1e-9) mismatches.push(`${year} ${leaf.key} org ${orgId}: count ${one}, countMany ${got}`);
        }
      }
    }
  }
  assert.deepEqual(mismatches.slice(0, 20), []);
  assert.ok(nonZero >= 30, `the demo gives the comparison figures to compare (${nonZero} non-zero)`);
});
