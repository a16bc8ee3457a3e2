import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { findOrg } from '../orgs/index.ts';
import { generateReport, parseSnapshot } from './engine/generate.ts';
import { getCell } from './report-model.ts';
import { findReport } from './repo.ts';
import { reportToCsv } from './io/csv.ts';
import { SEED_2016 } from './formats/fixtures/seed-2016.ts';
import './index.ts';

/**
 * The demo reproduces the seed: the 2016 report of 洪江区, the district rolled up from its own
 * work, its departments and its townships and streets, generated from the demo's records, prints
 * every figure of the seed's table; and the later demo year renders in the 2021 format with every
 * check passing. The CLI prints, checks and imports the same reports.
 */
let t: TestApp;
let root: number;
const dir = mkdtempSync(join(tmpdir(), 'gk-report-cli-'));
before(async () => {
  t = await testApp({ demo: true });
  root = (await findOrg(t.app.database.db, '洪江区管理委员会'))!.id;
});
after(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Where the records decide against the seed's table (README, "Demo"): the seed's narrative names
 * three reading points its table leaves blank; 3 staff with 2 full-time means 1 part-time; and the
 * catalogue demo flags some 2016 items as normative documents, which the seed's table leaves blank.
 */
const RECORDS_DECIDE = new Set(['reading_points', 'staff_part_time', 'published_normative', 'normative_issued']);

test('the generated 2016 district report prints every figure of the seed table, and 0 where the seed is blank', async () => {
  const g = await generateReport(t.system, root, 2016, { useFiled: false });
  assert.equal(g.format.id, 'cn-2014');
  const printed = Object.entries(SEED_2016).filter(([, v]) => v !== null);
  assert.equal(printed.length, 22, 'the seed prints 22 figures');
  for (const [row, seed] of printed) assert.equal(getCell(g.report, 'stats', row, 'value'), seed, `seed figure ${row}`);
  // The figures the issue lists, by name.
  const v = (row: string) => getCell(g.report, 'stats', row, 'value');
  assert.deepEqual(
    [
      v('published_total'),
      v('channel_gazette'),
      v('channel_website'),
      v('channel_weibo'),
      v('channel_wechat'),
      v('online_interviews'),
      v('interpretations'),
      v('social_media_responses'),
      v('other_responses'),
      v('received'),
    ],
    [6105, 0, 6105, 0, 0, 0, 3, 0, 17, 0],
  );
  assert.deepEqual([v('reconsideration'), v('reconsideration_other'), v('litigation'), v('litigation_upheld')], [2, 2, 13, 13]);
  assert.deepEqual(
    [v('dedicated_units'), v('staff'), v('staff_full_time'), v('special_funds'), v('meetings'), v('training_courses'), v('trainees')],
    [2, 3, 2, 8, 3, 3, 62],
  );
  for (const [row, seed] of Object.entries(SEED_2016)) {
    if (seed !== null || RECORDS_DECIDE.has(row)) continue;
    assert.equal(v(row), 0, `blank seed cell ${row} prints 0`);
  }
  // The records' own figures where they differ from the seed's blanks.
  assert.equal(v('reading_points'), 3);
  assert.equal(v('staff_part_time'), 1);
  assert.equal(v('published_normative'), await countSubtree('catalogue.documentsPublished', { kind: 'normative', scope: 'year' }));
  assert.deepEqual(g.report.checks, [], 'every check passes');
  // The district's figure is the sum of the units': its own work, departments, townships and streets.
  assert.ok(g.tree.children.length >= 20);
  assert.ok(g.parts.every((p) => p.kind === 'live'));
});

async function countSubtree(name: string, params: Record<string, string>): Promise<number> {
  const def = t.app.registry.metrics.get(name)!;
  const orgs = await t.app.database.db.selectFrom('orgs').select('id').execute();
  let n = 0;
  for (const o of orgs) n += await def.count(t.app.database.db, { orgId: Number(o.id), year: 2016, params });
  return n;
}

test('the 2016 district report is published as generated: the frozen snapshot equals the live figures', async () => {
  const stored = await findReport(t.app.database.db, root, 2016);
  assert.equal(stored?.status, 'accepted');
  const live = await generateReport(t.system, root, 2016);
  assert.deepEqual(parseSnapshot(stored!.snapshot!).tables, live.report.tables);
});

test('the later demo year, 2025, renders in the 2021 format with every check passing, the fee sentence live', async () => {
  const g = await generateReport(t.system, root, 2025);
  assert.equal(g.format.id, 'cn-2021');
  assert.deepEqual(g.report.checks, [], JSON.stringify(g.report.checks, null, 1));
  assert.ok(g.previous, "last year's report was compared");
  assert.deepEqual(g.skipped, []);
  const fees = await countSubtreeYear('requests.feesCollected', 2025);
  const other = g.report.sections.find((s) => s.key === 'other')!.text;
  assert.equal(other, fees ? `2025年，共收取信息处理费${fees}万元。` : '2025年，无收取信息处理费情况。');
  assert.ok([...g.report.sections.find((s) => s.key === 'overview')!.text.replace(/\s/g, '')].length <= 1000);
  // The imported agency not on the platform is part of the sum.
  assert.ok(g.parts.some((p) => p.kind === 'import' && p.stored.orgName === '洪江区人力资源和社会保障局'));
});

async function countSubtreeYear(name: string, year: number): Promise<number> {
  const def = t.app.registry.metrics.get(name);
  if (!def) return 0;
  const orgs = await t.app.database.db.selectFrom('orgs').select('id').execute();
  let n = 0;
  for (const o of orgs) n += await def.count(t.app.database.db, { orgId: Number(o.id), year, params: {} });
  return Math.round(n * 10000) / 10000;
}

// ——— the CLI, in its own process, on a copy of the demo ———

const run = promisify(execFile);
const BIN = new URL('../../../bin/gongkai.js', import.meta.url).pathname;
async function gongkai(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, GONGKAI_DATABASE_URL: t.db.url, GONGKAI_SECRET: 'x'.repeat(40), GONGKAI_LOG_LEVEL: 'silent' };
  try {
    const r = await run(process.execPath, [BIN, ...args], { env, timeout: 300_000, maxBuffer: 50 * 1024 * 1024 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

test('gongkai report --org 洪江区 --year 2016 prints the JSON report; --format pdf writes a PDF; bad options exit 2', { timeout: 600_000 }, async () => {
  const r = await gongkai('report', '--org', '洪江区', '--year', '2016');
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.org.name, '洪江区管理委员会');
  assert.equal(report.tables[0].rows.find((x: { key: string }) => x.key === 'trainees').cells.value, 62);
  const out = join(dir, 'r.pdf');
  const pdf = await gongkai('report', '--org', '洪江区财政局', '--year', '2025', '--format', 'pdf', '--out', out);
  assert.equal(pdf.code, 0, pdf.stderr);
  assert.equal(readFileSync(out).subarray(0, 5).toString(), '%PDF-');
  assert.match(pdf.stderr, /0 个错误/);
  const bad = await gongkai('report', '--org', '洪江区', '--year', '16', '--format', 'png');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--year/);
  assert.match(bad.stderr, /--format/);
});

test('gongkai report check exits non-zero on errors and lists each one; gongkai report import refuses the file and stores nothing', {
  timeout: 600_000,
}, async () => {
  const fin = (await findOrg(t.app.database.db, '洪江区财政局'))!.id;
  const g = await generateReport(t.system, fin, 2025);
  const csv = reportToCsv(g.report, g.format);
  const broken = join(dir, 'broken.csv');
  writeFileSync(
    broken,
    csv
      .replace('洪江区财政局', '洪江区外事侨务办公室')
      .replace(/机关代码,[^\r\n]*/, '机关代码,')
      .replace(/(四、结转下年度继续办理,件,)(\d+)/, (_m, a: string, n: string) => `${a}${Number(n) + 1}`)
      .replace(/(（二）部分公开[^,]*,件,)(\d+)/, (_m, a: string, n: string) => `${a}${Number(n) + 2}`),
  );
  const check = await gongkai('report', 'check', broken);
  assert.equal(check.code, 1);
  assert.match(check.stdout, /table3\.balance/);
  assert.match(check.stdout, /table3\.outcomeTotal/);
  assert.match(check.stdout, /应为 \d+，实为 \d+/);
  const imp = await gongkai('report', 'import', broken);
  assert.equal(imp.code, 1);
  assert.match(imp.stdout, /table3\.balance/);
  assert.match(imp.stderr, /未导入/);
  const stored = await t.app.database.db.selectFrom('annual_reports').select('id').where('org_name', '=', '洪江区外事侨务办公室').execute();
  assert.equal(stored.length, 0);
});
