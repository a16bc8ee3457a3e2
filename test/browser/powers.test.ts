import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, liveServer, seriousViolations, maybeScreenshot, type LiveServer } from '../support/browser.ts';

/**
 * The portal's 权力清单 in a real browser on a 360 px phone, in both scripts: the list (filtered by
 * category with the plain GET form), a power's page and the year's changes — each fits
 * the screen and is axe clean.
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

async function phone(script: 'hans' | 'hant'): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 780 } });
  await context.addCookies([{ name: 'gk_script', value: script, url: s.base }]);
  return context;
}

for (const script of ['hans', 'hant'] as const) {
  test(`权力清单 on a 360 px phone (${script}): filter by category, open a power, the changes of the year — fits, axe clean`, {
    timeout: 300_000,
  }, async () => {
    const context = await phone(script);
    const page = await context.newPage();
    page.setDefaultTimeout(120_000);
    const fits = async (what: string) => {
      const w = await page.evaluate('document.documentElement.scrollWidth');
      assert.ok(Number(w) <= 360, `${what}: ${w}px wide`);
      assert.deepEqual(await seriousViolations(page), [], `axe on ${what}`);
      await maybeScreenshot(page, `powers-${what}-${script}`);
    };
    await page.goto(`${s.base}/powers`);
    assert.match(await page.locator('h1').innerText(), script === 'hant' ? /權力清單/ : /权力清单/);
    await fits('list');
    await page.getByLabel(script === 'hant' ? '職權類別' : '职权类别', { exact: true }).selectOption({ label: script === 'hant' ? '行政許可' : '行政许可' });
    await Promise.all([page.waitForURL(/category=/), page.getByRole('button', { name: script === 'hant' ? '篩選' : '筛选' }).click()]);
    assert.match(await page.locator('caption').first().innerText(), script === 'hant' ? /行政許可：共 169 項/ : /行政许可：共 169 项/);
    await Promise.all([page.waitForURL(/\/powers\/\d+$/), page.locator('tbody a').first().click()]);
    assert.match(await page.locator('main').innerText(), script === 'hant' ? /設定依據/ : /设定依据/);
    await fits('power');
    await page.goto(`${s.base}/powers/changes`);
    assert.match(await page.locator('h1').innerText(), /2026/);
    await fits('changes');
    await context.close();
  });
}
