import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../../kernel/errors.ts';
import { defineRoutes, queryOf, type RouteDef } from '../../../platform/web/kit.ts';
import { html, url, type SafeHtml } from '../../../platform/web/html.ts';
import { portalPage } from '../../../platform/web/layout.ts';
import { breadcrumbs, notice } from '../../../platform/web/components.ts';
import { listOrgs } from '../../orgs/index.ts';
import { missingElements } from '../completeness.ts';
import { guideHref } from '../ports-impl.ts';
import {
  currentOf,
  currentVersions,
  elementsOf,
  fileContent,
  fileMetas,
  findItemByCode,
  itemIdsWithGuide,
  itemIdsWithTag,
  listItems,
  listTags,
  tagCounts,
  versionsOf,
  type Item,
  type Version,
} from '../repo.ts';
import { CSS, CSS_LINK, fileIdsOf, guideTable } from './views.ts';

const SECTION = '/banshi';
const AUDIENCE: Record<string, string> = { individual: '个人', business: '法人', both: '个人、法人' };

function crumbs(extra: Array<{ label: string; href?: string }>): SafeHtml {
  return breadcrumbs([{ label: '首页', href: '/' }, { label: '办事服务', href: SECTION }, ...extra]);
}

/** A list of guides: name (linked), code, department, 承诺时限, 到现场次数, 网上办理深度. */
function guideList(items: Item[], current: Map<number, Version>): SafeHtml {
  const rows = items.filter((i) => current.has(i.id));
  if (!rows.length) return html`<p>暂无办事指南。</p>`;
  return html`<ul class="link-list guide-list">${rows.map((i) => {
    const v = current.get(i.id)!;
    return html`<li><div><a href="${guideHref(i.code)}">${i.name}</a><p class="muted">${i.code} · ${i.orgName} · 承诺 ${v.promisedDays} 个工作日 · 到现场 ${v.visits} 次 · ${v.onlineDepth}</p></div></li>`;
  })}</ul>`;
}

async function home(req: FastifyRequest, reply: FastifyReply) {
  const db = req.ctx.db;
  const [tags, counts, items, withGuide, orgs] = await Promise.all([listTags(db), tagCounts(db), listItems(db), itemIdsWithGuide(db), listOrgs(db)]);
  const byOrg = new Map<number, number>();
  for (const i of items) if (withGuide.has(i.id)) byOrg.set(i.orgId, (byOrg.get(i.orgId) ?? 0) + 1);
  const tagLinks = (list: typeof tags) =>
    html`<ul class="browse-list">${list.map((t) => html`<li><a href="/banshi/topic/${t.id}">${t.name} <span class="muted">${counts.get(t.id) ?? 0}</span></a></li>`)}</ul>`;
  return reply.page(
    portalPage(
      req.view,
      { title: '办事服务', section: SECTION, head: CSS_LINK },
      html`${crumbs([])}
<h1>办事服务</h1>
<form method="get" action="/search" role="search" class="panel" aria-label="办事指南检索">
<div class="field"><label for="banshi-q">查找办事指南</label><span class="hint" id="banshi-q-hint">输入事项名称或编码，简体、繁體均可，如“公积金”“營業執照”</span><input type="search" id="banshi-q" name="q" maxlength="100" aria-describedby="banshi-q-hint"></div>
<button type="submit">查找</button></form>
<div class="grid">
<section class="panel" aria-labelledby="bs-theme"><div class="panel-head"><h2 id="bs-theme">按主题</h2></div>${tagLinks(tags.filter((t) => t.kind === 'theme'))}</section>
<section class="panel" aria-labelledby="bs-person"><div class="panel-head"><h2 id="bs-person">个人办事（人生事件）</h2></div>${tagLinks(tags.filter((t) => t.kind === 'event' && t.audience === 'individual'))}</section>
<section class="panel" aria-labelledby="bs-biz"><div class="panel-head"><h2 id="bs-biz">法人办事（企业生命周期）</h2></div>${tagLinks(tags.filter((t) => t.kind === 'event' && t.audience === 'business'))}</section>
<section class="panel" aria-labelledby="bs-dept"><div class="panel-head"><h2 id="bs-dept">按部门</h2></div><ul class="link-list">${orgs
        .filter((o) => byOrg.has(o.id))
        .map((o) => html`<li><a href="/banshi/dept/${o.id}">${o.name}</a><span class="muted">${byOrg.get(o.id)} 项</span></li>`)}</ul></section>
</div>`,
    ),
    { cache: 'public' },
  );
}

async function byTag(req: FastifyRequest, reply: FastifyReply) {
  const id = Number((req.params as { id: string }).id);
  const db = req.ctx.db;
  const tag = (await listTags(db)).find((t) => t.id === id);
  if (!tag) throw new NotFoundError('没有这个主题');
  const items = await listItems(db, { ids: await itemIdsWithTag(db, id) });
  const current = await currentVersions(
    db,
    req.ctx.clock.today(),
    items.map((i) => i.id),
  );
  const what = tag.kind === 'theme' ? '主题' : `${AUDIENCE[tag.audience] ?? ''}办事`;
  return reply.page(
    portalPage(
      req.view,
      { title: `${tag.name} - 办事服务`, section: SECTION, head: CSS_LINK },
      html`${crumbs([{ label: `${what}：${tag.name}` }])}<h1>${tag.name}</h1><p class="muted">${what}</p>${guideList(items, current)}`,
    ),
    { cache: 'public' },
  );
}

async function byDept(req: FastifyRequest, reply: FastifyReply) {
  const orgId = Number((req.params as { orgId: string }).orgId);
  const db = req.ctx.db;
  const org = (await listOrgs(db)).find((o) => o.id === orgId);
  if (!org) throw new NotFoundError('没有这个部门');
  const items = await listItems(db, { orgId });
  const current = await currentVersions(
    db,
    req.ctx.clock.today(),
    items.map((i) => i.id),
  );
  return reply.page(
    portalPage(
      req.view,
      { title: `${org.name} - 办事服务`, section: SECTION, head: CSS_LINK },
      html`${crumbs([{ label: org.name }])}<h1>${org.name}</h1>${org.phone ? html`<p class="muted">咨询电话：${org.phone}</p>` : ''}${guideList(items, current)}`,
    ),
    { cache: 'public' },
  );
}

/** Names of the 并联审批 departments of an item. */
export async function parallelNames(req: FastifyRequest, item: Item): Promise<string[]> {
  if (!item.parallel) return [];
  const orgs = await listOrgs(req.ctx.db);
  return item.parallelOrgIds.map((id) => orgs.find((o) => o.id === id)?.name ?? `#${id}`);
}

async function guidePage(req: FastifyRequest, reply: FastifyReply) {
  const code = (req.params as { code: string }).code;
  const db = req.ctx.db;
  const item = await findItemByCode(db, code);
  if (!item) throw new NotFoundError('没有这项办事指南');
  const versions = await versionsOf(db, item.id);
  const today = req.ctx.clock.today();
  const inForce = currentOf(versions, today);
  if (!inForce) throw new NotFoundError('这个事项还没有办事指南');
  const asked = Number(queryOf(req).version);
  const v = (Number.isInteger(asked) && versions.find((x) => x.version === asked)) || inForce;
  const [files, parallel] = await Promise.all([fileMetas(db, fileIdsOf([v])), parallelNames(req, item)]);
  const missing = missingElements(elementsOf(item, v));
  return reply.page(
    portalPage(
      req.view,
      { title: `${item.name} - 办事指南`, section: SECTION, head: CSS_LINK },
      html`${crumbs([{ label: item.orgName, href: `/banshi/dept/${item.orgId}` }, { label: item.name }])}
<h1>${item.name}办事指南</h1>
${v.id !== inForce.id ? notice('warn', html`这是第 ${v.version} 版（自 ${v.effectiveFrom} 起施行），不是现行版本。<a href="${guideHref(item.code)}">查看现行版本</a>`) : ''}
${v.effectiveFrom > today ? notice('info', html`本指南自 ${v.effectiveFrom} 起施行。`) : ''}
${missing.length ? notice('warn', html`本指南以下要素正在完善，办理前请致电咨询：${missing.map((m) => m.label).join('、')}。`) : ''}
${guideTable(item, v, files, parallel)}
<p class="muted guide-actions">打印本页：使用浏览器的“打印”功能即可，版式已适配 A4 纸。</p>
${
  versions.length > 1
    ? html`<section class="guide-versions" aria-labelledby="gv-h"><h2 id="gv-h">指南版本</h2><ul class="link-list">${[...versions]
        .reverse()
        .map(
          (x) =>
            html`<li>${x.id === v.id ? html`<strong>第 ${x.version} 版</strong>` : html`<a href="${url(guideHref(item.code), { version: x.version })}">第 ${x.version} 版</a>`}<span class="muted">自 ${x.effectiveFrom} 起${x.id === inForce.id ? '（现行）' : ''}</span></li>`,
        )}</ul></section>`
    : ''
}`,
    ),
    { cache: 'public' },
  );
}

/** A guide's form or sample: sent as a download, never rendered inline, type as sniffed at upload. */
export async function sendFile(req: FastifyRequest, reply: FastifyReply) {
  const id = Number((req.params as { id: string }).id);
  const f = await fileContent(req.ctx.db, id);
  if (!f) throw new NotFoundError('文件不存在');
  return reply
    .type(f.mime)
    .header('content-disposition', `attachment; filename="file"; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
    .header('cache-control', 'public, max-age=300')
    .send(f.content);
}

export function portalRoutes(): RouteDef[] {
  return defineRoutes([
    {
      method: 'GET',
      url: '/guides.css',
      action: 'public',
      api: true,
      handler: (req, reply) =>
        reply
          .type('text/css; charset=utf-8')
          .header('cache-control', (req.query as { v?: string }).v ? 'public, max-age=31536000, immutable' : 'public, max-age=300')
          .send(CSS),
    },
    { method: 'GET', url: '/banshi', action: 'public', handler: home },
    { method: 'GET', url: '/banshi/topic/:id', action: 'public', handler: byTag },
    { method: 'GET', url: '/banshi/dept/:orgId', action: 'public', handler: byDept },
    { method: 'GET', url: '/banshi/guide/:code', action: 'public', handler: guidePage },
    { method: 'GET', url: '/banshi/files/:id', action: 'public', handler: sendFile },
  ]);
}
