import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser, newPage, liveServer, seriousViolations, loginAs, maybeScreenshot, type LiveServer } from '../support/browser.ts';

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

test('a visitor toggles 繁體 with one click, the page and its lang change, and axe finds nothing serious', async () => {
  const page = await newPage(browser);
  await page.goto(`${s.base}/`);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hans');
  assert.deepEqual(await seriousViolations(page), []);
  await maybeScreenshot(page, 'portal-home-hans');
  await page.getByRole('link', { name: '繁體' }).click();
  await page.waitForLoadState();
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hant');
  assert.match((await page.textContent('body')) ?? '', /洪江區人民政府/);
  assert.deepEqual(await seriousViolations(page), []);
  await maybeScreenshot(page, 'portal-home-hant');
  await page.context().close();
});

test('staff log in, reach the dashboard, and the dashboard passes axe in both scripts', async () => {
  const page = await newPage(browser);
  await loginAs(page, s.base, 'admin');
  await page.goto(`${s.base}/admin`);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '工作台');
  assert.deepEqual(await seriousViolations(page), []);
  await maybeScreenshot(page, 'dashboard-hans');
  await page.getByRole('link', { name: '繁體' }).click();
  await page.waitForLoadState();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '工作臺');
  assert.deepEqual(await seriousViolations(page), []);
  await maybeScreenshot(page, 'dashboard-hant');
  await page.context().close();
});

test('the skip link is the first thing the keyboard reaches and moves focus to the content', async () => {
  const page = await newPage(browser);
  await page.goto(`${s.base}/`);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), '跳到主要内容');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  await page.context().close();
});
