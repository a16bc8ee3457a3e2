import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, liveServer, seriousViolations, loginAs, maybeScreenshot, type LiveServer } from '../support/browser.ts';

let s: LiveServer;
let browser: Browser;
let indexNo = '';
before(async () => {
  s = await liveServer({ demo: true });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await s?.close();
});

async function clickAndWait(page: Page, name: string) {
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name, exact: true }).first().click()]);
  await page.waitForLoadState('load');
}

test('an editor writes an item, a reviewer returns it, the editor fixes it, the reviewer approves and publishes, and the public finds it by a two-character query in traditional script', async () => {
  const editor = await newPage(browser);
  await loginAs(editor, s.base, 'editor');
  await editor.goto(`${s.base}/admin/catalogue/new`);
  await editor.getByLabel('名称').fill('关于开展冬季森林防火巡查的通知');
  await editor.getByLabel('发布机构').selectOption({ label: '　洪江区政务公开政务服务办公室' });
  await editor.getByLabel('栏目').selectOption({ label: '政府文件' });
  await editor.getByLabel('文号').fill('洪政公开发〔2026〕9号');
  await editor.getByLabel('正文').fill('各乡（街道）：\n\n入冬以来，请各单位加强森林防火巡查，落实值班制度。');
  await editor.getByLabel('主题分类').selectOption({ label: '农业、林业、水利 › 林业' });
  await editor.getByLabel('体裁').selectOption({ label: '通知' });
  await maybeScreenshot(editor, 'catalogue-admin-form-hans');
  await clickAndWait(editor, '保存草稿');
  assert.match((await editor.textContent('h1')) ?? '', /森林防火巡查/);
  const itemUrl = editor.url();
  await clickAndWait(editor, '提交保密审查');
  assert.match((await editor.textContent('.notice')) ?? '', /已提交保密审查/);

  const reviewer = await newPage(browser);
  await loginAs(reviewer, s.base, 'reviewer');
  await reviewer.goto(itemUrl);
  assert.match((await reviewer.textContent('body')) ?? '', /未发现身份证号码/);
  await reviewer.getByLabel('退回理由').fill('请写明巡查时间和责任人');
  await clickAndWait(reviewer, '退回修改');
  assert.match((await reviewer.textContent('.notice')) ?? '', /已退回修改/);

  await editor.goto(itemUrl);
  assert.match((await editor.textContent('body')) ?? '', /请写明巡查时间和责任人/);
  await editor.getByRole('link', { name: '修改', exact: true }).click();
  await editor.getByLabel('正文').fill('各乡（街道）：\n\n自12月1日起至次年3月31日，各乡（街道）分管负责人带队开展森林防火巡查，落实护林员值班制度。');
  await clickAndWait(editor, '保存修改');
  await clickAndWait(editor, '提交保密审查');

  await reviewer.goto(itemUrl);
  assert.deepEqual(await seriousViolations(reviewer), []);
  await maybeScreenshot(reviewer, 'catalogue-admin-review-hans');
  await clickAndWait(reviewer, '审查通过并发布');
  const flash = (await reviewer.textContent('.notice')) ?? '';
  indexNo = /索引号 (\S+?)。/.exec(flash)?.[1] ?? '';
  assert.match(indexNo, /^[0-9A-Z]{9}\/2026-\d{5}$/);

  // The public, in traditional script, types a two-character query (護林 = 护林, only in the fixed version) into the header box.
  const visitor = await newPage(browser);
  await visitor.goto(`${s.base}/`);
  await visitor.getByRole('link', { name: '繁體' }).click();
  await visitor.waitForLoadState();
  await visitor.getByLabel('搜索政府信息').fill('護林');
  await Promise.all([visitor.waitForURL(/\/search\?q=/), visitor.getByLabel('搜索政府信息').press('Enter')]);
  const link = visitor.getByRole('link', { name: /森林防火巡查/ });
  assert.equal(await link.count(), 1, 'the new item is found by 護林 (护林)');
  assert.match((await visitor.locator('mark').first().textContent()) ?? '', /護林/);
  await maybeScreenshot(visitor, 'catalogue-search-hant');
  await Promise.all([visitor.waitForLoadState('load'), link.click()]);
  assert.match((await visitor.textContent('h1')) ?? '', /森林防火巡查/);
  assert.ok((await visitor.textContent('body'))!.includes(indexNo));
  for (const p of [editor, reviewer, visitor]) await p.context().close();
});

test('axe finds no serious or critical violation on the home, column, item, search, catalogue and guide pages, in both scripts', async () => {
  const page = await newPage(browser);
  const item = indexNo || '000614029/2016-00001';
  const pages: Array<[string, string]> = [
    ['home', '/'],
    ['column', '/column/zfwj'],
    ['item', `/item/${item}`],
    ['search', `/search?q=${encodeURIComponent('低保')}`],
    ['catalogue', `/catalogue?topic=${encodeURIComponent('综合政务')}`],
    ['guide', '/guide'],
    ['api-docs', '/api/docs'],
  ];
  for (const script of ['hans', 'hant'] as const) {
    for (const [name, path] of pages) {
      await page.goto(`${s.base}${path}${path.includes('?') ? '&' : '?'}script=${script}`);
      assert.deepEqual(await seriousViolations(page), [], `${name} (${script})`);
      await maybeScreenshot(page, `catalogue-${name}-${script}`);
    }
  }
  await page.context().close();
});

test('keyboard only: from the header search box to a result, and through the column pagination', async () => {
  const page = await newPage(browser);
  await page.goto(`${s.base}/column/zwxx`);
  // Tab until the header search box has focus, type, submit with Enter.
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.id === 'site-q')) break;
  }
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'site-q');
  await page.keyboard.type('低保');
  await Promise.all([page.waitForURL(/\/search\?q=/), page.keyboard.press('Enter')]);
  // Tab to the first result link and follow it with Enter.
  let reached = false;
  for (let i = 0; i < 80 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => !!document.activeElement?.closest('.search-results'));
  }
  assert.ok(reached, 'a search result is reachable by Tab');
  await Promise.all([page.waitForURL(/\/item\//), page.keyboard.press('Enter')]);
  // The focus ring is visible (the stylesheet's :focus-visible outline).
  await page.goto(`${s.base}/column/zwxx`);
  let next = false;
  for (let i = 0; i < 120 && !next; i++) {
    await page.keyboard.press('Tab');
    next = await page.evaluate(() => document.activeElement?.getAttribute('rel') === 'next');
  }
  assert.ok(next, 'the next-page link is reachable by Tab');
  await Promise.all([page.waitForURL(/page=2/), page.keyboard.press('Enter')]);
  await page.context().close();
});
