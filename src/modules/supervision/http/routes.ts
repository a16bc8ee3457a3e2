import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoutes, formBody, formCommand, queryOf } from '../../../platform/web/kit.ts';
import { html, url, type SafeHtml } from '../../../platform/web/html.ts';
import { adminPage } from '../../../platform/web/layout.ts';
import type { Block } from '../../../platform/web/blocks.ts';
import {
  breadcrumbs,
  buttonForm,
  errorSummary,
  pageHref,
  pageNumber,
  pagination,
  postForm,
  selectField,
  textArea,
  textField,
  type FormErrors,
} from '../../../platform/web/components.ts';
import { execute } from '../../../platform/command.ts';
import { isIsoDate } from '../../../kernel/dates.ts';
import { NotFoundError } from '../../../kernel/errors.ts';
import { getSetting } from '../../../platform/settings/settings.ts';
import { listOrgs } from '../../orgs/index.ts';
import { markSignalRead } from '../commands/mark-read.ts';
import { clearSignal } from '../commands/clear.ts';
import { issueNotice } from '../commands/issue-notice.ts';
import { answerNotice } from '../commands/answer-notice.ts';
import { acceptAnswer } from '../commands/accept-answer.ts';
import { returnAnswer } from '../commands/return-answer.ts';
import {
  countsByDepartment,
  findNotice,
  findSignal,
  findSignals,
  listNotices,
  listSignals,
  noticeEvents,
  noticeSignalIds,
  openCounts,
  type NoticeRow,
  type SignalFilter,
  type SignalRow,
} from '../repo.ts';
import { answerDaysSetting, LEVEL_LABELS, RAISED_LEVELS, ruleLabel, rulesSetting, type RaisedLevel } from '../settings.ts';
import { NOTICE_STATE_LABELS, NOTICE_STATES, SIGNAL_STATE_LABELS, SIGNAL_STATES, type NoticeState, type SignalState } from '../states.ts';
import { rulesPage, saveRules } from './rules.ts';

/** 电子监察's back-office pages (services.md §3). Every page is scoped to `supervision.view`. */

const PAGE_SIZE = 30;
const LEVEL_BADGE: Record<RaisedLevel, string> = { warning: 'badge info', yellow: 'badge warn', red: 'badge bad' };
const SUBJECT_LABELS: Record<string, string> = { case: '办件', 'rating-ticket': '好差评', 'work-order': '12345工单', 'supervision-notice': '督办单' };
const subjectLabel = (t: string) => SUBJECT_LABELS[t] ?? t;
const beijing = (iso: string | null) => (iso ? new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '');

export const levelBadge = (l: RaisedLevel) => html`<span class="${LEVEL_BADGE[l]}">${LEVEL_LABELS[l]}</span>`;

function idParam(req: FastifyRequest): number {
  const id = Number((req.params as { id: string }).id);
  if (!Number.isSafeInteger(id) || id < 1) throw new NotFoundError('未找到');
  return id;
}

async function visibleSignal(req: FastifyRequest): Promise<SignalRow> {
  const s = await findSignal(req.ctx.db, idParam(req));
  if (!s || !req.view.can('supervision.view', { orgPath: s.org_path })) throw new NotFoundError('没有这条监察信号');
  return s;
}

async function visibleNotice(req: FastifyRequest): Promise<NoticeRow> {
  const n = await findNotice(req.ctx.db, idParam(req));
  if (!n || !req.view.can('supervision.view', { orgPath: n.org_path })) throw new NotFoundError('没有这份督办单');
  return n;
}

// ——— overview ———

async function overviewPage(req: FastifyRequest, reply: FastifyReply) {
  const scope = req.ctx.scope('supervision.view');
  const [rows, open] = await Promise.all([countsByDepartment(req.ctx.db, scope), openCounts(req.ctx.db, scope)]);
  const total = (l: RaisedLevel, s: SignalState) => rows.reduce((n, r) => n + r.counts[l][s], 0);
  const cell = (orgId: number | null, l: RaisedLevel, s: SignalState, n: number) =>
    n
      ? html`<a href="${url('/admin/supervision/signals', { org: orgId, level: l, state: s })}">${SIGNAL_STATE_LABELS[s]} ${n}</a>`
      : html`<span class="muted">${SIGNAL_STATE_LABELS[s]} 0</span>`;
  const counts = (orgId: number | null, l: RaisedLevel, n: (s: SignalState) => number) =>
    SIGNAL_STATES.map((s, i) => html`${i ? html`<br>` : ''}${cell(orgId, l, s, n(s))}`);
  return reply.page(
    adminPage(
      req.view,
      { title: '电子监察', section: '/admin/supervision' },
      html`<h1>电子监察</h1>
<p class="hint">按责任部门统计的预警、黄牌和红牌信号。信号不会删除：未读 → 已读 → 已消除（记录消除人和理由）。</p>
<div class="stat-cards">
<div class="stat"><span class="value">${open.red}</span><p class="label">未消除的红牌</p></div>
<div class="stat"><span class="value">${open.yellow}</span><p class="label">未消除的黄牌</p></div>
<div class="stat"><span class="value">${open.warning}</span><p class="label">未消除的预警</p></div>
</div>
<section class="panel" aria-labelledby="by-dept"><div class="panel-head"><h2 id="by-dept">各部门信号</h2><a href="/admin/supervision/signals">全部信号</a></div>
${
  rows.length
    ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="各部门信号统计（可左右滑动查看）"><table>
<caption class="visually-hidden">各部门预警、黄牌、红牌信号数（未读、已读、已消除）</caption>
<thead><tr><th scope="col">责任部门</th>${RAISED_LEVELS.map((l) => html`<th scope="col">${LEVEL_LABELS[l]}</th>`)}</tr></thead>
<tbody>${rows.map(
        (r) => html`<tr><th scope="row">${r.orgName}</th>${RAISED_LEVELS.map((l) => html`<td>${counts(r.orgId, l, (s) => r.counts[l][s])}</td>`)}</tr>`,
      )}</tbody>
<tfoot><tr><th scope="row">合计</th>${RAISED_LEVELS.map((l) => html`<td>${counts(null, l, (s) => total(l, s))}</td>`)}</tr></tfoot>
</table></div>`
    : html`<p>暂无监察信号。</p>`
}</section>
<p><a href="/admin/supervision/notices">督办单</a>　<a href="/admin/supervision/rules">监察规则</a></p>`,
    ),
  );
}

// ——— signals list ———

function signalFilter(q: Record<string, string | undefined>): SignalFilter & { page: number } {
  const level = RAISED_LEVELS.find((l) => l === q.level);
  const state = SIGNAL_STATES.find((s) => s === q.state);
  const org = Number(q.org);
  const subjectId = Number(q.subject);
  return {
    ...(level ? { level } : {}),
    ...(state ? { state } : {}),
    ...(Number.isSafeInteger(org) && org > 0 ? { orgId: org } : {}),
    ...(q.type && /^[a-z][a-z0-9-]{0,39}$/.test(q.type) ? { subjectType: q.type } : {}),
    ...(Number.isSafeInteger(subjectId) && subjectId > 0 ? { subjectId } : {}),
    ...(q.from && isIsoDate(q.from) ? { from: q.from } : {}),
    ...(q.to && isIsoDate(q.to) ? { to: q.to } : {}),
    page: pageNumber(q.page),
  };
}

async function signalsPage(req: FastifyRequest, reply: FastifyReply) {
  const q = queryOf(req);
  const f = signalFilter(q);
  const scope = req.ctx.scope('supervision.view');
  const [list, orgs] = await Promise.all([listSignals(req.ctx.db, scope, f, { limit: PAGE_SIZE, offset: (f.page - 1) * PAGE_SIZE }), listOrgs(req.ctx.db)]);
  const visibleOrgs = orgs.filter((o) => req.view.can('supervision.view', { orgPath: o.path }) && o.kind !== 'village' && o.kind !== 'community');
  const query = { org: f.orgId, level: f.level, state: f.state, type: f.subjectType, subject: f.subjectId, from: f.from, to: f.to };
  return reply.page(
    adminPage(
      req.view,
      { title: '监察信号', section: '/admin/supervision/signals' },
      html`${breadcrumbs([{ label: '电子监察', href: '/admin/supervision' }, { label: '监察信号' }])}
<h1>监察信号</h1>
<form method="get" action="/admin/supervision/signals" class="filters panel" aria-label="筛选">
${selectField({ name: 'org', label: '责任部门', options: visibleOrgs.map((o) => ({ value: o.id, label: `${'　'.repeat(Math.max(0, o.depth - 1))}${o.shortName || o.name}` })), value: f.orgId ?? '', placeholder: '全部' })}
${selectField({ name: 'level', label: '等级', options: RAISED_LEVELS.map((l) => ({ value: l, label: LEVEL_LABELS[l] })), value: f.level ?? '', placeholder: '全部' })}
${selectField({ name: 'state', label: '状态', options: SIGNAL_STATES.map((s) => ({ value: s, label: SIGNAL_STATE_LABELS[s] })), value: f.state ?? '', placeholder: '全部' })}
${textField({ name: 'from', label: '信号日期从', type: 'date', value: f.from ?? '' })}
${textField({ name: 'to', label: '至', type: 'date', value: f.to ?? '' })}
<button type="submit" class="btn">筛选</button>
</form>
${
  list.rows.length
    ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="监察信号列表（可左右滑动查看）"><table>
<caption class="visually-hidden">监察信号列表</caption>
<thead><tr><th scope="col">等级</th><th scope="col">信号</th><th scope="col">责任部门</th><th scope="col">信号日期</th><th scope="col">状态</th></tr></thead>
<tbody>${list.rows.map(
        (s) =>
          html`<tr><td>${levelBadge(s.level)}</td><td><a href="/admin/supervision/signals/${s.id}">${s.detail}</a></td><td>${s.org_name}</td><td>${s.raised_on}</td><td>${SIGNAL_STATE_LABELS[s.state]}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p>没有符合条件的信号。</p>`
}
${pagination({ page: f.page, pageSize: PAGE_SIZE, total: list.total, href: pageHref('/admin/supervision/signals', query) })}`,
    ),
  );
}

// ——— one signal ———

async function signalPage(req: FastifyRequest, reply: FastifyReply, s?: SignalRow, errors: FormErrors = {}, draft: Record<string, string> = {}) {
  const sig = s ?? (await visibleSignal(req));
  const subject = { orgPath: sig.org_path };
  const [notices, answerDays, rules] = await Promise.all([
    listNotices(req.ctx.db, { kind: 'all' }, { signalId: sig.id }, { limit: 50, offset: 0 }),
    getSetting(req.ctx.db, answerDaysSetting),
    getSetting(req.ctx.db, rulesSetting),
  ]);
  const canRead = sig.state === 'raised' && req.view.can('supervision.read', subject);
  const canClear = sig.state !== 'cleared' && req.view.can('supervision.clear', subject);
  const canIssue = sig.state !== 'cleared' && req.view.can('supervision.notice.issue', subject);
  const history: Array<[string, SafeHtml | string]> = [[beijing(sig.raised_at), html`系统发出${LEVEL_LABELS[sig.level]}信号（信号日期 ${sig.raised_on}）`]];
  if (sig.read_at) history.push([beijing(sig.read_at), html`${sig.read_by ?? ''} 标为已读`]);
  if (sig.cleared_at) history.push([beijing(sig.cleared_at), html`${sig.cleared_by ?? ''} 消除，理由：${sig.clear_reason ?? ''}`]);
  for (const n of notices.rows)
    history.push([
      beijing(n.issued_at),
      html`${n.issued_by} 签发督办 <a href="/admin/supervision/notices/${n.id}">${n.number}</a>（${NOTICE_STATE_LABELS[n.state]}）`,
    ]);
  history.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return reply.page(
    adminPage(
      req.view,
      { title: `监察信号 #${sig.id}`, section: '/admin/supervision/signals' },
      html`${breadcrumbs([{ label: '电子监察', href: '/admin/supervision' }, { label: '监察信号', href: '/admin/supervision/signals' }, { label: `#${sig.id}` }])}
<h1>${levelBadge(sig.level)} ${sig.detail}</h1>
${errorSummary(errors, { reason: '理由', requirement: '督办要求', answerDays: '回复期限', signalIds: '信号' })}
<div class="grid">
<section class="panel" aria-labelledby="sig-h"><h2 id="sig-h">信号情况</h2>
<table class="meta"><tbody>
<tr><th scope="row">监察对象</th><td><a href="${sig.href}">${subjectLabel(sig.subject_type)}记录</a></td></tr>
<tr><th scope="row">责任部门</th><td>${sig.org_name}</td></tr>
<tr><th scope="row">规则</th><td>${ruleLabel(rules, sig.rule)}</td></tr>
<tr><th scope="row">等级</th><td>${LEVEL_LABELS[sig.level]}</td></tr>
<tr><th scope="row">信号日期</th><td>${sig.raised_on}</td></tr>
<tr><th scope="row">状态</th><td>${SIGNAL_STATE_LABELS[sig.state]}</td></tr>
</tbody></table>
${canRead ? buttonForm(`/admin/supervision/signals/${sig.id}/read`, req.view.csrf(), '标为已读') : ''}
</section>
<section class="panel" aria-labelledby="hist-h"><h2 id="hist-h">处理记录</h2>
<ol class="link-list">${history.map(([at, what]) => html`<li><span>${what}</span><span class="muted">${at}</span></li>`)}</ol>
</section>
</div>
${
  canClear
    ? html`<section class="panel" aria-labelledby="clear-h"><h2 id="clear-h">消除信号</h2>${postForm(
        `/admin/supervision/signals/${sig.id}/clear`,
        req.view.csrf(),
        html`${textArea({ name: 'reason', label: '理由', hint: '说明消除的原因（如：已补正材料并办结、系统数据有误已更正），记入处理记录和审计日志', value: draft.reason ?? '', errors, rows: 3, required: true, maxlength: 500 })}
<button type="submit" class="btn">消除</button>`,
        { label: '消除信号' },
      )}</section>`
    : ''
}
${
  canIssue
    ? html`<section class="panel" aria-labelledby="issue-h"><h2 id="issue-h">签发督办</h2>${postForm(
        '/admin/supervision/notices',
        req.view.csrf(),
        html`<input type="hidden" name="signalIds" value="${sig.id}">
${textArea({ name: 'requirement', label: '督办要求', value: draft.requirement ?? '', errors, rows: 3, required: true, maxlength: 2000 })}
${textField({ name: 'answerDays', label: '回复期限（工作日）', type: 'number', value: draft.answerDays ?? String(answerDays), errors, hint: '自签发次日起按工作日计算', inputmode: 'numeric' })}
<button type="submit" class="btn">签发督办</button>`,
        { label: '签发督办' },
      )}</section>`
    : ''
}`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

// ——— notices ———

async function noticesPage(req: FastifyRequest, reply: FastifyReply) {
  const q = queryOf(req);
  const state = NOTICE_STATES.find((s) => s === q.state) as NoticeState | undefined;
  const page = pageNumber(q.page);
  const list = await listNotices(req.ctx.db, req.ctx.scope('supervision.view'), state ? { state } : {}, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const today = req.ctx.clock.today();
  return reply.page(
    adminPage(
      req.view,
      { title: '督办', section: '/admin/supervision/notices' },
      html`${breadcrumbs([{ label: '电子监察', href: '/admin/supervision' }, { label: '督办' }])}
<h1>督办</h1>
<form method="get" action="/admin/supervision/notices" class="filters panel" aria-label="筛选">
${selectField({ name: 'state', label: '状态', options: NOTICE_STATES.map((s) => ({ value: s, label: NOTICE_STATE_LABELS[s] })), value: state ?? '', placeholder: '全部' })}
<button type="submit" class="btn">筛选</button>
</form>
${
  list.rows.length
    ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="督办单列表（可左右滑动查看）"><table>
<caption class="visually-hidden">督办单列表</caption>
<thead><tr><th scope="col">督办单</th><th scope="col">责任部门</th><th scope="col">签发日期</th><th scope="col">回复期限</th><th scope="col">状态</th></tr></thead>
<tbody>${list.rows.map(
        (n) =>
          html`<tr><td><a href="/admin/supervision/notices/${n.id}">${n.number}</a></td><td>${n.org_name}</td><td>${n.issued_on}</td><td>${n.answer_by}${
            (n.state === 'issued' || n.state === 'returned') && n.answer_by < today ? html` <span class="badge bad">已逾期</span>` : ''
          }</td><td>${NOTICE_STATE_LABELS[n.state]}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p>没有督办单。</p>`
}
${pagination({ page, pageSize: PAGE_SIZE, total: list.total, href: pageHref('/admin/supervision/notices', { state }) })}`,
    ),
  );
}

const EVENT_LABELS = { issued: '签发督办', answered: '部门回复', accepted: '审核通过', returned: '退回重新回复' } as const;

async function noticePage(req: FastifyRequest, reply: FastifyReply, n?: NoticeRow, errors: FormErrors = {}, draft: Record<string, string> = {}) {
  const notice = n ?? (await visibleNotice(req));
  const subject = { orgPath: notice.org_path };
  const [events, signals] = await Promise.all([
    noticeEvents(req.ctx.db, notice.id),
    noticeSignalIds(req.ctx.db, notice.id).then((ids) => findSignals(req.ctx.db, ids)),
  ]);
  const canAnswer = (notice.state === 'issued' || notice.state === 'returned') && req.view.can('supervision.notice.answer', subject);
  const canDecide = notice.state === 'answered' && req.view.can('supervision.notice.decide', subject);
  const overdue = (notice.state === 'issued' || notice.state === 'returned') && notice.answer_by < req.ctx.clock.today();
  return reply.page(
    adminPage(
      req.view,
      { title: notice.number, section: '/admin/supervision/notices' },
      html`${breadcrumbs([{ label: '电子监察', href: '/admin/supervision' }, { label: '督办', href: '/admin/supervision/notices' }, { label: notice.number }])}
<h1>${notice.number}</h1>
${errorSummary(errors, { answer: '回复内容', note: '审核意见' })}
<div class="grid">
<section class="panel" aria-labelledby="n-h"><h2 id="n-h">督办内容</h2>
<table class="meta"><tbody>
<tr><th scope="row">责任部门</th><td>${notice.org_name}</td></tr>
<tr><th scope="row">签发</th><td>${notice.issued_by}，${notice.issued_on}</td></tr>
<tr><th scope="row">回复期限</th><td>${notice.answer_days}个工作日，${notice.answer_by}前${overdue ? html` <span class="badge bad">已逾期</span>` : ''}</td></tr>
<tr><th scope="row">状态</th><td>${NOTICE_STATE_LABELS[notice.state]}</td></tr>
<tr><th scope="row">督办要求</th><td>${notice.requirement}</td></tr>
</tbody></table>
<h3>针对的信号</h3>
<ul>${signals.map((s) => html`<li>${levelBadge(s.level)} <a href="/admin/supervision/signals/${s.id}">${s.detail}</a>（${SIGNAL_STATE_LABELS[s.state]}）</li>`)}</ul>
</section>
<section class="panel" aria-labelledby="ev-h"><h2 id="ev-h">往来记录</h2>
<ol class="link-list">${events.map((e) => html`<li><span><strong>${EVENT_LABELS[e.kind]}</strong>（${e.by_name}）${e.text ? html`：${e.text}` : ''}</span><span class="muted">${beijing(e.at)}</span></li>`)}</ol>
</section>
</div>
${
  canAnswer
    ? html`<section class="panel" aria-labelledby="ans-h"><h2 id="ans-h">回复督办</h2>${postForm(
        `/admin/supervision/notices/${notice.id}/answer`,
        req.view.csrf(),
        html`${textArea({ name: 'answer', label: '回复内容', hint: '说明原因、已采取的措施和办结情况', value: draft.answer ?? '', errors, rows: 4, required: true, maxlength: 4000 })}
<button type="submit" class="btn">提交回复</button>`,
        { label: '回复督办' },
      )}</section>`
    : ''
}
${
  canDecide
    ? html`<section class="panel" aria-labelledby="dec-h"><h2 id="dec-h">审核回复</h2>
${postForm(
  `/admin/supervision/notices/${notice.id}/accept`,
  req.view.csrf(),
  html`${textArea({ name: 'note', label: '审核意见（通过时可不填）', value: draft.note ?? '', errors, rows: 2, maxlength: 1000 })}
<div class="actions"><button type="submit" class="btn">审核通过</button><button type="submit" class="btn secondary" formaction="/admin/supervision/notices/${notice.id}/return">退回重新回复</button></div>`,
  { label: '审核回复' },
)}</section>`
    : ''
}`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

// ——— the dashboard block ———

export const supervisionBlock: Block = {
  id: 'supervision.open',
  order: 25,
  async render(req) {
    if (!req.view.can('supervision.view')) return null;
    const open = await openCounts(req.ctx.db, req.ctx.scope('supervision.view'));
    return html`<section class="panel" aria-labelledby="dash-sup"><div class="panel-head"><h2 id="dash-sup">电子监察</h2><a href="/admin/supervision">总览</a></div>
<div class="stat-cards">
<div class="stat"><span class="value"><a href="${url('/admin/supervision/signals', { level: 'red', state: 'raised' })}">${open.red}</a></span><p class="label">未消除的红牌</p></div>
<div class="stat"><span class="value"><a href="${url('/admin/supervision/signals', { level: 'yellow', state: 'raised' })}">${open.yellow}</a></span><p class="label">未消除的黄牌</p></div>
</div></section>`;
  },
};

// ——— the routes ———

const str = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

export const supervisionRoutes = () =>
  defineRoutes([
    { method: 'GET', url: '/admin/supervision', action: 'supervision.view', handler: overviewPage },
    { method: 'GET', url: '/admin/supervision/signals', action: 'supervision.view', handler: signalsPage },
    { method: 'GET', url: '/admin/supervision/signals/:id', action: 'supervision.view', handler: (req, reply) => signalPage(req, reply) },
    {
      method: 'POST',
      url: '/admin/supervision/signals/:id/read',
      action: 'supervision.read',
      async handler(req, reply) {
        const s = await visibleSignal(req);
        await execute(req.ctx, markSignalRead, { signalId: s.id });
        return reply.done(`/admin/supervision/signals/${s.id}`, '已标为已读。');
      },
    },
    {
      method: 'POST',
      url: '/admin/supervision/signals/:id/clear',
      action: 'supervision.clear',
      async handler(req, reply) {
        const s = await visibleSignal(req);
        const b = formBody(req);
        const r = await formCommand(
          () => execute(req.ctx, clearSignal, { signalId: s.id, reason: str(b.reason) }),
          (errors) => signalPage(req, reply, s, errors, { reason: str(b.reason) }),
        );
        return r.ok ? reply.done(`/admin/supervision/signals/${s.id}`, '信号已消除。') : reply;
      },
    },
    { method: 'GET', url: '/admin/supervision/notices', action: 'supervision.view', handler: noticesPage },
    {
      method: 'POST',
      url: '/admin/supervision/notices',
      action: 'supervision.notice.issue',
      async handler(req, reply) {
        const b = formBody(req);
        const ids = (Array.isArray(b.signalIds) ? b.signalIds : [b.signalIds ?? '']).filter((x) => x !== '');
        const first = await findSignal(req.ctx.db, Number(ids[0]));
        if (!first || !req.view.can('supervision.view', { orgPath: first.org_path })) throw new NotFoundError('没有这条监察信号');
        const draft = { requirement: str(b.requirement), answerDays: str(b.answerDays) };
        const r = await formCommand(
          () => execute(req.ctx, issueNotice, { signalIds: ids, requirement: draft.requirement, answerDays: draft.answerDays }),
          (errors) => signalPage(req, reply, first, errors, draft),
        );
        return r.ok ? reply.done(`/admin/supervision/notices/${r.value.id}`, `已签发${r.value.number}，回复期限 ${r.value.answerBy}。`) : reply;
      },
    },
    { method: 'GET', url: '/admin/supervision/notices/:id', action: 'supervision.view', handler: (req, reply) => noticePage(req, reply) },
    {
      method: 'POST',
      url: '/admin/supervision/notices/:id/answer',
      action: 'supervision.notice.answer',
      async handler(req, reply) {
        const n = await visibleNotice(req);
        const b = formBody(req);
        const r = await formCommand(
          () => execute(req.ctx, answerNotice, { noticeId: n.id, answer: str(b.answer) }),
          (errors) => noticePage(req, reply, n, errors, { answer: str(b.answer) }),
        );
        return r.ok ? reply.done(`/admin/supervision/notices/${n.id}`, '回复已提交。') : reply;
      },
    },
    {
      method: 'POST',
      url: '/admin/supervision/notices/:id/accept',
      action: 'supervision.notice.decide',
      async handler(req, reply) {
        const n = await visibleNotice(req);
        const b = formBody(req);
        const r = await formCommand(
          () => execute(req.ctx, acceptAnswer, { noticeId: n.id, note: str(b.note) }),
          (errors) => noticePage(req, reply, n, errors, { note: str(b.note) }),
        );
        return r.ok ? reply.done(`/admin/supervision/notices/${n.id}`, '回复已审核通过，督办办结。') : reply;
      },
    },
    {
      method: 'POST',
      url: '/admin/supervision/notices/:id/return',
      action: 'supervision.notice.decide',
      async handler(req, reply) {
        const n = await visibleNotice(req);
        const b = formBody(req);
        const r = await formCommand(
          () => execute(req.ctx, returnAnswer, { noticeId: n.id, note: str(b.note) }),
          (errors) => noticePage(req, reply, n, errors, { note: str(b.note) }),
        );
        return r.ok ? reply.done(`/admin/supervision/notices/${n.id}`, '回复已退回。') : reply;
      },
    },
    { method: 'GET', url: '/admin/supervision/rules', action: 'supervision.view', handler: (req, reply) => rulesPage(req, reply) },
    { method: 'POST', url: '/admin/supervision/rules', action: 'settings.edit', handler: saveRules },
  ]);
