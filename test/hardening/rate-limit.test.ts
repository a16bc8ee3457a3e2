import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, liveServer, newPage, type LiveServer, type Browser } from '../support/browser.ts';
import { ANONYMOUS } from '../../src/platform/context.ts';

let s: LiveServer;
const LIMITS = { forms: 3, search: 4, login: 3 };
let browser: Browser;
before(async () => {
  s = await liveServer({ demo: true, config: { rateLimitLogin: 3, rateLimitForms: LIMITS.forms, rateLimitSearch: LIMITS.search } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await s?.close();
});

test('login attempts beyond the limit answer 429 with Retry-After, and the browser shows a readable page', async () => {
  const c = s.client();
  const statuses: number[] = [];
  let last: Awaited<ReturnType<typeof c.login>> | undefined;
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

/** A valid-looking request for each rate-limited route (the limit counts requests, good or bad). */
function sampleUrl(url: string): string {
  return url.replace('/*', '/000614029/2016-00001').replace(/:(\w+)/g, '1') + (/search|items$/.test(url) ? `?q=${encodeURIComponent('公开')}` : '');
}

test('every public form, search and open-data route is rate limited per client: over the limit it answers 429 with Retry-After, while another client is still served', async () => {
  const limited = s.server.routes.filter((r) => r.rateLimit);
  // Generated from the route table: what anyone may post, and every search or open-data route.
  const mustLimit = s.server.routes.filter(
    (r) => (r.method === 'POST' && (r.action === 'public' || s.app.registry.policies.can(ANONYMOUS, r.action))) || /search|\/api\/v1\//.test(r.url),
  );
  assert.deepEqual(
    mustLimit.filter((r) => !r.rateLimit).map((r) => `${r.method} ${r.url}`),
    [],
    'public forms and search routes without a rate limit',
  );
  let ip = 10;
  for (const r of limited) {
    const a = s.client();
    a.ip = `10.9.0.${ip++}`;
    const b = s.client();
    b.ip = `10.9.0.${ip++}`;
    const send = async (c: typeof a) =>
      r.method === 'GET'
        ? c.get(sampleUrl(r.url))
        : c.post(
            sampleUrl(r.url),
            { username: 'nobody', password: 'x', code: 'AAAA-BBBB-CCCC', who: '某人', step: 'suggest', infoName: '道路' },
            { csrf: await c.token() },
          );
    const max = LIMITS[r.rateLimit!];
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof send>> | undefined;
    for (let i = 0; i <= max; i++) {
      last = await send(a);
      statuses.push(last.status);
    }
    assert.ok(
      statuses.slice(0, max).every((x) => x !== 429),
      `${r.method} ${r.url}: limited too early (${statuses})`,
    );
    assert.equal(last!.status, 429, `${r.method} ${r.url}: request ${max + 1} in a minute is refused (${statuses})`);
    assert.ok(Number(last!.headers['retry-after']) > 0, `${r.method} ${r.url}: Retry-After`);
    assert.match(last!.body, r.api ? /"status":429/ : /访问过于频繁/);
    assert.notEqual((await send(b)).status, 429, `${r.method} ${r.url}: another client is not limited`);
  }
});

test('a rate-limited search or form shows a readable page in the browser', async () => {
  const page = await newPage(browser);
  for (let i = 0; i <= LIMITS.search; i++) await page.goto(`${s.base}/search?q=${encodeURIComponent('公开')}`);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '访问过于频繁');
  assert.match((await page.textContent('main')) ?? '', /请稍等片刻后再试/);
  await page.goto(`${s.base}/requests/apply`);
  for (let i = 0; i <= LIMITS.forms; i++) {
    await page.getByLabel('所需信息的名称').fill('道路改造');
    await page.getByRole('button', { name: '先查找已公开的信息' }).click();
    await page.waitForLoadState();
  }
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '访问过于频繁');
  assert.match((await page.textContent('main')) ?? '', /请稍等片刻后再试/);
  await page.context().close();
});
