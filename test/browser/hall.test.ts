import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser, liveServer, loginAs, maybeScreenshot, newPage, seriousViolations, type LiveServer } from '../support/browser.ts';

/**
 * The hall's pages in a real browser (services.md §2): 便民服务网点 on a 360 px phone in both
 * scripts — no sideways scrolling, axe clean, found from the portal menu without JavaScript —
 * and the back office's window, site and coverage pages, axe clean.
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

for (const script of ['hans', 'hant'] as const) {
  test(`便民服务网点 at 360 px in ${script === 'hans' ? 'simplified' : 'traditional'} script: reached from the menu, fits, axe clean`, async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${s.base}/?script=${script}`);
    await page.getByText(script === 'hans' ? '菜单' : '菜單').click();
    await Promise.all([
      page.waitForURL(/\/wangdian$/),
      page
        .getByRole('link', { name: script === 'hans' ? '便民服务网点' : '便民服務網點' })
        .first()
        .click(),
    ]);
    assert.match((await page.textContent('h1')) ?? '', script === 'hans' ? /便民服务网点/ : /便民服務網點/);
    const body = (await page.textContent('main')) ?? '';
    assert.match(body, /23\/38/);
    assert.match(body, script === 'hans' ? /综合受理窗口/ : /綜合受理窗口/);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the page is ${width} px wide`);
    await context.close();
    // axe needs JavaScript in the page.
    const axePage = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 } })).newPage();
    await axePage.goto(`${s.base}/wangdian?script=${script}`);
    assert.deepEqual(await seriousViolations(axePage), []);
    await maybeScreenshot(axePage, `hall-wangdian-360-${script}`);
    await axePage.context().close();
  });
}

test('the back office’s window, sites and coverage pages are axe clean, and the window page shows its letter and staff', async () => {
  const page = await newPage(browser);
  await loginAs(page, s.base, 'hall');
  await page.goto(`${s.base}/admin/hall`);
  await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: '综合受理窗口' }).click()]);
  const text = (await page.textContent('main')) ?? '';
  assert.match(text, /01号窗口首席代表授权书\.pdf/);
  assert.match(text, /黄丽/);
  assert.deepEqual(await seriousViolations(page), []);
  await maybeScreenshot(page, 'hall-admin-window');
  for (const u of ['/admin/hall', '/admin/hall/sites', '/admin/hall/coverage?date=2016-12-31', '/admin/hall/sites/new', '/admin/hall/windows/new']) {
    await page.goto(`${s.base}${u}`);
    assert.deepEqual(await seriousViolations(page), [], u);
  }
  assert.match((await page.textContent('main')) ?? '', /设立窗口/);
  await page.context().close();
});
