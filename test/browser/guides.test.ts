import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, liveServer, loginAs, maybeScreenshot, seriousViolations, type LiveServer } from '../support/browser.ts';

/**
 * 办事服务 in a real browser at 360 px: the browse page, a theme, a guide page (printable) and
 * the search that finds a guide in traditional script; each axe clean in both scripts and without
 * sideways scrolling. The back office's tree and guide editor pass axe too.
 */
let s: LiveServer;
let browser: Browser;
before(async () => {
  s = await liveServer({ demo: true });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await s?.close();
});

async function phone(): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 } });
  return context.newPage();
}

async function check(page: Page, name: string) {
  assert.deepEqual(await seriousViolations(page), [], `${name}: axe`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${name}: ${overflow}px wider than the phone`);
  await maybeScreenshot(page, name);
}

async function bothScripts(page: Page, name: string) {
  await check(page, name);
  await page.getByRole('link', { name: '繁體' }).click();
  await page.waitForLoadState();
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hant');
  await check(page, `${name}-hant`);
  await page.getByRole('link', { name: '简体' }).click();
  await page.waitForLoadState();
}

test('办事服务 at 360 px: browse by theme, open a guide, find one in traditional script — axe clean in both scripts', async () => {
  const page = await phone();
  await page.goto(`${s.base}/banshi`);
  await bothScripts(page, 'guides-banshi');
  await page.getByRole('link', { name: /^市场准入/ }).click();
  await page.waitForLoadState();
  await bothScripts(page, 'guides-theme');
  await page.getByRole('link', { name: '食品经营许可（新办）' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('h1').innerText(), /食品经营许可（新办）办事指南/);
  assert.match(await page.locator('.guide-table').innerText(), /现场核查（不计入办结时限）/);
  await bothScripts(page, 'guides-guide');

  // The search box of 办事服务 leads to the portal search, which lists the guide first.
  await page.goto(`${s.base}/banshi`);
  await page.getByLabel('查找办事指南').fill('個體工商戶');
  await Promise.all([page.waitForURL(/\/search\?/), page.getByRole('button', { name: '查找' }).click()]);
  const hits = page.locator('.guide-search-hits');
  assert.match(await hits.innerText(), /个体工商户设立登记/);
  await check(page, 'guides-search');
  // Print media hides the site's navigation and the guide's controls.
  await page.goto(`${s.base}/banshi/guide/HJ-XK-0001-01`);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.mainnav').isVisible(), false);
  assert.equal(await page.locator('.guide-versions').isVisible(), false);
  assert.equal(await page.locator('.guide-table').isVisible(), true);
  await page.context().close();
});

test('the back office: the items tree and the guide editor pass axe', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await loginAs(page, s.base, 'office');
  await page.goto(`${s.base}/admin/guides`);
  assert.deepEqual(await seriousViolations(page), [], 'tree: axe');
  await page.getByRole('link', { name: '酒类商品零售许可', exact: true }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('main').innerText(), /缺少 3 项要素/);
  assert.deepEqual(await seriousViolations(page), [], 'item: axe');
  await page.getByRole('link', { name: '编写新版本' }).click();
  await page.waitForLoadState();
  assert.deepEqual(await seriousViolations(page), [], 'editor: axe');
  await maybeScreenshot(page, 'guides-editor');
  // Promised over legal, in the browser: the summary names the field, nothing is saved.
  await page.getByLabel('承诺办结时限（工作日）').fill('25');
  await page.getByRole('button', { name: '保存为新版本' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('.error-summary').innerText(), /承诺办结时限：承诺办结时限（25个工作日）不能超过法定办结时限（20个工作日）/);
  assert.deepEqual(await seriousViolations(page), [], 'editor with errors: axe');
  for (const path of ['/admin/guides/incomplete', '/admin/guides/tags', '/admin/guides/new']) {
    await page.goto(`${s.base}${path}`);
    assert.deepEqual(await seriousViolations(page), [], `${path}: axe`);
  }
  await context.close();
});
