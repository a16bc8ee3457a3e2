import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../test/support/app.ts';
import { findOrg } from '../../orgs/index.ts';
import { generateReport } from '../engine/generate.ts';
import { reportCharts } from './charts.ts';
import '../index.ts';

let t: TestApp;
before(async () => {
  t = await testApp({ demo: true });
});
after(() => t?.close());

test('the monthly chart shows the items of each month of both years, adding up to the year (grouped by month in one query)', async () => {
  const db = t.app.database.db;
  const root = (await findOrg(db, '洪江区'))!;
  const g = await generateReport(t.system, root.id, 2016);
  const charts = await reportCharts(t.system, g, '2026-11-27', 'monthly');
  assert.equal(charts.length, 1, 'the monthly chart is drawn');
  const [y2015, y2016] = charts[0]!.spec.series.map((x) => ({ name: x.name, values: x.values.map((v) => v ?? 0) }));
  assert.ok(y2015 && y2016);
  assert.equal(y2016.name, '2016年');
  assert.equal(y2016.values.length, 12);
  const published = await db
    .selectFrom('cat_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('disclosure', '=', 'proactive')
    .where('state', 'in', ['published', 'withdrawn'])
    .where('published_on', '>=', '2016-01-01')
    .where('published_on', '<=', '2016-12-31')
    .executeTakeFirstOrThrow();
  assert.equal(
    y2016.values.reduce((a, b) => a + b, 0),
    Number(published.n),
  );
  assert.equal(Number(published.n), 6105, 'the seed year');
  const march = await db
    .selectFrom('cat_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('disclosure', '=', 'proactive')
    .where('state', 'in', ['published', 'withdrawn'])
    .where('published_on', '>=', '2016-03-01')
    .where('published_on', '<=', '2016-03-31')
    .executeTakeFirstOrThrow();
  assert.equal(y2016.values[2], Number(march.n));
  assert.ok(y2016.values.filter((v) => v > 0).length >= 10, 'items spread over the year');
  assert.equal(
    y2015.values.reduce((a, b) => a + b, 0),
    0,
  );
  assert.match(charts[0]!.alt, /2016年：1月\d+条/);
});

test('the processing-time chart is drawn when only this year has decided requests, last year as an empty series', async () => {
  const db = t.app.database.db;
  const root = (await findOrg(db, '洪江区'))!;
  const g = await generateReport(t.system, root.id, 2025);
  const [chart] = await reportCharts(t.system, g, '2026-11-27', 'processing');
  assert.ok(chart, 'the chart is drawn');
  const [y2024, y2025] = chart.spec.series;
  assert.ok(y2024 && y2025);
  assert.equal(y2024.name, '2024年（0件）');
  assert.deepEqual(y2024.values, [null, null, null]);
  assert.match(y2025.name, /^2025年（[1-9]\d*件）$/);
  assert.ok(y2025.values.every((v) => typeof v === 'number' && v >= 0));
});
