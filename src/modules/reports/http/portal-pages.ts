/**
 * The portal's 政府信息公开年报 column: every accepted (published) report, newest year first,
 * older years browsable, each with its data files. What the public reads is the report as it was
 * accepted (its frozen snapshot), never a live recomputation.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { html, raw, url } from '../../../platform/web/html.ts';
import { portalPage } from '../../../platform/web/layout.ts';
import { breadcrumbs } from '../../../platform/web/components.ts';
import { queryOf } from '../../../platform/web/kit.ts';
import { chineseDate } from '../../../kernel/dates.ts';
import { NotFoundError } from '../../../kernel/errors.ts';
import { findOrgById, listOrgs } from '../../orgs/index.ts';
import { publishedReports, findReport, type StoredReport } from '../repo.ts';
import { parseSnapshot } from '../engine/generate.ts';
import { reportHtml } from '../export/html.ts';
import { EXPORT_KINDS, KIND_LABELS } from '../export/files.ts';
import { chartsCached, formatOf, params, titleFor } from './load.ts';
import { REPORT_HEAD } from './report-pages.ts';

import { NIANBAO } from './paths.ts';

export { NIANBAO };

export async function columnPage(req: FastifyRequest, reply: FastifyReply) {
  const all = await publishedReports(req.ctx.db);
  const years = [...new Set(all.map((r) => r.year))].sort((a, b) => b - a);
  const q = queryOf(req);
  const year = years.includes(Number(q.year)) ? Number(q.year) : years[0];
  const orgs = await listOrgs(req.ctx.db, { includeInactive: true });
  const depth = (r: StoredReport) => orgs.find((o) => o.id === r.orgId)?.depth ?? 9;
  const ofYear = all.filter((r) => r.year === year && r.orgId !== null).sort((a, b) => depth(a) - depth(b) || a.orgName.localeCompare(b.orgName, 'zh'));
  const name = (r: StoredReport) => {
    const o = orgs.find((x) => x.id === r.orgId);
    return o ? titleFor(o, r.year) : `${r.orgName}${r.year}年政府信息公开工作年度报告`;
  };
  return reply.page(
    portalPage(
      req.view,
      { title: '政府信息公开年报', section: NIANBAO, head: REPORT_HEAD },
      html`${breadcrumbs([{ label: '首页', href: '/' }, { label: '政府信息公开年报' }])}
<h1>政府信息公开年报</h1>
<p>根据《中华人民共和国政府信息公开条例》，各级行政机关每年公布上一年度政府信息公开工作年度报告。年报中的统计数据可下载为 JSON、CSV、Excel 文件。</p>
${
  years.length
    ? html`<nav aria-label="年度"><ul class="year-list">${years.map((y) => (y === year ? html`<li><span aria-current="page">${y}年度</span></li>` : html`<li><a href="${url(NIANBAO, { year: y })}">${y}年度</a></li>`))}</ul></nav>
<div class="panel"><div class="panel-head"><h2>${year}年度</h2></div>
<ul class="link-list">${ofYear.map((r) => html`<li><a href="${NIANBAO}/${r.year}/${r.orgId}">${name(r)}</a><time datetime="${(r.publishedAt ?? '').slice(0, 10)}">${r.publishedAt ? chineseDate(r.publishedAt.slice(0, 10)) : ''}</time></li>`)}</ul></div>`
    : html`<div class="panel"><p>暂无已发布的年度报告。</p></div>`
}`,
    ),
    { cache: 'public' },
  );
}

async function published(req: FastifyRequest): Promise<{ stored: StoredReport; year: number; orgId: number }> {
  const { orgId, year } = params(req);
  const stored = await findReport(req.ctx.db, orgId, year);
  if (stored?.status !== 'accepted' || !stored.snapshot || !stored.publishedAt) throw new NotFoundError('该年度报告尚未发布');
  return { stored, year, orgId };
}

export async function publishedPage(req: FastifyRequest, reply: FastifyReply) {
  const { stored, year, orgId } = await published(req);
  const org = await findOrgById(req.ctx.db, orgId);
  if (!org) throw new NotFoundError('该年度报告尚未发布');
  const report = parseSnapshot(stored.snapshot!);
  const format = formatOf(req, year);
  const title = titleFor(org, year);
  const base = `${NIANBAO}/${year}/${orgId}`;
  const charts = await chartsCached(req, orgId, year);
  const body = reportHtml(report, format, title, {
    titleLevel: 1,
    charts: charts.map((c) => ({ src: `${base}/chart/${c.name}.svg`, alt: c.alt, caption: c.caption })),
  });
  return reply.page(
    portalPage(
      req.view,
      { title, section: NIANBAO, head: REPORT_HEAD },
      html`${breadcrumbs([{ label: '首页', href: '/' }, { label: '政府信息公开年报', href: url(NIANBAO, { year }) }, { label: title }])}
<p class="muted">发布日期：${chineseDate(stored.publishedAt!.slice(0, 10))}　信息来源：${org.name}</p>
${raw(body)}
<section class="panel" aria-labelledby="files-h"><h2 id="files-h">下载</h2>
<ul class="report-downloads">${EXPORT_KINDS.map((k) => html`<li><a href="${base}/report.${k}" download>${KIND_LABELS[k]}（.${k}）</a></li>`)}</ul>
<p class="hint">数据文件说明：JSON 文件按公开的数据格式说明（第${report.schemaVersion}版）编排，便于其他系统读取；CSV/Excel 每张表一块，可直接用表格软件打开。各表 CSV：${format.tables.map((t) => html`<a href="${base}/${t.id}.csv" download>${t.ref}</a> `)}</p>
</section>`,
    ),
    { cache: 'public' },
  );
}

export { published };
