import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, liveServer, loginAs, maybeScreenshot, seriousViolations, type LiveServer } from '../support/browser.ts';
import { defineCommand, execute } from '../../src/platform/command.ts';
import { issueNotice, type SignalDraft } from '../../src/modules/supervision/index.ts';

/**
 * 电子监察 in a real browser (services.md §3): a supervisor sees the overview and a signal, clears it
 * with a reason through the form; every page fits 360 px and passes axe in both scripts.
 */

let s: LiveServer;
let browser: Browser;
let signalId = 0;
let noticeId = 0;

const raiseCmd = defineCommand({
  name: 'test.raise',
  input: z.object({ drafts: z.array(z.any()) }),
  async handler(ctx, input) {
    ctx.authorize('supervision.view');
    const fresh = await ctx.ports.supervision.raise(ctx, input.drafts as SignalDraft[]);
    return { result: fresh, audit: { action: 'test.raise', subjectType: 'test' } };
  },
});

before(async () => {
  s = await liveServer({ demo: true });
  browser = await launchBrowser();
  const db = s.app.database.db;
  const org = Number((await db.selectFrom('orgs').select('id').where('name', 'like', '%市场监管分中心').executeTakeFirstOrThrow()).id);
  const other = Number((await db.selectFrom('orgs').select('id').where('name', '=', '洪江区商务局').executeTakeFirstOrThrow()).id);
  const d = (id: number, orgId: number, level: SignalDraft['level']): SignalDraft => ({
    subjectType: 'case',
    subjectId: id,
    orgId,
    rule: `time.${level}`,
    level,
    raisedOn: '2026-11-26',
    detail: `办件 HJ2026-${String(id).padStart(6, '0')} ${level === 'warning' ? '即将到达承诺时限' : '已超过承诺时限'}`,
    href: `/admin/cases/${id}`,
  });
  await execute(s.system, raiseCmd, { drafts: [d(1, org, 'yellow'), d(2, org, 'red'), d(3, other, 'warning'), d(4, other, 'yellow')] });
  signalId = Number((await db.selectFrom('supervision_signals').select('id').where('subject_id', '=', 1).executeTakeFirstOrThrow()).id);
  const sig2 = Number((await db.selectFrom('supervision_signals').select('id').where('subject_id', '=', 2).executeTakeFirstOrThrow()).id);
  noticeId = (await execute(s.system, issueNotice, { signalIds: [sig2], requirement: '请说明超时原因，于期限内办结并回复' })).id;
});
after(async () => {
  await browser?.close();
  await s?.close();
});

async function overflow(page: Page): Promise<number> {
  return page.evaluate('document.documentElement.scrollWidth - window.innerWidth') as Promise<number>;
}

test('a supervisor sees the overview by department and a signal page, and clears the signal with a reason', async () => {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
  const page = await ctx.newPage();
  await loginAs(page, s.base, 'supervisor');
  await page.goto(`${s.base}/admin/supervision`);
  await assert.doesNotReject(page.getByRole('heading', { name: '电子监察', level: 1 }).waitFor());
  const table = page.getByRole('region', { name: /各部门信号统计/ });
  assert.match(await table.innerText(), /洪江区政务服务中心市场监管分中心/);
  assert.match(await table.innerText(), /洪江区商务局/);
  await maybeScreenshot(page, 'supervision-overview-1366');
  await page.getByRole('link', { name: '全部信号' }).click();
  await page.getByRole('link', { name: /HJ2026-000001/ }).click();
  await page.waitForURL(new RegExp(`/admin/supervision/signals/${signalId}$`));
  assert.equal(await page.getByRole('link', { name: '办件记录' }).getAttribute('href'), '/admin/cases/1');
  // Without a reason the browser keeps the form (required); a too-short one comes back naming 理由.
  await page.getByLabel('理由').fill('好');
  await page.getByRole('button', { name: '消除' }).click();
  await assert.doesNotReject(page.getByRole('alert').filter({ hasText: '理由' }).first().waitFor());
  await page.getByLabel('理由').fill('已补正材料并于当日办结');
  await page.getByRole('button', { name: '消除' }).click();
  await assert.doesNotReject(page.getByText('信号已消除。').waitFor());
  await maybeScreenshot(page, 'supervision-signal-1366');
  assert.match(await page.locator('main').innerText(), /消除，理由：已补正材料并于当日办结/);
  await ctx.close();
});

test('the 电子监察 pages fit a 360 px phone and pass axe, in simplified and traditional script', async () => {
  const paths = {
    overview: '/admin/supervision',
    signals: '/admin/supervision/signals',
    signal: `/admin/supervision/signals/${signalId + 1}`,
    notices: '/admin/supervision/notices',
    notice: `/admin/supervision/notices/${noticeId}`,
    rules: '/admin/supervision/rules',
  };
  for (const [who, script] of [
    ['supervisor', 'hans'],
    ['admin', 'hant'],
  ] as const) {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 780 } });
    const page = await ctx.newPage();
    await loginAs(page, s.base, who);
    await ctx.addCookies([{ name: 'gk_script', value: script, url: s.base }]);
    for (const [name, path] of Object.entries(paths)) {
      await page.goto(`${s.base}${path}`);
      assert.equal(await overflow(page), 0, `${name} (${script}) is wider than 360 px`);
      assert.deepEqual(await seriousViolations(page), [], `${name} (${script})`);
      await maybeScreenshot(page, `supervision-${name}-${script}-360`);
    }
    if (script === 'hant') assert.match(await page.locator('main').innerText(), /監察規則/);
    await ctx.close();
  }
});
