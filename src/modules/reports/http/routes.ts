/** The annual report's routes: back office (board, report, figures' records, editing, review) and portal column. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoutes, formBody, submitForm, type RouteDef } from '../../../platform/web/kit.ts';
import type { Block } from '../../../platform/web/blocks.ts';
import { html } from '../../../platform/web/html.ts';
import { execute } from '../../../platform/command.ts';
import { NotFoundError, ValidationError } from '../../../kernel/errors.ts';
import { recordActivity, updateActivity, deleteActivity, recordConcern } from '../commands/activities.ts';
import { setFacts } from '../commands/set-fact.ts';
import { acceptReport, returnReport, saveNarrative, submitReport } from '../commands/workflow.ts';
import { importReport } from '../commands/import-report.ts';
import { parseSnapshot } from '../engine/generate.ts';
import { findActivity } from '../repo.ts';
import { REPORT_CSS } from '../export/html.ts';
import type { ChartName } from '../export/charts.ts';
import { attachmentHeader, CONTENT_TYPES, EXPORT_KINDS, exportReport, exportTableCsv, type ExportKind } from '../export/files.ts';
import { loadReportView, params, titleFor, loadOrg, formatOf, chartsCached } from './load.ts';
import { boardPage, cellPage, reportPage, reportHref, statusSummary } from './report-pages.ts';
import { activitiesPage, activityPage, concernsPage, factsPage, narrativePage } from './edit-pages.ts';
import { columnPage, publishedPage, published, NIANBAO } from './portal-pages.ts';

/** The office's reminder: last year's reports by status, with the statutory due dates. */

const body = (req: FastifyRequest) => formBody(req) as Record<string, string>;

function sendFile(reply: FastifyReply, bytes: Buffer, kind: ExportKind | 'csv' | 'svg', fileName: string, ascii: string) {
  reply.header('content-type', kind === 'svg' ? 'image/svg+xml; charset=utf-8' : CONTENT_TYPES[kind as ExportKind]);
  if (kind !== 'svg') reply.header('content-disposition', attachmentHeader(fileName, ascii));
  reply.header('cache-control', 'no-store');
  return reply.send(bytes);
}

function exportKind(req: FastifyRequest): ExportKind {
  const kind = (req.params as { kind: string }).kind;
  if (!(EXPORT_KINDS as readonly string[]).includes(kind)) throw new NotFoundError('不支持的文件格式');
  return kind as ExportKind;
}

async function chartSvg(req: FastifyRequest, reply: FastifyReply, orgId: number, year: number) {
  const name = (req.params as { name: string }).name as ChartName;
  const chart = (await chartsCached(req, orgId, year)).find((c) => c.name === name);
  if (!chart) throw new NotFoundError('没有这张图表的数据');
  const { renderChartSvg } = await import('../../../platform/render/chart.ts');
  reply.header('content-type', 'image/svg+xml; charset=utf-8').header('cache-control', 'no-cache');
  return reply.send(renderChartSvg({ ...chart.spec, width: 640, height: 360 }));
}

/** Multipart upload of a report file (the CSRF token is a form field, checked after parsing). */
async function importUpload(req: FastifyRequest, reply: FastifyReply) {
  const fields: Record<string, string> = {};
  let file: { name: string; bytes: Buffer } | undefined;
  for await (const part of req.parts()) {
    if (part.type === 'file') file = { name: part.filename || 'report', bytes: await part.toBuffer() };
    else fields[part.fieldname] = String(part.value);
  }
  req.server.checkCsrf(req, fields._csrf);
  if (!file?.bytes.length) return boardPage(req, reply, ['请选择要导入的报告文件']);
  try {
    const r = await execute(req.ctx, importReport, {
      fileName: file.name,
      contentBase64: file.bytes.toString('base64'),
      parentOrgId: fields.parentOrgId || null,
    });
    return reply.done(`/admin/reports?year=${r.year}`, `已导入${r.org.name}${r.year}年度报告${r.warnings.length ? `（${r.warnings.length}条提示）` : ''}。`);
  } catch (e) {
    if (e instanceof ValidationError)
      return boardPage(
        req,
        reply,
        e.issues.map((i) => i.message),
      );
    throw e;
  }
}

export const reportsRoutes = (): RouteDef[] =>
  defineRoutes([
    {
      method: 'GET',
      url: '/reports/report.css',
      action: 'public',
      handler: (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(REPORT_CSS),
    },
    // ——— back office ———
    { method: 'GET', url: '/admin/reports', action: 'reports.view', handler: (req, reply) => boardPage(req, reply) },
    { method: 'POST', url: '/admin/reports/import', action: 'reports.import', multipart: true, handler: importUpload },
    { method: 'GET', url: '/admin/reports/:orgId/:year', action: 'reports.view', handler: (req, reply) => reportPage(req, reply) },
    { method: 'GET', url: '/admin/reports/:orgId/:year/cell/:table/:row/:col', action: 'reports.view', handler: cellPage },
    { method: 'GET', url: '/admin/reports/:orgId/:year/narrative', action: 'reports.edit', handler: (req, reply) => narrativePage(req, reply) },
    {
      method: 'POST',
      url: '/admin/reports/:orgId/:year/narrative',
      action: 'reports.edit',
      async handler(req, reply) {
        const { orgId, year } = params(req);
        const b = body(req);
        const sections: Record<string, string> = {};
        for (const s of formatOf(req, year).sections) {
          const text = b[`section_${s.key}`];
          if (typeof text === 'string') sections[s.key] = text.replace(/\r\n/g, '\n');
        }
        return submitForm(
          reply,
          () => execute(req.ctx, saveNarrative, { orgId, year, sections }),
          (errors) => narrativePage(req, reply, errors, sections),
          (_) => [reportHref(orgId, year), '报告正文已保存。'],
        );
      },
    },
    {
      method: 'POST',
      url: '/admin/reports/:orgId/:year/submit',
      action: 'reports.edit',
      async handler(req, reply) {
        const { orgId, year } = params(req);
        return submitForm(
          reply,
          () => execute(req.ctx, submitReport, { orgId, year }),
          (errors) => reportPage(req, reply, errors),
          (v) => [reportHref(orgId, year), `已报送${v.warnings ? `（有${v.warnings}条提示）` : ''}。`],
        );
      },
    },
    {
      method: 'POST',
      url: '/admin/reports/:orgId/:year/return',
      action: 'reports.review',
      async handler(req, reply) {
        const { orgId, year } = params(req);
        return submitForm(
          reply,
          () => execute(req.ctx, returnReport, { orgId, year, comment: body(req).comment ?? '' }),
          (errors) => reportPage(req, reply, errors),
          (_) => [reportHref(orgId, year), '已退回修改。'],
        );
      },
    },
    {
      method: 'POST',
      url: '/admin/reports/:orgId/:year/accept',
      action: 'reports.review',
      async handler(req, reply) {
        const { orgId, year } = params(req);
        return submitForm(
          reply,
          () => execute(req.ctx, acceptReport, { orgId, year, comment: '' }),
          (errors) => reportPage(req, reply, errors),
          (_) => [reportHref(orgId, year), '已审核通过，并在门户网站“政府信息公开年报”栏目发布。'],
        );
      },
    },
    {
      method: 'GET',
      url: '/admin/reports/:orgId/:year/export.:kind',
      action: 'reports.view',
      async handler(req, reply) {
        const { orgId, year } = params(req);
        const kind = exportKind(req);
        const v = await loadReportView(req, orgId, year);
        if (!req.view.can('reports.view', v.org)) throw new NotFoundError('没有这份年度报告');
        const charts = kind === 'pdf' || kind === 'docx' ? await chartsCached(req, orgId, year) : [];
        const s = v.generated.stored;
        const bytes = await exportReport(
          {
            report: v.shown,
            format: v.format,
            title: v.title,
            charts,
            createdAt: req.ctx.clock.now(),
            ...(s?.publishedAt ? { signature: { body: v.org.name, date: s.publishedAt.slice(0, 10) } } : {}),
          },
          kind,
        );
        return sendFile(reply, bytes, kind, `${v.title}.${kind}`, `report-${orgId}-${year}.${kind}`);
      },
    },
    {
      method: 'GET',
      url: '/admin/reports/:orgId/:year/table/:table.csv',
      action: 'reports.view',
      async handler(req, reply) {
        const { orgId, year } = params(req);
        const v = await loadReportView(req, orgId, year);
        if (!req.view.can('reports.view', v.org)) throw new NotFoundError('没有这份年度报告');
        const table = (req.params as { table: string }).table;
        const bytes = await exportTableCsv(v.shown, v.format, table);
        if (!bytes) throw new NotFoundError('报告中没有这张表');
        return sendFile(reply, bytes, 'csv', `${v.title}-${table}.csv`, `report-${orgId}-${year}-${table}.csv`);
      },
    },
    {
      method: 'GET',
      url: '/admin/reports/:orgId/:year/chart/:name.svg',
      action: 'reports.view',
      async handler(req, reply) {
        const { orgId, year } = params(req);
        const org = await loadOrg(req, orgId);
        if (!req.view.can('reports.view', org)) throw new NotFoundError('没有这份年度报告');
        return chartSvg(req, reply, orgId, year);
      },
    },
    // ——— activities, concerns, facts ———
    { method: 'GET', url: '/admin/reports/activities', action: 'reports.view', handler: (req, reply) => activitiesPage(req, reply) },
    {
      method: 'POST',
      url: '/admin/reports/activities',
      action: 'reports.activities',
      async handler(req, reply) {
        const b = body(req);
        return submitForm(
          reply,
          () => execute(req.ctx, recordActivity, b),
          (errors) => activitiesPage(req, reply, errors, b),
          (_) => [`/admin/reports/activities?year=${String(b.heldOn).slice(0, 4)}`, `已登记：${b.title}`],
        );
      },
    },
    { method: 'GET', url: '/admin/reports/activities/:id', action: 'reports.view', handler: (req, reply) => activityPage(req, reply) },
    {
      method: 'POST',
      url: '/admin/reports/activities/:id',
      action: 'reports.activities',
      async handler(req, reply) {
        const id = Number((req.params as { id: string }).id);
        const b = body(req);
        return submitForm(
          reply,
          () => execute(req.ctx, updateActivity, { ...b, id }),
          (errors) => activityPage(req, reply, errors, b),
          (_) => [`/admin/reports/activities/${id}`, '已保存。'],
        );
      },
    },
    {
      method: 'POST',
      url: '/admin/reports/activities/:id/delete',
      action: 'reports.activities',
      async handler(req, reply) {
        const id = Number((req.params as { id: string }).id);
        const a = await findActivity(req.ctx.db, id);
        return submitForm(
          reply,
          () => execute(req.ctx, deleteActivity, { id, reason: body(req).reason ?? '' }),
          (errors) => activityPage(req, reply, errors),
          (_) => [`/admin/reports/activities?year=${a?.heldOn.slice(0, 4) ?? ''}`, '已删除，不再计入年度报告。'],
        );
      },
    },
    { method: 'GET', url: '/admin/reports/concerns', action: 'reports.view', handler: (req, reply) => concernsPage(req, reply) },
    {
      method: 'POST',
      url: '/admin/reports/concerns',
      action: 'reports.activities',
      async handler(req, reply) {
        const b = body(req);
        return submitForm(
          reply,
          () => execute(req.ctx, recordConcern, b),
          (errors) => concernsPage(req, reply, errors, b),
          (v) => [`/admin/reports/concerns?year=${String(b.raisedOn).slice(0, 4)}#concern-${v.id}`, `已登记：${b.title}`],
        );
      },
    },
    { method: 'GET', url: '/admin/reports/facts', action: 'reports.view', handler: (req, reply) => factsPage(req, reply) },
    {
      method: 'POST',
      url: '/admin/reports/facts',
      action: 'reports.facts',
      async handler(req, reply) {
        const b = body(req);
        const values: Record<string, string> = {};
        for (const [k, v] of Object.entries(b)) if (k.startsWith('fact_')) values[k.slice(5)] = String(v);
        return submitForm(
          reply,
          () => execute(req.ctx, setFacts, { orgId: b.orgId, year: b.year, values, note: b.note ?? '' }),
          (errors) => {
            // Field errors come back keyed by fact key; the form's fields are fact_<key>.
            const mapped: Record<string, string> = {};
            for (const [k, v] of Object.entries(errors)) mapped[k in values ? `fact_${k}` : k] = v;
            (req.query as Record<string, string | undefined>).org = b.orgId;
            (req.query as Record<string, string | undefined>).year = b.year;
            return factsPage(req, reply, mapped, { ...values, note: b.note ?? '' });
          },
          (v) => [`/admin/reports/facts?org=${b.orgId}&year=${b.year}`, v.changed.length ? `已保存 ${v.changed.length} 项。` : '没有修改。'],
        );
      },
    },
    // ——— portal: 政府信息公开年报 ———
    { method: 'GET', url: NIANBAO, action: 'public', handler: columnPage },
    { method: 'GET', url: `${NIANBAO}/:year/:orgId`, action: 'public', handler: publishedPage },
    {
      method: 'GET',
      url: `${NIANBAO}/:year/:orgId/report.:kind`,
      action: 'public',
      async handler(req, reply) {
        const { stored, year, orgId } = await published(req);
        const kind = exportKind(req);
        const org = await loadOrg(req, orgId);
        const title = titleFor(org, year);
        const report = parseSnapshot(stored.snapshot!);
        const charts = kind === 'pdf' || kind === 'docx' ? await chartsCached(req, orgId, year) : [];
        const bytes = await exportReport(
          {
            report,
            format: formatOf(req, year),
            title,
            charts,
            signature: { body: org.name, date: stored.publishedAt!.slice(0, 10) },
            createdAt: new Date(stored.publishedAt!),
          },
          kind,
        );
        return sendFile(reply, bytes, kind, `${title}.${kind}`, `report-${orgId}-${year}.${kind}`);
      },
    },
    {
      method: 'GET',
      url: `${NIANBAO}/:year/:orgId/:table.csv`,
      action: 'public',
      async handler(req, reply) {
        const { stored, year, orgId } = await published(req);
        const table = (req.params as { table: string }).table;
        const bytes = await exportTableCsv(parseSnapshot(stored.snapshot!), formatOf(req, year), table);
        if (!bytes) throw new NotFoundError('报告中没有这张表');
        return sendFile(reply, bytes, 'csv', `${titleFor(await loadOrg(req, orgId), year)}-${table}.csv`, `report-${orgId}-${year}-${table}.csv`);
      },
    },
    {
      method: 'GET',
      url: `${NIANBAO}/:year/:orgId/chart/:name.svg`,
      action: 'public',
      async handler(req, reply) {
        const { year, orgId } = await published(req);
        return chartSvg(req, reply, orgId, year);
      },
    },
  ]);

/** The dashboard block `reports` (listed in the module's manifest). */
export const reportsBlock: Block = {
  id: 'reports',
  order: 60,
  async render(req) {
    if (!req.view.can('reports.edit') && !req.view.can('reports.review')) return null;
    const year = Number(req.view.today.slice(0, 4)) - 1;
    const s = await statusSummary(req, year);
    return html`<section class="panel" aria-labelledby="dash-reports"><div class="panel-head"><h2 id="dash-reports">${year}年度政府信息公开工作年度报告</h2></div>
<p>${s.counts.map(([label, n]) => html`${label} ${n}　`)}</p>
${s.overdue ? html`<p class="notice warn">${s.overdue} 个单位已过法定期限仍未报送。</p>` : ''}
<p><a href="/admin/reports?year=${year}">查看各单位报告状态</a></p></section>`;
  },
};
