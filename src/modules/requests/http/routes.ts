import { html } from '../../../platform/web/html.ts';
import type { Block } from '../../../platform/web/blocks.ts';
import { portalRoutes } from './portal.ts';
import { adminRoutes, dashboardBlock } from './admin.ts';
import { appealRoutes } from './appeals.ts';

/** The requests module's pages: the public form and tracking page, the back office, appeals. */
export const requestsRoutes = () => [...portalRoutes(), ...adminRoutes(), ...appealRoutes()];

/** The dashboard block `requests.follow-up` (listed in the module's manifest). */
export const requestsFollowUpBlock: Block = { id: 'requests.follow-up', order: 30, render: dashboardBlock };

/** The home-page block `requests.apply` (listed in the module's manifest). */
export const requestsApplyBlock: Block = {
  id: 'requests.apply',
  order: 60,
  render: async () =>
    html`<section class="panel" aria-labelledby="home-req"><div class="panel-head"><h2 id="home-req">依申请公开</h2><a href="/requests">说明</a></div>
<ul class="link-list"><li><a href="/requests/apply">在线申请政府信息公开</a></li><li><a href="/requests/track">查询申请办理进度</a></li></ul></section>`,
};
