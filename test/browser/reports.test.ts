import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, liveServer, seriousViolations, loginAs, maybeScreenshot, type LiveServer } from '../support/browser.ts';
import { findOrg } from '../../src/modules/orgs/index.ts';

/**
 * The disclosure office's annual-report round trip in a real browser: the status board, the 2016
 * district report, one figure followed to the records it counts, the exports (the PDF looked at as
 * images), the narrative editor, the activity and fact forms, and the portal's 年报 column — each
 * page checked with axe.
 */
let s: LiveServer;
let browser: Browser;
let root: number;
const dir = mkdtempSync(join(tmpdir(), 'gk-report-browser-'));
before(async () => {
  s = await liveServer({ demo: true });
  browser = await launchBrowser();
  root = (await findOrg(s.app.database.db, '洪江区管理委员会'))!.id;
});
after(async () => {
  await browser?.close();
  await s?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function axeClean(page: Page, name: string) {
  assert.deepEqual(await seriousViolations(page), [], `axe on ${name}`);
  await maybeScreenshot(page, name);
}

test('the office opens the 2016 district report from the board, follows a figure to its records, and exports it', { timeout: 600_000 }, async () => {
  const page = await newPage(browser);
  page.setDefaultTimeout(120_000);
  await loginAs(page, s.base, 'office');
  await page.goto(`${s.base}/admin/reports?year=2016`);
  await axeClean(page, 'reports-board-2016');
  await Promise.all([page.waitForURL(new RegExp(`/admin/reports/${root}/2016$`)), page.getByRole('link', { name: '洪江区管理委员会', exact: true }).click()]);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '洪江区2016年政府信息公开工作年度报告');
  await axeClean(page, 'reports-district-2016');

  // The seed's figures, as printed: 主动公开 6105, 网站 6105, 解读 3, 其他方式回应 17, 复议 2, 诉讼 13, 培训 62.
  const figure = (label: string) =>
    page
      .locator('#table-stats tr', { has: page.locator('th', { hasText: label }) })
      .locator('td.num')
      .first();
  assert.equal((await figure('(一)主动公开政府信息数').innerText()).replace(/（.*）/, '').trim(), '6105');
  assert.match(await figure('3、政策解读稿件发布数').innerText(), /^3/);
  assert.match(await figure('5、其他方式回应事件数').innerText(), /^17/);
  assert.match(await figure('(三)接受培训人员数').innerText(), /^62/);

  // Follow 政策解读稿件发布数 (3) to the three articles it counts.
  await Promise.all([page.waitForURL(/\/cell\/stats\/interpretations\/value$/), figure('3、政策解读稿件发布数').getByRole('link').click()]);
  assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /3篇$/);
  await axeClean(page, 'reports-cell-interpretations');
  const perOrg = await page.locator('table').first().locator('tbody tr').count();
  assert.ok(perOrg >= 1);
  // Each org's records are listed; the first org's are open.
  assert.ok((await page.locator('ol li a').count()) >= 1);
  await page.getByRole('link', { name: '返回报告' }).click();

  // A manual figure shows who entered it.
  await Promise.all([page.waitForURL(/staff_full_time/), figure('1、专职人员数').getByRole('link').click()]);
  assert.match(await page.locator('main').innerText(), /demo/);
  await axeClean(page, 'reports-cell-staff');
  await page.goBack();

  // Export: the PDF (looked at as PNG pages), and the JSON data file.
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'PDF（.pdf）' }).click()]);
  const pdfPath = join(dir, 'report.pdf');
  await pdf.saveAs(pdfPath);
  assert.equal(readFileSync(pdfPath).subarray(0, 5).toString(), '%PDF-');
  execFileSync('pdftoppm', ['-png', '-r', '60', pdfPath, join(dir, 'page')]);
  const pngs = readdirSync(dir).filter((f) => f.startsWith('page') && f.endsWith('.png'));
  assert.ok(pngs.length >= 3, `the PDF has ${pngs.length} pages`);
  const shots = process.env.GONGKAI_SCREENSHOTS;
  if (shots) for (const p of pngs) execFileSync('cp', [join(dir, p), join(shots, `reports-pdf-${p}`)]);
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'JSON 数据（.json）' }).click()]);
  const jsonPath = join(dir, 'report.json');
  await json.saveAs(jsonPath);
  const data = JSON.parse(readFileSync(jsonPath, 'utf8'));
  assert.equal(data.format, 'cn-2014');
  assert.equal(data.tables[0].rows.find((r: { key: string }) => r.key === 'published_total').cells.value, 6105);
  await page.context().close();
});

test('the narrative editor, the activity form and the fact form are usable and axe-clean', { timeout: 600_000 }, async () => {
  const page = await newPage(browser);
  page.setDefaultTimeout(120_000);
  await loginAs(page, s.base, 'office');
  await page.goto(`${s.base}/admin/reports/${root}/2025/narrative`);
  await axeClean(page, 'reports-narrative-2025');
  await page.goto(`${s.base}/admin/reports/activities?year=2016`);
  await axeClean(page, 'reports-activities-2016');
  await page.goto(`${s.base}/admin/reports/concerns?year=2016`);
  await axeClean(page, 'reports-concerns-2016');
  await page.goto(`${s.base}/admin/reports/facts?org=${root}&year=2016`);
  await axeClean(page, 'reports-facts-2016');
  await page.goto(`${s.base}/admin/reports?year=2025`);
  await axeClean(page, 'reports-board-2025');
  // A township's 2025 report in the current format: tables 二, 三 and 四 as the 2021 notice prints them.
  const changqing = (await findOrg(s.app.database.db, '洪江区常青乡人民政府'))!.id;
  await page.goto(`${s.base}/admin/reports/${changqing}/2025`);
  assert.match(await page.locator('#checks-h').innerText(), /0 个错误/);
  assert.equal(await page.locator('#table-t3 thead tr').count(), 3);
  await axeClean(page, 'reports-changqing-2025');
  await page.context().close();
});

test("the public finds the 2016 report in the portal's 政府信息公开年报 column and downloads its data", { timeout: 600_000 }, async () => {
  const page = await newPage(browser);
  page.setDefaultTimeout(120_000);
  await page.goto(`${s.base}/`);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '政府信息公开年报' }).click();
  await page.waitForURL(/\/nianbao/);
  await axeClean(page, 'portal-nianbao');
  await page
    .getByRole('link', { name: '2016年度' })
    .click()
    .catch(() => undefined);
  await Promise.all([page.waitForURL(new RegExp(`/nianbao/2016/${root}$`)), page.getByRole('link', { name: '洪江区2016年政府信息公开工作年度报告' }).click()]);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '洪江区2016年政府信息公开工作年度报告');
  await axeClean(page, 'portal-report-2016');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV 数据（.csv）' }).click()]);
  const path = join(dir, 'report.csv');
  await csv.saveAs(path);
  assert.match(readFileSync(path, 'utf8'), /\(一\)主动公开政府信息数\(不同渠道和方式公开相同的信息列为1条\),条,6105/);
  await page.context().close();
});
