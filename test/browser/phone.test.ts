import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, liveServer, seriousViolations, maybeScreenshot, type LiveServer } from '../support/browser.ts';
import { ANONYMOUS } from '../../src/platform/context.ts';

/**
 * Phones (issue 15, item 1): every public page fits a 360 px screen without sideways scrolling, in
 * both scripts and in 长者模式 (larger text), and passes axe there. The pages come from the route
 * table: a public GET route added without an entry below fails the first test, so a new page is
 * either looked at on a phone or skipped with a reason.
 */

type Sample = string | ((x: { itemPath: string }) => string);

/** Public GET routes that render a page, and the address to open for each. */
const PAGES: Record<string, Sample[]> = {
  '/': ['/'],
  '/accessibility': ['/accessibility'],
  '/admin/login': ['/admin/login'],
  '/requests': ['/requests'],
  '/requests/apply': ['/requests/apply'],
  '/requests/apply/done': ['/requests/apply/done'],
  '/requests/track': ['/requests/track'],
  '/requests/track/view': ['/requests/track/view'],
  '/column/:key': ['/column/zwxx', '/column/zfwj'],
  '/item/*': [(x) => x.itemPath],
  '/catalogue': ['/catalogue', `/catalogue?topic=${encodeURIComponent('综合政务')}`],
  '/guide': ['/guide'],
  '/search': ['/search', `/search?q=${encodeURIComponent('财政')}`],
  '/api/docs': ['/api/docs'],
  '/nianbao': ['/nianbao'],
  '/nianbao/:year/:orgId': ['/nianbao/2025/7'],
  '/wangdian': ['/wangdian'],
  '/banshi': ['/banshi'],
  '/banshi/topic/:id': ['/banshi/topic/1'],
  '/banshi/dept/:orgId': ['/banshi/dept/20'],
  '/banshi/guide/:code': ['/banshi/guide/HJ-XK-0002-01'],
  '/powers': ['/powers'],
  '/powers/changes': ['/powers/changes'],
  '/powers/:id': ['/powers/2'],
};

/** Public GET routes that are not pages, and why. */
const NOT_PAGES: Record<string, string> = {
  '/prefs/script': 'redirect (script toggle)',
  '/prefs/a11y': 'redirect (长者模式 toggle)',
  '/healthz': 'health check',
  '/robots.txt': 'text',
  '/catalogue.css': 'stylesheet',
  '/reports/report.css': 'stylesheet',
  '/column/:key/rss.xml': 'feed',
  '/column/:key/atom.xml': 'feed',
  '/files/:id/:name': 'download',
  '/sitemap.xml': 'XML',
  '/sitemap-:n.xml': 'XML',
  '/api/v1/items': 'JSON',
  '/api/v1/items/*': 'JSON',
  '/api/v1/search': 'JSON',
  '/api/docs/openapi.json': 'JSON',
  '/requests/track/letter.:ext': 'download (PDF, DOCX)',
  '/requests/track/attachments/:aid': 'download',
  '/nianbao/:year/:orgId/report.:kind': 'download',
  '/nianbao/:year/:orgId/:table.csv': 'download',
  '/nianbao/:year/:orgId/chart/:name.svg': 'image',
  '/hall/hall.css': 'stylesheet',
  '/guides.css': 'stylesheet',
  '/banshi/files/:id': 'download',
};

/**
 * Each of the four modes is checked for overflow at 360 px, and the plain one at 390 px too. axe
 * (about 2.5 s a page) runs twice at 360 px, so both scripts and 长者模式 (its larger text and its
 * own colours) are each covered: simplified in the standard mode, traditional in 长者模式.
 */
const MODES = [
  { script: 'hans', large: false, axe: true, widths: [360, 390] },
  { script: 'hant', large: true, axe: true, widths: [360] },
  { script: 'hant', large: false, axe: false, widths: [360] },
  { script: 'hans', large: true, axe: false, widths: [360] },
] as const;

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

function publicGetRoutes(): string[] {
  return s.server.routes.filter((r) => r.method === 'GET' && (r.action === 'public' || s.app.registry.policies.can(ANONYMOUS, r.action))).map((r) => r.url);
}

test('every public GET route is either a page looked at on a phone or named as not a page', () => {
  const routes = publicGetRoutes();
  const missing = routes.filter((r) => !(r in PAGES) && !(r in NOT_PAGES));
  assert.deepEqual(missing, [], `public routes with no phone check (add them to PAGES, or to NOT_PAGES with the reason): ${missing.join(', ')}`);
  const stale = [...Object.keys(PAGES), ...Object.keys(NOT_PAGES)].filter((k) => !routes.includes(k));
  assert.deepEqual(stale, [], `entries for routes that no longer exist: ${stale.join(', ')}`);
});

/**
 * What does not fit: the page wider than the window, or content cut off inside a box that clips
 * or scrolls it — except a box declared as a scrolling region (focusable, named), which genuinely
 * tabular data may use. Names the offending elements, so a failure says where to look.
 */
function overflowProblems(page: Page): Promise<string[]> {
  // A string, not a function: the test runner's transpiler wraps named functions in a helper the page does not have.
  return page.evaluate(OVERFLOW_PROBE) as Promise<string[]>;
}

const OVERFLOW_PROBE = `(() => {
  const w = window.innerWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.classList.length ? '.' + [...el.classList].join('.') : '') + ' “' + (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 24) + '”';
  const out = [];
  const sw = document.documentElement.scrollWidth;
  if (sw > w) {
    // The deepest elements sticking out (by their box, or by text spilling from a box that does not clip).
    const culprits = [...document.querySelectorAll('body *')].filter((el) => {
      const r = el.getBoundingClientRect();
      const sticksOut = r.width > 0 && r.right > w + 0.5;
      const textSpills = el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible';
      return (sticksOut || textSpills) && ![...el.children].some((c) => c.getBoundingClientRect().right > w + 0.5);
    });
    out.push('the page is ' + sw + 'px wide in a ' + w + 'px window: ' + culprits.slice(0, 4).map(name).join(' | '));
  }
  for (const el of document.querySelectorAll('body *')) {
    const cs = getComputedStyle(el);
    if (cs.overflowX === 'visible' || el.clientWidth <= 1 || el.scrollWidth <= el.clientWidth + 1) continue;
    if (cs.textOverflow === 'ellipsis' || el.closest('.visually-hidden')) continue;
    if (el.matches('[tabindex="0"][role="region"][aria-label]')) continue;
    out.push('cut off: ' + name(el) + ' holds ' + el.scrollWidth + 'px in ' + el.clientWidth + 'px');
  }
  return out;
})()`;

/** A context in one mode: the script and 长者模式 are the cookies the two toggles set. */
async function modeContext(mode: (typeof MODES)[number], width: number): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width, height: 780 } });
  await context.addCookies([{ name: 'gk_script', value: mode.script, url: s.base }, ...(mode.large ? [{ name: 'gk_a11y', value: 'large', url: s.base }] : [])]);
  return context;
}

/** An application submitted and looked up in this context, so /requests/apply/done and /requests/track/view have something to show. */
async function applyAndTrack(context: BrowserContext, n: number): Promise<void> {
  const csrf = async (path: string) => /name="_csrf" value="([^"]+)"/.exec(await (await context.request.get(`${s.base}${path}`)).text())![1]!;
  const name = `手机测试${n}`;
  const r = await context.request.post(`${s.base}/requests/apply`, {
    form: {
      _csrf: await csrf('/requests/apply'),
      idempotencyKey: `phone-${n}-${Date.now()}`,
      orgId: '1',
      applicantType: 'natural',
      applicantName: name,
      idType: 'resident_id',
      idNumber: '431202198504120032',
      phone: '13700001111',
      infoName: '洪江区2025年老旧小区改造项目的资金安排和施工单位名单',
      deliveryForm: 'electronic',
      deliveryChannel: 'online',
      step: 'submit',
    },
    maxRedirects: 0,
  });
  assert.equal(r.status(), 303, 'the application is accepted');
  const done = await (await context.request.get(`${s.base}/requests/apply/done`)).text();
  const code = /class="value mono">([^<]+)</.exec(done)![1]!.trim();
  const t = await context.request.post(`${s.base}/requests/track`, { form: { _csrf: await csrf('/requests/track'), code, who: name }, maxRedirects: 0 });
  assert.equal(t.status(), 303, 'the application is found by its code');
}

test('every public page fits 360 px and 390 px without sideways scrolling, in both scripts and in 长者模式, and axe passes at 360 px', async () => {
  // A real item with a long 文号 and 索引号: the first of the 目录.
  const probe = await browser.newContext();
  const p0 = await probe.newPage();
  await p0.goto(`${s.base}/catalogue`);
  const itemPath = (await p0.locator('.catalogue-table a').first().getAttribute('href'))!;
  await probe.close();
  const urls = Object.values(PAGES)
    .flat()
    .map((x) => (typeof x === 'string' ? x : x({ itemPath })));

  const failures: string[] = [];
  let n = 0;
  for (const mode of MODES) {
    const label = `${mode.script}${mode.large ? ' 长者模式' : ''}`;
    const context = await modeContext(mode, 360);
    await applyAndTrack(context, n++);
    const page = await context.newPage();
    for (const width of mode.widths) {
      await page.setViewportSize({ width, height: 780 });
      for (const path of urls) {
        const resp = await page.goto(`${s.base}${path}`);
        if (resp?.status() !== 200) failures.push(`${path} (${label}, ${width}px): HTTP ${resp?.status()}`);
        for (const p of await overflowProblems(page)) failures.push(`${path} (${label}, ${width}px): ${p}`);
        if (width === 360 && mode.axe) {
          for (const v of await seriousViolations(page)) failures.push(`${path} (${label}, 360px): axe ${v}`);
          await maybeScreenshot(page, `phone-${path.replace(/\W+/g, '-')}-${mode.script}${mode.large ? '-large' : ''}`);
        }
      }
    }
    await context.close();
    if (process.env.GONGKAI_TIMING) console.error(`phone: ${label} done at ${Math.round(performance.now())} ms`);
  }
  assert.deepEqual(failures, []);
});

test('on a phone the menu is a 菜单 button that opens without JavaScript, by keyboard; on a wide screen the full menu shows', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 780 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${s.base}/`);
  const nav = page.getByRole('navigation', { name: '主导航' });
  const catalogue = nav.getByRole('link', { name: '信息公开目录' });
  assert.equal(await catalogue.count(), 0, 'the links are folded away at 360 px');
  const button = nav.locator('summary', { hasText: '菜单' });
  assert.ok(await button.isVisible(), 'the 菜单 button shows at 360 px');
  await button.focus();
  await page.keyboard.press('Enter');
  assert.ok(await catalogue.isVisible(), 'Enter on 菜单 shows the links');
  await Promise.all([page.waitForURL(/\/catalogue$/), catalogue.click()]);

  // The 目录 on a phone: the facet lists are folded, so the results come first.
  const results = page.locator('.catalogue-results');
  const orgFacet = page.getByRole('heading', { name: '发布机构' });
  assert.ok(!(await orgFacet.isVisible()), 'the facet lists are folded at 360 px');
  assert.ok(await results.isVisible());

  await page.setViewportSize({ width: 1366, height: 800 });
  assert.ok(await nav.getByRole('link', { name: '信息公开目录' }).isVisible(), 'the full menu shows at 1366 px');
  assert.ok(!(await button.isVisible()), 'no 菜单 button at 1366 px');
  assert.ok(await orgFacet.isVisible(), 'the facet lists show beside the results at 1366 px');
  const [f, r] = [await orgFacet.boundingBox(), await results.boundingBox()];
  assert.ok(f && r && f.x < r.x, 'the facets are the left column at 1366 px');
  await context.close();
});
