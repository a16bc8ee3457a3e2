import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoutes, formBody, submitForm, queryOf } from '../../../platform/web/kit.ts';
import { html, url } from '../../../platform/web/html.ts';
import { adminPage } from '../../../platform/web/layout.ts';
import {
  breadcrumbs,
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
import { NotFoundError } from '../../../kernel/errors.ts';
import { findOrgById, listOrgs } from '../../orgs/index.ts';
import { APPEAL_KINDS, APPEAL_RESULTS, LITIGATION_ROUTES, decideAppeal, recordAppeal } from '../commands/appeals.ts';
import { answersRequests } from '../commands/create.ts';
import { findAppeal, findRequest, listAppeals } from '../repo.ts';
import { dl } from './views.ts';

const LABELS = {
  orgId: '被申请人（被告）',
  requestId: '关联申请',
  kind: '类型',
  route: '起诉方式',
  reconsiderationId: '关联的行政复议',
  body: '复议机关或受理法院',
  caseNumber: '案号',
  appellant: '申请人（原告）',
  filedOn: '申请或立案日期',
  decidedOn: '审结日期',
  result: '结果',
  resultDetail: '结果说明',
  coDefendantOrgId: '共同被告（复议机关）',
  instance: '审级',
} satisfies Record<string, string>;

const PAGE_SIZE = 30;

/** Appellants are people: shown as 张某 to everyone but a handler of that org (the surname only). */
function appellantShown(name: string, unmasked: boolean): string {
  if (unmasked || !name || /某$/.test(name) || name.length > 6) return name;
  return `${name.slice(0, 1)}某`;
}

async function listPage(req: FastifyRequest, reply: FastifyReply) {
  const q = queryOf(req);
  const scope = req.ctx.scope('requests.appeals.view');
  const page = pageNumber(q.page);
  const orgs = await listOrgs(req.ctx.db, { scope });
  const orgId = q.org && orgs.some((o) => String(o.id) === q.org) ? Number(q.org) : undefined;
  const kind = q.kind === 'reconsideration' || q.kind === 'litigation' ? q.kind : undefined;
  const year = q.year && /^\d{4}$/.test(q.year) ? Number(q.year) : undefined;
  const { rows, total } = await listAppeals(req.ctx.db, { scope, orgId, kind, year }, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return reply.page(
    adminPage(
      req.view,
      { title: '行政复议和行政诉讼', section: '/admin/appeals' },
      html`<h1>行政复议和行政诉讼</h1>
<p>因政府信息公开工作引起的行政复议、行政诉讼案件，按被申请人（被告）机关登记；复议机关作共同被告的，只计入原行政机关（国办公开办函〔2021〕30号）。</p>
${req.view.can('requests.appeals.manage') ? html`<p><a class="btn" href="/admin/appeals/new">登记案件</a></p>` : ''}
<form method="get" action="/admin/appeals" class="filters panel" aria-label="筛选">
${selectField({ name: 'org', label: '机关', options: orgs.filter(answersRequests).map((o) => ({ value: o.id, label: o.shortName })), value: q.org, placeholder: '全部' })}
${selectField({ name: 'kind', label: '类型', options: Object.entries(APPEAL_KINDS).map(([k, l]) => ({ value: k, label: l })), value: q.kind, placeholder: '全部' })}
${textField({ name: 'year', label: '年度', value: q.year, inputmode: 'numeric', maxlength: 4 })}
<button type="submit">筛选</button></form>
<div class="table-wrap"><table><caption>共 ${total} 件</caption>
<thead><tr><th scope="col">类型</th><th scope="col">被申请人（被告）</th><th scope="col">复议机关或法院</th><th scope="col">案号</th><th scope="col">申请或立案</th><th scope="col">审结</th><th scope="col">结果</th><th scope="col">关联申请</th></tr></thead>
<tbody>${rows.map(
        (a) =>
          html`<tr><td><a href="/admin/appeals/${a.id}">${APPEAL_KINDS[a.kind]}${a.route ? `（${LITIGATION_ROUTES[a.route]}）` : ''}</a></td><td>${a.org_short_name}${a.co_defendant_name ? html`<br><span class="muted">共同被告：${a.co_defendant_name}</span>` : ''}</td><td>${a.body}</td><td>${a.case_number}</td><td>${a.filed_on}</td><td>${a.decided_on ?? '—'}</td><td>${APPEAL_RESULTS[a.result]}</td><td>${a.request_id ? html`<a href="/admin/requests/${a.request_id}">查看</a>` : html`<span class="muted">无</span>`}</td></tr>`,
      )}</tbody></table></div>
${pagination({ page, pageSize: PAGE_SIZE, total, href: pageHref('/admin/appeals', { org: q.org, kind: q.kind, year: q.year }) })}`,
    ),
  );
}

async function newPage(req: FastifyRequest, reply: FastifyReply, v: Record<string, string> = {}, errors: FormErrors = {}) {
  const q = queryOf(req);
  const requestId = v.requestId ?? q.requestId ?? '';
  const r = requestId ? await findRequest(req.ctx.db, Number(requestId)) : undefined;
  const orgs = (await listOrgs(req.ctx.db, { scope: req.ctx.scope('requests.appeals.manage') })).filter(answersRequests);
  const all = (await listOrgs(req.ctx.db)).filter(answersRequests);
  return reply.page(
    adminPage(
      req.view,
      { title: '登记行政复议或行政诉讼', section: '/admin/appeals' },
      html`${breadcrumbs([{ label: '行政复议和行政诉讼', href: '/admin/appeals' }, { label: '登记案件' }])}
<h1>登记行政复议或行政诉讼</h1>
${errorSummary(errors, LABELS)}
${postForm(
  '/admin/appeals',
  req.view.csrf(),
  html`${r ? html`<input type="hidden" name="requestId" value="${r.id}"><p>关联申请：<a href="/admin/requests/${r.id}" class="mono">${r.query_code}</a>（被申请人为作出答复的机关）</p>` : selectField({ name: 'orgId', label: LABELS.orgId, hint: '较早的答复可能没有关联申请', options: orgs.map((o) => ({ value: o.id, label: o.name })), value: v.orgId, required: true, errors })}
${selectField({ name: 'kind', label: LABELS.kind, options: Object.entries(APPEAL_KINDS).map(([k, l]) => ({ value: k, label: l })), value: v.kind, required: true, errors })}
${selectField({ name: 'route', label: LABELS.route, hint: '行政诉讼填写', options: Object.entries(LITIGATION_ROUTES).map(([k, l]) => ({ value: k, label: l })), value: v.route, placeholder: '（行政复议不填）', errors })}
${textField({ name: 'body', label: LABELS.body, value: v.body, required: true, errors })}
${textField({ name: 'caseNumber', label: LABELS.caseNumber, value: v.caseNumber, errors })}
${textField({ name: 'appellant', label: LABELS.appellant, value: v.appellant, errors })}
${textField({ name: 'filedOn', label: LABELS.filedOn, type: 'date', value: v.filedOn, required: true, errors })}
${selectField({ name: 'result', label: LABELS.result, options: Object.entries(APPEAL_RESULTS).map(([k, l]) => ({ value: k, label: l })), value: v.result ?? 'pending', required: true, errors })}
${textField({ name: 'decidedOn', label: LABELS.decidedOn, type: 'date', hint: '尚未审结的不填', value: v.decidedOn, errors })}
${textField({ name: 'resultDetail', label: LABELS.resultDetail, hint: '如：驳回诉讼请求、撤销、确认违法、终止', value: v.resultDetail, errors })}
${selectField({ name: 'coDefendantOrgId', label: LABELS.coDefendantOrgId, hint: '复议维持后起诉、复议机关作共同被告的（行政诉讼法第二十六条第二款）；本案只计入原行政机关', options: all.map((o) => ({ value: o.id, label: o.name })), value: v.coDefendantOrgId, placeholder: '无', errors })}
${textField({ name: 'instance', label: LABELS.instance, hint: '如：一审、二审', value: v.instance, errors })}
${textArea({ name: 'note', label: '备注', value: v.note, errors, rows: 2 })}
<button type="submit">登记</button>`,
  { label: '登记案件' },
)}`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

async function detailPage(req: FastifyRequest, reply: FastifyReply, v: Record<string, string> = {}, errors: FormErrors = {}) {
  const a = await findAppeal(req.ctx.db, Number((req.params as { id: string }).id));
  const org = a ? await findOrgById(req.ctx.db, a.org_id) : undefined;
  if (!a || !org || !req.view.can('requests.appeals.view', { orgPath: org.path })) throw new NotFoundError('案件不存在');
  const r = a.request_id ? await findRequest(req.ctx.db, a.request_id) : undefined;
  const unmasked = req.view.can('requests.personal', { orgPath: org.path });
  return reply.page(
    adminPage(
      req.view,
      { title: `${APPEAL_KINDS[a.kind]} ${a.case_number}`, section: '/admin/appeals' },
      html`${breadcrumbs([{ label: '行政复议和行政诉讼', href: '/admin/appeals' }, { label: a.case_number || String(a.id) }])}
<h1>${APPEAL_KINDS[a.kind]}${a.route ? `（${LITIGATION_ROUTES[a.route]}）` : ''}</h1>
${errorSummary(errors, LABELS)}
<section class="panel">${dl([
        ['被申请人（被告）', org.name],
        ...(a.co_defendant_name ? ([['共同被告', `${a.co_defendant_name}（复议机关，本案不计入其统计）`]] as Array<[string, string]>) : []),
        ['复议机关或法院', a.body],
        ['案号', a.case_number || '—'],
        ['申请人（原告）', appellantShown(a.appellant, unmasked) || '—'],
        ['申请或立案日期', a.filed_on],
        ['审结日期', a.decided_on ?? '—'],
        ['结果', `${APPEAL_RESULTS[a.result]}${a.result_detail ? `：${a.result_detail}` : ''}`],
        ['审级', a.instance || '—'],
        ['关联申请', r ? html`<a class="mono" href="/admin/requests/${r.id}">${r.query_code}</a>` : '无（较早的答复）'],
        ...(a.reconsideration_id
          ? ([['关联的行政复议', html`<a href="/admin/appeals/${a.reconsideration_id}">查看</a>`]] as Array<[string, ReturnType<typeof html>]>)
          : []),
      ])}</section>
${
  req.view.can('requests.appeals.manage', { orgPath: org.path })
    ? html`<section class="panel"><h2>${a.result === 'pending' ? '登记审理结果' : '更正审理结果（按最终审级）'}</h2>${postForm(
        `/admin/appeals/${a.id}/decide`,
        req.view.csrf(),
        html`${selectField({
          name: 'result',
          label: LABELS.result,
          options: Object.entries(APPEAL_RESULTS)
            .filter(([k]) => k !== 'pending')
            .map(([k, l]) => ({ value: k, label: l })),
          value: v.result,
          required: true,
          errors,
        })}
${textField({ name: 'decidedOn', label: LABELS.decidedOn, type: 'date', value: v.decidedOn ?? req.ctx.clock.today(), required: true, errors })}
${textField({ name: 'resultDetail', label: LABELS.resultDetail, value: v.resultDetail, errors })}
${textField({ name: 'instance', label: LABELS.instance, value: v.instance, errors })}
<button type="submit">保存</button>`,
        { label: '登记审理结果' },
      )}</section>`
    : ''
}
${a.kind === 'reconsideration' && req.view.can('requests.appeals.manage', { orgPath: org.path }) ? html`<p><a href="${url('/admin/appeals/new', a.request_id ? { requestId: a.request_id } : {})}">登记复议后起诉的案件</a></p>` : ''}`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

export const appealRoutes = () =>
  defineRoutes([
    { method: 'GET', url: '/admin/appeals', action: 'requests.appeals.view', handler: listPage },
    { method: 'GET', url: '/admin/appeals/new', action: 'requests.appeals.manage', handler: (req, reply) => newPage(req, reply) },
    {
      method: 'POST',
      url: '/admin/appeals',
      action: 'requests.appeals.manage',
      async handler(req, reply) {
        const b = formBody(req) as Record<string, string>;
        return submitForm(
          reply,
          () => execute(req.ctx, recordAppeal, b),
          (errors) => newPage(req, reply, b, errors),
          (v) => [`/admin/appeals/${v.id}`, '已登记。'],
        );
      },
    },
    { method: 'GET', url: '/admin/appeals/:id', action: 'requests.appeals.view', handler: (req, reply) => detailPage(req, reply) },
    {
      method: 'POST',
      url: '/admin/appeals/:id/decide',
      action: 'requests.appeals.manage',
      async handler(req, reply) {
        const b = formBody(req) as Record<string, string>;
        const id = Number((req.params as { id: string }).id);
        return submitForm(
          reply,
          () => execute(req.ctx, decideAppeal, { ...b, id }),
          (errors) => detailPage(req, reply, b, errors),
          (_) => [`/admin/appeals/${id}`, '已保存审理结果。'],
        );
      },
    },
  ]);
