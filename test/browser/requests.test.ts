import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, liveServer, seriousViolations, loginAs, maybeScreenshot, type LiveServer } from '../support/browser.ts';

/**
 * A request from the form to the letter, in a real browser: apply online → the handler confirms
 * receipt and asks for a correction → the applicant corrects on the tracking page → the handler
 * consults a third party, extends, decides partial disclosure → the applicant downloads the letter
 * from the tracking page. The form and the tracking page pass axe in both scripts.
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

async function axeClean(page: Page, name: string) {
  assert.deepEqual(await seriousViolations(page), [], `${name}: axe`);
  await maybeScreenshot(page, name);
}

async function inHant(page: Page, name: string) {
  await page.getByRole('link', { name: '繁體' }).click();
  await page.waitForLoadState();
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hant');
  await axeClean(page, `${name}-hant`);
  await page.getByRole('link', { name: '简体' }).click();
  await page.waitForLoadState();
}

async function act(page: Page, title: string, fill: (form: ReturnType<Page['locator']>) => Promise<void> = async () => {}) {
  await page.locator('summary', { hasText: title }).first().click();
  const form = page.locator(`form[aria-label="${title}"]`);
  await fill(form);
  await Promise.all([page.waitForURL(/\/admin\/requests\/\d+$/), form.getByRole('button', { name: title }).click()]);
  assert.equal(await page.locator('.notice.error').count(), 0, await page.locator('main').innerText());
}

test('apply → correction asked and given → third party consulted → extended → partial disclosure → letter downloaded', async () => {
  const applicant = await newPage(browser);
  await applicant.goto(`${s.base}/requests/apply`);
  await axeClean(applicant, 'requests-apply');
  await inHant(applicant, 'requests-apply');

  // What is sought first, then a look for already-published items.
  await applicant.getByLabel('所需信息的内容描述').fill('河滨路片区棚户区改造项目的补偿方案');
  await applicant.getByRole('button', { name: '先查找已公开的信息' }).click();
  await applicant.waitForLoadState();
  assert.match(await applicant.locator('#suggestions').innerText(), /可能已经公开的信息/);
  await maybeScreenshot(applicant, 'requests-apply-suggestions');
  assert.equal(await applicant.getByLabel('所需信息的内容描述').inputValue(), '河滨路片区棚户区改造项目的补偿方案');

  await applicant.getByRole('radio', { name: '自然人' }).check();
  await applicant.getByLabel('姓名（自然人）或名称（法人或其他组织）').fill('孙小梅');
  await applicant.getByLabel('证件号码').fill('431202198504120032');
  await applicant.getByLabel('联系电话').fill('13912345678');
  await Promise.all([applicant.waitForURL(/\/requests\/apply\/done$/), applicant.getByRole('button', { name: '提交申请' }).click()]);
  const code = (await applicant.locator('.value.mono').innerText()).trim();
  assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await axeClean(applicant, 'requests-apply-done');

  // The handler confirms receipt (双方确认) and asks, once, for a correction.
  const handler = await newPage(browser);
  await loginAs(handler, s.base, 'handler');
  await handler.goto(`${s.base}/admin/requests?q=${code}`);
  await Promise.all([handler.waitForURL(/\/admin\/requests\/\d+$/), handler.getByRole('link', { name: code }).click()]);
  await axeClean(handler, 'requests-admin-detail-new');
  await act(handler, '确认收到申请');
  await act(handler, '一次性告知补正', async (f) => {
    await f.getByLabel('需要补正的事项（一次性列明）').fill('请写明所需方案的年度，以及是方案本身还是具体户的补偿明细');
  });
  assert.match(await handler.locator('h1').innerText(), /已告知补正/);

  // The applicant finds the notice on the tracking page and corrects there.
  await applicant.goto(`${s.base}/requests/track`);
  await axeClean(applicant, 'requests-track-form');
  await applicant.getByLabel('查询码').fill(code.toLowerCase());
  await applicant.getByLabel('申请人姓名（名称）或联系电话').fill('孙小梅');
  await Promise.all([applicant.waitForURL(/\/requests\/track\/view$/), applicant.getByRole('button', { name: '查询' }).click()]);
  assert.match(await applicant.locator('main').innerText(), /需要补正/);
  await axeClean(applicant, 'requests-track-correction');
  await applicant.getByLabel('补正后的申请内容').fill('2025年河滨路片区房屋征收补偿安置方案正文及补偿总额');
  await Promise.all([applicant.waitForURL(/\/requests\/track\/view$/), applicant.getByRole('button', { name: '提交补正' }).click()]);
  assert.match(await applicant.locator('main').innerText(), /补正已提交/);

  // The handler consults a third party, records its reply, extends, attaches and decides.
  await handler.reload();
  assert.match(await handler.locator('h1').innerText(), /已补正/);
  await act(handler, '书面征求意见', async (f) => {
    await f.getByLabel('征求对象').selectOption('third_party');
    await f.getByLabel('被征求意见的第三方或机关').fill('河滨路片区被征收户代表');
  });
  await act(handler, '登记征求意见答复', async (f) => {
    await f.getByLabel('答复意见').selectOption('partial');
  });
  await act(handler, '延长答复期限', async (f) => {
    await f.getByLabel('批准人（政府信息公开工作机构负责人）').fill('李红梅');
    await f.getByLabel('延期理由').fill('涉及多个部门的征收档案，需要调阅核对');
  });
  assert.match(await handler.locator('h1').innerText(), /已延长答复期限/);
  await handler.locator('summary', { hasText: '上传公开的信息（附件）' }).click();
  await handler
    .locator('#f-file')
    .setInputFiles({ name: '补偿安置方案（公开部分）.txt', mimeType: 'text/plain', buffer: Buffer.from('一、补偿方式……\n二、补偿标准……\n', 'utf8') });
  await Promise.all([handler.waitForURL(/\/admin\/requests\/\d+$/), handler.getByRole('button', { name: '上传', exact: true }).click()]);
  await axeClean(handler, 'requests-admin-detail-extended');

  await handler.getByRole('link', { name: '作出答复' }).click();
  await handler.getByLabel(/三（二） 部分公开/).check();
  await handler.getByRole('button', { name: '选择' }).click();
  await handler.waitForLoadState();
  await handler.getByLabel('不予公开部分').fill('附表中各被征收户的姓名、身份证号码和补偿金额');
  await handler.getByLabel('不予公开理由').fill('属于个人隐私，公开会对第三方合法权益造成损害');
  await handler.getByLabel('提供方式').fill('现将方案正文及补偿总额以电子文档形式提供给您（见附件）');
  await axeClean(handler, 'requests-admin-decide');
  await Promise.all([handler.waitForURL(/\/admin\/requests\/\d+$/), handler.getByRole('button', { name: '作出答复并生成告知书' }).click()]);
  assert.match(await handler.locator('h1').innerText(), /已答复/);
  assert.match(await handler.locator('main').innerText(), /第三十七条/);
  await maybeScreenshot(handler, 'requests-admin-decided');

  // The applicant sees the letter and downloads it.
  await applicant.goto(`${s.base}/requests/track/view`);
  const page = await applicant.locator('main').innerText();
  assert.match(page, /部分公开/);
  assert.match(page, /政府信息公开申请答复告知书/);
  assert.ok(!page.includes('431202198504120032') && !page.includes('13912345678'));
  await axeClean(applicant, 'requests-track-decided');
  await inHant(applicant, 'requests-track-decided');
  const [download] = await Promise.all([applicant.waitForEvent('download'), applicant.getByRole('link', { name: '下载告知书（PDF）' }).click()]);
  const path = await download.path();
  assert.ok(path);
  const { readFileSync } = await import('node:fs');
  assert.equal(readFileSync(path).subarray(0, 4).toString(), '%PDF');
  assert.match(download.suggestedFilename(), /依申告〔2026〕\d+号\.pdf$/);
  await applicant.context().close();
  await handler.context().close();
});

test('the back-office lists, follow-up, appeals and intake pages pass axe in both scripts', async () => {
  const page = await newPage(browser);
  await loginAs(page, s.base, 'office');
  for (const [path, name] of [
    ['/admin/requests', 'requests-admin-list'],
    ['/admin/requests/follow-up', 'requests-admin-followup'],
    ['/admin/requests/new', 'requests-admin-intake'],
    ['/admin/appeals', 'requests-admin-appeals'],
    ['/admin/appeals/new', 'requests-admin-appeal-new'],
    ['/requests', 'requests-portal'],
  ] as const) {
    await page.goto(`${s.base}${path}`);
    await axeClean(page, name);
    await inHant(page, name);
  }
  await page.context().close();
});
