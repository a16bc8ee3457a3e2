/**
 * The back office's report pages: the status board (each reporting body's report, status and due
 * date), one report (status, checks, the report itself with every figure linked to its records,
 * children, processing time, charts, downloads, history), and the records behind one figure.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { html, raw, url, type SafeHtml } from '../../../platform/web/html.ts';
import { adminPage } from '../../../platform/web/layout.ts';
import {
  breadcrumbs,
  buttonForm,
  errorSummary,
  notice,
  pagination,
  postForm,
  textArea,
  pageNumber,
  type FormErrors,
} from '../../../platform/web/components.ts';
import { queryOf } from '../../../platform/web/kit.ts';
import { chineseDate } from '../../../kernel/dates.ts';
import { NotFoundError } from '../../../kernel/errors.ts';
import { listOrgs, ORG_KIND_LABELS } from '../../orgs/index.ts';
import { reportsOfYear, reportEvents, factHistory, type StoredReport } from '../repo.ts';
import { flattenUnits, reportDueDate, reportingTree, type ReportingUnit } from '../engine/units.ts';
import { processingStats } from '../engine/processing-time.ts';
import { cellLeaves } from '../engine/rules.ts';
import { eventsFrom } from '../../../platform/workflow/transitions.ts';
import { REPORT_TRANSITIONS, EVENT_LABELS } from '../states.ts';
import { REPORT_STATUS_LABELS, type ReportStatus } from '../types.ts';
import { factDef } from '../facts.ts';
import { cellRef, findTable } from '../formats/resolve.ts';
import { getCell } from '../report-model.ts';
import { reportHtml } from '../export/html.ts';
import { formatValue } from '../export/layout.ts';
import { EXPORT_KINDS, KIND_LABELS } from '../export/files.ts';
import { loadReportView, params, titleFor, formatOf, chartsCached, type ReportView } from './load.ts';
import { getSetting } from '../../../platform/settings/settings.ts';
import { reportingKindsSetting } from '../settings.ts';

export const REPORT_HEAD = html`<link rel="stylesheet" href="/reports/report.css">`;

const STATUS_BADGE: Record<ReportStatus, string> = { not_started: 'bad', draft: 'info', submitted: 'warn', returned: 'bad', accepted: 'ok' };

export function statusBadge(status: ReportStatus, external = false): SafeHtml {
  return html`<span class="badge ${STATUS_BADGE[status]}">${external ? '外部导入 · ' : ''}${REPORT_STATUS_LABELS[status]}</span>`;
}

export const reportHref = (orgId: number, year: number, rest = '') => `/admin/reports/${orgId}/${year}${rest}`;

/** The years a board offers: from the first format year to last year, newest first. */
function boardYears(today: string): number[] {
  const last = Number(today.slice(0, 4)) - 1;
  const out: number[] = [];
  for (let y = last; y >= 2014; y--) out.push(y);
  return out;
}

// ——— the status board ————————————————————————————————————————————————————————————

export async function boardPage(req: FastifyRequest, reply: FastifyReply, importErrors: string[] = []) {
  const q = queryOf(req);
  const years = boardYears(req.view.today);
  const year = years.includes(Number(q.year)) ? Number(q.year) : (years[0] ?? Number(req.view.today.slice(0, 4)) - 1);
  const format = formatOf(req, year);
  const scope = req.ctx.scope('reports.view');
  const orgs = await listOrgs(req.ctx.db, { includeInactive: true });
  const visible = await listOrgs(req.ctx.db, { scope });
  const roots = visible.filter((o) => !visible.some((p) => p.id === o.parentId));
  const kinds = await getSetting(req.ctx.db, reportingKindsSetting);
  const trees = roots.map((r) => reportingTree(orgs, r.id, kinds));
  const unitList = trees.flatMap(flattenUnits);
  const stored = await reportsOfYear(
    req.ctx.db,
    year,
    unitList.map((u) => u.org.id),
  );
  const byOrg = new Map(stored.filter((s) => s.orgId !== null).map((s) => [s.orgId!, s]));
  const externals = stored.filter((s) => s.orgId === null);
  const today = req.view.today;
  const counts = new Map<ReportStatus, number>();
  for (const u of unitList) {
    const st: ReportStatus = byOrg.get(u.org.id)?.status ?? 'not_started';
    counts.set(st, (counts.get(st) ?? 0) + 1);
  }
  const canImport = req.view.can('reports.import');
  const row = (u: ReportingUnit, depth: number): SafeHtml => {
    const s = byOrg.get(u.org.id);
    const st: ReportStatus = s?.status ?? 'not_started';
    const due = reportDueDate(year, u.org.kind, u.org.parentId === null);
    const late = (st === 'not_started' || st === 'draft' || st === 'returned') && today > due.date;
    return html`<tr>
<th scope="row">${'　'.repeat(depth)}<a href="${reportHref(u.org.id, year)}">${u.org.name}</a></th>
<td>${ORG_KIND_LABELS[u.org.kind]}</td>
<td>${statusBadge(st, s?.source === 'import')}${s?.status === 'returned' && s.comment ? html`<br><span class="muted">${s.comment}</span>` : ''}</td>
<td><span title="${due.basis}">${chineseDate(due.date)}</span>${late ? html` <span class="badge bad">逾期</span>` : ''}</td>
<td>${s?.submittedAt ? chineseDate(s.submittedAt.slice(0, 10)) : '—'}</td>
</tr>${u.children.map((c) => row(c, depth + 1))}${externals
      .filter((e) => u.members.includes(e.parentOrgId ?? -1))
      .map(
        (e) => html`<tr>
<th scope="row">${'　'.repeat(depth + 1)}${e.orgName}</th><td>未在平台上的单位</td><td>${statusBadge(e.status, true)}</td><td>—</td><td>${e.submittedAt ? chineseDate(e.submittedAt.slice(0, 10)) : '—'}</td></tr>`,
      )}`;
  };
  return reply.page(
    adminPage(
      req.view,
      { title: `${year}年度政府信息公开工作年度报告`, section: '/admin/reports', head: REPORT_HEAD },
      html`<h1>政府信息公开工作年度报告</h1>
<nav aria-label="年度"><ul class="year-list">${years.map((y) => (y === year ? html`<li><span aria-current="page">${y}年度</span></li>` : html`<li><a href="${url('/admin/reports', { year: y })}">${y}年度</a></li>`))}</ul></nav>
<p>${year}年度报告使用格式：${format.title}（${format.basis}）。${year <= 2018 ? '按2008年条例，各机关于次年3月31日前公布。' : '按2019年条例，部门和乡镇（街道）于次年1月31日前报送并公布，区（县）政府于2月20日前公布。'}</p>
<p>${[...counts.entries()].map(([s, n]) => html`${statusBadge(s)} ${n}　`)}</p>
<div class="table-wrap"><table class="status-board">
<caption>${year}年度各单位报告状态</caption>
<thead><tr><th scope="col">单位</th><th scope="col">类型</th><th scope="col">状态</th><th scope="col">法定期限</th><th scope="col">报送时间</th></tr></thead>
<tbody>${trees.map((t) => row(t, 0))}</tbody>
</table></div>
${
  canImport
    ? html`<section class="panel" aria-labelledby="import-h"><h2 id="import-h">导入未在平台上的单位的年度报告</h2>
<p class="hint">JSON、CSV 或 XLSX 文件，格式与本系统导出的文件相同（可先从任一报告页下载 CSV/XLSX 作为模板）。文件先经全部校验，有任何问题即整份退回并逐项列出，不保存任何内容。</p>
${importErrors.length ? html`<div class="error-summary" role="alert" tabindex="-1"><h3>文件未导入，共 ${importErrors.length} 处问题</h3><ul>${importErrors.map((e) => html`<li>${e}</li>`)}</ul></div>` : ''}
<form method="post" action="/admin/reports/import" enctype="multipart/form-data">
<input type="hidden" name="_csrf" value="${req.view.csrf()}">
<div class="field"><label for="f-parent">归属（汇总到）</label><select id="f-parent" name="parentOrgId">${unitList.map((u) => html`<option value="${u.org.id}">${u.org.name}</option>`)}</select></div>
<div class="field"><label for="f-file">报告文件</label><input type="file" id="f-file" name="file" accept=".json,.csv,.xlsx" required></div>
<button type="submit">校验并导入</button>
</form></section>`
    : ''
}`,
    ),
    { status: importErrors.length ? 400 : 200 },
  );
}

/** Reporting bodies in the actor's scope by status for a year, and how many are overdue. */
export async function statusSummary(req: FastifyRequest, year: number): Promise<{ counts: Array<[string, number]>; overdue: number }> {
  const orgs = await listOrgs(req.ctx.db, { includeInactive: true });
  const visible = await listOrgs(req.ctx.db, { scope: req.ctx.scope('reports.view') });
  const roots = visible.filter((o) => !visible.some((p) => p.id === o.parentId));
  const kinds = await getSetting(req.ctx.db, reportingKindsSetting);
  const units = roots.flatMap((r) => flattenUnits(reportingTree(orgs, r.id, kinds)));
  const stored = await reportsOfYear(
    req.ctx.db,
    year,
    units.map((u) => u.org.id),
  );
  const byOrg = new Map(stored.filter((s) => s.orgId !== null).map((s) => [s.orgId!, s]));
  const counts = new Map<ReportStatus, number>();
  let overdue = 0;
  for (const u of units) {
    const st: ReportStatus = byOrg.get(u.org.id)?.status ?? 'not_started';
    counts.set(st, (counts.get(st) ?? 0) + 1);
    if ((st === 'not_started' || st === 'draft' || st === 'returned') && req.view.today > reportDueDate(year, u.org.kind, u.org.parentId === null).date)
      overdue++;
  }
  return { counts: [...counts.entries()].map(([st, n]) => [REPORT_STATUS_LABELS[st], n]), overdue };
}

// ——— one report ——————————————————————————————————————————————————————————————————

export async function reportPage(req: FastifyRequest, reply: FastifyReply, errors: FormErrors = {}) {
  const { orgId, year } = params(req);
  const v = await loadReportView(req, orgId, year);
  if (!req.view.can('reports.view', v.org)) throw new NotFoundError('没有这份年度报告');
  const g = v.generated;
  const s = g.stored;
  const status: ReportStatus = s?.status ?? 'not_started';
  const csrf = req.view.csrf();
  const canEdit = req.view.can('reports.edit', v.org) && s?.source !== 'import';
  const canReview = req.view.can('reports.review', v.org);
  const allowed = eventsFrom(REPORT_TRANSITIONS, status);
  const due = reportDueDate(year, v.org.kind, v.org.parentId === null);
  const errorsFound = v.shown.checks.filter((c) => c.severity === 'error');
  const warnings = v.shown.checks.filter((c) => c.severity === 'warning');
  const liveChecks = g.report.checks;
  const events = s ? await reportEvents(req.ctx.db, s.id) : [];
  const stats = await processingStats(
    req.ctx.ports.processingTimes,
    req.ctx.db,
    flattenUnits(g.tree).flatMap((u) => u.members),
    year,
    req.view.today,
  );
  const children = g.tree.children;
  const storedChildren = children.length
    ? await reportsOfYear(
        req.ctx.db,
        year,
        children.map((c) => c.org.id),
      )
    : [];
  const charts = await chartsCached(req, orgId, year);
  const manualNote = (ref: { table: string; row: string; col: string }) => {
    const t = findTable(v.format, ref.table);
    const r = t?.rows.find((x) => x.key === ref.row);
    const c = t?.columns.find((x) => x.key === ref.col);
    if (!t || !r || !c) return undefined;
    const leaves = cellLeaves(t, r, c);
    if (!leaves.manual.length || leaves.metrics.length) return undefined;
    const entries = leaves.manual.flatMap((k) => [...g.facts.values()].map((m) => m.get(k)).filter((e) => !!e));
    if (!entries.length) return '未填报（按0计）';
    const newest = entries.sort((a, b) => (a!.enteredAt < b!.enteredAt ? 1 : -1))[0]!;
    return `手工填报：${newest.enteredBy}，${newest.enteredAt.slice(0, 10)}${entries.length > 1 ? `（共${entries.length}个单位）` : ''}`;
  };
  const body = reportHtml(v.shown, v.format, v.title, {
    titleLevel: 2,
    cellHref: (ref) => reportHref(orgId, year, `/cell/${ref.table}/${ref.row}/${ref.col}`),
    cellNote: manualNote,
  });
  return reply.page(
    adminPage(
      req.view,
      { title: v.title, section: '/admin/reports', head: REPORT_HEAD },
      html`${breadcrumbs([{ label: '年度报告', href: url('/admin/reports', { year }) }, { label: v.title }])}
<h1>${v.title}</h1>
${errorSummary(errors)}
<section class="panel no-print" aria-labelledby="status-h">
<h2 id="status-h">报告状态</h2>
<p class="report-status">${statusBadge(status, s?.source === 'import')}
<span>格式：${v.format.title}（${v.format.basis}）</span>
<span>法定期限：<span title="${due.basis}">${chineseDate(due.date)}</span>${(status === 'not_started' || status === 'draft' || status === 'returned') && req.view.today > due.date ? html` <span class="badge bad">逾期</span>` : ''}</span></p>
${s?.submittedAt ? html`<p>报送：${s.submittedBy}，${chineseDate(s.submittedAt.slice(0, 10))}${s.publishedAt ? html`；发布：${chineseDate(s.publishedAt.slice(0, 10))}（<a href="/nianbao/${year}/${orgId}">在门户网站查看</a>）` : ''}</p>` : ''}
${status === 'returned' && s?.comment ? notice('warn', html`<strong>退回修改意见（${s.decidedBy}）：</strong>${s.comment}`) : ''}
${v.filed ? html`<p class="hint">以下为报送时冻结的数据和正文（${s?.submittedAt?.slice(0, 10) ?? ''}）；点击数字查看当前记录。${liveDiffers(v) ? html`<strong>当前记录计算的结果与报送时不同。</strong>` : ''}</p>` : html`<p class="hint">以下数字由平台记录实时计算；点击任一数字查看其统计依据。</p>`}
<div class="actions">
${canEdit && allowed.includes('edit') ? html`<a class="btn secondary" href="${reportHref(orgId, year, '/narrative')}">编辑报告正文</a>` : ''}
${canEdit && allowed.includes('submit') ? buttonForm(reportHref(orgId, year, '/submit'), csrf, liveChecks.some((c) => c.severity === 'error') ? '报送（须先修正错误）' : '报送', {}, 'btn') : ''}
${canReview && allowed.includes('accept') ? buttonForm(reportHref(orgId, year, '/accept'), csrf, '审核通过并发布', {}, 'btn') : ''}
<a class="btn secondary" href="${url('/admin/reports/facts', { org: orgId, year })}">年度数据</a>
<a class="btn secondary" href="${url('/admin/reports/activities', { org: orgId, year })}">公开工作活动</a>
</div>
${canReview && allowed.includes('return') ? postForm(reportHref(orgId, year, '/return'), csrf, html`${textArea({ name: 'comment', label: '退回修改意见', rows: 3, errors, hint: '写明需要修改的内容，报送单位在报告页可见。' })}<button type="submit" class="btn danger">退回修改</button>`, { label: '退回修改' }) : ''}
</section>

<section class="panel no-print" aria-labelledby="checks-h">
<h2 id="checks-h">校验结果（${errorsFound.length} 个错误，${warnings.length} 条提示）</h2>
${v.shown.checks.length ? html`<ul class="check-list">${v.shown.checks.map((c) => html`<li><span class="${c.severity}">${c.severity === 'error' ? '错误' : '提示'}</span> <code>${c.rule}</code> ${c.message}${c.cells.length ? html` ${c.cells.slice(0, 6).map((x) => html`<a href="${reportHref(orgId, year, `/cell/${x.table}/${x.row}/${x.col}`)}">${cellName(v, x)}</a> `)}` : ''}</li>`)}</ul>` : html`<p>全部校验通过。</p>`}
${g.skipped.length ? html`<p class="hint">未能执行：${g.skipped.map((k) => `${k.rule}（${k.reason}）`).join('；')}</p>` : ''}
${errorsFound.length ? html`<p class="hint">有错误的报告不能报送；提示不影响报送。</p>` : ''}
</section>

<section class="panel no-print" aria-labelledby="dl-h"><h2 id="dl-h">下载</h2>
<ul class="report-downloads">${EXPORT_KINDS.map((k) => html`<li><a href="${reportHref(orgId, year, `/export.${k}`)}" download>${KIND_LABELS[k]}（.${k}）</a></li>`)}</ul>
<p class="hint">各表 CSV（按印制版式）：${v.format.tables.map((t) => html`<a href="${reportHref(orgId, year, `/table/${t.id}.csv`)}" download>${t.ref}</a> `)}</p>
</section>

${raw(body)}

${children.length ? childPanel(req, v, children, storedChildren, g) : ''}

<section class="panel" aria-labelledby="pt-h"><h2 id="pt-h">依申请公开办理用时（${v.org.parentId === null ? '全区' : '本单位'}，逐件计算）</h2>
${
  stats
    ? html`<table class="meta"><tbody>
<tr><th scope="row">本年办结</th><td>${stats.count} 件</td></tr>
<tr><th scope="row">中位数</th><td>${stats.median ?? '—'} 个工作日</td></tr>
<tr><th scope="row">平均数</th><td>${stats.mean ?? '—'} 个工作日</td></tr>
<tr><th scope="row">第90百分位</th><td>${stats.p90 ?? '—'} 个工作日</td></tr>
</tbody></table>
<h3>办理时间最长的未办结申请（前10件，截至${chineseDate(req.view.today)}）</h3>
${stats.oldestPending.length ? html`<ol>${stats.oldestPending.map((p) => html`<li><a href="${p.href}">${p.label}</a>，${chineseDate(p.receivedOn)}收到，已用${p.workingDaysElapsed}个工作日${p.dueOn ? `，期限${chineseDate(p.dueOn)}` : ''}</li>`)}</ol>` : html`<p>没有未办结的申请。</p>`}
<p class="hint">用时为从法定收到日期至作出答复的工作日数，扣除补正、征求意见、缴费等中止期间；上级汇总由全部下级的逐件用时重新计算，而非下级中位数的平均。</p>`
    : html`<p class="hint">依申请公开模块尚未提供逐件办理用时，暂无统计。</p>`
}
</section>

<section class="panel" aria-labelledby="charts-h"><h2 id="charts-h">图表：与上一年度比较</h2>
${charts.length ? charts.map((c) => html`<figure class="chart"><img src="${reportHref(orgId, year, `/chart/${c.name}.svg`)}" alt="${c.alt}" loading="lazy" width="640" height="360"><figcaption>${c.caption}</figcaption></figure>`) : html`<p>暂无可比较的数据。</p>`}
${charts.length < 4 ? html`<p class="hint">两个年度均无数据的图表（如当年未收到申请时的办理结果和办理用时）不显示。</p>` : ''}
</section>

${events.length ? html`<section class="panel" aria-labelledby="hist-h"><h2 id="hist-h">办理记录</h2><ul>${events.map((e) => html`<li>${e.at.slice(0, 16).replace('T', ' ')} ${e.actor} ${EVENT_LABELS[e.event as keyof typeof EVENT_LABELS] ?? e.event}${e.comment ? `：${e.comment}` : ''}</li>`)}</ul></section>` : ''}`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

export const CHART_ALT: Record<string, string> = {
  monthly: '逐月主动公开政府信息数，本年与上年对比',
  channels: '各渠道公开政府信息数，本年与上年对比',
  outcomes: '政府信息公开申请办理结果，本年与上年对比',
  processing: '依申请公开办理用时中位数、平均数和第90百分位，本年与上年对比',
};

function liveDiffers(v: ReportView): boolean {
  for (const t of v.shown.tables)
    for (const r of t.rows) for (const [c, val] of Object.entries(r.cells)) if (getCell(v.generated.report, t.id, r.key, c) !== val) return true;
  return false;
}

function cellName(v: ReportView, x: { table: string; row: string; col: string }): string {
  const t = findTable(v.format, x.table);
  return t ? cellRef(t, x.row, x.col) : `${x.table}.${x.row}.${x.col}`;
}

function childPanel(_req: FastifyRequest, v: ReportView, children: ReportingUnit[], stored: StoredReport[], g: ReportView['generated']): SafeHtml {
  const byOrg = new Map(stored.filter((s) => s.orgId !== null).map((s) => [s.orgId!, s]));
  const externals = g.parts.filter((p) => p.kind === 'import');
  return html`<section class="panel" aria-labelledby="children-h"><h2 id="children-h">下级单位报告（汇总来源）</h2>
<p class="hint">本报告 = 本级工作 + 下列单位的报告。已报送或已发布的下级报告按报送时的数据汇总，其余按当前记录计算。</p>
<div class="table-wrap"><table class="status-board"><caption>下级单位报告状态</caption>
<thead><tr><th scope="col">单位</th><th scope="col">状态</th><th scope="col">法定期限</th><th scope="col">汇总方式</th></tr></thead>
<tbody>${children.map((c) => {
    const s = byOrg.get(c.org.id);
    const part = g.parts.find((p) => p.kind !== 'import' && p.unit.org.id === c.org.id);
    return html`<tr><th scope="row"><a href="${reportHref(c.org.id, v.year)}">${c.org.name}</a></th><td>${statusBadge(s?.status ?? 'not_started', s?.source === 'import')}</td><td>${chineseDate(reportDueDate(v.year, c.org.kind, false).date)}</td><td>${part?.kind === 'filed' ? '按报送数据' : '按当前记录'}</td></tr>`;
  })}
${externals.map((p) => html`<tr><th scope="row">${p.kind === 'import' ? p.stored.orgName : ''}</th><td>${statusBadge('submitted', true)}</td><td>—</td><td>按导入文件</td></tr>`)}</tbody></table></div></section>`;
}

// ——— the records behind one figure ——————————————————————————————————————————————————

export async function cellPage(req: FastifyRequest, reply: FastifyReply) {
  const { orgId, year } = params(req);
  const p = req.params as { table: string; row: string; col: string };
  const v = await loadReportView(req, orgId, year);
  if (!req.view.can('reports.view', v.org)) throw new NotFoundError('没有这份年度报告');
  const table = findTable(v.format, p.table);
  const row = table?.rows.find((r) => r.key === p.row && !r.heading);
  const col = table?.columns.find((c) => c.key === p.col);
  if (!table || !row || !col) throw new NotFoundError('报告中没有这一项');
  const g = v.generated;
  const leaves = cellLeaves(table, row, col);
  const q = queryOf(req);
  const orgs = await listOrgs(req.ctx.db, { includeInactive: true });
  const orgName = (id: number) => orgs.find((o) => o.id === id)?.name ?? `#${id}`;
  const live = g.parts.filter((x) => x.kind === 'live');
  const liveMembers = new Set(live.flatMap((x) => (x.kind === 'live' ? x.unit.members : [])));
  const shownValue = getCell(v.shown, table.id, row.key, col.key);
  const liveValue = getCell(g.report, table.id, row.key, col.key);
  const name = cellRef(table, row.key, col.key);
  const pageSize = 20;

  const metricSections = await Promise.all(
    leaves.metrics.map(async (leaf, i) => {
      const def = req.ctx.registry.metrics.get(leaf.name);
      const fig = g.metrics.get(leaf.key);
      const perOrg = [...(fig?.byOrg.entries() ?? [])].filter(([id, n]) => n && liveMembers.has(id)).sort((a, b) => b[1] - a[1]);
      // Few records: list them all, org by org. Many: one org at a time, paged.
      const all = perOrg.reduce((a, [, n]) => a + n, 0) <= 60;
      const selected = Number(q[`org${i}`]) || perOrg[0]?.[0];
      const page = pageNumber(q[`page${i}`]);
      const records =
        def && selected && !all
          ? await def.records(req.ctx.db, { orgId: selected, year, params: leaf.params }, { limit: pageSize, offset: (page - 1) * pageSize })
          : undefined;
      const everything =
        def && all
          ? await Promise.all(
              perOrg.map(async ([id]) => ({ id, list: await def.records(req.ctx.db, { orgId: id, year, params: leaf.params }, { limit: 60, offset: 0 }) })),
            )
          : [];
      const paramText = Object.entries(leaf.params)
        .map(([k, val]) => `${k}=${Array.isArray(val) ? val.join('、') : String(val)}`)
        .join('，');
      return html`<section class="panel" aria-labelledby="leaf-${i}"><h2 id="leaf-${i}">统计指标 <code>${leaf.name}</code>${paramText ? `（${paramText}）` : ''}</h2>
<p>${def?.describe ?? '尚无模块提供此统计指标。'}</p>
${
  perOrg.length
    ? html`<div class="table-wrap"><table><caption>按单位（本级及未单独报告的下级单位的记录）</caption>
<thead><tr><th scope="col">单位</th><th scope="col">计数</th></tr></thead>
<tbody>${perOrg.map(([id, n]) => html`<tr><th scope="row">${all || id === selected ? html`<strong>${orgName(id)}</strong>` : html`<a href="${url(reportHref(orgId, year, `/cell/${table.id}/${row.key}/${col.key}`), { ...q, [`org${i}`]: id, [`page${i}`]: null })}#leaf-${i}">${orgName(id)}</a>`}</th><td class="num">${formatValue(n)}</td></tr>`)}</tbody></table></div>`
    : html`<p>当前记录中没有计入此项的记录。</p>`
}
${everything.map(
  ({ id, list }) => html`<h3>${orgName(id)}：计入的记录（${list.total} 条）</h3>
<ol>${list.rows.map((r) => html`<li><a href="${r.href}">${r.label}</a>${r.date ? html` <span class="muted">${r.date}</span>` : ''}</li>`)}</ol>`,
)}
${
  records && selected
    ? html`<h3>${orgName(selected)}：计入的记录（共 ${records.total} 条）</h3>
<ol start="${(page - 1) * pageSize + 1}">${records.rows.map((r) => html`<li><a href="${r.href}">${r.label}</a>${r.date ? html` <span class="muted">${r.date}</span>` : ''}</li>`)}</ol>
${pagination({ page, pageSize, total: records.total, href: (n) => `${url(reportHref(orgId, year, `/cell/${table.id}/${row.key}/${col.key}`), { ...q, [`org${i}`]: selected, [`page${i}`]: n > 1 ? n : null })}#leaf-${i}` })}`
    : ''
}
</section>`;
    }),
  );

  const manualSections = await Promise.all(
    leaves.manual.map(async (key) => {
      const def = factDef(key);
      const entries = await Promise.all([...liveMembers].map(async (id) => ({ id, history: await factHistory(req.ctx.db, id, year, key) })));
      const entered = entries.flatMap(({ id, history: [latest, ...earlier] }) => (latest ? [{ id, latest, earlier }] : []));
      const missing = live.filter((x) => x.kind === 'live' && !x.unit.members.some((m) => entered.some((e) => e.id === m)));
      return html`<section class="panel"><h2>手工填报：${def?.label ?? key} <code>${key}</code></h2>
${
  entered.length
    ? html`<div class="table-wrap"><table><caption>填报情况（最新一次为准）</caption>
<thead><tr><th scope="col">单位</th><th scope="col">数值</th><th scope="col">填报人</th><th scope="col">填报时间</th><th scope="col">历次修改</th></tr></thead>
<tbody>${entered.map(({ id, latest, earlier }) => html`<tr><th scope="row"><a href="${url('/admin/reports/facts', { org: id, year })}">${orgName(id)}</a></th><td class="num">${formatValue(latest.value)}${latest.names.length ? html`<br><span class="muted">${latest.names.join('、')}</span>` : ''}</td><td>${latest.enteredBy}</td><td>${latest.enteredAt.slice(0, 16).replace('T', ' ')}</td><td>${earlier.length ? earlier.map((h) => `${formatValue(h.value)}（${h.enteredBy}，${h.enteredAt.slice(0, 10)}）`).join('；') : '—'}</td></tr>`)}</tbody></table></div>`
    : ''
}
${missing.length ? html`<p class="muted">未填报（按0计）：${missing.map((x) => (x.kind === 'live' ? x.unit.org.name : '')).join('、')}</p>` : ''}
</section>`;
    }),
  );

  const filedParts = g.parts.filter((x) => x.kind !== 'live');
  return reply.page(
    adminPage(
      req.view,
      { title: `${name} - ${v.title}`, section: '/admin/reports', head: REPORT_HEAD },
      html`${breadcrumbs([{ label: '年度报告', href: url('/admin/reports', { year }) }, { label: v.title, href: reportHref(orgId, year) }, { label: '统计依据' }])}
<h1>${name}：${shownValue === null || shownValue === undefined ? '空白' : formatValue(shownValue)}${row.unit ?? col.unit ?? table.unit ?? ''}</h1>
${v.filed && shownValue !== liveValue ? notice('warn', html`报送时为 ${shownValue ?? '空白'}，按当前记录计算为 ${liveValue ?? '空白'}。`) : ''}
<p>${describeRule(table, row, col, leaves)}</p>
${filedParts.length ? html`<section class="panel"><h2>来自已报送或导入报告的数据</h2><ul>${filedParts.map((x) => html`<li>${x.kind === 'import' ? x.stored.orgName : x.unit.org.name}：${formatValue(getCell(x.report, table.id, row.key, col.key) ?? 0)}（${x.kind === 'import' ? '导入文件' : '已报送报告'}）</li>`)}</ul></section>` : ''}
${metricSections}${manualSections}
${leaves.carry ? html`<p>此项承接上一年度报告（<a href="${reportHref(orgId, year - 1)}">${year - 1}年度</a>）。</p>` : ''}
<p><a href="${reportHref(orgId, year)}#table-${table.id}">返回报告</a></p>`,
    ),
  );
}

function describeRule(
  _table: NonNullable<ReturnType<typeof findTable>>,
  row: { key: string; label: string },
  _col: { key: string },
  leaves: ReturnType<typeof cellLeaves>,
): string {
  const parts: string[] = [];
  if (leaves.metrics.length) parts.push(`由 ${leaves.metrics.length} 项统计指标按记录自动计算`);
  if (leaves.manual.length) parts.push(`含 ${leaves.manual.length} 项手工填报的年度数据`);
  if (leaves.carry) parts.push('承接上一年度报告');
  if (!parts.length) return `${row.label}为固定值。`;
  return `计算方法：${parts.join('，')}。上级报告为本级与各下级报告之和。`;
}

export { titleFor };
