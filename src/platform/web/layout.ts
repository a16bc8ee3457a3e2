import type { AdminNavItem } from './nav.ts';
import { html, raw, url, type SafeHtml, type HtmlValue } from './html.ts';
import type { ViewState } from './kit.ts';
import { langOf } from '../i18n/script.ts';
import { chineseDate } from '../../kernel/dates.ts';
import { notice } from './components.ts';
import { assetUrl } from './assets.ts';

/** A plain emblem (a five-pointed star in a ring), ours: the national emblem is not for software. */
const EMBLEM = raw(
  `<svg class="emblem" viewBox="0 0 64 64" aria-hidden="true" focusable="false"><circle cx="32" cy="32" r="30" fill="#f3d9a4" stroke="#fff" stroke-width="3"/><polygon points="32,12 37.9,26.1 53,26.9 41.3,36.6 45.2,51.3 32,43 18.8,51.3 22.7,36.6 11,26.9 26.1,26.1" fill="#a8151a"/></svg>`,
);

function head(view: ViewState, title: string, extra?: HtmlValue): SafeHtml {
  return html`<!doctype html>
<html lang="${langOf(view.script)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="${assetUrl('site.css')}">
<link rel="icon" href="${assetUrl('favicon.svg')}" type="image/svg+xml">
${extra}
</head>`;
}

/** The toggles every page carries: 繁體/简体 and 适老化 (large text, high contrast), as plain links. */
function toggles(view: ViewState): SafeHtml {
  const back = view.path;
  const other = view.script === 'hant' ? 'hans' : 'hant';
  return html`<li><a href="${url('/prefs/script', { to: other, back })}" lang="${other === 'hant' ? 'zh-Hant' : 'zh-Hans'}" hreflang="${other === 'hant' ? 'zh-Hant' : 'zh-Hans'}">${other === 'hant' ? raw('&#32321;&#39636;') : raw('&#31616;&#20307;')}</a></li>
<li><a href="${url('/prefs/a11y', { to: view.a11yLarge ? 'standard' : 'large', back })}">${view.a11yLarge ? '标准模式' : '长者模式（大字体高对比）'}</a></li>`;
}

/**
 * The main menu, written twice inside one landmark: the full row for wide screens and, for phones,
 * the same links behind a 菜单 disclosure (<details>, so it opens without JavaScript and is a
 * keyboard-operable button to assistive technology). The stylesheet shows exactly one of the two
 * at any width (display: none takes the other out of the accessibility tree too).
 */
function mainNav(nav: ViewState['portalNav'], section: string | undefined): SafeHtml {
  const items = nav.map((n) => html`<li><a href="${n.href}"${section === n.href ? raw(' aria-current="page"') : ''}>${n.label}</a></li>`);
  return html`<nav class="mainnav" aria-label="主导航">
    <details class="nav-menu"><summary>菜单</summary><ul>${items}</ul></details>
    <ul class="nav-wide">${items}</ul>
  </nav>`;
}

export interface PageOpts {
  title: string;
  /** Current section for aria-current in the main menu. */
  section?: string;
  head?: HtmlValue;
}

export function portalPage(view: ViewState, opts: PageOpts, body: HtmlValue): SafeHtml {
  const site = view.site;
  return html`${head(view, `${opts.title} - ${site.name}${site.subtitle}`, opts.head)}
<body class="${view.a11yLarge ? 'a11y-large' : ''}">
<a class="skip-link" href="#main">跳到主要内容</a>
<header class="site-header">
  <div class="topbar"><div class="wrap">
    <span>今天是 ${chineseDate(view.today)}</span>
    <nav aria-label="辅助功能"><ul>${toggles(view)}<li><a href="/admin">工作人员登录</a></li></ul></nav>
  </div></div>
  <div class="masthead"><div class="wrap">
    ${EMBLEM}
    <div><p class="site-name"><a href="/">${site.name}</a></p><p class="site-sub">${site.subtitle}</p></div>
    <form role="search" action="/search" method="get">
      <label for="site-q" class="visually-hidden">搜索政府信息</label>
      <input type="search" id="site-q" name="q" placeholder="搜索政府信息" maxlength="100">
      <button type="submit">搜索</button>
    </form>
  </div></div>
  ${mainNav(view.portalNav, opts.section)}
</header>
<main id="main" tabindex="-1"><div class="wrap">
${view.flash ? notice(view.flash.kind, view.flash.text) : ''}
${body}
</div></main>
<footer class="site-footer"><div class="wrap">
  <p>主办：${site.host}　承办：${site.operator}</p>
  <p>地址：${site.address}　电话：${site.phone}</p>
  <p>${[
    site.siteCode ? html`网站标识码：${site.siteCode}` : null,
    site.icp || null,
    html`<a href="/sitemap.xml">网站地图</a>`,
    html`<a href="/accessibility">无障碍说明</a>`,
  ]
    .filter((x) => x !== null)
    .map((x, i) => html`${i ? '　' : ''}${x}`)}</p>
</div></footer>
</body>
</html>`;
}

export function adminPage(view: ViewState, opts: PageOpts, body: HtmlValue): SafeHtml {
  const groups = new Map<string, AdminNavItem[]>();
  for (const item of view.adminNav) {
    if (!view.can(item.action)) continue;
    if (!groups.has(item.group)) groups.set(item.group, []);
    groups.get(item.group)!.push(item);
  }
  return html`${head(view, `${opts.title} - ${view.site.name}政务公开平台`, opts.head)}
<body class="admin-body${view.a11yLarge ? ' a11y-large' : ''}">
<a class="skip-link" href="#main">跳到主要内容</a>
<header class="admin-top"><div class="wrap">
  <a class="brand" href="/admin">${view.site.name} · 政务公开工作平台</a>
  <nav aria-label="账户"><ul>
    ${toggles(view)}
    <li><a href="/">门户网站</a></li>
    ${
      view.user
        ? html`<li><a href="/admin/account">${view.user.displayName}（${view.user.username}）</a></li>
    <li><form method="post" action="/admin/logout" class="inline-form"><input type="hidden" name="_csrf" value="${view.csrf()}"><button type="submit">退出</button></form></li>`
        : ''
    }
  </ul></nav>
</div></header>
<div class="admin-layout">
  ${
    view.user
      ? html`<nav class="admin-nav" aria-label="后台菜单">${[...groups.entries()].map(
          ([g, items]) =>
            html`<h2>${g}</h2><ul>${items.map((i) => html`<li><a href="${i.href}"${opts.section === i.href ? raw(' aria-current="page"') : ''}>${i.label}</a></li>`)}</ul>`,
        )}</nav>`
      : html`<div></div>`
  }
  <main id="main" class="admin-main" tabindex="-1">
  ${view.flash ? notice(view.flash.kind, view.flash.text) : ''}
  ${body}
  </main>
</div>
</body>
</html>`;
}
