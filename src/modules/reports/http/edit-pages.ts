/**
 * The back-office forms: the report's narrative (with its live placeholders previewed), the
 * disclosure activities and public concerns, and the per-year facts with their history.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { html, raw, url, type SafeHtml } from '../../../platform/web/html.ts';
import { adminPage } from '../../../platform/web/layout.ts';
import {
  breadcrumbs,
  errorSummary,
  pagination,
  pageNumber,
  postForm,
  selectField,
  textArea,
  textField,
  type FormErrors,
} from '../../../platform/web/components.ts';
import { queryOf } from '../../../platform/web/kit.ts';
import { NotFoundError } from '../../../kernel/errors.ts';
import { listOrgs, type Org } from '../../orgs/index.ts';
import { findActivity, listActivities, listConcerns, factHistory, currentFacts, type Activity } from '../repo.ts';
import { ACTIVITY_KINDS, ACTIVITY_KIND_LABELS, RESPONSE_CHANNELS, RESPONSE_CHANNEL_LABELS, type ActivityKind } from '../types.ts';
import { FACT_DEFS, factDef } from '../facts.ts';
import { formatNeeds } from '../engine/rules.ts';
import { placeholdersOf } from '../engine/narrative.ts';
import { narrativeLength } from '../checks.ts';
import { eventsFrom } from '../../../platform/workflow/transitions.ts';
import { REPORT_TRANSITIONS } from '../states.ts';
import { formatValue } from '../export/layout.ts';
import { loadReportView, params, formatOf } from './load.ts';
import { REPORT_HEAD, reportHref } from './report-pages.ts';

// ——— narrative ——————————————————————————————————————————————————————————————————

export async function narrativePage(req: FastifyRequest, reply: FastifyReply, errors: FormErrors = {}, draft?: Record<string, string>) {
  const { orgId, year } = params(req);
  const v = await loadReportView(req, orgId, year, 'reports.edit');
  const g = v.generated;
  const status = g.stored?.status ?? 'not_started';
  const editable = eventsFrom(REPORT_TRANSITIONS, status).includes('edit') && g.stored?.source !== 'import';
  const sources = draft ?? g.narrativeSource;
  const used = new Map<string, string>();
  for (const s of v.format.sections) for (const p of placeholdersOf(sources[s.key] ?? '')) used.set(p.source, p.name);
  const lengthWarning = g.report.checks.find((c) => c.rule === 'narrative.length');
  const repeatWarning = g.report.checks.find((c) => c.rule === 'narrative.repeat');
  const unknown = g.report.checks.find((c) => c.rule === 'narrative.placeholder');
  return reply.page(
    adminPage(
      req.view,
      { title: `编辑正文 - ${v.title}`, section: '/admin/reports', head: REPORT_HEAD },
      html`${breadcrumbs([{ label: '年度报告', href: url('/admin/reports', { year }) }, { label: v.title, href: reportHref(orgId, year) }, { label: '编辑正文' }])}
<h1>编辑报告正文</h1>
${editable ? '' : html`<div class="notice warn" role="status">报告已报送（或已发布），正文不能修改；如需修改，请政务公开办退回。</div>`}
${errorSummary(errors)}
${g.narrativeIsDraft ? html`<p class="notice">以下正文由平台根据数据预先起草，可直接修改。双花括号中的占位符在每次显示、导出和报送时按当时的数据自动填入。</p>` : ''}
${lengthWarning ? html`<p class="notice warn">${lengthWarning.message}</p>` : ''}${repeatWarning ? html`<p class="notice warn">${repeatWarning.message}</p>` : ''}${unknown ? html`<p class="notice warn">${unknown.message}</p>` : ''}
${postForm(
  reportHref(orgId, year, '/narrative'),
  req.view.csrf(),
  html`${v.format.sections.map(
    (
      s,
    ) => html`${textArea({ name: `section_${s.key}`, label: s.title, value: sources[s.key] ?? '', rows: s.kind === 'prose' ? 10 : 3, hint: sectionHint(v, s), errors })}
<details><summary>预览「${s.title}」</summary><div class="gk-report">${(v.generated.report.sections.find((x) => x.key === s.key)?.text ?? '')
      .split(/\n+/)
      .filter(Boolean)
      .map((p) => html`<p>${p}</p>`)}</div></details>`,
  )}
${editable ? html`<button type="submit">保存正文</button>` : ''}`,
  { className: 'narrative-form', label: '报告正文' },
)}
<section class="panel placeholder-help" aria-labelledby="ph-h"><h2 id="ph-h">占位符</h2>
<ul>
<li><code>{{year}}</code> 报告年度；<code>{{org}}</code> 单位名称</li>
<li><code>{{catalogue.published}}</code>、<code>{{catalogue.published channel=website}}</code> 等统计指标（见下方“可用的统计指标”）</li>
<li><code>{{cell:t3.total.total}}</code> 表格中的某一格（表.行.列）；<code>{{staff.fullTime}}</code> 年度数据</li>
<li><code>{{^requests.feesCollected}}……{{/requests.feesCollected}}</code> 数值为0时显示；<code>{{#…}}……{{/…}}</code> 不为0时显示</li>
</ul>
<details><summary>可用的统计指标（${req.ctx.registry.metrics.size}项）</summary>
<table class="data"><thead><tr><th scope="col">占位符</th><th scope="col">含义</th></tr></thead><tbody>${[...req.ctx.registry.metrics.values()].map(
        (m) => html`<tr><td><code>{{${m.name}}}</code></td><td>${m.describe}</td></tr>`,
      )}</tbody></table></details>
${used.size ? html`<p>本报告正文使用的占位符：${[...used.keys()].map((k) => html`<code>{{${k}}}</code> `)}</p>` : ''}
</section>`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

/** The section's guidance, and for a section with a length limit how long it now is (placeholders filled). */
function sectionHint(v: Awaited<ReturnType<typeof loadReportView>>, s: (typeof v.format.sections)[number]): string | undefined {
  const limit = v.format.checks.find((c) => c.kind === 'textLength' && c.section === s.key);
  const base = s.guidance ?? (s.kind === 'tables' ? '本节以表格为主，可在表格前加说明文字。' : undefined);
  if (limit?.kind !== 'textLength') return base;
  const text = v.generated.report.sections.find((x) => x.key === s.key)?.text ?? '';
  return `${base ?? ''}当前约${narrativeLength(text)}字（上限约${limit.maxChars}字）。`;
}

// ——— activities ——————————————————————————————————————————————————————————————————

const ACTIVITY_FIELD_LABELS: Record<string, string> = {
  orgId: '单位',
  kind: '类别',
  heldOn: '日期',
  title: '名称',
  leaderPresent: '主要负责同志参加',
  channel: '回应渠道',
  concernId: '所回应的公众关注事项',
  policyTitle: '所解读的政策',
  policyRef: '政策索引号或文号',
  participants: '参加人数（人次）',
  outcome: '听证结果',
  notes: '备注',
};

async function scopedOrgs(req: FastifyRequest, action: string): Promise<Org[]> {
  return listOrgs(req.ctx.db, { scope: req.ctx.scope(action) });
}

function activityForm(
  req: FastifyRequest,
  action: string,
  orgs: Org[],
  concerns: Awaited<ReturnType<typeof listConcerns>>,
  v: Record<string, string>,
  errors: FormErrors,
  submit: string,
): SafeHtml {
  return postForm(
    action,
    req.view.csrf(),
    html`${errorSummary(errors, ACTIVITY_FIELD_LABELS)}
${selectField({ name: 'kind', label: '类别', options: ACTIVITY_KINDS.map((k) => ({ value: k, label: ACTIVITY_KIND_LABELS[k] })), value: v.kind, required: true, errors })}
${selectField({ name: 'orgId', label: '单位', options: orgs.map((o) => ({ value: o.id, label: `${'　'.repeat(o.depth)}${o.name}` })), value: v.orgId, required: true, errors })}
${textField({ name: 'heldOn', label: '日期', type: 'date', value: v.heldOn, required: true, errors, hint: '举行、发布或回应的日期；报告按此日期计入年度' })}
${textField({ name: 'title', label: '名称', value: v.title, required: true, errors, maxlength: 200 })}
<fieldset><legend>按类别填写</legend>
<div class="field"><input type="checkbox" id="f-leaderPresent" name="leaderPresent" value="on"${v.leaderPresent ? raw(' checked') : ''}> <label for="f-leaderPresent">主要负责同志参加（新闻发布会、在线访谈）</label></div>
${selectField({ name: 'channel', label: '回应渠道（回应公众关注）', options: RESPONSE_CHANNELS.map((c) => ({ value: c, label: RESPONSE_CHANNEL_LABELS[c] })), placeholder: '（不适用）', value: v.channel, errors })}
${selectField({ name: 'concernId', label: '所回应的公众关注事项（回应公众关注）', options: concerns.map((c) => ({ value: c.id, label: `${c.raisedOn} ${c.title}${c.isHot ? '（热点/重大舆情）' : ''}` })), placeholder: '（不适用）', value: v.concernId, errors, hint: '先在“公众关注事项”登记；同一事项多次回应只在热点数中计1次' })}
${textField({ name: 'policyTitle', label: '所解读的政策名称（政策解读稿件）', value: v.policyTitle, errors })}
${textField({ name: 'policyRef', label: '所解读政策的索引号或文号', value: v.policyRef, errors, hint: '填写索引号时，自动关联信息公开目录中的该政策文件' })}
${textField({ name: 'participants', label: '参加人数（听证会、会议、培训班；培训计人次）', type: 'number', value: v.participants, errors, inputmode: 'numeric' })}
${textArea({ name: 'outcome', label: '听证结果（听证会）', value: v.outcome, rows: 2, errors })}
</fieldset>
${textArea({ name: 'notes', label: '备注', value: v.notes, rows: 2, errors })}
<button type="submit">${submit}</button>`,
    { label: submit },
  );
}

export async function activitiesPage(req: FastifyRequest, reply: FastifyReply, errors: FormErrors = {}, values: Record<string, string> = {}) {
  const q = queryOf(req);
  const year = Number(q.year) || Number(req.view.today.slice(0, 4));
  const kind = (ACTIVITY_KINDS as readonly string[]).includes(q.kind ?? '') ? (q.kind as ActivityKind) : undefined;
  const orgFilter = Number(q.org) || undefined;
  const page = pageNumber(q.page);
  const list = await listActivities(req.ctx.db, { scope: req.ctx.scope('reports.view'), year, kind, orgId: orgFilter, limit: 30, offset: (page - 1) * 30 });
  const orgs = await listOrgs(req.ctx.db, { includeInactive: true });
  const name = (id: number) => orgs.find((o) => o.id === id)?.shortName ?? '';
  const canRecord = req.view.can('reports.activities');
  const recordable = canRecord ? await scopedOrgs(req, 'reports.activities') : [];
  const concerns = canRecord ? await listConcerns(req.ctx.db, { scope: req.ctx.scope('reports.view'), year }) : [];
  return reply.page(
    adminPage(
      req.view,
      { title: '公开工作活动', section: '/admin/reports/activities', head: REPORT_HEAD },
      html`<h1>公开工作活动</h1>
<p>新闻发布会、在线访谈、政策解读、回应公众关注、听证会、工作会议和培训在发生时登记一次，年度报告自动计数。</p>
<form method="get" action="/admin/reports/activities" class="filters">
${textField({ name: 'year', label: '年度', type: 'number', value: year })}
${selectField({ name: 'kind', label: '类别', options: ACTIVITY_KINDS.map((k) => ({ value: k, label: ACTIVITY_KIND_LABELS[k] })), placeholder: '全部', value: kind ?? '' })}
${selectField({ name: 'org', label: '单位', options: orgs.filter((o) => o.depth <= 1).map((o) => ({ value: o.id, label: o.name })), placeholder: '全部', value: orgFilter ?? '' })}
<button type="submit">筛选</button>
</form>
<div class="table-wrap"><table>
<caption>${year}年度活动记录（共 ${list.total} 条）</caption>
<thead><tr><th scope="col">日期</th><th scope="col">类别</th><th scope="col">名称</th><th scope="col">单位</th><th scope="col">要点</th></tr></thead>
<tbody>${list.rows.map((a) => html`<tr><td>${a.heldOn}</td><td>${ACTIVITY_KIND_LABELS[a.kind]}</td><th scope="row"><a href="/admin/reports/activities/${a.id}">${a.title}</a></th><td>${name(a.orgId)}</td><td>${activitySummary(a)}</td></tr>`)}</tbody>
</table></div>
${pagination({ page, pageSize: 30, total: list.total, href: (n) => url('/admin/reports/activities', { year, kind, org: orgFilter, page: n > 1 ? n : null }) })}
${canRecord ? html`<section class="panel" aria-labelledby="new-act"><h2 id="new-act">登记活动</h2>${activityForm(req, '/admin/reports/activities', recordable, concerns, { heldOn: req.view.today, ...values }, errors, '登记')}</section>` : ''}`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

function activitySummary(a: Activity): string {
  const bits: string[] = [];
  if (a.leaderPresent) bits.push('主要负责同志参加');
  if (a.channel) bits.push(RESPONSE_CHANNEL_LABELS[a.channel as keyof typeof RESPONSE_CHANNEL_LABELS] ?? a.channel);
  if (a.concernTitle) bits.push(`回应：${a.concernTitle}`);
  if (a.policyTitle) bits.push(`解读：${a.policyTitle}${a.policyRef ? `（${a.policyRef}）` : ''}`);
  if (a.participants !== null) bits.push(`${a.participants}人${a.kind === 'training' ? '次' : ''}`);
  if (a.outcome) bits.push(`结果：${a.outcome}`);
  return bits.join('；');
}

export async function activityPage(req: FastifyRequest, reply: FastifyReply, errors: FormErrors = {}, values?: Record<string, string>) {
  const id = Number((req.params as { id: string }).id);
  const a = Number.isInteger(id) ? await findActivity(req.ctx.db, id) : undefined;
  if (!a || a.deleted) throw new NotFoundError('活动记录不存在');
  const orgs = await listOrgs(req.ctx.db, { includeInactive: true });
  const org = orgs.find((o) => o.id === a.orgId)!;
  if (!req.view.can('reports.view', org)) throw new NotFoundError('活动记录不存在');
  const canEdit = req.view.can('reports.activities', org);
  const v: Record<string, string> = values ?? {
    kind: a.kind,
    orgId: String(a.orgId),
    heldOn: a.heldOn,
    title: a.title,
    leaderPresent: a.leaderPresent ? 'on' : '',
    channel: a.channel ?? '',
    concernId: a.concernId ? String(a.concernId) : '',
    policyTitle: a.policyTitle,
    policyRef: a.policyRef,
    participants: a.participants === null ? '' : String(a.participants),
    outcome: a.outcome,
    notes: a.notes,
  };
  const concerns = canEdit ? await listConcerns(req.ctx.db, { scope: req.ctx.scope('reports.view'), year: Number(a.heldOn.slice(0, 4)) }) : [];
  return reply.page(
    adminPage(
      req.view,
      { title: a.title, section: '/admin/reports/activities', head: REPORT_HEAD },
      html`${breadcrumbs([{ label: '公开工作活动', href: url('/admin/reports/activities', { year: a.heldOn.slice(0, 4) }) }, { label: a.title }])}
<h1>${a.title}</h1>
<table class="meta"><tbody>
<tr><th scope="row">类别</th><td>${ACTIVITY_KIND_LABELS[a.kind]}</td></tr>
<tr><th scope="row">单位</th><td>${org.name}</td></tr>
<tr><th scope="row">日期</th><td>${a.heldOn}</td></tr>
<tr><th scope="row">要点</th><td>${activitySummary(a) || '—'}</td></tr>
${a.policyItemId ? html`<tr><th scope="row">所解读的政策</th><td><a href="/admin/catalogue/${a.policyItemId}">${a.policyTitle}</a>（${a.policyRef}）</td></tr>` : ''}
<tr><th scope="row">登记</th><td>${a.createdBy}，${a.createdAt.slice(0, 16).replace('T', ' ')}${a.updatedAt !== a.createdAt ? `；最后修改：${a.updatedBy}，${a.updatedAt.slice(0, 16).replace('T', ' ')}` : ''}</td></tr>
</tbody></table>
${
  canEdit
    ? html`<section class="panel"><h2>修改</h2>${activityForm(req, `/admin/reports/activities/${a.id}`, await scopedOrgs(req, 'reports.activities'), concerns, v, errors, '保存')}</section>
<section class="panel"><h2>删除</h2>${postForm(`/admin/reports/activities/${a.id}/delete`, req.view.csrf(), html`${textField({ name: 'reason', label: '删除原因', required: true, errors })}<button type="submit" class="btn danger">删除此记录</button>`, { label: '删除' })}
<p class="hint">删除后不再计入年度报告；记录和删除原因保留在审计日志中。</p></section>`
    : ''
}`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

// ——— public concerns ——————————————————————————————————————————————————————————————

export async function concernsPage(req: FastifyRequest, reply: FastifyReply, errors: FormErrors = {}, values: Record<string, string> = {}) {
  const q = queryOf(req);
  const year = Number(q.year) || Number(req.view.today.slice(0, 4));
  const concerns = await listConcerns(req.ctx.db, { scope: req.ctx.scope('reports.view'), year });
  const orgs = await listOrgs(req.ctx.db, { includeInactive: true });
  const name = (id: number) => orgs.find((o) => o.id === id)?.shortName ?? '';
  const canRecord = req.view.can('reports.activities');
  return reply.page(
    adminPage(
      req.view,
      { title: '公众关注事项', section: '/admin/reports/concerns', head: REPORT_HEAD },
      html`<h1>公众关注事项</h1>
<p>登记公众关注的热点或舆情，回应时在“公开工作活动”中选择所回应的事项。标为热点或重大舆情的事项，年度内无论以多少种方式回应，只在“回应公众关注热点或重大舆情数”中计1次。</p>
<form method="get" action="/admin/reports/concerns" class="filters">${textField({ name: 'year', label: '年度', type: 'number', value: year })}<button type="submit">筛选</button></form>
<div class="table-wrap"><table><caption>${year - 1}—${year}年登记的事项</caption>
<thead><tr><th scope="col">日期</th><th scope="col">事项</th><th scope="col">单位</th><th scope="col">热点/重大舆情</th><th scope="col">回应次数</th></tr></thead>
<tbody>${concerns.map((c) => html`<tr id="concern-${c.id}"><td>${c.raisedOn}</td><th scope="row">${c.title}</th><td>${name(c.orgId)}</td><td>${c.isHot ? '是' : '否'}</td><td><a href="${url('/admin/reports/activities', { year, kind: 'response' })}">${c.responses}</a></td></tr>`)}</tbody></table></div>
${
  canRecord
    ? html`<section class="panel"><h2>登记事项</h2>${postForm(
        '/admin/reports/concerns',
        req.view.csrf(),
        html`${errorSummary(errors, { title: '事项', orgId: '单位', raisedOn: '日期' })}
${textField({ name: 'title', label: '事项', value: values.title, required: true, errors })}
${selectField({ name: 'orgId', label: '单位', options: (await scopedOrgs(req, 'reports.activities')).map((o) => ({ value: o.id, label: `${'　'.repeat(o.depth)}${o.name}` })), value: values.orgId, required: true, errors })}
${textField({ name: 'raisedOn', label: '日期', type: 'date', value: values.raisedOn ?? req.view.today, required: true, errors })}
<div class="field"><input type="checkbox" id="f-isHot" name="isHot" value="on"${values.isHot ? raw(' checked') : ''}> <label for="f-isHot">属于热点或重大舆情</label></div>
${textArea({ name: 'notes', label: '备注', value: values.notes, rows: 2, errors })}
<button type="submit">登记</button>`,
        { label: '登记公众关注事项' },
      )}</section>`
    : ''
}`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

// ——— per-year facts ———————————————————————————————————————————————————————————————

export async function factsPage(req: FastifyRequest, reply: FastifyReply, errors: FormErrors = {}, values: Record<string, string> = {}) {
  const q = queryOf(req);
  const visible = await listOrgs(req.ctx.db, { scope: req.ctx.scope('reports.view') });
  const [firstVisible] = visible;
  if (!firstVisible) throw new NotFoundError('没有可查看的单位');
  const year = Number(q.year) || Number(req.view.today.slice(0, 4)) - 1;
  const org = visible.find((o) => o.id === Number(q.org)) ?? firstVisible;
  const format = formatOf(req, year);
  const used = new Set(formatNeeds(format).manual);
  const defs = FACT_DEFS.filter((d) => used.has(d.key));
  const current = (await currentFacts(req.ctx.db, year, [org.id])).get(org.id) ?? new Map();
  const history = await factHistory(req.ctx.db, org.id, year);
  const canEdit = req.view.can('reports.facts', org);
  const fieldValue = (key: string) => {
    if (key in values) return values[key];
    const f = current.get(key);
    if (!f) return '';
    return factDef(key)?.kind === 'names' ? f.names.join('\n') : formatValue(f.value);
  };
  return reply.page(
    adminPage(
      req.view,
      { title: '年度数据', section: '/admin/reports/facts', head: REPORT_HEAD },
      html`<h1>年度数据：${org.name}，${year}年</h1>
<p>年度报告中无法由平台记录直接统计的数字（机构、查阅点、人员、经费、处理决定数、收费金额等）按单位、按年度填报。每次填报都保留，报告显示所用数字由谁、何时填报。</p>
<form method="get" action="/admin/reports/facts" class="filters">
${selectField({ name: 'org', label: '单位', options: visible.filter((o) => o.kind !== 'village' && o.kind !== 'community').map((o) => ({ value: o.id, label: `${'　'.repeat(o.depth)}${o.name}` })), value: org.id })}
${textField({ name: 'year', label: '年度', type: 'number', value: year })}
<button type="submit">切换</button></form>
<p><a href="${reportHref(org.id, year)}">查看${year}年度报告</a>（格式：${format.title}）</p>
${
  canEdit
    ? postForm(
        '/admin/reports/facts',
        req.view.csrf(),
        html`<input type="hidden" name="orgId" value="${org.id}"><input type="hidden" name="year" value="${year}">
${errorSummary(errors, Object.fromEntries(defs.map((d) => [`fact_${d.key}`, d.label])))}
${defs.map((d) => {
  const f = current.get(d.key);
  const hint = `${d.unit}${d.help ? `。${d.help}` : ''}${f ? `　当前：${formatValue(f.value)}（${f.enteredBy}，${f.enteredAt.slice(0, 10)}）` : '　尚未填报（按0计）'}`;
  return d.kind === 'names'
    ? textArea({ name: `fact_${d.key}`, label: d.label, value: fieldValue(d.key), rows: 3, hint, errors })
    : textField({ name: `fact_${d.key}`, label: d.label, value: fieldValue(d.key), hint, errors, inputmode: d.kind === 'money' ? 'decimal' : 'numeric' });
})}
${textField({ name: 'note', label: '填报说明（可选）', value: values.note, errors })}
<button type="submit">保存</button>`,
        { label: '年度数据' },
      )
    : html`<ul>${defs.map((d) => html`<li>${d.label}：${current.get(d.key) ? formatValue(current.get(d.key)!.value) : '未填报'}</li>`)}</ul>`
}
<section class="panel" aria-labelledby="hist"><h2 id="hist">填报记录</h2>
${
  history.length
    ? html`<div class="table-wrap"><table><caption>${org.name}${year}年度数据的全部填报记录（新的在前）</caption>
<thead><tr><th scope="col">项目</th><th scope="col">数值</th><th scope="col">填报人</th><th scope="col">时间</th><th scope="col">说明</th></tr></thead>
<tbody>${history.map((h) => html`<tr><th scope="row">${factDef(h.key)?.label ?? h.key}</th><td class="num">${formatValue(h.value)}${h.names.length ? html`<br><span class="muted">${h.names.join('、')}</span>` : ''}</td><td>${h.enteredBy}</td><td>${h.enteredAt.slice(0, 16).replace('T', ' ')}</td><td>${h.note}</td></tr>`)}</tbody></table></div>`
    : html`<p>尚无填报记录。</p>`
}
</section>`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}
