import { chromium, type Browser, type Page } from 'playwright-core';
export type { Browser, Page };
import { AxeBuilder } from '@axe-core/playwright';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { testServer, type TestServer } from './app.ts';

/**
 * Real-browser tests: Debian's chromium driven by playwright-core (never a downloaded browser),
 * against the real server listening on a port, with the flags this machine kind needs.
 */
export const CHROMIUM = process.env.GONGKAI_CHROMIUM ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium fonts-noto-cjk)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export interface LiveServer extends TestServer {
  base: string;
}

export async function liveServer(opts: Parameters<typeof testServer>[0] = {}): Promise<LiveServer> {
  const s = await testServer(opts);
  await s.server.fastify.listen({ port: 0, host: '127.0.0.1' });
  const { port } = s.server.fastify.server.address() as AddressInfo;
  return { ...s, base: `http://127.0.0.1:${port}` };
}

/** axe-core WCAG 2.1 A/AA rules; returns the serious and critical violations, readable. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}

export async function loginAs(page: Page, base: string, username: string, password = 'Hongjiang@2016'): Promise<void> {
  await page.goto(`${base}/admin/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await Promise.all([page.waitForURL(/\/admin(\?|$|\/)/), page.getByRole('button', { name: '登录' }).click()]);
}

/** Save a screenshot when GONGKAI_SCREENSHOTS names a folder (for looking at pages, not for asserting). */
export async function maybeScreenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.GONGKAI_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

/** A fresh page in its own context (own cookies), as axe-core requires. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN' });
  return context.newPage();
}
