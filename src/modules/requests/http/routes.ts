import { html } from '../../../platform/web/html.ts';
import { addAdminNav, addPortalNav } from '../../../platform/web/nav.ts';
import { addDashboardBlock, addHomeBlock } from '../../../platform/web/blocks.ts';
import { portalRoutes } from './portal.ts';
import { adminRoutes, dashboardBlock } from './admin.ts';
import { appealRoutes } from './appeals.ts';

addPortalNav({ href: '/requests', label: '依申请公开', order: 40 });
addAdminNav(
  { group: '依申请公开', href: '/admin/requests', label: '申请办理', action: 'requests.view', order: 300 },
  { group: '依申请公开', href: '/admin/requests/new', label: '登记申请', action: 'requests.intake', order: 301 },
  { group: '依申请公开', href: '/admin/requests/follow-up', label: '跟进提醒', action: 'requests.view', order: 302 },
  { group: '依申请公开', href: '/admin/appeals', label: '复议和诉讼', action: 'requests.appeals.view', order: 303 },
);
addDashboardBlock({ id: 'requests.follow-up', order: 30, render: dashboardBlock });
addHomeBlock({
  id: 'requests.apply',
  order: 60,
  render: async () =>
    html`<section class="panel" aria-labelledby="home-req"><div class="panel-head"><h2 id="home-req">依申请公开</h2><a href="/requests">说明</a></div>
<ul class="link-list"><li><a href="/requests/apply">在线申请政府信息公开</a></li><li><a href="/requests/track">查询申请办理进度</a></li></ul></section>`,
});

/** The requests module's pages: the public form and tracking page, the back office, appeals. */
export const requestsRoutes = () => [...portalRoutes(), ...adminRoutes(), ...appealRoutes()];
