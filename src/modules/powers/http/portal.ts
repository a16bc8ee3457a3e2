import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../../kernel/errors.ts';
import { html, raw, url } from '../../../platform/web/html.ts';
import { portalPage } from '../../../platform/web/layout.ts';
import { breadcrumbs, notice, pageHref, pageNumber, pagination } from '../../../platform/web/components.ts';
import { queryOf } from '../../../platform/web/kit.ts';
import { findPower, historyOf, listCategories, listChanges, listPowers, orgsWithPowers, standingByCategory, countChanges } from '../repo.ts';
import { DISPOSITION_LABELS, DISPOSITION_KINDS } from '../types.ts';
import { changesTable, historyTable, powerTable, statusOf } from './views.ts';

/**
 * The portal's 权力清单 column: the powers standing today, filtered by category and department,
 * counted per category; one page per power with its history; the changes of a year. Public data
 * only (a power's record carries no personal data; the supervision phone is an office line).
 */
const PAGE_SIZE = 50;
const link = (id: number) => `/powers/${id}`;
const int = (v: string | undefined) => (v && /^\d{1,9}$/.test(v) ? Number(v) : undefined);

export async function powersIndex(req: FastifyRequest, reply: FastifyReply) {
  const db = req.ctx.db;
  const q = queryOf(req);
  const today = req.ctx.clock.today();
  const year = Number(today.slice(0, 4));
  const categories = await listCategories(db);
  const cat = categories.find((c) => c.id === int(q.category));
  const orgs = await orgsWithPowers(db);
  const org = orgs.find((o) => o.id === int(q.org));
  const page = pageNumber(q.page);
  const orgPath = org ? (await db.selectFrom('orgs').select('path').where('id', '=', org.id).executeTakeFirst())?.path : undefined;
  const counts = await standingByCategory(db, orgPath ?? '/', today);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  // The list itself once a category or a department is chosen (thousands of powers make no page to browse).
  const chosen = !!(cat || org);
  const list = chosen
    ? await listPowers(
        db,
        { standingOn: today, ...(cat ? { categoryId: cat.id } : {}), ...(orgPath ? { path: orgPath } : {}) },
        { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
      )
    : { total, rows: [] };
  if (page > 1 && (!chosen || !list.rows.length)) throw new NotFoundError('没有这一页');
  const changes = await Promise.all(
    DISPOSITION_KINDS.filter((k) => k !== 'keep').map(async (k) => [k, await countChanges(db, { path: '/', year, kinds: [k] })] as const),
  );
  const filterQuery = { category: cat?.id ?? null, org: org?.id ?? null };
  return reply.page(
    portalPage(
      req.view,
      { title: '权力清单', section: '/powers' },
      html`${breadcrumbs([{ label: '首页', href: '/' }, { label: '权力清单' }])}
<h1>权力清单</h1>
<p class="lead">${org ? org.name : '全区'}现有行政权力事项 ${total} 项（截至${today}）。每项权力列明职权类别、实施主体、设定依据、收费、流程、时限和监督电话。</p>
<section class="panel" aria-labelledby="by-category"><h2 id="by-category">按职权类别</h2>
<ul class="link-list">${categories
        .filter((c) => c.active || counts.get(c.id))
        .map(
          (c) =>
            html`<li><a href="${url('/powers', { category: c.id, org: org?.id ?? null })}"${cat?.id === c.id ? raw(' aria-current="true"') : ''}>${c.name}</a><span>${counts.get(c.id) ?? 0} 项</span></li>`,
        )}</ul></section>
<section class="panel" aria-labelledby="this-year"><h2 id="this-year">本年度调整情况</h2>
<p>${year}年：${changes.map(([k, n], i) => html`${i ? '，' : ''}${DISPOSITION_LABELS[k]} ${n} 项`)}。<a href="${url('/powers/changes', { year })}">查看${year}年调整明细</a></p></section>
<form method="get" action="/powers" class="filters panel" aria-label="筛选权力事项">
<div class="field"><label for="pw-category">职权类别</label>
<select id="pw-category" name="category"><option value="">全部类别</option>${categories.map((c) => html`<option value="${c.id}"${cat?.id === c.id ? raw(' selected') : ''}>${c.name}</option>`)}</select></div>
<div class="field"><label for="pw-org">实施部门</label>
<select id="pw-org" name="org"><option value="">全部部门</option>${orgs.map((o) => html`<option value="${o.id}"${org?.id === o.id ? raw(' selected') : ''}>${o.name}</option>`)}</select></div>
<button type="submit">筛选</button>
</form>
${
  !chosen
    ? notice('info', '请选择职权类别或实施部门，查看其中的权力事项。')
    : list.rows.length
      ? html`<div class="table-wrap"><table><caption>${cat ? cat.name : '全部类别'}${org ? ` · ${org.name}` : ''}：共 ${list.total} 项</caption>
<thead><tr><th scope="col">权力编码</th><th scope="col">权力名称</th><th scope="col">职权类别</th><th scope="col">实施部门</th></tr></thead>
<tbody>${list.rows.map((p) => html`<tr><td class="mono">${p.code}</td><td><a href="${link(p.id)}">${p.name}</a></td><td>${p.category}</td><td>${p.orgName}</td></tr>`)}</tbody></table></div>`
      : notice('info', '没有符合条件的权力事项。')
}
${chosen ? pagination({ page, pageSize: PAGE_SIZE, total: list.total, href: pageHref('/powers', filterQuery) }) : ''}`,
    ),
    { cache: 'public' },
  );
}

export async function powerPage(req: FastifyRequest, reply: FastifyReply) {
  const id = int((req.params as { id: string }).id);
  const p = id ? await findPower(req.ctx.db, id) : undefined;
  if (!p) throw new NotFoundError('没有这项权力');
  const history = await historyOf(req.ctx.db, p.id);
  const today = req.ctx.clock.today();
  return reply.page(
    portalPage(
      req.view,
      { title: p.name, section: '/powers' },
      html`${breadcrumbs([{ label: '首页', href: '/' }, { label: '权力清单', href: '/powers' }, { label: p.name }])}
<h1>${p.name}</h1>
${powerTable(p, statusOf(history, today))}
${historyTable(history, link)}
<p><a href="${url('/powers', { category: p.categoryId })}">返回${p.category}清单</a></p>`,
    ),
    { cache: 'public' },
  );
}

export async function changesPage(req: FastifyRequest, reply: FastifyReply) {
  const q = queryOf(req);
  const thisYear = Number(req.ctx.clock.today().slice(0, 4));
  const y = int(q.year);
  const year = y && y >= 1990 && y <= thisYear + 1 ? y : thisYear;
  const page = pageNumber(q.page);
  const r = await listChanges(
    req.ctx.db,
    { path: '/', year, kinds: ['add', 'merge', 'cancel', 'delegate'] },
    { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
  );
  if (page > 1 && !r.rows.length) throw new NotFoundError('没有这一页');
  return reply.page(
    portalPage(
      req.view,
      { title: `${year}年权力清单调整情况`, section: '/powers' },
      html`${breadcrumbs([{ label: '首页', href: '/' }, { label: '权力清单', href: '/powers' }, { label: `${year}年调整情况` }])}
<h1>${year}年权力清单调整情况</h1>
<p>本年度新增、调整合并、取消和下放的权力事项，共 ${r.total} 项。</p>
<nav aria-label="其他年度"><p>${year > 1990 ? html`<a href="${url('/powers/changes', { year: year - 1 })}">${year - 1}年</a>` : ''}${year < thisYear ? html`　<a href="${url('/powers/changes', { year: year + 1 })}">${year + 1}年</a>` : ''}</p></nav>
${r.rows.length ? changesTable(r.rows, link) : notice('info', `${year}年没有调整。`)}
${pagination({ page, pageSize: PAGE_SIZE, total: r.total, href: pageHref('/powers/changes', { year }) })}`,
    ),
    { cache: 'public' },
  );
}
