import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoProcessDatabase, gongkai, type ProcessDb } from '../../../test/support/process.ts';

/** `gongkai hall network` in its own process on a copy of the demo: the seed's 2016 network, and bad options named. */
let p: ProcessDb;
before(async () => {
  p = await demoProcessDatabase();
});
after(() => p?.drop());

test('gongkai hall network --org 洪江区 --year 2016 --json prints 5 branch centres, 7 of 7, 21 of 38 and 55%; a bad year is refused naming --year', {
  timeout: 300_000,
}, async () => {
  const r = await gongkai(p.env, 'hall', 'network', '--org', '洪江区', '--year', '2016', '--json');
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(
    { b: j.branchCentres, c: j.centres, s: j.stations, rate: j.stationsRate },
    { b: 5, c: { with: 7, of: 7 }, s: { with: 21, of: 38 }, rate: '55%' },
  );
  const text = await gongkai(p.env, 'hall', 'network', '--org', '高坡街', '--year', '2016');
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /6 个村、社区中 6 个建立（100%）/);
  const bad = await gongkai(p.env, 'hall', 'network', '--org', '洪江区', '--year', '16');
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /--year/);
});
