import { chromium } from 'playwright-core';
const base = 'http://127.0.0.1:3201';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const pages = process.argv.slice(2);
for (const w of [360, 1366]) {
  const ctx = await b.newContext({ locale: 'zh-CN', viewport: { width: w, height: 800 } });
  const p = await ctx.newPage();
  if (pages.some((x) => x.startsWith('/admin'))) {
    await p.goto(`${base}/admin/login`);
    await p.getByLabel('用户名').fill('office');
    await p.getByLabel('密码').fill('Hongjiang@2016');
    await Promise.all([p.waitForURL(/\/admin/), p.getByRole('button', { name: '登录' }).click()]);
  }
  for (const path of pages) {
    await p.goto(base + path);
    const name = path.replace(/[^a-z0-9]+/gi, '_');
    await p.screenshot({ path: `/tmp/powers/shots/${name}-${w}.png`, fullPage: false });
    const sw = await p.evaluate(() => document.documentElement.scrollWidth);
    console.log(w, path, 'scrollWidth', sw);
  }
  await ctx.close();
}
await b.close();
