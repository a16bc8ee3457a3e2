import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoutes, formBody, submitForm, queryOf } from '../../../platform/web/kit.ts';
import { html, raw, url, type SafeHtml } from '../../../platform/web/html.ts';
import { adminPage } from '../../../platform/web/layout.ts';
import {
  breadcrumbs,
  errorSummary,
  notice,
  pageHref,
  pageNumber,
  pagination,
  postForm,
  selectField,
  textArea,
  textField,
  type FormErrors,
} from '../../../platform/web/components.ts';
import { execute, type Command } from '../../../platform/command.ts';
import { loadCalendar } from '../../../platform/calendar/calendar.ts';
import { getSetting } from '../../../platform/settings/settings.ts';
import { NotFoundError, ValidationError } from '../../../kernel/errors.ts';
import { findOrgById, listOrgs, type Org } from '../../orgs/index.ts';
import { CHANNELS, CHANNEL_LABELS, APPLICANT_TYPE_LABELS, DELIVERY_CHANNEL_LABELS, DELIVERY_FORM_LABELS } from '../applicants.ts';
import { recordRequest } from '../commands/record-request.ts';
import { confirmReceipt } from '../commands/confirm-receipt.ts';
import { requestCorrection, receiveCorrection, lapseCorrection } from '../commands/correction.ts';
import { startConsultation, recordConsultationReply, CONSULTATION_KINDS, CONSULTATION_REPLIES } from '../commands/consultation.ts';
import { extendDeadline } from '../commands/extend-deadline.ts';
import { setReasonableDeadline } from '../commands/set-reasonable-deadline.ts';
import { notifyFee, recordPayment, lapseFee } from '../commands/fees.ts';
import { transferRequest } from '../commands/transfer-request.ts';
import { decideRequest, closeRequest } from '../commands/decide-request.ts';
import { attachFile, MAX_ATTACHMENT_BYTES } from '../commands/attach-file.ts';
import { answersRequests } from '../commands/create.ts';
import { formatFen, HARDSHIP_LABELS } from '../fees.ts';
import { followUp, countByKind, FOLLOW_UP_LABELS, type FollowUpKind } from '../followup.ts';
import { letterContext, letterModel, renderLetterDocx, renderLetterPdf } from '../letters.ts';
import { letterPlaceholders, outcomesFor } from '../outcomes.ts';
import { formatCitation, rulesFor } from '../regimes.ts';
import { appealsOfRequest, attachmentContent, attachmentsOf, consultationsOf, eventsOf, feesOf, findRequest, listRequests, type RequestRow } from '../repo.ts';
import { correctionPeriodSetting } from '../settings.ts';
import { allowedEvents, OPEN, STATES, STATE_LABELS, type RequestEvent, type RequestState } from '../states.ts';
import { APPEAL_KINDS, APPEAL_RESULTS, LITIGATION_ROUTES } from '../commands/appeals.ts';
import { applicationFields, FORM_LABELS } from './portal.ts';
import { applicantRows, dl, letterHtml, outcomeLabel, stateBadge, timeline } from './views.ts';

const PAGE_SIZE = 30;

const ACTION_LABELS: Record<string, string> = {
  ...FORM_LABELS,
  channel: '申请方式',
  arrivedAt: '收到时间',
  receivedOn: '收到申请之日',
  noticeOn: '告知日期',
  items: '补正内容',
  periodDays: '补正期限',
  correctedOn: '收到补正日期',
  onDate: '日期',
  kind: '类型',
  party: '被征求意见方',
  sentOn: '发出日期',
  consulteeReceivedOn: '对方收到日期',
  consultationId: '征求意见',
  repliedOn: '答复日期',
  reply: '答复意见',
  days: '延长天数',
  approver: '批准人',
  reason: '理由',
  deadline: '合理期限',
  basis: '计费方式',
  pages: '页数',
  paidOn: '缴费日期',
  amountYuan: '缴费金额',
  toOrgId: '承办机关',
  decidedOn: '答复日期',
  outcome: '办理结果',
  deliveredOn: '送达日期',
  file: '附件',
};

function requestIdOf(req: FastifyRequest): number {
  const id = Number((req.params as { id: string }).id);
  if (!Number.isSafeInteger(id) || id < 1) throw new NotFoundError('申请不存在');
  return id;
}

/** Load a request the actor may see (scoped by its org), else 404 — no hint that it exists. */
async function visibleRequest(req: FastifyRequest): Promise<{ r: RequestRow; org: Org }> {
  const r = await findRequest(req.ctx.db, requestIdOf(req));
  const org = r ? await findOrgById(req.ctx.db, r.org_id) : undefined;
  if (!r || !org || !req.view.can('requests.view', { orgPath: org.path })) throw new NotFoundError('申请不存在');
  return { r, org };
}

function dueCell(r: RequestRow, today: string): SafeHtml {
  if (!r.due_on) return html`<span class="muted">${r.state === 'correction_requested' ? `补正至 ${r.correction_ends_on ?? ''}` : '—'}</span>`;
  const open = OPEN.includes(r.state);
  return html`${r.due_on}${open && r.due_on < today ? html` <span class="badge bad">已超期</span>` : ''}${r.due_provisional ? html` <span class="badge warn">暂定</span>` : ''}${r.answered_late ? html` <span class="badge bad">逾期答复</span>` : ''}`;
}

// ───────────────────────────── list ─────────────────────────────

async function listPage(req: FastifyRequest, reply: FastifyReply) {
  const q = queryOf(req);
  const scope = req.ctx.scope('requests.view');
  const page = pageNumber(q.page);
  const today = req.ctx.clock.today();
  const cal = await loadCalendar(req.ctx.db);
  const state =
    q.state === 'open' || q.state === 'final' || (STATES as readonly string[]).includes(q.state ?? '')
      ? (q.state as RequestState | 'open' | 'final')
      : undefined;
  const year = q.year && /^\d{4}$/.test(q.year) ? Number(q.year) : undefined;
  const due = q.due === 'overdue' || q.due === 'soon' ? q.due : undefined;
  const orgs = await listOrgs(req.ctx.db, { scope });
  const orgId = q.org && orgs.some((o) => String(o.id) === q.org) ? Number(q.org) : undefined;
  const { rows, total } = await listRequests(
    req.ctx.db,
    { scope, state, orgId, year, q: q.q?.trim().slice(0, 50) || undefined, due, today, soonUntil: cal.addWorkdays(today, 3).date },
    { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
  );
  return reply.page(
    adminPage(
      req.view,
      { title: '依申请公开办理', section: '/admin/requests' },
      html`<h1>依申请公开办理</h1>
<p class="actions">${req.view.can('requests.intake') ? html`<a class="btn" href="/admin/requests/new">登记申请</a>` : ''} <a class="btn secondary" href="/admin/requests/follow-up">跟进提醒</a></p>
<form method="get" action="/admin/requests" class="filters panel" aria-label="筛选">
${selectField({ name: 'state', label: '状态', options: [{ value: 'open', label: '在办' }, { value: 'final', label: '已有办理结果' }, ...STATES.map((s) => ({ value: s, label: STATE_LABELS[s] }))], value: q.state, placeholder: '全部' })}
${selectField({ name: 'org', label: '机关', options: orgs.filter(answersRequests).map((o) => ({ value: o.id, label: `${'　'.repeat(Math.max(0, o.depth - 1))}${o.shortName}` })), value: q.org, placeholder: '全部' })}
${textField({ name: 'year', label: '年度', value: q.year, inputmode: 'numeric', maxlength: 4 })}
${selectField({
  name: 'due',
  label: '期限',
  options: [
    { value: 'overdue', label: '已超期' },
    { value: 'soon', label: '3个工作日内到期' },
  ],
  value: q.due,
  placeholder: '不限',
})}
${textField({ name: 'q', label: '查询码、申请人或内容', type: 'search', value: q.q, maxlength: 50 })}
<button type="submit">筛选</button>
</form>
<div class="table-wrap"><table>
<caption>共 ${total} 件</caption>
<thead><tr><th scope="col">查询码</th><th scope="col">收到申请之日</th><th scope="col">机关</th><th scope="col">申请人类型</th><th scope="col">所需信息</th><th scope="col">状态</th><th scope="col">答复期限</th><th scope="col">办理结果</th></tr></thead>
<tbody>${rows.map(
        (
          r,
        ) => html`<tr><td class="mono"><a href="/admin/requests/${r.id}">${r.query_code}</a></td><td>${r.received_on ?? html`<span class="muted">待确认</span>`}</td><td>${r.org_short_name}</td><td>${APPLICANT_TYPE_LABELS[r.applicant_type]}</td>
<td>${(r.info_name || r.info_description).slice(0, 40)}</td><td>${stateBadge(r.state)}</td><td>${dueCell(r, today)}</td><td>${outcomeLabel(r)}</td></tr>`,
      )}</tbody></table></div>
${pagination({ page, pageSize: PAGE_SIZE, total, href: pageHref('/admin/requests', { state: q.state, org: q.org, year: q.year, due: q.due, q: q.q }) })}`,
    ),
  );
}

// ───────────────────────────── intake ─────────────────────────────

async function intakePage(req: FastifyRequest, reply: FastifyReply, v: Record<string, string> = {}, errors: FormErrors = {}) {
  const now = req.ctx.clock.now();
  const local = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
  return reply.page(
    adminPage(
      req.view,
      { title: '登记申请', section: '/admin/requests/new' },
      html`${breadcrumbs([{ label: '依申请公开办理', href: '/admin/requests' }, { label: '登记申请' }])}
<h1>登记申请</h1>
<p>当面、口头、信函、传真、电子邮件提出的申请在此登记。收到时间与收到申请之日分别记录（条例第三十一条）：当面和口头提出的，以提交之日为收到申请之日；挂号信等以签收之日为准；平信、传真、电子邮件以与申请人确认之日为准，尚未确认的可留空，确认后在申请页面登记。</p>
${errorSummary(errors, ACTION_LABELS)}
${postForm(
  '/admin/requests/new',
  req.view.csrf(),
  html`<fieldset><legend>收到情况</legend>
${selectField({ name: 'channel', label: '申请方式', options: CHANNELS.filter((c) => c !== 'online').map((c) => ({ value: c, label: CHANNEL_LABELS[c] })), value: v.channel, required: true, errors })}
${textField({ name: 'arrivedAt', label: '收到时间', hint: '格式：2025-03-04 09:30（北京时间）', value: v.arrivedAt ?? local, required: true, errors, maxlength: 16 })}
${textField({ name: 'receivedOn', label: '收到申请之日（法定）', type: 'date', hint: '当面、口头提出的可留空（即收到当日）；需确认的尚未确认可留空', value: v.receivedOn, errors })}
</fieldset>
${await applicationFields(req, v, errors)}
<button type="submit">登记</button>`,
  { label: '登记申请' },
)}`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

// ───────────────────────────── detail and actions ─────────────────────────────

interface ActionForm {
  key: string;
  event?: RequestEvent;
  title: string;
  render(ctx: { r: RequestRow; v: Record<string, string>; errors: FormErrors; today: string; extra: DetailExtra }): SafeHtml;
}

interface DetailExtra {
  orgs: Org[];
  openConsultations: Array<{ id: number; label: string }>;
  correctionDays: number;
}

const dateField = (name: string, label: string, v: Record<string, string>, errors: FormErrors, today: string, hint?: string) =>
  textField({ name, label, type: 'date', value: v[name] ?? today, required: true, errors, ...(hint ? { hint } : {}) });

const FORMS: ActionForm[] = [
  {
    key: 'confirm',
    event: 'confirm_receipt',
    title: '确认收到申请',
    render: ({ r, v, errors, today }) =>
      html`<p class="hint">${r.channel === 'letter_ordinary' ? '平常信函应于收到当日与申请人确认，确认之日为收到申请之日（条例第三十一条第（二）项）。' : '网络、传真提交的，以双方确认之日为收到申请之日（条例第三十一条第（三）项）。'}</p>${dateField('receivedOn', '确认日期（收到申请之日）', v, errors, today)}`,
  },
  {
    key: 'correction',
    event: 'request_correction',
    title: '一次性告知补正',
    render: ({ r, v, errors, today, extra }) =>
      html`<p class="hint">${r.regime === '2019' ? '应在收到申请之日起7个工作日内一次性告知需要补正的全部事项和补正期限（条例第三十条）。只能告知一次。' : '申请内容不明确的，告知作出更改、补充（2008年条例第二十一条第（四）项）。'}</p>
${dateField('noticeOn', '告知日期', v, errors, today)}
${textArea({ name: 'items', label: '需要补正的事项（一次性列明）', value: v.items, required: true, errors, rows: 3 })}
${textField({ name: 'periodDays', label: '补正期限（工作日）', type: 'number', hint: '本地口径，默认见业务设置', value: v.periodDays ?? extra.correctionDays, errors })}`,
  },
  {
    key: 'corrected',
    event: 'receive_correction',
    title: '登记收到补正',
    render: ({ v, errors, today }) =>
      html`${dateField('correctedOn', '收到补正后申请之日', v, errors, today, '答复期限自该日起重新计算')}${textArea({ name: 'text', label: '补正的内容', value: v.text, required: true, errors, rows: 3 })}`,
  },
  {
    key: 'lapse',
    event: 'correction_lapsed',
    title: '逾期未补正，视为放弃申请',
    render: ({ r, v, errors, today }) =>
      html`<p class="hint">补正期限至 ${r.correction_ends_on ?? '—'}，届满后无正当理由未补正的，视为放弃申请（条例第三十条）。</p>${dateField('onDate', '认定日期', v, errors, today)}`,
  },
  {
    key: 'consult',
    event: 'start_consultation',
    title: '书面征求意见',
    render: ({ r, v, errors, today }) =>
      html`${selectField({ name: 'kind', label: '征求对象', options: Object.entries(CONSULTATION_KINDS).map(([k, l]) => ({ value: k, label: l })), value: v.kind, required: true, errors })}
${textField({ name: 'party', label: '被征求意见的第三方或机关', value: v.party, required: true, errors })}
${dateField('sentOn', '发出征求意见之日', v, errors, today, r.regime === '2019' ? '第三方（第三十二条）和其他机关（第三十四条）自收到之日起15个工作日内提出意见；所需时间不计入答复期限（第三十三条第三款）' : '征求第三方意见所需时间不计入答复期限（2008年条例第二十四条第三款）')}
${textField({ name: 'consulteeReceivedOn', label: '对方收到日期（可空）', type: 'date', value: v.consulteeReceivedOn, errors })}`,
  },
  {
    key: 'reply',
    title: '登记征求意见答复',
    render: ({ v, errors, today, extra }) =>
      html`${selectField({ name: 'consultationId', label: '征求意见', options: extra.openConsultations.map((c) => ({ value: c.id, label: c.label })), value: v.consultationId, required: true, errors })}
${dateField('repliedOn', '收到答复之日（或答复期限届满之日）', v, errors, today)}
${selectField({ name: 'reply', label: '答复意见', options: Object.entries(CONSULTATION_REPLIES).map(([k, l]) => ({ value: k, label: l })), value: v.reply, required: true, errors })}
${textArea({ name: 'note', label: '说明', value: v.note, errors, rows: 2 })}`,
  },
  {
    key: 'extend',
    event: 'extend',
    title: '延长答复期限',
    render: ({ r, v, errors, today }) => {
      const rules = rulesFor(r.regime);
      return html`<p class="hint">需经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过${rules.maxExtensionDays}个工作日（${formatCitation(rules.extensionBasis, { short: true })}）。只能延长一次。</p>
${textField({ name: 'days', label: '延长工作日数', type: 'number', value: v.days ?? rules.maxExtensionDays, required: true, errors })}
${textField({ name: 'approver', label: '批准人（政府信息公开工作机构负责人）', value: v.approver, required: true, errors })}
${textArea({ name: 'reason', label: '延期理由', value: v.reason, required: true, errors, rows: 2 })}
${dateField('noticeOn', '告知申请人日期', v, errors, today)}`;
    },
  },
  {
    key: 'reasonable',
    title: '确定延迟答复的合理期限（第三十五条）',
    render: ({ v, errors, today }) =>
      html`<p class="hint">申请数量、频次明显超过合理范围，申请人说明的理由合理，但无法在第三十三条规定的期限内答复的，可以确定延迟答复的合理期限并告知申请人。</p>
${textField({ name: 'deadline', label: '合理期限', type: 'date', value: v.deadline, required: true, errors })}
${textArea({ name: 'reason', label: '理由', value: v.reason, required: true, errors, rows: 2 })}
${dateField('noticeOn', '告知申请人日期', v, errors, today)}`,
  },
  {
    key: 'fee',
    event: 'notify_fee',
    title: '发出收费通知',
    render: ({ r, v, errors, today }) =>
      r.regime === '2019'
        ? html`<p class="hint">信息处理费（条例第四十二条、国办函〔2020〕109号）：按件计收（同一申请人一个自然月内第11件起）或按量计收（31页起），同一申请只能选择一种。缴费期限为收到通知次日起20个工作日，逾期视为放弃申请。</p>
${selectField({
  name: 'basis',
  label: '计费方式',
  options: [
    { value: 'per_page', label: '按量计收（页数）' },
    { value: 'per_application', label: '按件计收（本月申请件数）' },
  ],
  value: v.basis,
  required: true,
  errors,
})}
${textField({ name: 'pages', label: '页数（按量计收时填写）', type: 'number', value: v.pages, errors })}
${dateField('noticeOn', '发出收费通知日期', v, errors, today)}
${textField({ name: 'noticeReceivedOn', label: '申请人收到通知日期（可空：同发出日期）', type: 'date', value: v.noticeReceivedOn, errors })}`
        : html`<p class="hint">只收取检索、复制、邮寄等成本费用（2008年条例第二十七条）；确有经济困难的公民，经负责人审核同意可减免（第二十八条）。</p>
<input type="hidden" name="basis" value="cost">
${textField({ name: 'searchYuan', label: '检索费（元）', type: 'number', value: v.searchYuan, errors })}
${textField({ name: 'copyYuan', label: '复制费（元）', type: 'number', value: v.copyYuan, errors })}
${textField({ name: 'postageYuan', label: '邮寄费（元）', type: 'number', value: v.postageYuan, errors })}
${selectField({ name: 'waiverBasis', label: '减免依据', options: Object.entries(HARDSHIP_LABELS).map(([k, l]) => ({ value: k, label: l })), value: v.waiverBasis, placeholder: '不减免', errors })}
${textField({ name: 'waiverApprover', label: '减免批准人', value: v.waiverApprover, errors })}
${dateField('noticeOn', '发出收费通知日期', v, errors, today)}`,
  },
  {
    key: 'pay',
    event: 'record_payment',
    title: '登记缴费',
    render: ({ v, errors, today }) =>
      html`${dateField('paidOn', '缴费日期', v, errors, today)}${textField({ name: 'amountYuan', label: '缴费金额（元）', type: 'number', value: v.amountYuan, required: true, errors })}`,
  },
  {
    key: 'fee-lapse',
    event: 'fee_lapsed',
    title: '逾期未缴费，视为放弃申请',
    render: ({ v, errors, today }) =>
      html`<p class="hint">收到收费通知次日起20个工作日内未缴纳的，视为放弃申请（国办函〔2020〕109号）。</p>${dateField('onDate', '认定日期', v, errors, today)}`,
  },
  {
    key: 'transfer',
    event: 'transfer',
    title: '转送承办机关',
    render: ({ r, v, errors, today, extra }) =>
      html`${selectField({ name: 'toOrgId', label: '承办机关', options: extra.orgs.filter((o) => o.id !== r.org_id).map((o) => ({ value: o.id, label: `${'　'.repeat(Math.max(0, o.depth - 1))}${o.name}` })), value: v.toOrgId, required: true, errors })}
${textArea({ name: 'reason', label: '转送理由', value: v.reason, required: true, errors, rows: 2 })}
${dateField('onDate', '转送日期', v, errors, today, '收到申请之日和答复期限不变（本地口径）')}`,
  },
  {
    key: 'close',
    event: 'close',
    title: '送达并办结',
    render: ({ v, errors, today }) =>
      html`${dateField('deliveredOn', '送达日期', v, errors, today)}${textField({ name: 'note', label: '送达方式', hint: '如：邮寄（EMS单号）、电子邮件、当面领取', value: v.note, errors })}`,
  },
];

/** Each action form runs one command; `run` hides the command's own input and result types. */
function formAction<I, O, P>(command: Command<I, O, P>, input: (id: number, b: Record<string, string>) => Record<string, unknown>, done: string) {
  return { run: (req: FastifyRequest, id: number, b: Record<string, string>) => execute(req.ctx, command, input(id, b)) as Promise<unknown>, done };
}

const FORM_COMMANDS: Record<string, ReturnType<typeof formAction>> = {
  confirm: formAction(confirmReceipt, (id, b) => ({ id, receivedOn: b.receivedOn }), '已确认收到，答复期限开始计算。'),
  correction: formAction(
    requestCorrection,
    (id, b) => ({ id, noticeOn: b.noticeOn, items: b.items, periodDays: b.periodDays }),
    '已登记补正告知，并通知申请人。',
  ),
  corrected: formAction(receiveCorrection, (id, b) => ({ id, correctedOn: b.correctedOn, text: b.text }), '已登记补正，答复期限重新计算。'),
  lapse: formAction(lapseCorrection, (id, b) => ({ id, onDate: b.onDate }), '已登记逾期未补正，视为放弃申请。'),
  consult: formAction(
    startConsultation,
    (id, b) => ({ id, kind: b.kind, party: b.party, sentOn: b.sentOn, consulteeReceivedOn: b.consulteeReceivedOn }),
    '已登记征求意见，所需时间不计入答复期限。',
  ),
  reply: formAction(
    recordConsultationReply,
    (id, b) => ({ id, consultationId: b.consultationId, repliedOn: b.repliedOn, reply: b.reply, note: b.note }),
    '已登记征求意见答复。',
  ),
  extend: formAction(
    extendDeadline,
    (id, b) => ({ id, days: b.days, approver: b.approver, reason: b.reason, noticeOn: b.noticeOn }),
    '已延长答复期限，并告知申请人。',
  ),
  reasonable: formAction(
    setReasonableDeadline,
    (id, b) => ({ id, deadline: b.deadline, reason: b.reason, noticeOn: b.noticeOn }),
    '已确定延迟答复的合理期限。',
  ),
  fee: formAction(
    notifyFee,
    (id, b) => ({
      id,
      basis: b.basis,
      pages: b.pages,
      searchYuan: b.searchYuan,
      copyYuan: b.copyYuan,
      postageYuan: b.postageYuan,
      waiverBasis: b.waiverBasis ?? '',
      waiverApprover: b.waiverApprover ?? '',
      noticeOn: b.noticeOn,
      noticeReceivedOn: b.noticeReceivedOn,
    }),
    '已发出收费通知。',
  ),
  pay: formAction(recordPayment, (id, b) => ({ id, paidOn: b.paidOn, amountYuan: b.amountYuan }), '已登记缴费。'),
  'fee-lapse': formAction(lapseFee, (id, b) => ({ id, onDate: b.onDate }), '已登记逾期未缴费，视为放弃申请。'),
  transfer: formAction(transferRequest, (id, b) => ({ id, toOrgId: b.toOrgId, reason: b.reason, onDate: b.onDate }), '已转送承办机关。'),
  close: formAction(closeRequest, (id, b) => ({ id, deliveredOn: b.deliveredOn, note: b.note }), '已办结。'),
};

async function detailPage(req: FastifyRequest, reply: FastifyReply, opts: { active?: string; values?: Record<string, string>; errors?: FormErrors } = {}) {
  const { r, org } = await visibleRequest(req);
  const db = req.ctx.db;
  const today = req.ctx.clock.today();
  const [events, consultations, fees, attachments, appeals, orgs, correctionDays] = await Promise.all([
    eventsOf(db, r.id),
    consultationsOf(db, r.id),
    feesOf(db, r.id),
    attachmentsOf(db, r.id),
    appealsOfRequest(db, r.id),
    listOrgs(db),
    getSetting(db, correctionPeriodSetting),
  ]);
  const subject = { orgPath: org.path };
  const canHandle = req.view.can('requests.handle', subject);
  const unmasked = req.view.can('requests.personal', subject);
  const events_ = allowedEvents(r.state);
  const openConsultations = consultations
    .filter((c) => !c.replied_on)
    .map((c) => ({ id: c.id, label: `${CONSULTATION_KINDS[c.kind]}：${c.party}（${c.sent_on} 发出）` }));
  const extra: DetailExtra = { orgs: orgs.filter(answersRequests), openConsultations, correctionDays };
  const forms = canHandle
    ? FORMS.filter((f) => {
        if (f.key === 'reply') return openConsultations.length > 0 && r.state === 'consulting';
        if (f.key === 'reasonable')
          return r.regime === '2019' && ['received', 'corrected', 'resumed', 'extended', 'paid', 'transferred'].includes(r.state) && !r.reasonable_deadline;
        if (f.key === 'correction' && r.correction_notice_on) return false;
        if (f.key === 'extend' && r.extension_days) return false;
        if (f.key === 'fee-lapse' && r.regime !== '2019') return false;
        return f.event ? events_.includes(f.event) : true;
      })
    : [];
  const errors = opts.errors ?? {};
  const explain = JSON.parse(r.due_explain) as string[];
  const model = r.outcome && r.decided_on ? letterModel(await letterContext(db, r)) : null;
  const csrf = req.view.csrf();
  return reply.page(
    adminPage(
      req.view,
      { title: `申请 ${r.query_code}`, section: '/admin/requests' },
      html`${breadcrumbs([{ label: '依申请公开办理', href: '/admin/requests' }, { label: r.query_code }])}
<h1>申请 <span class="mono">${r.query_code}</span> ${stateBadge(r.state)}</h1>
${errorSummary(errors, ACTION_LABELS)}
<div class="grid">
<section class="panel" aria-labelledby="basic-h"><h2 id="basic-h">申请情况</h2>
<table class="meta"><tbody>
${applicantRows(r, unmasked)}
<tr><th scope="row">受理机关</th><td>${org.name}</td></tr>
<tr><th scope="row">申请方式</th><td>${CHANNEL_LABELS[r.channel]}</td></tr>
<tr><th scope="row">收到时间</th><td>${new Date(new Date(r.arrived_at).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')}（北京时间）</td></tr>
<tr><th scope="row">收到申请之日</th><td>${r.received_on ? html`${r.received_on} <span class="muted">${r.receipt_basis}</span>` : html`<span class="badge warn">待确认</span>`}</td></tr>
<tr><th scope="row">适用条例</th><td>${rulesFor(r.regime).title}</td></tr>
<tr><th scope="row">所需信息</th><td>${[r.info_name && `名称：${r.info_name}`, r.info_doc_number && `文号：${r.info_doc_number}`, r.info_description && `描述：${r.info_description}`].filter(Boolean).join('；')}</td></tr>
${r.correction_text ? html`<tr><th scope="row">补正内容</th><td>${r.correction_text}</td></tr>` : ''}
<tr><th scope="row">获取方式</th><td>${DELIVERY_FORM_LABELS[r.delivery_form]}，${DELIVERY_CHANNEL_LABELS[r.delivery_channel]}</td></tr>
</tbody></table></section>
<section class="panel" aria-labelledby="due-h"><h2 id="due-h">答复期限</h2>
${dl([
  ['答复期限', dueCell(r, today)],
  ['法定期限（不含延期）', r.statutory_due_on ?? '—'],
  ...(r.extension_days
    ? ([['延期', `${r.extension_days}个工作日，批准人：${r.extension_approver}，理由：${r.extension_reason}，告知日期：${r.extension_notice_on}`]] as Array<
        [string, string]
      >)
    : []),
  ...(r.correction_notice_on
    ? ([['补正', `${r.correction_notice_on} 告知，期限至 ${r.correction_ends_on ?? '—'}${r.corrected_on ? `，${r.corrected_on} 收到补正` : ''}`]] as Array<
        [string, string]
      >)
    : []),
  ...(r.outcome ? ([['办理结果', html`${outcomeLabel(r)}（${r.decided_on}，${r.decision_number}）`]] as Array<[string, SafeHtml]>) : []),
])}
${explain.length ? html`<details><summary>计算说明（可逐日核对）</summary><ol>${explain.map((l) => html`<li>${l}</li>`)}</ol></details>` : ''}
</section>
</div>
${
  canHandle && (forms.length || events_.includes('decide'))
    ? html`<section class="panel" aria-labelledby="act-h"><h2 id="act-h">办理</h2>
${events_.includes('decide') ? html`<p><a class="btn" href="/admin/requests/${r.id}/decide">作出答复</a></p>` : ''}
${forms.map(
  (f) => html`<details${opts.active === f.key ? raw(' open') : ''}><summary>${f.title}</summary>
${postForm(`/admin/requests/${r.id}/${f.key}`, csrf, html`${f.render({ r, v: opts.active === f.key ? (opts.values ?? {}) : {}, errors: opts.active === f.key ? errors : {}, today, extra })}<button type="submit">${f.title}</button>`, { label: f.title })}
</details>`,
)}
${
  !['closed', 'abandoned', 'fee_abandoned'].includes(r.state)
    ? html`<details${opts.active === 'attach' ? raw(' open') : ''}><summary>上传公开的信息（附件）</summary>
<form method="post" action="/admin/requests/${r.id}/attach" enctype="multipart/form-data" aria-label="上传附件">
<input type="hidden" name="_csrf" value="${csrf}">
<div class="field${errors.file && opts.active === 'attach' ? ' invalid' : ''}"><label for="f-file">文件（PDF、Word、Excel、图片，不超过${MAX_ATTACHMENT_BYTES / 1024 / 1024}MB）</label>
${errors.file && opts.active === 'attach' ? html`<span class="error-text" id="f-file-error">${errors.file}</span>` : ''}
<input type="file" id="f-file" name="file" required></div>
<button type="submit">上传</button></form></details>`
    : ''
}
</section>`
    : ''
}
${
  consultations.length
    ? html`<section class="panel"><h2>征求意见</h2><div class="table-wrap"><table><thead><tr><th scope="col">对象</th><th scope="col">被征求意见方</th><th scope="col">发出</th><th scope="col">答复</th><th scope="col">意见</th></tr></thead>
<tbody>${consultations.map((c) => html`<tr><td>${CONSULTATION_KINDS[c.kind]}</td><td>${c.party}</td><td>${c.sent_on}</td><td>${c.replied_on ?? html`<span class="badge warn">未答复</span>`}</td><td>${c.reply ? CONSULTATION_REPLIES[c.reply as keyof typeof CONSULTATION_REPLIES] : ''}</td></tr>`)}</tbody></table></div></section>`
    : ''
}
${
  fees.length
    ? html`<section class="panel"><h2>收费</h2><div class="table-wrap"><table><thead><tr><th scope="col">通知日期</th><th scope="col">计费</th><th scope="col">金额</th><th scope="col">缴费期限</th><th scope="col">缴费</th></tr></thead>
<tbody>${fees.map((f) => html`<tr><td>${f.notice_on}</td><td>${(JSON.parse(f.explain) as string[]).join('；')}</td><td class="num">${formatFen(f.amount_fen)}</td><td>${f.due_on ?? '—'}</td><td>${f.paid_on ? `${f.paid_on} 已缴` : f.lapsed_on ? `${f.lapsed_on} 逾期` : '未缴'}</td></tr>`)}</tbody></table></div></section>`
    : ''
}
${attachments.length ? html`<section class="panel"><h2>附件</h2><ul>${attachments.map((a) => html`<li><a href="/admin/requests/${r.id}/attachments/${a.id}">${a.filename}</a> <span class="muted">${Math.ceil(a.size / 1024)} KB，${a.createdAt.slice(0, 10)}</span></li>`)}</ul></section>` : ''}
${
  model
    ? html`<section aria-labelledby="letter-h"><h2 id="letter-h">告知书</h2><p class="actions"><a class="btn" href="/admin/requests/${r.id}/letter.pdf">下载 PDF</a> <a class="btn secondary" href="/admin/requests/${r.id}/letter.docx">下载 Word</a></p>${letterHtml(model)}</section>`
    : ''
}
<section class="panel" aria-labelledby="tl-h"><h2 id="tl-h">办理过程</h2>${timeline(events, { staff: true })}</section>
<section class="panel"><h2>行政复议和行政诉讼</h2>
${appeals.length ? html`<ul>${appeals.map((a) => html`<li><a href="/admin/appeals/${a.id}">${APPEAL_KINDS[a.kind]}${a.route ? `（${LITIGATION_ROUTES[a.route]}）` : ''}：${a.body} ${a.case_number}</a> — ${APPEAL_RESULTS[a.result]}</li>`)}</ul>` : html`<p class="muted">无</p>`}
${r.outcome && req.view.can('requests.appeals.manage', subject) ? html`<p><a href="${url('/admin/appeals/new', { requestId: r.id })}">登记复议或诉讼</a></p>` : ''}
</section>`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

// ───────────────────────────── decide ─────────────────────────────

async function decidePage(req: FastifyRequest, reply: FastifyReply, values: Record<string, string> = {}, errors: FormErrors = {}) {
  const { r, org } = await visibleRequest(req);
  if (!req.view.can('requests.handle', { orgPath: org.path })) throw new NotFoundError('申请不存在');
  const q = { ...queryOf(req), ...values };
  const [key, kase] = (q.choice ?? '').split(':');
  const list = outcomesFor(r.regime).filter(
    (o) => o.key !== 'other_no_correction' && o.key !== 'other_fee_unpaid' && !(r.regime === '2008' && o.key === 'correction'),
  );
  const chosen = list.find((o) => o.key === key);
  const variant = chosen?.letters.find((v) => v.case === kase) ?? chosen?.letters[0];
  const holes = variant ? letterPlaceholders(variant.text) : [];
  const today = req.ctx.clock.today();
  return reply.page(
    adminPage(
      req.view,
      { title: `作出答复 ${r.query_code}`, section: '/admin/requests' },
      html`${breadcrumbs([{ label: '依申请公开办理', href: '/admin/requests' }, { label: r.query_code, href: `/admin/requests/${r.id}` }, { label: '作出答复' }])}
<h1>作出答复</h1>
<p>每件申请只有一个最终办理结果（${r.regime === '2019' ? '国办公开办函〔2021〕30号表三的21种情形；区分处理的只计“部分公开”' : '2008年条例下的答复类别'}）。选择办理结果和依据后，填写告知书中的事实。</p>
${errorSummary(errors, { ...ACTION_LABELS, ...Object.fromEntries(holes.map((h, i) => [`value${i}`, h])) })}
<form method="get" action="/admin/requests/${r.id}/decide" class="panel" aria-label="选择办理结果和依据">
<fieldset><legend>办理结果和法律依据</legend>
${list.map((o) =>
  o.letters.map((v) => {
    const id = `c-${o.key}-${v.case}`;
    return html`<label for="${id}"><input type="radio" id="${id}" name="choice" value="${o.key}:${v.case}"${chosen?.key === o.key && variant?.case === v.case ? raw(' checked') : ''} required> ${o.reportRow} ${o.label} — ${v.when}
<span class="hint">${v.basis.length ? `依据：${formatCitation(v.basis, { short: true })}` : (o.basisNote ?? '')}</span></label>`;
  }),
)}
</fieldset>
<button type="submit" class="btn secondary">选择</button>
</form>
${
  chosen && variant
    ? html`<section class="panel" aria-labelledby="fill-h"><h2 id="fill-h">${chosen.label}</h2>
<p class="hint">告知书措辞：${variant.text}</p>
${postForm(
  `/admin/requests/${r.id}/decide`,
  req.view.csrf(),
  html`<input type="hidden" name="choice" value="${chosen.key}:${variant.case}">
${holes.map((h, i) => textArea({ name: `value${i}`, label: h, value: values[`value${i}`], required: true, errors, rows: 2 }))}
${textField({ name: 'decidedOn', label: '答复日期（告知书日期）', type: 'date', value: values.decidedOn ?? today, required: true, errors })}
${r.due_on && today > r.due_on ? notice('warn', `答复期限已于 ${r.due_on} 届满，本答复将记为逾期答复。`) : ''}
<button type="submit">作出答复并生成告知书</button>`,
  { label: '填写并作出答复' },
)}</section>`
    : ''
}`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

// ───────────────────────────── follow-up ─────────────────────────────

async function followUpPage(req: FastifyRequest, reply: FastifyReply) {
  const scope = req.ctx.scope('requests.view');
  const today = req.ctx.clock.today();
  const items = await followUp(req.ctx.db, await loadCalendar(req.ctx.db), scope, today);
  const kinds: FollowUpKind[] = ['overdue', 'due_soon', 'correction_ended', 'fee_window_ended', 'unconfirmed'];
  return reply.page(
    adminPage(
      req.view,
      { title: '跟进提醒', section: '/admin/requests/follow-up' },
      html`${breadcrumbs([{ label: '依申请公开办理', href: '/admin/requests' }, { label: '跟进提醒' }])}
<h1>跟进提醒</h1>
<p>截至 ${today}：已超过答复期限的、3个工作日内到期的，以及补正、缴费期限已届满待登记和待确认收到的申请。${scope.kind === 'all' ? '显示全区。' : '显示本机关及下级机关。'}每日定时提醒（gongkai requests remind）。</p>
${kinds.map((k) => {
  const list = items.filter((i) => i.kind === k);
  return html`<section class="panel" aria-labelledby="fu-${k}"><h2 id="fu-${k}">${FOLLOW_UP_LABELS[k]}（${list.length}）</h2>
${
  list.length
    ? html`<div class="table-wrap"><table><thead><tr><th scope="col">查询码</th><th scope="col">机关</th><th scope="col">状态</th><th scope="col">日期</th><th scope="col">工作日</th></tr></thead><tbody>${list.map(
        (i) =>
          html`<tr><td class="mono"><a href="/admin/requests/${i.request.id}">${i.request.query_code}</a></td><td>${i.request.org_short_name}</td><td>${stateBadge(i.request.state)}</td><td>${i.date}</td><td>${i.workdaysLeft < 0 ? html`<span class="badge bad">超过 ${-i.workdaysLeft} 天</span>` : `剩余 ${i.workdaysLeft} 天`}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p class="muted">无</p>`
}</section>`;
})}`,
    ),
  );
}

/** The dashboard block: counts for the actor's orgs, linking to the follow-up page. */
export async function dashboardBlock(req: FastifyRequest): Promise<SafeHtml | null> {
  if (!req.view.can('requests.view')) return null;
  const scope = req.ctx.scope('requests.view');
  const items = await followUp(req.ctx.db, await loadCalendar(req.ctx.db), scope, req.ctx.clock.today());
  const c = countByKind(items);
  return html`<section class="panel" aria-labelledby="dash-req"><div class="panel-head"><h2 id="dash-req">依申请公开待办</h2><a href="/admin/requests/follow-up">全部</a></div>
<div class="stat-cards">
<div class="stat"><span class="value">${c.overdue}</span><p class="label">已超过答复期限</p></div>
<div class="stat"><span class="value">${c.due_soon}</span><p class="label">3个工作日内到期</p></div>
<div class="stat"><span class="value">${c.correction_ended + c.fee_window_ended}</span><p class="label">补正、缴费期限届满待登记</p></div>
<div class="stat"><span class="value">${c.unconfirmed}</span><p class="label">待确认收到</p></div>
</div></section>`;
}

async function sendLetter(req: FastifyRequest, reply: FastifyReply) {
  const { r } = await visibleRequest(req);
  const ext = (req.params as { ext: string }).ext;
  if (!r.outcome || (ext !== 'pdf' && ext !== 'docx')) throw new NotFoundError('尚无告知书');
  const c = await letterContext(req.ctx.db, r);
  const body = ext === 'pdf' ? await renderLetterPdf(c) : await renderLetterDocx(c);
  return reply
    .type(ext === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    .header('cache-control', 'no-store')
    .header('content-disposition', `attachment; filename="letter.${ext}"; filename*=UTF-8''${encodeURIComponent(`${r.decision_number || '告知书'}.${ext}`)}`)
    .send(body);
}

export const adminRoutes = () =>
  defineRoutes([
    { method: 'GET', url: '/admin/requests', action: 'requests.view', handler: listPage },
    { method: 'GET', url: '/admin/requests/follow-up', action: 'requests.view', handler: followUpPage },
    { method: 'GET', url: '/admin/requests/new', action: 'requests.intake', handler: (req, reply) => intakePage(req, reply) },
    {
      method: 'POST',
      url: '/admin/requests/new',
      action: 'requests.intake',
      async handler(req, reply) {
        const b = formBody(req) as Record<string, string>;
        return submitForm(
          reply,
          () => execute(req.ctx, recordRequest, b),
          (errors) => intakePage(req, reply, b, errors),
          (v) => [`/admin/requests/${v.id}`, `已登记，查询码 ${v.code}。`],
        );
      },
    },
    { method: 'GET', url: '/admin/requests/:id', action: 'requests.view', handler: (req, reply) => detailPage(req, reply) },
    { method: 'GET', url: '/admin/requests/:id/decide', action: 'requests.handle', handler: (req, reply) => decidePage(req, reply) },
    {
      method: 'POST',
      url: '/admin/requests/:id/decide',
      action: 'requests.handle',
      async handler(req, reply) {
        const { r } = await visibleRequest(req);
        const b = formBody(req) as Record<string, string>;
        const [key, kase] = (b.choice ?? '').split(':');
        const o = key ? outcomesFor(r.regime).find((x) => x.key === key) : undefined;
        const v = o?.letters.find((x) => x.case === kase) ?? o?.letters[0];
        const holes = v ? letterPlaceholders(v.text) : [];
        const values = Object.fromEntries(holes.map((h, i) => [h, (b[`value${i}`] ?? '').trim()]));
        return submitForm(
          reply,
          async () => {
            try {
              return await execute(req.ctx, decideRequest, { id: r.id, outcome: key ?? '', case: kase, decidedOn: b.decidedOn, values });
            } catch (e) {
              // Letter facts are named by their placeholder; the form names them value0, value1…
              if (e instanceof ValidationError)
                throw new ValidationError(e.issues.map((i) => (holes.includes(i.field) ? { field: `value${holes.indexOf(i.field)}`, message: i.message } : i)));
              throw e;
            }
          },
          (errors) => decidePage(req, reply, b, errors),
          (v) => [
            `/admin/requests/${r.id}`,
            `已作出答复（${v.label}），告知书文号 ${v.number}。${v.warnings.length ? `注意：${v.warnings.join('；')}` : ''}`,
            v.warnings.length ? 'warn' : 'ok',
          ],
        );
      },
    },
    {
      method: 'POST',
      url: '/admin/requests/:id/attach',
      action: 'requests.handle',
      multipart: true,
      async handler(req, reply) {
        const id = requestIdOf(req);
        let csrf = '';
        let file: { filename: string; content: Buffer } | undefined;
        if (req.isMultipart()) {
          for await (const part of req.parts()) {
            if (part.type === 'file') file = { filename: part.filename, content: await part.toBuffer() };
            else if (part.fieldname === '_csrf') csrf = String(part.value);
          }
        }
        req.server.checkCsrf(req, csrf);
        return submitForm(
          reply,
          () =>
            execute(req.ctx, attachFile, {
              id,
              filename: file?.filename ?? '',
              content: file ? new Uint8Array(file.content) : undefined,
              onDate: req.ctx.clock.today(),
            }),
          (errors) =>
            detailPage(req, reply, { active: 'attach', errors: { file: errors.file ?? errors.filename ?? errors.content ?? Object.values(errors)[0] ?? '' } }),
          (_) => [`/admin/requests/${id}`, `已上传附件：${file?.filename ?? ''}`],
        );
      },
    },
    { method: 'GET', url: '/admin/requests/:id/letter.:ext', action: 'requests.view', handler: sendLetter },
    {
      method: 'GET',
      url: '/admin/requests/:id/attachments/:aid',
      action: 'requests.view',
      async handler(req, reply) {
        const { r } = await visibleRequest(req);
        const a = await attachmentContent(req.ctx.db, r.id, Number((req.params as { aid: string }).aid));
        if (!a) throw new NotFoundError('附件不存在');
        return reply
          .type(a.mime)
          .header('cache-control', 'no-store')
          .header('content-disposition', `attachment; filename="file"; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
          .send(a.content);
      },
    },
    {
      method: 'POST',
      url: '/admin/requests/:id/:action',
      action: 'requests.handle',
      async handler(req, reply) {
        const id = requestIdOf(req);
        const action = (req.params as { action: string }).action;
        const spec = FORM_COMMANDS[action];
        if (!spec) throw new NotFoundError('没有这项操作');
        const b = formBody(req) as Record<string, string>;
        return submitForm(
          reply,
          () => spec.run(req, id, b),
          (errors) => detailPage(req, reply, { active: action, values: b, errors }),
          (v) => {
            const w = (v as { warnings?: string[] }).warnings ?? [];
            return [`/admin/requests/${id}`, `${spec.done}${w.length ? `注意：${w.join('；')}` : ''}`, w.length ? 'warn' : 'ok'];
          },
        );
      },
    },
  ]);
