import type { FastifyReply, FastifyRequest } from 'fastify';
import { publicUrlOf } from '../../../platform/config.ts';
import { defineRoutes, queryOf, type RouteDef } from '../../../platform/web/kit.ts';
import { html } from '../../../platform/web/html.ts';
import { portalPage } from '../../../platform/web/layout.ts';
import { breadcrumbs } from '../../../platform/web/components.ts';
import { NotFoundError, ValidationError } from '../../../kernel/errors.ts';
import { search } from '../../../platform/search/index.ts';
import { listOrgs, findOrg } from '../../orgs/index.ts';
import { attachmentsAndChannels, columnSubtree, findItem, findPublicItem, listColumns, listPublicFull, publicItemsByIds, type Item } from '../repo.ts';
import { VALIDITIES, type Validity } from '../types.ts';
import { fileUrl, itemUrl } from './views.ts';
import { CSS_LINK } from './views.ts';
import { searchFilters } from './portal.ts';
import { OPENAPI } from './openapi.ts';

/**
 * Open data (2019 条例第二十四条: 政府信息公开平台…提供信息检索、查阅、下载等功能): the catalogue as JSON.
 * Read-only, rate limited ('search' class), cacheable.
 */
const MAX_PAGE_SIZE = 100;

function paging(q: Record<string, string | undefined>): { page: number; pageSize: number } {
  const page = q.page === undefined ? 1 : Number(q.page);
  const pageSize = q.pageSize === undefined ? 20 : Number(q.pageSize);
  const issues = [];
  if (!Number.isInteger(page) || page < 1 || page > 10_000) issues.push({ field: 'page', message: '页码应为1至10000的整数' });
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE)
    issues.push({ field: 'pageSize', message: `每页条数应为1至${MAX_PAGE_SIZE}的整数` });
  if (q.year !== undefined && !/^\d{4}$/.test(q.year)) issues.push({ field: 'year', message: '年份应为4位数字' });
  if (q.validity !== undefined && !(VALIDITIES as readonly string[]).includes(q.validity))
    issues.push({ field: 'validity', message: `有效性应为 ${VALIDITIES.join('、')} 之一` });
  if (issues.length) throw new ValidationError(issues);
  return { page, pageSize };
}

function summaryJson(i: Item) {
  return {
    indexNo: i.indexNo!,
    title: i.title,
    summary: i.summary,
    org: { id: i.orgId, name: i.orgName, code: i.code },
    docNo: i.docNo,
    formedOn: i.formedOn,
    publishedOn: i.publishedOn!,
    column: i.columnKey ? { key: i.columnKey, name: i.columnName } : null,
    topic: i.topic,
    genre: i.genre,
    validity: i.validity,
    url: itemUrl(i.indexNo!),
  };
}

function cacheFor(reply: FastifyReply, seconds: number): FastifyReply {
  return reply.header('cache-control', `public, max-age=${seconds}`).header('access-control-allow-origin', '*');
}

async function orgFilter(req: FastifyRequest, ref: string | undefined): Promise<number[] | undefined> {
  if (!ref) return undefined;
  const org = await findOrg(req.ctx.db, ref);
  if (!org) return [];
  return (await listOrgs(req.ctx.db)).filter((o) => o.path.startsWith(org.path)).map((o) => o.id);
}

async function items(req: FastifyRequest, reply: FastifyReply) {
  const q = queryOf(req);
  const { page, pageSize } = paging(q);
  const columns = await listColumns(req.ctx.db);
  let columnIds: number[] | undefined;
  if (q.column) {
    const c = columns.find((x) => x.key === q.column);
    columnIds = c ? columnSubtree(columns, c.id).map((x) => x.id) : [];
  }
  const r = await listPublicFull(req.ctx.db, {
    orgIds: await orgFilter(req, q.org),
    columnIds,
    year: q.year ? Number(q.year) : undefined,
    topic: q.topic || undefined,
    genre: q.genre || undefined,
    validity: q.validity as Validity | undefined,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  return cacheFor(reply, 300).send({ total: r.total, page, pageSize, items: r.items.map(summaryJson) });
}

async function item(req: FastifyRequest, reply: FastifyReply) {
  const raw = (req.params as { '*': string })['*'] ?? '';
  // The router has already decoded the address once; decoding again would read '%25' as a broken escape (a 500).
  const indexNo = raw;
  const i = await findPublicItem(req.ctx.db, indexNo);
  if (!i) throw new NotFoundError(`没有索引号为 ${indexNo} 的公开信息`);
  const { attachments, channels } = await attachmentsAndChannels(req.ctx.db, i.id);
  const successor = i.successorId ? await findItem(req.ctx.db, i.successorId) : undefined;
  return cacheFor(reply, 300).send({
    ...summaryJson(i),
    assort: i.assort,
    keywords: i.keywords,
    effectiveOn: i.effectiveOn,
    validityChangedOn: i.validityChangedOn,
    normative: i.isNormative,
    rule: i.isRule,
    bodyHtml: i.bodyHtml,
    bodyText: i.bodyText,
    attachments: attachments.map((a) => ({ fileName: a.fileName, mime: a.mime, size: a.size, url: fileUrl(a) })),
    channels: channels.map((c) => ({ channel: c.channel, publishedOn: c.publishedOn, reference: c.reference, medium: c.medium })),
    successor: successor?.isPublic ? successor.indexNo : null,
  });
}

async function searchApi(req: FastifyRequest, reply: FastifyReply) {
  const q = queryOf(req);
  const text = (q.q ?? '').trim();
  if (!text) throw ValidationError.field('q', '请提供检索词 q');
  if (text.length > 100) throw ValidationError.field('q', '检索词不超过100个字');
  const { page, pageSize } = paging(q);
  const filters = searchFilters(q);
  if (q.org && !Number(q.org)) {
    const org = await findOrg(req.ctx.db, q.org);
    filters.org = org ? org.id : -1;
  }
  const r = await search(req.ctx.db, {
    q: text,
    filters,
    sort: q.sort === 'date' ? 'date' : 'relevance',
    limit: pageSize,
    offset: (page - 1) * pageSize,
    facets: ['org', 'year', 'topic', 'genre', 'column', 'validity'],
  });
  const rows = await publicItemsByIds(
    req.ctx.db,
    r.hits.map((h) => h.id),
  );
  return cacheFor(reply, 60).send({
    total: r.total,
    totalIsEstimate: r.totalIsEstimate,
    page,
    pageSize,
    hits: r.hits
      .filter((h) => rows.has(h.id))
      .map((h) => {
        const row = rows.get(h.id)!;
        return {
          indexNo: row.indexNo,
          url: itemUrl(row.indexNo),
          publishedOn: row.publishedOn,
          org: row.orgShortName,
          docNo: row.docNo,
          score: h.score,
          title: h.title,
          snippet: h.snippet,
        };
      }),
    facets: r.facets,
  });
}

type Schema = { type?: string | readonly string[]; $ref?: string; enum?: readonly string[]; description?: string };
const typeOf = (s: Schema | undefined): string =>
  !s ? '' : s.$ref ? s.$ref.split('/').pop()! : Array.isArray(s.type) ? s.type.join(' | ') : String(s.type ?? '');

/** A readable page of the API (no external scripts: the CSP allows none). */
async function docsPage(req: FastifyRequest, reply: FastifyReply) {
  const base = publicUrlOf(req.ctx.config);
  const paths = Object.entries(OPENAPI.paths) as Array<
    [
      string,
      {
        get: {
          summary: string;
          description?: string;
          parameters: ReadonlyArray<{ name: string; in: string; description?: string; required?: boolean; schema: Schema }>;
        };
      },
    ]
  >;
  const schemas = Object.entries(OPENAPI.components.schemas) as Array<[string, { properties?: Record<string, Schema>; allOf?: unknown[] }]>;
  const sample = await findItem(req.ctx.db, 1);
  const example = sample?.indexNo ?? '000614029/2016-00001';
  return reply.page(
    portalPage(
      req.view,
      { title: '开放数据接口', section: '/api/docs', head: CSS_LINK },
      html`${breadcrumbs([{ label: '首页', href: '/' }, { label: '开放数据接口' }])}
<h1>${OPENAPI.info.title}</h1>
<div class="panel"><p>${OPENAPI.info.description}</p>
<p>机器可读的接口描述（OpenAPI 3.1）：<a href="/api/docs/openapi.json">/api/docs/openapi.json</a></p></div>
${paths.map(
  ([
    p,
    op,
  ]) => html`<section class="panel" aria-labelledby="op-${p.replace(/\W+/g, '-')}"><h2 id="op-${p.replace(/\W+/g, '-')}"><code>GET ${p}</code>　${op.get.summary}</h2>
${op.get.description ? html`<p>${op.get.description}</p>` : ''}
<div class="table-wrap"><table><caption>参数</caption><thead><tr><th scope="col">名称</th><th scope="col">位置</th><th scope="col">类型</th><th scope="col">说明</th></tr></thead>
<tbody>${op.get.parameters.map((x) => html`<tr><td><code>${x.name}</code>${x.required ? '（必填）' : ''}</td><td>${x.in === 'query' ? '查询参数' : '路径'}</td><td>${typeOf(x.schema)}${x.schema.enum ? `：${x.schema.enum.join(' / ')}` : ''}</td><td>${x.description ?? ''}</td></tr>`)}</tbody></table></div>
<p>示例：<a href="${p === '/api/v1/items' ? '/api/v1/items?year=2016&pageSize=5' : p === '/api/v1/search' ? '/api/v1/search?q=%E4%BD%8E%E4%BF%9D' : `/api/v1/items/${example}`}"><code>${base}${p === '/api/v1/items' ? '/api/v1/items?year=2016&pageSize=5' : p === '/api/v1/search' ? '/api/v1/search?q=低保' : `/api/v1/items/${example}`}</code></a></p>
</section>`,
)}
<section class="panel" aria-labelledby="schemas-h"><h2 id="schemas-h">数据结构</h2>
${schemas
  .filter(([, s]) => s.properties)
  .map(
    ([
      name,
      s,
    ]) => html`<h3>${name}</h3><div class="table-wrap"><table><thead><tr><th scope="col">字段</th><th scope="col">类型</th><th scope="col">说明</th></tr></thead>
<tbody>${Object.entries(s.properties!).map(([k, v]) => html`<tr><td><code>${k}</code></td><td>${typeOf(v)}${v.enum ? `：${v.enum.join(' / ')}` : ''}</td><td>${v.description ?? ''}</td></tr>`)}</tbody></table></div>`,
  )}
<p>Item 在 ItemSummary 的基础上增加正文、附件、发布渠道、有效性日期和替代文件等字段，详见 OpenAPI 描述。</p>
</section>`,
    ),
    { cache: 'public' },
  );
}

export const apiRoutes = (): RouteDef[] =>
  defineRoutes([
    { method: 'GET', url: '/api/v1/items', action: 'public', api: true, rateLimit: 'search', handler: items },
    { method: 'GET', url: '/api/v1/items/*', action: 'public', api: true, rateLimit: 'search', handler: item },
    { method: 'GET', url: '/api/v1/search', action: 'public', api: true, rateLimit: 'search', handler: searchApi },
    { method: 'GET', url: '/api/docs', action: 'public', handler: docsPage },
    { method: 'GET', url: '/api/docs/openapi.json', action: 'public', api: true, handler: (_req, reply) => cacheFor(reply, 3600).send(OPENAPI) },
  ]);
