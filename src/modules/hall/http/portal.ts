import type { FastifyReply, FastifyRequest } from 'fastify';
import { getSetting } from '../../../platform/settings/settings.ts';
import { HALL_HEAD } from './style.ts';
import { html, type SafeHtml } from '../../../platform/web/html.ts';
import { portalPage } from '../../../platform/web/layout.ts';
import { breadcrumbs } from '../../../platform/web/components.ts';
import { chineseDate } from '../../../kernel/dates.ts';
import { findOrgById } from '../../orgs/index.ts';
import { figuresOf, listSites, listWindows, openOn, type Site } from '../repo.ts';
import { formatPercent, rateModeSetting } from '../settings.ts';
import { groupsOf, treeUnder } from './network.ts';
import { itemList, itemNames } from './shared.ts';

export const WANGDIAN = '/wangdian';

/**
 * 便民服务网点 (services.md §2): every centre and station open today, with address, hours and office
 * phone — grouped by township/street — the district centre's windows, and the coverage figures.
 * Public: no staff names (the 首席代表 and window staff stay in the back office), no personal data.
 */
function facts(s: Pick<Site, 'address' | 'hours' | 'phone'>): SafeHtml {
  return html`<dl class="site-facts">
${s.address ? html`<div><dt>地址</dt><dd>${s.address}</dd></div>` : ''}
${s.hours ? html`<div><dt>办公时间</dt><dd>${s.hours}</dd></div>` : ''}
${s.phone ? html`<div><dt>办公电话</dt><dd><a href="tel:${s.phone.replace(/[^0-9+]/g, '')}">${s.phone}</a></dd></div>` : ''}
</dl>`;
}

export async function wangdianPage(req: FastifyRequest, reply: FastifyReply) {
  const db = req.ctx.db;
  const today = req.ctx.clock.today();
  const rootRows = await db.selectFrom('orgs').select('id').where('parent_id', 'is', null).orderBy('id').execute();
  const roots = (await Promise.all(rootRows.map((r) => findOrgById(db, Number(r.id))))).filter((o) => !!o);
  const [tree, sites, mode] = await Promise.all([treeUnder(req, roots), listSites(db), getSetting(db, rateModeSetting)]);
  const open = sites.filter((s) => openOn(s, today));
  const siteOf = new Map(open.map((s) => [s.orgId, s]));
  const halls = open.filter((s) => s.kind === 'hall');
  const windows = (await Promise.all(halls.map((h) => listWindows(db, { centreOrgId: h.orgId })))).flat();
  const names = await itemNames(
    req,
    windows.flatMap((w) => w.itemCodes),
  );
  const f = figuresOf(tree, today);
  const { groups } = groupsOf(tree, today);
  const branches = await Promise.all(
    tree
      .filter((o) => o.kind === 'service_centre' && (!o.site || openOn(o.site, today)))
      .map(async (o) => {
        const s = siteOf.get(o.id);
        const org = await findOrgById(db, o.id);
        return {
          name: s?.name ?? o.name,
          address: s?.address ?? org?.address ?? '',
          hours: s?.hours ?? org?.officeHours ?? '',
          phone: s?.phone ?? org?.phone ?? '',
        };
      }),
  );
  return reply.page(
    portalPage(
      req.view,
      { title: '便民服务网点', section: WANGDIAN, head: HALL_HEAD },
      html`${breadcrumbs([{ label: '首页', href: '/' }, { label: '便民服务网点' }])}
<h1>便民服务网点</h1>
<p>全区建立区政务服务中心、乡镇（街道）便民服务中心、村（社区）便民服务站三级政务服务网络。以下为截至${chineseDate(today)}运行的服务网点。</p>
<div class="stat-cards">
<div class="stat"><span class="value">${f.branchCentres}</span><span class="label">政务服务分中心</span></div>
<div class="stat"><span class="value">${f.centres.with}/${f.centres.of}</span><span class="label">乡镇、街道建有便民服务中心（${formatPercent(f.centres.with, f.centres.of, mode)}）</span></div>
<div class="stat"><span class="value">${f.stations.with}/${f.stations.of}</span><span class="label">村、社区建有便民服务站（${formatPercent(f.stations.with, f.stations.of, mode)}）</span></div>
</div>
${halls.map((h) => {
  const ws = windows.filter((w) => w.centreOrgId === h.orgId);
  return html`<section class="panel" aria-labelledby="hall-${h.id}"><h2 id="hall-${h.id}">${h.name}</h2>
${facts(h)}
${h.note ? html`<p>${h.note}</p>` : ''}
<h3 id="windows-${h.id}">窗口</h3>
<ul class="sites" aria-labelledby="windows-${h.id}">${ws.map(
    (w) => html`<li><h4><span class="mono">${w.number}</span> ${w.name}</h4>
${w.greenChannel || w.parallel ? html`<p>${w.greenChannel ? html`<span class="badge info">绿色通道</span> ` : ''}${w.parallel ? html`<span class="badge info">并联审批</span>` : ''}</p>` : ''}
<dl class="site-facts"><div><dt>部门</dt><dd>${w.departmentName}</dd></div>
${w.parallel && w.backoffice.length ? html`<div><dt>后台办理</dt><dd>${w.backoffice.map((o) => o.name).join('、')}</dd></div>` : ''}
<div><dt>受理事项</dt><dd>${itemList(w.itemCodes, names)}</dd></div></dl></li>`,
  )}</ul></section>`;
})}
${
  branches.length
    ? html`<section class="panel" aria-labelledby="branches"><h2 id="branches">政务服务分中心</h2>
<ul class="sites">${branches.map((b) => html`<li><h3>${b.name}</h3>${facts(b)}</li>`)}</ul></section>`
    : ''
}
${groups.map((g) => {
  const centre = siteOf.get(g.org.id);
  const stations = g.members.filter((m) => m.station).map((m) => siteOf.get(m.org.id)!);
  return html`<section class="panel" aria-labelledby="g-${g.org.id}"><h2 id="g-${g.org.id}">${g.org.shortName || g.org.name}</h2>
${centre ? html`<h3>${centre.name}</h3>${facts(centre)}${centre.note ? html`<p>${centre.note}</p>` : ''}` : html`<p>尚未建立便民服务中心。</p>`}
<h3>村（社区）便民服务站（${stations.length}/${g.members.length}）</h3>
${stations.length ? html`<ul class="sites">${stations.map((s) => html`<li><h4>${s.name}</h4>${facts(s)}</li>`)}</ul>` : html`<p>暂无。</p>`}
</section>`;
})}`,
    ),
    { cache: 'public' },
  );
}
