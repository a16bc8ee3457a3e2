import type { FastifyReply, FastifyRequest } from 'fastify';
import { publicUrlOf } from '../../../platform/config.ts';
import { sql } from 'kysely';
import { defineRoutes, queryOf, type RouteDef } from '../../../platform/web/kit.ts';
import { html, raw, url, type SafeHtml, type HtmlValue } from '../../../platform/web/html.ts';
import { portalPage } from '../../../platform/web/layout.ts';
import type { Block } from '../../../platform/web/blocks.ts';
import { breadcrumbs, pagination, pageHref, pageNumber } from '../../../platform/web/components.ts';
import { NotFoundError } from '../../../kernel/errors.ts';
import { chineseDate } from '../../../kernel/dates.ts';
import { getSetting } from '../../../platform/settings/settings.ts';
import { search, type FacetField, type SearchFilters } from '../../../platform/search/index.ts';
import { listOrgs, findOrgById, type Org } from '../../orgs/index.ts';
import { readStoredFile } from '../attachments.ts';
import {
  attachmentsAndChannels,
  columnSubtree,
  findAttachment,
  findItem,
  findPublicItem,
  listColumns,
  listPublic,
  publicCounts,
  publicIndexNos,
  publicItemsByIds,
  type Column,
  type PublicRow,
} from '../repo.ts';
import { guideSetting, topicsSetting, genresSetting, indexPatternSetting } from '../settings.ts';
import { VALIDITIES, VALIDITY_LABELS, type Validity } from '../types.ts';
import { attachmentList, bodyHtml, channelList, fileUrl, itemList, itemUrl, metaTable, segments } from './views.ts';
import { CSS_LINK } from './views.ts';

/**
 * The public portal of the catalogue: home blocks per column, column pages, item pages, the
 * 信息公开目录, the generated 信息公开指南, search, feeds and the sitemap. Every page here is an
 * anonymous GET kept in the page cache, and costs one or two indexed queries when it is not.
 */

const PAGE = 20;

// --- home -------------------------------------------------------------------------------------

/**
 * The newest items of every top-level column: per column (subcolumns included) one read of the
 * index (is_public, column_id, published_on, id), newest first, `perColumn` rows. A window over
 * every public item would sort them all (4.8 s at a million items).
 */
async function latestByColumn(req: FastifyRequest, columns: Column[], perColumn: number): Promise<Map<number, PublicRow[]>> {
  const top = columns.filter((c) => c.depth === 0 && c.active && c.kind !== 'link');
  const sub = new Map<number, number>();
  for (const t of top) for (const c of columnSubtree(columns, t.id)) sub.set(c.id, t.id);
  const perId = await Promise.all(
    [...sub].map(async ([columnId, topId]) => ({
      topId,
      rows: (await listPublic(req.ctx.db, { columnIds: [columnId], limit: perColumn, offset: 0, withTotal: false })).rows,
    })),
  );
  const out = new Map<number, PublicRow[]>();
  for (const { topId, rows } of perId) out.set(topId, [...(out.get(topId) ?? []), ...rows]);
  for (const [topId, list] of out)
    out.set(topId, list.sort((a, b) => (a.publishedOn < b.publishedOn ? 1 : a.publishedOn > b.publishedOn ? -1 : b.id - a.id)).slice(0, perColumn));
  return out;
}

// --- column pages -----------------------------------------------------------------------------

async function columnByKey(req: FastifyRequest): Promise<{ column: Column; columns: Column[] }> {
  const key = (req.params as { key: string }).key;
  const columns = await listColumns(req.ctx.db);
  const column = columns.find((c) => c.key === key && c.active);
  if (!column) throw new NotFoundError('栏目不存在');
  return { column, columns };
}

function trail(columns: Column[], column: Column): Array<{ label: string; href?: string }> {
  const chain: Column[] = [];
  let cur: Column | undefined = column;
  while (cur) {
    chain.unshift(cur);
    const pid: number | null = cur.parentId;
    cur = pid === null ? undefined : columns.find((c) => c.id === pid);
  }
  return [{ label: '首页', href: '/' }, ...chain.map((c) => ({ label: c.name, href: `/column/${c.key}` }))];
}

async function columnPage(req: FastifyRequest, reply: FastifyReply) {
  const { column, columns } = await columnByKey(req);
  if (column.kind === 'link') return reply.redirect(column.href, 302);
  const page = pageNumber(queryOf(req).page);
  const ids = columnSubtree(columns, column.id).map((c) => c.id);
  const { total, rows } = await listPublic(req.ctx.db, { columnIds: ids, limit: PAGE, offset: (page - 1) * PAGE });
  if (page > 1 && !rows.length) throw new NotFoundError('没有这一页');
  const children = columns.filter((c) => c.parentId === column.id && c.active);
  const feeds = html`<link rel="alternate" type="application/rss+xml" title="${column.name}（RSS）" href="/column/${column.key}/rss.xml"><link rel="alternate" type="application/atom+xml" title="${column.name}（Atom）" href="/column/${column.key}/atom.xml">`;
  return reply.page(
    portalPage(
      req.view,
      { title: column.name, head: html`${CSS_LINK}${feeds}` },
      html`${breadcrumbs(trail(columns, column))}
<h1>${column.name}</h1>
${column.description ? html`<p class="lead">${column.description}</p>` : ''}
${column.kind === 'guide' ? html`<p><a href="/guide">查看由各机关信息生成的政府信息公开指南</a></p>` : ''}
${children.length ? html`<nav aria-label="下级栏目"><ul class="inline-list">${children.map((c) => html`<li><a href="/column/${c.key}">${c.name}</a></li>`)}</ul></nav>` : ''}
<section class="panel" aria-label="${column.name}信息列表">${itemList(rows, { showOrg: true })}
${pagination({ page, pageSize: PAGE, total, href: pageHref(`/column/${column.key}`, {}) })}</section>
<p class="muted">订阅本栏目：<a href="/column/${column.key}/rss.xml">RSS</a> · <a href="/column/${column.key}/atom.xml">Atom</a></p>`,
    ),
    { cache: 'public' },
  );
}

// --- item pages -------------------------------------------------------------------------------

async function itemPage(req: FastifyRequest, reply: FastifyReply) {
  // The router has already decoded the address once; decoding again would read '%25' as a broken escape (a 500).
  const indexNo = (req.params as { '*': string })['*'] ?? '';
  const item = await findPublicItem(req.ctx.db, indexNo);
  if (!item) throw new NotFoundError('信息不存在或已撤回');
  const { attachments, channels } = await attachmentsAndChannels(req.ctx.db, item.id);
  const successor = item.successorId ? await findItem(req.ctx.db, item.successorId) : undefined;
  const columns = await listColumns(req.ctx.db);
  const column = columns.find((c) => c.id === item.columnId);
  return reply.page(
    portalPage(
      req.view,
      { title: item.title, head: CSS_LINK },
      html`${breadcrumbs([...(column ? trail(columns, column) : [{ label: '首页', href: '/' }]), { label: '正文' }])}
<article class="panel">
${metaTable(item, successor ? { indexNo: successor.isPublic ? successor.indexNo : null, title: successor.title } : null)}
<h1 class="item-title">${item.title}</h1>
${item.docNo ? html`<p class="muted item-docno">${item.docNo}</p>` : ''}
${item.validity !== 'valid' ? html`<div class="notice warn" role="note"><p>本文件已${VALIDITY_LABELS[item.validity]}${item.validityChangedOn ? `（${chineseDate(item.validityChangedOn)}）` : ''}${successor?.isPublic ? html`，现行文件见<a href="${itemUrl(successor.indexNo!)}">${successor.title}</a>` : ''}。</p></div>` : ''}
<div class="item-body">${bodyHtml(item)}</div>
${attachmentList(attachments, fileUrl)}
${channelList(channels)}
</article>`,
    ),
    { cache: 'public' },
  );
}

async function publicFile(req: FastifyRequest, reply: FastifyReply) {
  const id = Number((req.params as { id: string }).id);
  const a = Number.isInteger(id) ? await findAttachment(req.ctx.db, id) : undefined;
  if (!a || Number(a.is_public) !== 1) throw new NotFoundError('附件不存在');
  const bytes = await readStoredFile(req.ctx.config.filesDir, a.sha256);
  const inline = a.mime === 'application/pdf' || a.mime.startsWith('image/');
  return reply
    .type(a.mime)
    .header('cache-control', 'public, max-age=86400')
    .header('etag', `"${a.sha256}"`)
    .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(a.file_name)}`)
    .send(bytes);
}

// --- the 信息公开目录 ---------------------------------------------------------------------------

async function cataloguePage(req: FastifyRequest, reply: FastifyReply) {
  const q = queryOf(req);
  const page = pageNumber(q.page);
  const orgId = Number(q.org) || undefined;
  const year = Number(q.year) || undefined;
  const validity = (VALIDITIES as readonly string[]).includes(q.validity ?? '') ? (q.validity as Validity) : undefined;
  const topic = q.topic || undefined;
  const genre = q.genre || undefined;
  const [orgs, byOrg, byTopic, byGenre, byYear, topics] = await Promise.all([
    listOrgs(req.ctx.db),
    publicCounts(req.ctx.db, 'org'),
    publicCounts(req.ctx.db, 'topic'),
    publicCounts(req.ctx.db, 'genre'),
    publicCounts(req.ctx.db, 'year'),
    getSetting(req.ctx.db, topicsSetting),
  ]);
  const orgIds = orgId ? orgs.filter((o) => o.path.startsWith(orgs.find((x) => x.id === orgId)?.path ?? '-')).map((o) => o.id) : undefined;
  const { total, rows } = await listPublic(req.ctx.db, { orgIds, year, topic, genre, validity, limit: PAGE, offset: (page - 1) * PAGE });
  const cur = { org: orgId, year, topic, genre, validity };
  const link = (k: string, v: string | number | undefined) => url('/catalogue', { ...cur, [k]: v });
  const orgName = new Map(orgs.map((o) => [o.id, o]));
  const topicCount = new Map<string, number>();
  for (const t of byTopic) {
    const [top = ''] = t.value.split('/');
    topicCount.set(top, (topicCount.get(top) ?? 0) + t.count);
  }
  const facet = (title: string, id: string, items: Array<{ label: string; href: string; count: number; current: boolean }>) =>
    html`<section class="facet" aria-labelledby="${id}"><h2 id="${id}">${title}</h2><ul>${items.map(
      (i) =>
        html`<li>${i.current ? html`<strong aria-current="true">${i.label}</strong>` : html`<a href="${i.href}">${i.label}</a>`} <span class="muted">${i.count}</span></li>`,
    )}</ul></section>`;
  const filters = [
    orgId ? `机构：${orgName.get(orgId)?.name ?? orgId}` : '',
    topic ? `主题：${topic.replace('/', ' › ')}` : '',
    genre ? `体裁：${genre}` : '',
    year ? `年份：${year}` : '',
    validity ? `有效性：${VALIDITY_LABELS[validity]}` : '',
  ].filter(Boolean);
  const pattern = await getSetting(req.ctx.db, indexPatternSetting);
  return reply.page(
    portalPage(
      req.view,
      { title: '政府信息公开目录', section: '/catalogue', head: CSS_LINK },
      html`${breadcrumbs([{ label: '首页', href: '/' }, { label: '政府信息公开目录' }])}
<h1>政府信息公开目录</h1>
<p>目录收录本区各机关主动公开的政府信息，每条信息有唯一的索引号（${pattern.default.replace('ORGCODE', '机构代码').replace('YYYY', '年份').replace(/N+/, '流水号')}），可按发布机构、主题分类、体裁和年份浏览。</p>
<div class="catalogue-layout">
<div class="catalogue-facets">${facetsFold(
        '按发布机构、主题分类、体裁、年份筛选',
        html`
${facet(
  '发布机构',
  'f-org',
  byOrg.map((o) => ({
    label: orgName.get(Number(o.value))?.shortName ?? o.value,
    href: link('org', o.value),
    count: o.count,
    current: orgId === Number(o.value),
  })),
)}
${facet(
  '主题分类',
  'f-topic',
  topics
    .filter((t) => topicCount.has(t.name))
    .map((t) => ({ label: t.name, href: link('topic', t.name), count: topicCount.get(t.name)!, current: topic === t.name })),
)}
${
  topic && !topic.includes('/')
    ? facet(
        `${topic} › 二级分类`,
        'f-topic2',
        byTopic
          .filter((t) => t.value.startsWith(`${topic}/`))
          .map((t) => ({ label: t.value.split('/')[1] ?? '', href: link('topic', t.value), count: t.count, current: false })),
      )
    : ''
}
${facet(
  '体裁',
  'f-genre',
  byGenre.filter((g) => g.value).map((g) => ({ label: g.value, href: link('genre', g.value), count: g.count, current: genre === g.value })),
)}
${facet('年份', 'f-year', byYear.map((y) => ({ label: `${y.value}年`, href: link('year', y.value), count: y.count, current: year === Number(y.value) })).reverse())}`,
      )}
</div>
<section class="panel catalogue-results" aria-labelledby="cat-results">
<h2 id="cat-results">${filters.length ? filters.join('　') : '全部信息'}（${total} 条）</h2>
${filters.length ? html`<p><a href="/catalogue">清除筛选条件</a></p>` : ''}
${catalogueTable(rows)}
${pagination({ page, pageSize: PAGE, total, href: pageHref('/catalogue', cur) })}
</section></div>`,
    ),
    { cache: 'public' },
  );
}

/**
 * The facet lists, folded on phones so the results are the first thing under the heading: a
 * <details> that catalogue.css keeps open-looking on wide screens (its summary hidden) where the
 * browser can style ::details-content; elsewhere it stays an ordinary closed disclosure.
 */
function facetsFold(summary: string, lists: HtmlValue): SafeHtml {
  return html`<details class="facets-fold"><summary>${summary}</summary>${lists}</details>`;
}

function catalogueTable(rows: PublicRow[]): SafeHtml {
  if (!rows.length) return html`<p class="muted">没有符合条件的信息。</p>`;
  // data-label: on phones each row becomes a card and the cell names its column (catalogue.css).
  return html`<div class="table-wrap"><table class="catalogue-table"><caption class="visually-hidden">目录</caption>
<thead><tr><th scope="col">索引号</th><th scope="col">名称</th><th scope="col">文号</th><th scope="col">发布机构</th><th scope="col">发布日期</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td class="mono" data-label="索引号">${r.indexNo}</td><td data-label="名称"><a href="${itemUrl(r.indexNo)}">${r.title}</a></td><td data-label="文号">${r.docNo}</td><td data-label="发布机构">${r.orgShortName}</td><td data-label="发布日期">${r.publishedOn}</td></tr>`)}</tbody>
</table></div>`;
}

// --- the 信息公开指南 ---------------------------------------------------------------------------

/** Bodies that publish their own guide: the government, its departments, townships and streets. */
function guideOrgs(orgs: Org[]): Org[] {
  return orgs.filter((o) => ['government', 'department', 'institution', 'township', 'town', 'street'].includes(o.kind));
}

async function guidePage(req: FastifyRequest, reply: FastifyReply) {
  const q = queryOf(req);
  const all = await listOrgs(req.ctx.db);
  const orgs = guideOrgs(all);
  const org = (q.org ? await findOrgById(req.ctx.db, Number(q.org)) : undefined) ?? orgs.find((o) => o.kind === 'government') ?? orgs[0];
  if (!org) throw new NotFoundError('尚未设置机构');
  const [guide, columns, topics, genres, byTopic] = await Promise.all([
    getSetting(req.ctx.db, guideSetting),
    listColumns(req.ctx.db),
    getSetting(req.ctx.db, topicsSetting),
    getSetting(req.ctx.db, genresSetting),
    publicCounts(req.ctx.db, 'topic'),
  ]);
  // The first-level classes the 目录 shows: those that hold published items (issue 15, item 7).
  const inUse = new Set(byTopic.map((t) => t.value.split('/')[0] ?? ''));
  const shown = topics.filter((t) => inUse.has(t.name));
  const root = all.find((o) => o.parentId === null);
  const office = org.disclosureOffice || org.name;
  return reply.page(
    portalPage(
      req.view,
      { title: `${org.name}政府信息公开指南`, section: '/guide', head: CSS_LINK },
      html`${breadcrumbs([{ label: '首页', href: '/' }, { label: '政府信息公开指南' }])}
<h1>${org.name}政府信息公开指南</h1>
<form method="get" action="/guide" class="filters panel" aria-label="选择机关">
<div class="field"><label for="guide-org">查看其他机关的指南</label>
<select id="guide-org" name="org">${orgs.map((o) => html`<option value="${o.id}"${o.id === org.id ? raw(' selected') : ''}>${o.name}</option>`)}</select></div>
<button type="submit">查看</button></form>
<div class="panel guide">
<p>为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》（以下简称《条例》），编制本指南。本指南由系统根据机关登记信息和业务设置自动生成，${chineseDate(req.ctx.clock.today())}更新。</p>
<h2>一、主动公开</h2>
<h3>（一）公开范围</h3>
<p>本机关依照《条例》第十九条至第二十一条的规定，主动公开涉及公众利益调整、需要公众广泛知晓或者需要公众参与决策的政府信息，包括机构职能、规范性文件、规划计划、财政预决算、行政许可和行政处罚、公共服务事项等。</p>
<h3>（二）公开形式与栏目</h3>
<p>主动公开的政府信息通过本网站发布，并视情况通过政府公报、政务微博、政务微信、新闻发布会以及报刊、广播、电视等途径公开。本网站政府信息公开栏目：${columns.filter((c) => c.active && c.depth === 0).map((c, i) => html`${i ? '、' : ''}<a href="${c.kind === 'link' ? c.href : `/column/${c.key}`}">${c.name}</a>`)}。</p>
${guide.readingPoints.length ? html`<p>政府信息查阅场所：${guide.readingPoints.join('、')}。公众可在办公时间内免费查阅。</p>` : ''}
<h3>（三）信息分类与编排</h3>
<p>政府信息按主题分类（分类表设${topics.length}个一级类，本网站已公开的信息分属其中${shown.length}类，如${shown
        .slice(0, 3)
        .map((t) => t.name)
        .join(
          '、',
        )}等）和体裁分类（${genres.join('、')}）编排，每条信息标注索引号、名称、内容概述、发布机构、成文日期和发布日期，可在<a href="/catalogue">政府信息公开目录</a>中浏览，或通过<a href="/search">信息检索</a>查找。</p>
<h3>（四）公开时限</h3>
<p>属于主动公开范围的政府信息，自该政府信息形成或者变更之日起20个工作日内予以公开（《条例》第二十六条）。</p>
<h2>二、依申请公开</h2>
<h3>（一）受理机构</h3>
<table class="meta"><tbody>
<tr><th scope="row">受理机构</th><td>${office}</td></tr>
<tr><th scope="row">办公地址</th><td>${org.address || root?.address || '—'}${org.postcode ? `（邮编 ${org.postcode}）` : ''}</td></tr>
<tr><th scope="row">办公时间</th><td>${org.officeHours || root?.officeHours || '—'}</td></tr>
<tr><th scope="row">联系电话</th><td>${org.phone || '—'}</td></tr>
<tr><th scope="row">传真</th><td>${org.fax || '—'}</td></tr>
<tr><th scope="row">电子邮箱</th><td>${org.email || '—'}</td></tr>
<tr><th scope="row">网址</th><td>${org.website || publicUrlOf(req.ctx.config)}</td></tr>
</tbody></table>
<h3>（二）申请方式</h3>
<p>公民、法人或者其他组织可以向本机关申请获取政府信息（《条例》第二十七条）。申请应当采用包括信件、数据电文在内的书面形式，内容包括申请人的姓名或者名称、身份证明、联系方式，申请公开的政府信息的名称、文号或者便于查询的其他特征性描述，以及获取信息的方式和途径（《条例》第二十九条）。</p>
<ul>${guide.applyChannels.map((c) => html`<li>${c}</li>`)}</ul>
<h3>（三）办理时限</h3>
<p>能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过20个工作日。征求第三方和其他机关意见所需时间不计算在前述期限内（《条例》第三十三条）。申请内容不明确的，自收到申请之日起7个工作日内一次性告知申请人补正，答复期限自收到补正的申请之日起计算（《条例》第三十条）。</p>
<h3>（四）收费</h3>
<p>行政机关依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，可以收取信息处理费，按照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）执行（《条例》第四十二条）。</p>
<h2>三、监督和救济</h2>
<p>公民、法人或者其他组织认为行政机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼（《条例》第五十一条）。</p>
<ul>
<li>行政复议：自知道该行政行为之日起60日内提出${guide.reconsiderationBody ? `，复议机关：${guide.reconsiderationBody}` : ''}（《中华人民共和国行政复议法》）。</li>
<li>行政诉讼：自知道或者应当知道作出行政行为之日起6个月内提起${guide.court ? `，管辖法院：${guide.court}` : ''}（《中华人民共和国行政诉讼法》第四十六条）。</li>
${root ? html`<li>投诉举报：${root.disclosureOffice || root.name}，电话 ${root.phone || '—'}。</li>` : ''}
</ul>
${guide.notes ? html`<h2>四、其他事项</h2><p>${guide.notes}</p>` : ''}
</div>`,
    ),
    { cache: 'public' },
  );
}

// --- search -----------------------------------------------------------------------------------

const FACETS: FacetField[] = ['org', 'year', 'topic', 'genre', 'column', 'validity'];
const FACET_TITLES: Record<FacetField, string> = { org: '发布机构', year: '发布年份', topic: '主题分类', genre: '体裁', column: '栏目', validity: '有效性' };

export function searchFilters(q: Record<string, string | undefined>): SearchFilters {
  const f: SearchFilters = {};
  if (Number(q.org)) f.org = Number(q.org);
  if (Number(q.year)) f.year = Number(q.year);
  if (q.topic) f.topic = q.topic.slice(0, 100);
  if (q.genre) f.genre = q.genre.slice(0, 20);
  if (q.column) f.column = q.column.slice(0, 30);
  if (q.validity && (VALIDITIES as readonly string[]).includes(q.validity)) f.validity = q.validity;
  return f;
}

async function searchPage(req: FastifyRequest, reply: FastifyReply) {
  const q = queryOf(req);
  const text = (q.q ?? '').trim().slice(0, 100);
  const page = pageNumber(q.page, 50);
  const sort = q.sort === 'date' ? 'date' : 'relevance';
  const filters = searchFilters(q);
  const cur: Record<string, string | number | undefined> = {
    q: text,
    org: filters.org as number | undefined,
    year: filters.year as number | undefined,
    topic: q.topic,
    genre: q.genre,
    column: q.column,
    validity: filters.validity as string | undefined,
    sort: sort === 'date' ? 'date' : undefined,
  };
  let body: SafeHtml;
  if (!text) {
    body = html`<p>请输入要查找的词语，简体、繁體均可，如“低保”“行政复议”“洪管发〔2016〕”。多个词语用空格分开。</p>`;
  } else {
    const r = await search(req.ctx.db, { q: text, filters, sort, limit: PAGE, offset: (page - 1) * PAGE, facets: FACETS });
    const rows = await publicItemsByIds(
      req.ctx.db,
      r.hits.map((h) => h.id),
    );
    const [orgs, columns] = await Promise.all([listOrgs(req.ctx.db), listColumns(req.ctx.db)]);
    const label = (f: FacetField, v: string | number): string =>
      f === 'org'
        ? (orgs.find((o) => o.id === Number(v))?.shortName ?? String(v))
        : f === 'column'
          ? (columns.find((c) => c.key === v)?.name ?? String(v))
          : f === 'validity'
            ? (VALIDITY_LABELS[v as Validity] ?? String(v))
            : f === 'year'
              ? `${v}年`
              : String(v).replace('/', ' › ');
    const active = FACETS.filter((f) => cur[f] !== undefined && cur[f] !== '');
    body = html`<p role="status">找到 ${r.totalIsEstimate ? '约 ' : ''}${r.total} 条结果${active.length ? html`（已筛选：${active.map((f) => html`${FACET_TITLES[f]}“${label(f, cur[f]!)}” `)}<a href="${url('/search', { q: text })}">清除</a>）` : ''}。
排序：${sort === 'relevance' ? html`<strong>相关度</strong> · <a href="${url('/search', { ...cur, sort: 'date', page: undefined })}">发布日期</a>` : html`<a href="${url('/search', { ...cur, sort: undefined, page: undefined })}">相关度</a> · <strong>发布日期</strong>`}</p>
<div class="catalogue-layout">
<div class="catalogue-facets">${facetsFold(
      '筛选检索结果',
      FACETS.filter((f) => r.facets[f]?.length).map(
        (f) =>
          html`<section class="facet" aria-labelledby="sf-${f}"><h2 id="sf-${f}">${FACET_TITLES[f]}</h2><ul>${r.facets[f]!.slice(0, 12).map(
            (v) =>
              html`<li>${String(cur[f] ?? '') === String(v.value) ? html`<strong aria-current="true">${label(f, v.value)}</strong>` : html`<a href="${url('/search', { ...cur, [f]: v.value, page: undefined })}">${label(f, v.value)}</a>`} <span class="muted">${v.count}</span></li>`,
          )}</ul></section>`,
      ),
    )}</div>
<section class="catalogue-results" aria-label="检索结果">
${
  r.hits.length
    ? html`<ol class="search-results" start="${(page - 1) * PAGE + 1}">${r.hits.map((h) => {
        const row = rows.get(h.id);
        if (!row) return html``;
        return html`<li class="panel"><h2 class="hit-title"><a href="${itemUrl(row.indexNo)}">${segments(h.title)}</a></h2>
<p>${segments(h.snippet)}</p>
<p class="muted">${row.orgShortName} · ${row.publishedOn}${row.docNo ? ` · ${row.docNo}` : ''} · 索引号 ${row.indexNo}</p></li>`;
      })}</ol>`
    : html`<div class="panel"><p>没有找到包含“${text}”的信息。可以换用更短的词语，或去掉筛选条件。</p></div>`
}
${pagination({ page, pageSize: PAGE, total: Math.min(r.total, 50 * PAGE), href: pageHref('/search', cur) })}
</section></div>`;
  }
  // 办事指南 matching the query (the guides module's optional port), shown above the catalogue's results.
  const guides = text && req.ctx.ports.guideSearch ? await req.ctx.ports.guideSearch.search(req.ctx.db, text, 5) : [];
  if (guides.length)
    body = html`<section class="panel guide-search-hits" aria-labelledby="search-guides"><h2 id="search-guides">办事指南</h2><ul class="link-list">${guides.map((g) => html`<li><div><a href="${g.href}">${g.itemName}</a><p class="muted">${g.itemCode} · ${g.orgName}</p></div></li>`)}</ul></section>${body}`;
  return reply.page(
    portalPage(
      req.view,
      { title: text ? `检索：${text}` : '信息检索', section: '/search', head: CSS_LINK },
      html`${breadcrumbs([{ label: '首页', href: '/' }, { label: '信息检索' }])}
<h1>信息检索</h1>
<form method="get" action="/search" role="search" class="panel search-form" aria-label="检索政府信息">
<div class="field"><label for="search-q">检索词</label><input type="search" id="search-q" name="q" value="${text}" maxlength="100"></div>
${sort === 'date' ? html`<input type="hidden" name="sort" value="date">` : ''}
<button type="submit">检索</button></form>
${body}`,
    ),
    { cache: 'public' },
  );
}

// --- feeds and sitemap ------------------------------------------------------------------------

function xml(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these C0 controls; stripping them is the point
  const allowed = s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
  return allowed.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/**
 * Text for an RSS `<description>`, which readers take as HTML (RSS 2.0: "entity-encoded HTML is
 * allowed"): escaped for HTML, then for XML. After the reader's XML parse the text is still
 * HTML-escaped, so an editor's `<img onerror>` shows as those characters and never becomes an
 * element. Atom's `<summary>` is declared text (no `type`), so it is escaped once.
 */
function rssText(s: string): string {
  return xml(xml(s));
}

async function feed(req: FastifyRequest, reply: FastifyReply, kind: 'rss' | 'atom') {
  const { column, columns } = await columnByKey(req);
  const base = publicUrlOf(req.ctx.config);
  const { rows } = await listPublic(req.ctx.db, { columnIds: columnSubtree(columns, column.id).map((c) => c.id), limit: 50, offset: 0 });
  const site = req.view.site;
  const self = `${base}/column/${column.key}/${kind}.xml`;
  const body =
    kind === 'rss'
      ? `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
<title>${xml(`${site.name} - ${column.name}`)}</title><link>${xml(`${base}/column/${column.key}`)}</link><description>${rssText(`${site.name}政府信息公开：${column.name}`)}</description><language>zh-CN</language>
<atom:link href="${xml(self)}" rel="self" type="application/rss+xml"/>
${rows.map((r) => `<item><title>${xml(r.title)}</title><link>${xml(base + itemUrl(r.indexNo))}</link><guid isPermaLink="true">${xml(base + itemUrl(r.indexNo))}</guid><pubDate>${new Date(`${r.publishedOn}T00:00:00+08:00`).toUTCString()}</pubDate><description>${rssText(r.summary)}</description></item>`).join('\n')}
</channel></rss>`
      : `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
<title>${xml(`${site.name} - ${column.name}`)}</title><id>${xml(`${base}/column/${column.key}`)}</id><link href="${xml(`${base}/column/${column.key}`)}"/><link rel="self" href="${xml(self)}"/>
<updated>${rows[0] ? `${rows[0].publishedOn}T00:00:00+08:00` : '2000-01-01T00:00:00Z'}</updated><author><name>${xml(site.host)}</name></author>
${rows.map((r) => `<entry><title>${xml(r.title)}</title><id>${xml(base + itemUrl(r.indexNo))}</id><link href="${xml(base + itemUrl(r.indexNo))}"/><updated>${r.publishedOn}T00:00:00+08:00</updated><summary>${xml(r.summary)}</summary><author><name>${xml(r.orgShortName)}</name></author></entry>`).join('\n')}
</feed>`;
  return reply
    .type(kind === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8')
    .header('cache-control', 'public, max-age=300')
    .send(body);
}

const SITEMAP_PAGE = 40_000;

async function sitemap(req: FastifyRequest, reply: FastifyReply) {
  const base = publicUrlOf(req.ctx.config);
  const n = Number((req.params as { n?: string }).n ?? 0);
  const total = Number((await req.ctx.db.selectFrom('cat_items').select(sql<number>`count(*)`.as('n')).where('is_public', '=', 1).executeTakeFirst())?.n ?? 0);
  const parts = Math.ceil(total / SITEMAP_PAGE);
  reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=3600');
  if (!n && parts > 1) {
    return reply.send(`<?xml version="1.0" encoding="utf-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${Array.from({ length: parts }, (_x, i) => `<sitemap><loc>${xml(`${base}/sitemap-${i + 1}.xml`)}</loc></sitemap>`).join('\n')}
</sitemapindex>`);
  }
  const page = Math.max(1, n);
  if (page > Math.max(1, parts)) throw new NotFoundError();
  const columns = await listColumns(req.ctx.db);
  const fixed =
    page === 1
      ? ['/', '/catalogue', '/guide', '/search', '/api/docs', ...columns.filter((c) => c.active && c.kind !== 'link').map((c) => `/column/${c.key}`)]
      : [];
  const lines: string[] = fixed.map((p) => `<url><loc>${xml(base + p)}</loc></url>`);
  let after = 0;
  let skip = (page - 1) * SITEMAP_PAGE;
  let left = SITEMAP_PAGE;
  while (left > 0) {
    const rows = await publicIndexNos(req.ctx.db, after, 5000);
    const last = rows.at(-1);
    if (!last) break;
    after = last.id;
    for (const r of rows) {
      if (skip > 0) {
        skip--;
        continue;
      }
      if (left-- <= 0) break;
      lines.push(`<url><loc>${xml(base + itemUrl(r.indexNo))}</loc><lastmod>${r.updatedAt.slice(0, 10)}</lastmod></url>`);
    }
  }
  return reply.send(`<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${lines.join('\n')}
</urlset>`);
}

export const portalRoutes = (): RouteDef[] =>
  defineRoutes([
    { method: 'GET', url: '/column/:key', action: 'public', handler: columnPage },
    { method: 'GET', url: '/column/:key/rss.xml', action: 'public', api: true, handler: (req, reply) => feed(req, reply, 'rss') },
    { method: 'GET', url: '/column/:key/atom.xml', action: 'public', api: true, handler: (req, reply) => feed(req, reply, 'atom') },
    { method: 'GET', url: '/item/*', action: 'public', handler: itemPage },
    { method: 'GET', url: '/files/:id/:name', action: 'public', api: true, handler: publicFile },
    { method: 'GET', url: '/catalogue', action: 'public', handler: cataloguePage },
    { method: 'GET', url: '/guide', action: 'public', handler: guidePage },
    { method: 'GET', url: '/search', action: 'public', rateLimit: 'search', handler: searchPage },
    { method: 'GET', url: '/sitemap.xml', action: 'public', api: true, handler: sitemap },
    { method: 'GET', url: '/sitemap-:n.xml', action: 'public', api: true, handler: sitemap },
  ]);

/** The home-page block `catalogue.columns` (listed in the module's manifest). */
export const catalogueColumnsBlock: Block = {
  id: 'catalogue.columns',
  order: 10,
  async render(req) {
    const columns = await listColumns(req.ctx.db);
    const latest = await latestByColumn(req, columns, 6);
    const top = columns.filter((c) => c.depth === 0 && c.active);
    return html`${top.map((c) => {
      const href = c.kind === 'link' ? c.href : `/column/${c.key}`;
      const id = `col-${c.key}`;
      return html`<section class="panel" aria-labelledby="${id}">
<div class="panel-head"><h2 id="${id}">${c.name}</h2><a href="${href}" aria-label="${c.name}：更多">更多</a></div>
${c.kind === 'guide' ? html`<p><a href="/guide">${c.name}（按机关查看）</a></p>` : ''}
${c.kind === 'link' ? html`<p><a href="${href}">${c.description || c.name}</a></p>` : itemList(latest.get(c.id) ?? [])}
</section>`;
    })}`;
  },
};

/** The home-page block `catalogue.access` (listed in the module's manifest). */
export const catalogueAccessBlock: Block = {
  id: 'catalogue.access',
  order: 90,
  async render(req) {
    const guide = await getSetting(req.ctx.db, guideSetting);
    return html`<section class="panel" aria-labelledby="home-access"><div class="panel-head"><h2 id="home-access">获取政府信息</h2></div>
<ul>
<li><a href="/catalogue">政府信息公开目录</a>：按机关、主题、体裁、年份浏览</li>
<li><a href="/guide">政府信息公开指南</a>：公开范围、申请方法、办理时限和救济途径</li>
<li><a href="/search">信息检索</a>：全文检索，简体、繁體均可</li>
<li><a href="/api/docs">开放数据接口</a>：目录数据的 JSON 接口说明</li>
</ul>
${guide.readingPoints.length ? html`<p>政府信息查阅点：${guide.readingPoints.join('、')}</p>` : ''}
</section>`;
  },
};
