import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, liveServer, newPage, type LiveServer, type Browser } from '../support/browser.ts';

let s: LiveServer;
let browser: Browser;
before(async () => {
  s = await liveServer({ demo: true, config: { rateLimitLogin: 3 } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await s?.close();
});

test('login attempts beyond the limit answer 429 with Retry-After, and the browser shows a readable page', async () => {
  const c = s.client();
  const statuses: number[] = [];
  let last;
  for (let i = 0; i < 5; i++) {
    last = await c.login('office', 'wrong-password-x');
    statuses.push(last.status);
  }
  assert.deepEqual(statuses.slice(0, 3), [401, 401, 401]);
  assert.equal(statuses[3], 429);
  assert.ok(Number(last!.headers['retry-after']) > 0, 'Retry-After is set');
  assert.match(last!.body, /访问过于频繁/);

  const page = await newPage(browser);
  await page.goto(`${s.base}/admin/login`);
  for (let i = 0; i < 4; i++) {
    await page.getByLabel('用户名').fill('office');
    await page.getByLabel('密码').fill('wrong-password-y');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForLoadState();
    if (i < 3) await page.goto(`${s.base}/admin/login`);
  }
  const h1 = await page.getByRole('heading', { level: 1 }).textContent();
  assert.equal(h1, '访问过于频繁');
  assert.match((await page.textContent('main')) ?? '', /请稍等片刻后再试/);
  await page.context().close();
});
