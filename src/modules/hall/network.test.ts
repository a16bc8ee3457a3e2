import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { execute } from '../../platform/command.ts';
import { updateSetting } from '../../platform/settings/settings.ts';
import { addOrg, findOrg, moveOrg } from '../orgs/index.ts';
import { networkCounts } from './ports.ts';
import { networkOn, siteOfOrg } from './repo.ts';
import { addSite } from './commands/add-site.ts';
import { updateSite } from './commands/update-site.ts';
import { formatPercent, percentOf } from './settings.ts';

/**
 * Coverage is computed from the org tree on a date (services.md §2): the demo gives the seed's
 * figures for 2016 (5 branch centres, 7 of 7, 21 of 38, printed 55%) through the port and through
 * the metrics; a station closed before the date stops counting; a village added or moved changes
 * `of`; the rate is truncated unless the district's setting says round. On both engines.
 */
let t: TestApp;
let root: number;
before(async () => {
  t = await testApp({ demo: true });
  root = (await findOrg(t.app.database.db, '洪江区管理委员会'))!.id;
});
after(() => t?.close());

const metric = (name: string, year: number, orgId = root) => t.app.registry.metrics.get(name)!.count(t.app.database.db, { orgId, year, params: {} });

test('the 2016 demo gives the seed’s network through the port and the metrics: 5 branch centres, 7 of 7, 21 of 38, 55%', async () => {
  const db = t.app.database.db;
  // The registered port is the module's implementation.
  assert.equal(t.app.ports.networkCounts, networkCounts);
  assert.deepEqual(await t.app.ports.networkCounts.summary(db, root, 2016), { branchCentres: 5, centres: { with: 7, of: 7 }, stations: { with: 21, of: 38 } });
  assert.equal(await metric('hall.branchCentres', 2016), 5);
  assert.equal(await metric('network.centresWith', 2016), 7);
  assert.equal(await metric('network.centresOf', 2016), 7);
  assert.equal(await metric('network.stationsWith', 2016), 21);
  assert.equal(await metric('network.stationsOf', 2016), 38);
  assert.equal(await metric('network.stationsRate', 2016), 55);
  assert.equal(formatPercent(21, 38, 'truncate'), '55%');
  // All six of 高坡街's communities have a station.
  const gaopo = (await findOrg(db, '高坡街'))!;
  assert.deepEqual((await t.app.ports.networkCounts.summary(db, gaopo.id, 2016)).stations, { with: 6, of: 6 });
  // Stations opened since (2024, 2026) make the current year differ.
  assert.deepEqual((await t.app.ports.networkCounts.summary(db, root, 2026)).stations, { with: 23, of: 38 });
  assert.deepEqual((await t.app.ports.networkCounts.summary(db, root, 2024)).stations, { with: 22, of: 38 });
  // The records behind a figure are the ones counted.
  const recs = await t.app.registry.metrics.get('network.stationsWith')!.records(db, { orgId: root, year: 2016, params: {} }, { limit: 100, offset: 0 });
  assert.equal(recs.total, 21);
  assert.equal(recs.rows.length, 21);
});

test('the report’s roll-up (countMany summed over the subtree) gives the subtree’s figure once, not once per level', async () => {
  const db = t.app.database.db;
  const ids = (await db.selectFrom('orgs').select('id').execute()).map((r) => Number(r.id));
  for (const [name, want] of [
    ['network.stationsWith', 21],
    ['network.stationsOf', 38],
    ['network.centresWith', 7],
    ['hall.branchCentres', 5],
    ['network.stationsRate', 55],
  ] as const) {
    const [byOrg] = await t.app.registry.metrics.get(name)!.countMany!(db, { year: 2016, orgIds: ids, params: [{}] });
    const sum = [...byOrg!.values()].reduce((a, b) => a + b, 0);
    assert.equal(sum, want, name);
  }
  // A township's report: its own subtree.
  const cq = (await findOrg(db, '常青乡'))!;
  const sub = (await db.selectFrom('orgs').select('id').where('path', 'like', `${cq.path}%`).execute()).map((r) => Number(r.id));
  const [mine] = await t.app.registry.metrics.get('network.stationsWith')!.countMany!(db, { year: 2016, orgIds: sub, params: [{}] });
  assert.deepEqual([...mine!.entries()], [[cq.id, 3]]);
});

test('truncation by default, rounding when the district sets it: 23/38 shows 60%, or 61% rounded; 21/38 is 55% either way', async () => {
  assert.equal(percentOf(23, 38, 'truncate'), 60);
  assert.equal(percentOf(23, 38, 'round'), 61);
  assert.equal(percentOf(2, 3, 'truncate'), 66);
  assert.equal(percentOf(29, 100, 'truncate'), 29);
  assert.equal(percentOf(1, 0, 'truncate'), null);
  assert.equal(formatPercent(0, 0, 'round'), '—');
  assert.equal(await metric('network.stationsRate', 2026), 60);
  await execute(t.system, updateSetting, { key: 'hall.rateMode', value: 'round' });
  assert.equal(await metric('network.stationsRate', 2026), 61);
  assert.equal(await metric('network.stationsRate', 2016), 55);
  await execute(t.system, updateSetting, { key: 'hall.rateMode', value: 'truncate' });
  assert.equal(await metric('network.stationsRate', 2026), 60);
});

test('a station closed before the date stops counting; on a date before it closed it still counts', async () => {
  const db = t.app.database.db;
  const village = (await findOrg(db, '常青乡均冲村'))!;
  const site = (await siteOfOrg(db, village.id))!;
  await execute(t.system, updateSite, { ...site, id: site.id, itemCodes: site.itemCodes, closedOn: '2016-11-30' });
  assert.equal((await networkOn(db, root, '2016-12-31'))!.stations.with, 20);
  assert.equal((await networkOn(db, root, '2016-11-29'))!.stations.with, 21);
  // Closed on the day itself: not counted that day.
  assert.equal((await networkOn(db, root, '2016-11-30'))!.stations.with, 20);
  await execute(t.system, updateSite, { ...site, id: site.id, itemCodes: site.itemCodes, closedOn: '' });
  assert.equal((await networkOn(db, root, '2016-12-31'))!.stations.with, 21);
  // A station established after the date does not count yet.
  assert.equal((await networkOn(db, root, '2014-12-31'))!.stations.with, 0);
});

test('a village added changes `of`; a village moved to another township moves its count with it', async () => {
  const db = t.app.database.db;
  const cq = (await findOrg(db, '常青乡'))!;
  const hy = (await findOrg(db, '横岩乡'))!;
  const before = (await networkOn(db, root, '2016-12-31'))!;
  const { id } = await execute(t.system, addOrg, { name: '洪江区常青乡测试新村', shortName: '测试新村', kind: 'village', parentId: cq.id });
  const after = (await networkOn(db, root, '2016-12-31'))!;
  assert.deepEqual(after.stations, { with: before.stations.with, of: before.stations.of + 1 });
  // A station on it counts from its establishment.
  await execute(t.system, addSite, { orgId: id, kind: 'station', name: '测试新村便民服务站', establishedOn: '2016-05-01' });
  assert.deepEqual((await networkOn(db, root, '2016-12-31'))!.stations, { with: before.stations.with + 1, of: before.stations.of + 1 });
  assert.deepEqual((await networkOn(db, cq.id, '2016-12-31'))!.stations, { with: 4, of: 6 });
  await execute(t.system, moveOrg, { id, parentId: hy.id });
  assert.deepEqual((await networkOn(db, cq.id, '2016-12-31'))!.stations, { with: 3, of: 5 });
  assert.deepEqual((await networkOn(db, hy.id, '2016-12-31'))!.stations, { with: 3, of: 6 });
});
