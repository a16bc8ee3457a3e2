import { sql } from 'kysely';
import { defineRoutes, queryOf } from '../../../platform/web/kit.ts';
import { safeNext } from '../../../platform/web/redirect.ts';
import { html } from '../../../platform/web/html.ts';
import { portalPage, adminPage } from '../../../platform/web/layout.ts';
import { renderBlocks } from '../../../platform/web/blocks.ts';
import { writeProbe } from '../../../storage/db.ts';

/** The shell every module shares: portal home, dashboard, preferences, health. */
export const coreRoutes = () =>
  defineRoutes([
    {
      method: 'GET',
      url: '/',
      action: 'public',
      async handler(req, reply) {
        const blocks = await renderBlocks('home', req);
        return reply.page(
          portalPage(
            req.view,
            { title: '首页', section: '/' },
            html`<h1 class="visually-hidden">${req.view.site.name}政府信息公开</h1>
${blocks.length ? html`<div class="grid">${blocks}</div>` : html`<div class="panel"><p>政府信息公开栏目正在建设中。</p></div>`}`,
          ),
          { cache: 'public' },
        );
      },
    },
    {
      method: 'GET',
      url: '/prefs/script',
      action: 'public',
      async handler(req, reply) {
        const q = queryOf(req);
        const to = q.to === 'hant' ? 'hant' : 'hans';
        reply.setCookie('gk_script', to, { path: '/', sameSite: 'lax', maxAge: 365 * 86400, httpOnly: true });
        return reply.redirect(safeNext(q.back) ?? '/', 303);
      },
    },
    {
      method: 'GET',
      url: '/prefs/a11y',
      action: 'public',
      async handler(req, reply) {
        const q = queryOf(req);
        if (q.to === 'large') reply.setCookie('gk_a11y', 'large', { path: '/', sameSite: 'lax', maxAge: 365 * 86400, httpOnly: true });
        else reply.clearCookie('gk_a11y', { path: '/' });
        return reply.redirect(safeNext(q.back) ?? '/', 303);
      },
    },
    {
      method: 'GET',
      url: '/healthz',
      action: 'public',
      async handler(req, reply) {
        // A read-only file or a standby answers `select 1` happily: the check is a write (the
        // health row, updated and rolled back), so monitoring learns before a visitor's form does.
        const problem = await writeProbe(req.ctx.db);
        req.server.storageStatus(req, problem);
        reply.code(problem ? 503 : 200).header('cache-control', 'no-store');
        if (!problem) return reply.send({ status: 'ok', engine: req.ctx.engine });
        return reply.header('retry-after', '30').send({ status: 'unavailable', engine: req.ctx.engine, cause: problem.reason, message: problem.message });
      },
    },
    {
      method: 'GET',
      url: '/robots.txt',
      action: 'public',
      async handler(_req, reply) {
        return reply.type('text/plain; charset=utf-8').send('User-agent: *\nDisallow: /admin\nSitemap: /sitemap.xml\n');
      },
    },
    {
      method: 'GET',
      url: '/accessibility',
      action: 'public',
      async handler(req, reply) {
        return reply.page(
          portalPage(
            req.view,
            { title: '无障碍说明' },
            html`<h1>无障碍说明</h1><div class="panel">
<p>本网站按照《信息技术 互联网内容无障碍可访问性技术要求与测试方法》（GB/T 37668-2019）和 WCAG 2.1 AA 级要求建设：</p>
<ul>
<li>所有页面无需脚本即可使用，可全程使用键盘操作；每页开头提供“跳到主要内容”链接。</li>
<li>页面顶部可一键切换简体、繁體，切换后正文内容同步转换，并记住您的选择。</li>
<li>“长者模式”放大字体并提高对比度，方便老年人和视力障碍人士阅读。</li>
<li>表单的每个输入项都有文字标签；提交有误时，页面顶部列出问题并链接到对应输入项。</li>
</ul>
<p>如在使用中遇到障碍，请联系：${req.view.site.operator}，电话 ${req.view.site.phone}。</p></div>`,
          ),
          { cache: 'public' },
        );
      },
    },
    {
      method: 'GET',
      url: '/admin',
      action: 'dashboard.view',
      async handler(req, reply) {
        const blocks = await renderBlocks('dashboard', req);
        const [orgs, users, audit] = await Promise.all([
          req.ctx.db.selectFrom('orgs').select(sql<number>`count(*)`.as('n')).where('active', '=', 1).executeTakeFirst(),
          req.ctx.db.selectFrom('users').select(sql<number>`count(*)`.as('n')).where('disabled', '=', 0).executeTakeFirst(),
          req.ctx.db.selectFrom('audit_head').select('seq').executeTakeFirst(),
        ]);
        return reply.page(
          adminPage(
            req.view,
            { title: '工作台', section: '/admin' },
            html`<h1>工作台</h1>
<div class="stat-cards">
  <div class="stat"><span class="value">${Number(orgs?.n ?? 0)}</span><p class="label">机构</p></div>
  <div class="stat"><span class="value">${Number(users?.n ?? 0)}</span><p class="label">在用账户</p></div>
  <div class="stat"><span class="value">${Number(audit?.seq ?? 0)}</span><p class="label">审计记录</p></div>
</div>
${blocks}`,
          ),
        );
      },
    },
  ]);
