import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoutes, formBody, submitForm, queryOf, type RouteDef } from '../../../platform/web/kit.ts';
import { html, raw, url, escapeHtml, type SafeHtml } from '../../../platform/web/html.ts';
import { adminPage } from '../../../platform/web/layout.ts';
import type { Block } from '../../../platform/web/blocks.ts';
import {
  textField,
  textArea,
  selectField,
  errorSummary,
  postForm,
  buttonForm,
  breadcrumbs,
  pagination,
  pageHref,
  pageNumber,
  notice,
  hiddenCsrf,
  type FormErrors,
} from '../../../platform/web/components.ts';
import { execute } from '../../../platform/command.ts';
import { eventsFrom } from '../../../platform/workflow/transitions.ts';
import { getSetting } from '../../../platform/settings/settings.ts';
import { loadCalendar } from '../../../platform/calendar/calendar.ts';
import { NotFoundError, ValidationError } from '../../../kernel/errors.ts';
import { chineseDate, timeInZone } from '../../../kernel/dates.ts';
import { actorLabel } from '../../../platform/context.ts';
import { listOrgs } from '../../orgs/index.ts';
import { ITEM_TRANSITIONS, STATE_LABELS, EDITABLE_STATES, EVENT_LABELS } from '../states.ts';
import { CHANNELS, CHANNEL_LABELS, DISCLOSURES, DISCLOSURE_LABELS, ITEM_STATES, OTHER_MEDIA, VALIDITIES, VALIDITY_LABELS, type ItemState } from '../types.ts';
import { attachmentsAndChannels, findAttachment, findItem, itemHistory, listColumns, listDue, listItemsForStaff, type Item } from '../repo.ts';
import { topicsSetting, genresSetting, assortsSetting, timelinessSetting, attachmentLimitsSetting } from '../settings.ts';
import { urgency, dueSoonHorizon } from '../deadlines.ts';
import { FINDING_LABELS, markHtml, type Span } from '../personal-data.ts';
import { findingStates } from '../findings.ts';
import { redactFinding, dismissFinding, withdrawAttachment } from '../commands/findings.ts';
import { formatBytes, readStoredFile } from '../attachments.ts';
import { createItem } from '../commands/create-item.ts';
import { updateItem } from '../commands/update-item.ts';
import { submitItem, approveItem, returnItem, publishItem, withdrawItem, reopenItem } from '../commands/transitions.ts';
import { setValidity, addChannel, removeChannel, addAttachment, removeAttachment } from '../commands/maintain.ts';
import { addColumn, updateColumn } from '../commands/columns.ts';
import { metaTable, bodyHtml, stateBadge, itemUrl, yesNo } from './views.ts';
import { CSS_LINK } from './views.ts';

/** The back office of the catalogue: lists, the item form, review, publication, columns, timeliness. */

const LABELS = {
  orgId: '发布机构',
  columnId: '栏目',
  title: '名称',
  summary: '内容概述',
  body: '正文',
  docNo: '文号',
  formedOn: '成文日期',
  topic: '主题分类',
  genre: '体裁',
  assort: '组配分类',
  keywords: '关键词',
  disclosure: '公开方式',
  validity: '有效性',
  effectiveOn: '施行日期',
  validityChangedOn: '失效/废止日期',
  isNormative: '行政规范性文件',
  isRule: '规章',
  reason: '理由',
  finding: '扫描结果',
  attachmentId: '附件',
  file: '附件',
  channel: '渠道',
  publishedOn: '发布日期',
  reference: '说明',
  medium: '媒体',
  changedOn: '日期',
  successorIndexNo: '替代文件索引号',
  key: '栏目标识',
  name: '栏目名称',
  parentId: '上级栏目',
  sortOrder: '排序',
  kind: '类型',
  href: '链接',
  description: '说明',
} satisfies Record<string, string>;
/** LABELS looked up by a key that may name no field (an error's key). */
const LABEL_OF: Readonly<Record<string, string | undefined>> = LABELS;

function itemIdOf(req: FastifyRequest): number {
  const id = Number((req.params as { id: string }).id);
  if (!Number.isInteger(id) || id <= 0) throw new NotFoundError('信息不存在');
  return id;
}

/** The item, if the user may see items of its org. */
async function visibleItem(req: FastifyRequest): Promise<Item> {
  const item = await findItem(req.ctx.db, itemIdOf(req));
  if (!item || !req.view.can('catalogue.view', { orgPath: item.orgPath })) throw new NotFoundError('信息不存在或不在您的管理范围内');
  return item;
}

// --- dashboard --------------------------------------------------------------------------------

// --- lists ------------------------------------------------------------------------------------

async function listPage(req: FastifyRequest, reply: FastifyReply) {
  const q = queryOf(req);
  const page = pageNumber(q.page);
  const state = (ITEM_STATES as readonly string[]).includes(q.state ?? '') ? (q.state as ItemState) : undefined;
  const scope = req.ctx.scope('catalogue.view');
  const orgs = await listOrgs(req.ctx.db, { scope });
  const columns = await listColumns(req.ctx.db);
  const PAGE = 30;
  const { total, items } = await listItemsForStaff(req.ctx.db, {
    scope,
    state,
    orgId: Number(q.org) || undefined,
    columnId: Number(q.column) || undefined,
    q: q.q?.trim() || undefined,
    limit: PAGE,
    offset: (page - 1) * PAGE,
  });
  const cur = { state, org: q.org, column: q.column, q: q.q };
  return reply.page(
    adminPage(
      req.view,
      { title: '信息管理', section: state === 'submitted' ? '/admin/catalogue?state=submitted' : '/admin/catalogue', head: CSS_LINK },
      html`<h1>${state ? `信息管理：${STATE_LABELS[state]}` : '信息管理'}</h1>
${req.view.can('catalogue.edit') ? html`<p><a class="btn" href="/admin/catalogue/new">新建信息</a> <a href="/admin/catalogue/due">公开时限提醒</a></p>` : ''}
<form method="get" action="/admin/catalogue" class="filters panel" aria-label="筛选">
${selectField({ name: 'state', label: '状态', options: ITEM_STATES.map((s) => ({ value: s, label: STATE_LABELS[s] })), value: state ?? '', placeholder: '全部' })}
${selectField({ name: 'org', label: '发布机构', options: orgs.map((o) => ({ value: o.id, label: `${'　'.repeat(o.depth)}${o.shortName}` })), value: q.org ?? '', placeholder: '全部' })}
${selectField({ name: 'column', label: '栏目', options: columns.filter((c) => c.kind !== 'link').map((c) => ({ value: c.id, label: `${'　'.repeat(c.depth)}${c.name}` })), value: q.column ?? '', placeholder: '全部' })}
${textField({ name: 'q', label: '名称、文号或索引号', value: q.q, type: 'search' })}
<button type="submit">筛选</button></form>
<div class="table-wrap"><table><caption>共 ${total} 条</caption>
<thead><tr><th scope="col">名称</th><th scope="col">发布机构</th><th scope="col">状态</th><th scope="col">成文日期</th><th scope="col">发布日期 / 应公开日期</th><th scope="col">索引号</th></tr></thead>
<tbody>${items.map(
        (
          i,
        ) => html`<tr><td><a href="/admin/catalogue/${i.id}">${i.title}</a></td><td>${i.orgShortName}</td><td>${stateBadge(i.state)}</td><td>${i.formedOn}</td>
<td>${i.publishedOn ? html`${i.publishedOn}${i.onTime === false ? html` <span class="badge bad">逾期公开</span>` : ''}` : html`应于 ${i.dueOn} 前`}</td><td class="mono">${i.indexNo ?? ''}</td></tr>`,
      )}</tbody></table></div>
${pagination({ page, pageSize: PAGE, total, href: pageHref('/admin/catalogue', cur) })}`,
    ),
  );
}

async function duePage(req: FastifyRequest, reply: FastifyReply) {
  const scope = req.ctx.scope('catalogue.view');
  const cal = await loadCalendar(req.ctx.db);
  const soon = (await getSetting(req.ctx.db, timelinessSetting)).dueSoonWorkdays;
  const today = req.ctx.clock.today();
  const items = await listDue(req.ctx.db, scope, dueSoonHorizon(cal, today, soon), 500);
  const late = items.filter((i) => urgency(cal, i.dueOn!, today, soon) === 'late');
  const near = items.filter((i) => urgency(cal, i.dueOn!, today, soon) !== 'late');
  const table = (list: Item[], caption: string) => html`<div class="table-wrap"><table><caption>${caption}（${list.length} 条）</caption>
<thead><tr><th scope="col">名称</th><th scope="col">发布机构</th><th scope="col">状态</th><th scope="col">成文日期</th><th scope="col">应公开日期</th><th scope="col">剩余工作日</th></tr></thead>
<tbody>${list.map((i) => html`<tr><td><a href="/admin/catalogue/${i.id}">${i.title}</a></td><td>${i.orgShortName}</td><td>${stateBadge(i.state)}</td><td>${i.formedOn}</td><td>${i.dueOn}${i.dueProvisional ? '（暂定）' : ''}</td><td>${i.dueOn! < today ? html`<span class="badge bad">超期 ${cal.workdaysAfter(i.dueOn!, today)} 个工作日</span>` : cal.workdaysAfter(today, i.dueOn!)}</td></tr>`)}</tbody></table></div>`;
  return reply.page(
    adminPage(
      req.view,
      { title: '公开时限', section: '/admin/catalogue/due', head: CSS_LINK },
      html`<h1>公开时限提醒</h1>
<p>属于主动公开范围的政府信息，应当自形成或者变更之日起20个工作日内公开（《政府信息公开条例》第二十六条）。下列信息尚未发布：已超期的，以及${soon}个工作日内到期的（提醒天数可在<a href="/admin/settings#s-catalogue.timeliness">业务设置</a>中调整）。</p>
${table(late, '已超过公开时限')}
${table(near, `${soon}个工作日内到期`)}`,
    ),
  );
}

// --- the item form ----------------------------------------------------------------------------

async function formPage(req: FastifyRequest, reply: FastifyReply, item: Item | null, errors: FormErrors = {}, values?: Record<string, string>) {
  const scope = req.ctx.scope('catalogue.edit');
  const [orgs, columns, topics, genres, assorts] = await Promise.all([
    listOrgs(req.ctx.db, { scope }),
    listColumns(req.ctx.db),
    getSetting(req.ctx.db, topicsSetting),
    getSetting(req.ctx.db, genresSetting),
    getSetting(req.ctx.db, assortsSetting),
  ]);
  const v: Record<string, string> =
    values ??
    (item
      ? {
          orgId: String(item.orgId),
          columnId: String(item.columnId ?? ''),
          title: item.title,
          summary: item.summary,
          body: item.bodyHtml,
          docNo: item.docNo,
          formedOn: item.formedOn,
          topic: item.topic,
          genre: item.genre,
          assort: item.assort,
          keywords: item.keywords,
          disclosure: item.disclosure,
          validity: item.validity,
          effectiveOn: item.effectiveOn ?? '',
          validityChangedOn: item.validityChangedOn ?? '',
          isNormative: item.isNormative ? '1' : '',
          isRule: item.isRule ? '1' : '',
        }
      : { formedOn: req.ctx.clock.today(), disclosure: 'proactive', validity: 'valid' });
  const action = item ? `/admin/catalogue/${item.id}/edit` : '/admin/catalogue';
  const check = (name: string, label: string) =>
    html`<div class="field"><input type="checkbox" id="f-${name}" name="${name}" value="1"${v[name] ? raw(' checked') : ''}> <label for="f-${name}">${label}</label></div>`;
  const title = item ? `修改：${item.title}` : '新建信息';
  return reply.page(
    adminPage(
      req.view,
      { title, section: item ? '/admin/catalogue' : '/admin/catalogue/new', head: CSS_LINK },
      html`${breadcrumbs([{ label: '信息管理', href: '/admin/catalogue' }, ...(item ? [{ label: item.title, href: `/admin/catalogue/${item.id}` }] : []), { label: item ? '修改' : '新建' }])}
<h1>${title}</h1>
${errorSummary(errors, LABELS)}
${postForm(
  action,
  req.view.csrf(),
  html`
<fieldset><legend>基本信息</legend>
${textField({ name: 'title', label: LABELS.title, value: v.title, required: true, errors, maxlength: 200 })}
${selectField({ name: 'orgId', label: LABELS.orgId, options: orgs.map((o) => ({ value: o.id, label: `${'　'.repeat(o.depth)}${o.name}` })), value: v.orgId, required: true, errors, placeholder: '请选择' })}
${selectField({ name: 'columnId', label: LABELS.columnId, options: columns.filter((c) => c.kind !== 'link').map((c) => ({ value: c.id, label: `${'　'.repeat(c.depth)}${c.name}` })), value: v.columnId, errors, placeholder: '请选择' })}
${textField({ name: 'docNo', label: LABELS.docNo, hint: '如：洪管办发〔2016〕12号；无文号的留空', value: v.docNo, errors, maxlength: 60 })}
${textField({ name: 'formedOn', label: LABELS.formedOn, hint: '信息形成或变更之日；应在其后20个工作日内公开', value: v.formedOn, required: true, errors, type: 'date' })}
</fieldset>
<fieldset><legend>内容</legend>
${textArea({ name: 'summary', label: LABELS.summary, hint: '不超过100个字；留空则取正文开头', value: v.summary, errors, rows: 3, maxlength: 100 })}
${textArea({ name: 'body', label: LABELS.body, hint: '可直接粘贴文字（空行分段），或粘贴网页格式内容；脚本、样式等不安全内容会被自动清除', value: v.body, errors, rows: 14 })}
</fieldset>
<fieldset><legend>分类</legend>
${selectField({ name: 'topic', label: LABELS.topic, options: topics.flatMap((t) => t.children.map((c) => ({ value: `${t.name}/${c}`, label: `${t.name} › ${c}` }))), value: v.topic, errors, placeholder: '请选择' })}
${selectField({ name: 'genre', label: LABELS.genre, options: genres.map((g) => ({ value: g, label: g })), value: v.genre, errors, placeholder: '请选择' })}
${selectField({ name: 'assort', label: LABELS.assort, options: assorts.map((g) => ({ value: g, label: g })), value: v.assort, errors, placeholder: '（不填）' })}
${textField({ name: 'keywords', label: LABELS.keywords, hint: '以空格或顿号分隔', value: v.keywords, errors, maxlength: 100 })}
${selectField({ name: 'disclosure', label: LABELS.disclosure, options: DISCLOSURES.map((d) => ({ value: d, label: DISCLOSURE_LABELS[d] })), value: v.disclosure, errors })}
</fieldset>
<fieldset><legend>效力</legend>
${check('isNormative', LABELS.isNormative)}
${check('isRule', LABELS.isRule)}
${selectField({ name: 'validity', label: LABELS.validity, options: VALIDITIES.map((d) => ({ value: d, label: VALIDITY_LABELS[d] })), value: v.validity, errors })}
${textField({ name: 'effectiveOn', label: LABELS.effectiveOn, value: v.effectiveOn, errors, type: 'date' })}
${textField({ name: 'validityChangedOn', label: LABELS.validityChangedOn, hint: '有效性为失效或废止时填写', value: v.validityChangedOn, errors, type: 'date' })}
</fieldset>
<button type="submit">${item ? '保存修改' : '保存草稿'}</button>`,
  { label: title },
)}`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

// --- the item page ----------------------------------------------------------------------------

async function detailPage(req: FastifyRequest, reply: FastifyReply, errors: FormErrors = {}, status = 200) {
  const item = await visibleItem(req);
  const [{ attachments, channels }, history, limits] = await Promise.all([
    attachmentsAndChannels(req.ctx.db, item.id),
    itemHistory(req.ctx.db, item.id),
    getSetting(req.ctx.db, attachmentLimitsSetting),
  ]);
  const successor = item.successorId ? await findItem(req.ctx.db, item.successorId) : undefined;
  const csrf = req.view.csrf();
  const subject = { orgPath: item.orgPath };
  const can = (a: string) => req.view.can(a, subject);
  const events = eventsFrom(ITEM_TRANSITIONS, item.state);
  const editable = EDITABLE_STATES.includes(item.state) && can('catalogue.edit');
  const today = req.ctx.clock.today();
  const reasonForm = (action: string, label: string, button: string, cls = 'btn') =>
    postForm(
      `/admin/catalogue/${item.id}/${action}`,
      csrf,
      html`${textArea({ name: 'reason', label, rows: 2, required: true, errors: action === errors._form && errors.reason !== undefined ? { reason: errors.reason } : {} })}<button type="submit" class="${cls}">${button}</button>`,
      { label: button, className: 'panel' },
    );
  const actions: SafeHtml[] = [];
  if (editable) actions.push(html`<a class="btn secondary" href="/admin/catalogue/${item.id}/edit">修改</a>`);
  if (events.includes('submit') && can('catalogue.submit')) actions.push(buttonForm(`/admin/catalogue/${item.id}/submit`, csrf, '提交保密审查', {}, 'btn'));
  if (events.includes('approve') && can('catalogue.review')) {
    actions.push(buttonForm(`/admin/catalogue/${item.id}/approve`, csrf, '审查通过', {}, 'btn secondary'));
    if (can('catalogue.publish')) actions.push(buttonForm(`/admin/catalogue/${item.id}/approve`, csrf, '审查通过并发布', { publish: '1' }, 'btn'));
  }
  if (events.includes('publish') && can('catalogue.publish')) actions.push(buttonForm(`/admin/catalogue/${item.id}/publish`, csrf, '发布', {}, 'btn'));
  if (events.includes('reopen') && can('catalogue.edit')) actions.push(buttonForm(`/admin/catalogue/${item.id}/reopen`, csrf, '重新编辑', {}, 'btn secondary'));
  // The scan as the content now stands (findings.ts): what blocks publication, resolved or not.
  const inReview = item.state === 'submitted' || item.state === 'approved';
  const states = item.findings !== null || inReview ? await findingStates(req.ctx.db, item) : [];
  const openKeys = new Set(inReview ? states.filter((f) => !f.dismissal && f.maskable).map((f) => f.key) : []);
  // Each open finding marked where it stands: the title, 文号 and summary in the table, and the body.
  const findingLabel = (x: Span) => `${FINDING_LABELS[x.kind]}（未处理）`;
  const canResolve = inReview && can('catalogue.review');
  const open = states.filter((f) => !f.dismissal);
  const scanPanel =
    item.findings !== null || states.length
      ? html`<section class="panel" aria-labelledby="scan-h"><h2 id="scan-h">个人信息与隐藏内容扫描</h2>
${
  states.length
    ? html`<p>扫描发现以下内容，请审查是否涉及个人隐私或不宜公开的信息（《政府信息公开条例》第十五条）。${open.length ? html`<strong>尚有 ${open.length} 处未处理，处理完毕前不能发布。</strong>` : html`<span class="badge ok">均已处理</span>`}${openKeys.size ? ' 名称、文号、内容概述和正文中的位置已用底色标出。' : ''}</p>
<div class="table-wrap"><table><thead><tr><th scope="col">类型</th><th scope="col">位置</th><th scope="col">内容（已遮盖）</th><th scope="col">处理</th></tr></thead>
<tbody>${states.map(
        (f, i) =>
          html`<tr><td><span class="badge ${f.dismissal ? 'ok' : 'warn'}">${FINDING_LABELS[f.kind]}</span></td><td>${f.where}</td><td class="mono">${f.detail}</td><td>${
            f.dismissal
              ? html`不属于个人信息：${f.dismissal.reason}（${f.dismissal.actorName}，${f.dismissal.at.slice(0, 10)}）`
              : canResolve
                ? html`${f.maskable ? buttonForm(`/admin/catalogue/${item.id}/findings/redact`, csrf, '遮盖', { finding: f.key }, 'btn') : html`<p class="muted">在附件中：请撤下附件，或退回修改由编辑更换。</p>`}
${postForm(`/admin/catalogue/${item.id}/findings/dismiss`, csrf, html`<input type="hidden" name="finding" value="${f.key}"><div class="field"><label for="pd-${i}-reason">不属于个人信息的理由</label><input type="text" id="pd-${i}-reason" name="reason" required minlength="2" maxlength="500" placeholder="如：已公开的热线电话"></div><button type="submit" class="btn secondary">不属于个人信息</button>`, { label: `认定${FINDING_LABELS[f.kind]} ${f.detail} 不属于个人信息`, className: 'inline-form' })}`
                : html`<span class="badge warn">未处理</span>`
          }</td></tr>`,
      )}</tbody></table></div>`
    : html`<p><span class="badge ok">未发现</span> 未发现身份证号码、手机号码、银行卡号，附件无隐藏工作表和文档属性。</p>`
}
</section>`
      : '';
  const due = item.dueOn
    ? item.publishedOn
      ? html`应于 ${item.dueOn} 前公开，${item.publishedOn} 发布：${item.onTime ? html`<span class="badge ok">按时公开</span>` : html`<span class="badge bad">逾期公开</span>`}`
      : html`应于 ${item.dueOn}${item.dueProvisional ? '（暂定）' : ''} 前公开${item.dueOn < today ? html` <span class="badge bad">已超期</span>` : ''}`
    : '';
  return reply.page(
    adminPage(
      req.view,
      { title: item.title, section: '/admin/catalogue', head: CSS_LINK },
      html`${breadcrumbs([{ label: '信息管理', href: '/admin/catalogue' }, { label: item.title }])}
<h1>${item.title}</h1>
<p>${stateBadge(item.state)} 第 ${item.version} 版 · ${due}${item.isPublic ? html` · <a href="${itemUrl(item.indexNo!)}">在门户网站查看</a>` : ''}</p>
${errors._message ? notice('error', errors._message) : ''}
${item.state === 'returned' && item.returnReason ? notice('warn', html`<p><strong>退回理由（${item.reviewedByName ?? ''}）：</strong>${item.returnReason}</p>`) : ''}
${item.state === 'withdrawn' && item.withdrawReason ? notice('warn', html`<p><strong>撤回理由：</strong>${item.withdrawReason}</p>`) : ''}
${scanPanel}
${actions.length ? html`<div class="actions">${actions}</div>` : ''}
${events.includes('return') && can('catalogue.review') ? reasonForm('return', '退回理由', '退回修改', 'btn danger') : ''}
${events.includes('withdraw') && can('catalogue.withdraw') ? reasonForm('withdraw', '撤回理由', '撤回', 'btn danger') : ''}
${metaTable(item, successor ? { indexNo: successor.indexNo, title: successor.title } : null, openKeys.size ? (text) => raw(markHtml(escapeHtml(text), openKeys, findingLabel)) : undefined)}
<section class="panel" aria-labelledby="body-h"><h2 id="body-h">正文</h2><div class="item-body">${openKeys.size ? raw(markHtml(item.bodyHtml, openKeys, findingLabel)) : bodyHtml(item)}</div></section>
<section class="panel" aria-labelledby="att-h2"><h2 id="att-h2">附件</h2>
${
  attachments.length
    ? html`<ul>${attachments.map(
        (
          a,
        ) => html`<li><a href="/admin/catalogue/attachments/${a.id}">${a.fileName}</a> <span class="muted">${a.kind.toUpperCase()}，${formatBytes(a.size)}</span>
${a.flags.map((f) => html` <span class="badge warn">${f.detail}</span>`)}
${editable ? buttonForm(`/admin/catalogue/${item.id}/attachments/${a.id}/delete`, csrf, '删除', {}, 'btn secondary') : ''}
${inReview && can('catalogue.review') && states.some((f) => !f.dismissal && f.attachmentIds.includes(a.id)) ? postForm(`/admin/catalogue/${item.id}/attachments/${a.id}/withdraw`, csrf, html`<div class="field"><label for="wa-${a.id}-reason">撤下理由</label><input type="text" id="wa-${a.id}-reason" name="reason" required maxlength="500" value="附件含个人信息"></div><button type="submit" class="btn danger">撤下附件</button>`, { label: `撤下附件《${a.fileName}》`, className: 'inline-form' }) : ''}</li>`,
      )}</ul>`
    : html`<p class="muted">无附件。</p>`
}
${
  editable
    ? html`<form method="post" action="/admin/catalogue/${item.id}/attachments" enctype="multipart/form-data" aria-label="上传附件">${hiddenCsrf(csrf)}
<div class="field${errors.file ? ' invalid' : ''}"><label for="f-file">上传附件</label><span class="hint" id="f-file-hint">PDF、DOCX、XLSX 或图片，按文件内容识别类型；不超过 ${formatBytes(limits.maxBytes)}（图片 ${formatBytes(limits.maxImageBytes)}）</span>
${errors.file ? html`<span class="error-text" id="f-file-error"><span class="visually-hidden">错误：</span>${errors.file}</span>` : ''}
<input type="file" id="f-file" name="file" accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.gif,.webp" aria-describedby="f-file-hint${errors.file ? ' f-file-error' : ''}"></div>
<button type="submit">上传</button></form>`
    : ''
}
</section>
${
  item.state === 'published'
    ? html`<section class="panel" aria-labelledby="ch-h"><h2 id="ch-h">发布渠道</h2>
<ul>${channels.map(
        (c) => html`<li>${CHANNEL_LABELS[c.channel]}${c.medium ? `（${c.medium}）` : ''} ${c.publishedOn} ${c.reference}
${can('catalogue.maintain') && c.channel !== 'website' ? buttonForm(`/admin/catalogue/${item.id}/channels/${c.id}/delete`, csrf, '删除', {}, 'btn secondary') : ''}</li>`,
      )}</ul>
${
  can('catalogue.maintain')
    ? postForm(
        `/admin/catalogue/${item.id}/channels`,
        csrf,
        html`<h3>登记其他发布渠道</h3>
${selectField({ name: 'channel', label: LABELS.channel, options: CHANNELS.filter((c) => c !== 'website').map((c) => ({ value: c, label: CHANNEL_LABELS[c] })), errors, required: true })}
${textField({ name: 'publishedOn', label: LABELS.publishedOn, type: 'date', value: today, errors, required: true })}
${textField({ name: 'reference', label: LABELS.reference, hint: '如：洪江区管委公报2025年第3期；微博、微信文章标题', errors })}
${selectField({ name: 'medium', label: '其他方式的媒体', options: OTHER_MEDIA.map((m) => ({ value: m, label: m })), errors, placeholder: '（渠道为“其他方式”时选择）' })}
<button type="submit">登记</button>`,
        { label: '登记发布渠道' },
      )
    : ''
}
</section>`
    : ''
}
${
  can('catalogue.maintain') && (item.isNormative || item.isRule || item.state === 'published')
    ? postForm(
        `/admin/catalogue/${item.id}/validity`,
        csrf,
        html`<h2>变更有效性</h2>
${selectField({ name: 'validity', label: LABELS.validity, options: VALIDITIES.map((d) => ({ value: d, label: VALIDITY_LABELS[d] })), value: item.validity, errors })}
${textField({ name: 'changedOn', label: '失效/废止日期', type: 'date', value: item.validityChangedOn ?? '', errors })}
${textField({ name: 'successorIndexNo', label: LABELS.successorIndexNo, hint: '被新文件替代时填写新文件的索引号', value: successor?.indexNo ?? '', errors })}
<button type="submit">保存有效性</button>`,
        { label: '变更有效性', className: 'panel' },
      )
    : ''
}
<section class="panel" aria-labelledby="hist-h"><h2 id="hist-h">版本与办理记录</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">时间</th><th scope="col">操作</th><th scope="col">操作人</th><th scope="col">版本</th><th scope="col">状态</th><th scope="col">说明</th></tr></thead>
<tbody>${history.map((h) => html`<tr><td>${timeInZone(h.at, req.ctx.config.timeZone)}</td><td>${EVENT_LABELS[h.event] ?? h.event}</td><td>${actorLabel(h.actorName)}</td><td>${h.version}</td><td>${STATE_LABELS[h.state]}</td><td>${h.reason ?? ''}${h.snapshot && (h.event === 'edit' || h.event === 'create') ? html`<details><summary>该版本内容</summary><p>${String(h.snapshot.title ?? '')}</p><p class="muted">${String(h.snapshot.summary ?? '')}</p></details>` : ''}</td></tr>`)}</tbody></table></div>
<p class="muted">编写：${item.createdByName}${item.reviewedByName ? html` · 保密审查：${item.reviewedByName}（${item.reviewDecision === 'approved' ? '通过' : '退回'}，${item.reviewedAt?.slice(0, 10) ?? ''}）` : ''}${item.publishedByName ? ` · 发布：${item.publishedByName}` : ''} · 规范性文件：${yesNo(item.isNormative)} · 成文日期 ${chineseDate(item.formedOn)}</p>
</section>`,
    ),
    { status },
  );
}

/** Run an item command from a POST; a refusal (409) goes to the error page, field problems back to the item page. */
function itemAction(url: string, action: string, run: (req: FastifyRequest, id: number, body: Record<string, string>) => Promise<string>): RouteDef {
  return {
    method: 'POST',
    url,
    action,
    async handler(req, reply) {
      const id = itemIdOf(req);
      const body = formBody(req) as Record<string, string>;
      return submitForm(
        reply,
        () => run(req, id, body),
        (errors) =>
          detailPage(
            req,
            reply,
            {
              ...errors,
              _form: url.split('/').pop()!,
              _message: Object.entries(errors)
                .map(([k, m]) => `${LABEL_OF[k] ?? k}：${m}`)
                .join('；'),
            },
            400,
          ),
        (v) => [`/admin/catalogue/${id}`, v],
      );
    },
  };
}

// --- columns ----------------------------------------------------------------------------------

async function columnsPage(req: FastifyRequest, reply: FastifyReply, errors: FormErrors = {}, values: Record<string, string> = {}) {
  const columns = await listColumns(req.ctx.db, { fresh: true });
  const csrf = req.view.csrf();
  const parentOptions = columns.map((c) => ({ value: c.id, label: `${'　'.repeat(c.depth)}${c.name}` }));
  const kinds = [
    { value: 'items', label: '信息列表' },
    { value: 'guide', label: '信息公开指南' },
    { value: 'link', label: '链接' },
  ];
  return reply.page(
    adminPage(
      req.view,
      { title: '栏目管理', section: '/admin/catalogue/columns', head: CSS_LINK },
      html`<h1>栏目管理</h1>
<p>门户网站“政府信息公开”栏目。栏目标识用于网址（/column/标识），创建后不变；名称、顺序和上下级可随时调整。</p>
${errorSummary(errors, LABELS)}
<div class="table-wrap"><table><caption>现有栏目</caption>
<thead><tr><th scope="col">栏目</th><th scope="col">标识</th><th scope="col">修改</th></tr></thead>
<tbody>${columns.map(
        (
          c,
        ) => html`<tr><td>${'　'.repeat(c.depth)}${c.active ? html`<a href="/column/${c.key}">${c.name}</a>` : html`${c.name} <span class="badge bad">停用</span>`}</td><td class="mono">${c.key}</td>
<td><form method="post" action="/admin/catalogue/columns/${c.id}" class="filters" aria-label="修改栏目 ${c.name}">${hiddenCsrf(csrf)}
<div class="field"><label for="c${c.id}-name">名称</label><input type="text" id="c${c.id}-name" name="name" value="${c.name}" maxlength="20" required></div>
<div class="field"><label for="c${c.id}-parent">上级栏目</label><select id="c${c.id}-parent" name="parentId"><option value="">（顶级）</option>${parentOptions.filter((p) => p.value !== c.id).map((p) => html`<option value="${p.value}"${p.value === c.parentId ? raw(' selected') : ''}>${p.label}</option>`)}</select></div>
<div class="field"><label for="c${c.id}-order">排序</label><input type="number" id="c${c.id}-order" name="sortOrder" value="${c.sortOrder}" min="0"></div>
<input type="hidden" name="kind" value="${c.kind}"><input type="hidden" name="href" value="${c.href}"><input type="hidden" name="description" value="${c.description}">
<div class="field"><label for="c${c.id}-active">状态</label><select id="c${c.id}-active" name="active"><option value="1">启用</option><option value="0"${c.active ? '' : raw(' selected')}>停用</option></select></div>
<button type="submit">保存</button></form></td></tr>`,
      )}</tbody></table></div>
<section class="panel" aria-labelledby="new-col"><h2 id="new-col">新增栏目</h2>
${postForm(
  '/admin/catalogue/columns',
  csrf,
  html`
${textField({ name: 'name', label: LABELS.name, value: values.name, required: true, errors, maxlength: 20 })}
${textField({ name: 'key', label: LABELS.key, hint: '小写字母开头，可含数字和连字符，如 zdxm', value: values.key, required: true, errors })}
${selectField({ name: 'parentId', label: LABELS.parentId, options: parentOptions, value: values.parentId, errors, placeholder: '（顶级栏目）' })}
${selectField({ name: 'kind', label: LABELS.kind, options: kinds, value: values.kind ?? 'items', errors })}
${textField({ name: 'href', label: LABELS.href, hint: '类型为“链接”时填写本站地址，如 /requests', value: values.href, errors })}
${textField({ name: 'sortOrder', label: LABELS.sortOrder, type: 'number', value: values.sortOrder ?? '999', errors })}
${textField({ name: 'description', label: LABELS.description, value: values.description, errors })}
<button type="submit">新增栏目</button>`,
  { label: '新增栏目' },
)}</section>`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

async function readUpload(req: FastifyRequest): Promise<{ csrf: string; file?: { filename: string; bytes: Buffer } }> {
  let csrf = '';
  let file: { filename: string; bytes: Buffer } | undefined;
  if (!req.isMultipart()) return { csrf };
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (part.filename) file = { filename: part.filename, bytes: await part.toBuffer() };
        else await part.toBuffer();
      } else if (part.fieldname === '_csrf') csrf = String(part.value);
    }
  } catch (e) {
    const err = e as { code?: string; statusCode?: number };
    if (err.code === 'FST_REQ_FILE_TOO_LARGE' || err.statusCode === 413) {
      req.server.checkCsrf(req, csrf);
      throw ValidationError.field('file', '附件超过服务器允许的 20 MB 上限，请压缩或拆分后再上传');
    }
    throw e;
  }
  return { csrf, file };
}

export const adminRoutes = (): RouteDef[] =>
  defineRoutes([
    { method: 'GET', url: '/admin/catalogue', action: 'catalogue.view', handler: listPage },
    { method: 'GET', url: '/admin/catalogue/due', action: 'catalogue.view', handler: duePage },
    { method: 'GET', url: '/admin/catalogue/new', action: 'catalogue.edit', handler: (req, reply) => formPage(req, reply, null) },
    {
      method: 'POST',
      url: '/admin/catalogue',
      action: 'catalogue.edit',
      async handler(req, reply) {
        const b = formBody(req) as Record<string, string>;
        return submitForm(
          reply,
          () => execute(req.ctx, createItem, b),
          (errors) => formPage(req, reply, null, errors, b),
          (v) => [`/admin/catalogue/${v.id}`, `已保存草稿，应于 ${v.dueOn} 前公开。`],
        );
      },
    },
    { method: 'GET', url: '/admin/catalogue/:id', action: 'catalogue.view', handler: (req, reply) => detailPage(req, reply) },
    {
      method: 'GET',
      url: '/admin/catalogue/:id/edit',
      action: 'catalogue.edit',
      async handler(req, reply) {
        return formPage(req, reply, await visibleItem(req));
      },
    },
    {
      method: 'POST',
      url: '/admin/catalogue/:id/edit',
      action: 'catalogue.edit',
      async handler(req, reply) {
        const item = await visibleItem(req);
        const b = formBody(req) as Record<string, string>;
        return submitForm(
          reply,
          () => execute(req.ctx, updateItem, { ...b, id: item.id }),
          (errors) => formPage(req, reply, item, errors, b),
          (v) => [`/admin/catalogue/${item.id}`, v.changed.length ? `已保存为第 ${v.version} 版。` : '没有需要保存的修改。'],
        );
      },
    },
    itemAction('/admin/catalogue/:id/submit', 'catalogue.submit', async (req, id) => {
      const r = await execute(req.ctx, submitItem, { id });
      return r.findings.length ? `已提交保密审查。扫描发现 ${r.findings.length} 处疑似个人信息或隐藏内容，请审查人员重点核查。` : '已提交保密审查。';
    }),
    itemAction('/admin/catalogue/:id/approve', 'catalogue.review', async (req, id, b) => {
      const r = await execute(req.ctx, approveItem, { id, publish: b.publish === '1' });
      return r.indexNo ? `审查通过并已发布，索引号 ${r.indexNo}。` : '审查通过。';
    }),
    itemAction('/admin/catalogue/:id/findings/redact', 'catalogue.review', async (req, id, b) => {
      const r = await execute(req.ctx, redactFinding, { id, finding: b.finding ?? '' });
      return `已遮盖为 ${r.detail}，保存为第 ${r.version} 版。`;
    }),
    itemAction('/admin/catalogue/:id/findings/dismiss', 'catalogue.review', async (req, id, b) => {
      const r = await execute(req.ctx, dismissFinding, { id, finding: b.finding ?? '', reason: b.reason ?? '' });
      return `已认定 ${r.detail} 不属于个人信息，理由已记录。`;
    }),
    itemAction('/admin/catalogue/:id/attachments/:aid/withdraw', 'catalogue.review', async (req, id, b) => {
      const r = await execute(req.ctx, withdrawAttachment, { id, attachmentId: (req.params as { aid: string }).aid, reason: b.reason ?? '' });
      return `已撤下附件《${r.fileName}》。`;
    }),
    itemAction('/admin/catalogue/:id/return', 'catalogue.review', async (req, id, b) => {
      await execute(req.ctx, returnItem, { id, reason: b.reason ?? '' });
      return '已退回修改。';
    }),
    itemAction('/admin/catalogue/:id/publish', 'catalogue.publish', async (req, id) => {
      const r = await execute(req.ctx, publishItem, { id });
      return `已发布，索引号 ${r.indexNo}${r.onTime ? '' : '（已超过20个工作日的公开时限）'}。`;
    }),
    itemAction('/admin/catalogue/:id/withdraw', 'catalogue.withdraw', async (req, id, b) => {
      await execute(req.ctx, withdrawItem, { id, reason: b.reason ?? '' });
      return '已撤回，门户网站不再显示；索引号保留不再使用。';
    }),
    itemAction('/admin/catalogue/:id/reopen', 'catalogue.edit', async (req, id) => {
      await execute(req.ctx, reopenItem, { id });
      return '已转为草稿，可修改后重新提交审查。';
    }),
    itemAction('/admin/catalogue/:id/validity', 'catalogue.maintain', async (req, id, b) => {
      await execute(req.ctx, setValidity, { id, validity: b.validity, changedOn: b.changedOn, successorIndexNo: b.successorIndexNo });
      return '已保存有效性。';
    }),
    itemAction('/admin/catalogue/:id/channels', 'catalogue.maintain', async (req, id, b) => {
      await execute(req.ctx, addChannel, { id, channel: b.channel, publishedOn: b.publishedOn, reference: b.reference, medium: b.medium });
      return '已登记发布渠道。';
    }),
    {
      method: 'POST',
      url: '/admin/catalogue/:id/channels/:cid/delete',
      action: 'catalogue.maintain',
      async handler(req, reply) {
        const id = itemIdOf(req);
        await execute(req.ctx, removeChannel, { id, channelId: (req.params as { cid: string }).cid });
        return reply.done(`/admin/catalogue/${id}`, '已删除发布渠道记录。');
      },
    },
    {
      method: 'POST',
      url: '/admin/catalogue/:id/attachments',
      action: 'catalogue.edit',
      multipart: true,
      async handler(req, reply) {
        const id = itemIdOf(req);
        return submitForm(
          reply,
          async () => {
            const { csrf, file } = await readUpload(req);
            req.server.checkCsrf(req, csrf);
            if (!file) throw ValidationError.field('file', '请选择要上传的文件');
            return execute(req.ctx, addAttachment, { id, fileName: file.filename, bytes: file.bytes });
          },
          (errors) => {
            const message = errors.file ?? errors.fileName ?? Object.values(errors)[0];
            return detailPage(req, reply, message === undefined ? {} : { file: message }, 400);
          },
          (v) => [
            `/admin/catalogue/${id}`,
            v.flags.length ? `已上传附件。注意：${v.flags.map((f) => f.detail).join('；')}` : '已上传附件。',
            v.flags.length ? 'warn' : 'ok',
          ],
        );
      },
    },
    {
      method: 'POST',
      url: '/admin/catalogue/:id/attachments/:aid/delete',
      action: 'catalogue.edit',
      async handler(req, reply) {
        const id = itemIdOf(req);
        await execute(req.ctx, removeAttachment, { id, attachmentId: (req.params as { aid: string }).aid });
        return reply.done(`/admin/catalogue/${id}`, '已删除附件。');
      },
    },
    {
      method: 'GET',
      url: '/admin/catalogue/attachments/:aid',
      action: 'catalogue.view',
      async handler(req, reply) {
        const a = await findAttachment(req.ctx.db, Number((req.params as { aid: string }).aid));
        if (!a || !req.view.can('catalogue.view', { orgPath: a.org_path })) throw new NotFoundError('附件不存在');
        const bytes = await readStoredFile(req.ctx.config.filesDir, a.sha256);
        return reply
          .type(a.mime)
          .header('cache-control', 'no-store')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.file_name)}`)
          .send(bytes);
      },
    },
    { method: 'GET', url: '/admin/catalogue/columns', action: 'catalogue.columns', handler: (req, reply) => columnsPage(req, reply) },
    {
      method: 'POST',
      url: '/admin/catalogue/columns',
      action: 'catalogue.columns',
      async handler(req, reply) {
        const b = formBody(req) as Record<string, string>;
        return submitForm(
          reply,
          () => execute(req.ctx, addColumn, b),
          (errors) => columnsPage(req, reply, errors, b),
          (_) => ['/admin/catalogue/columns', `已新增栏目：${b.name}`],
        );
      },
    },
    {
      method: 'POST',
      url: '/admin/catalogue/columns/:id',
      action: 'catalogue.columns',
      async handler(req, reply) {
        const b = formBody(req) as Record<string, string>;
        return submitForm(
          reply,
          () => execute(req.ctx, updateColumn, { ...b, id: (req.params as { id: string }).id }),
          (errors) => columnsPage(req, reply, errors),
          (_) => ['/admin/catalogue/columns', `已保存栏目：${b.name}`],
        );
      },
    },
  ]);

export { url };

/** The dashboard block `catalogue.due` (listed in the module's manifest). */
export const catalogueDueBlock: Block = {
  id: 'catalogue.due',
  order: 20,
  async render(req) {
    if (!req.view.can('catalogue.view')) return null;
    const scope = req.ctx.scope('catalogue.view');
    const cal = await loadCalendar(req.ctx.db);
    const soon = (await getSetting(req.ctx.db, timelinessSetting)).dueSoonWorkdays;
    const today = req.ctx.clock.today();
    const due = await listDue(req.ctx.db, scope, dueSoonHorizon(cal, today, soon));
    const late = due.filter((i) => i.dueOn! < today).length;
    const reviewScope = req.ctx.scope('catalogue.review');
    const waiting =
      reviewScope.kind === 'none' ? 0 : (await listItemsForStaff(req.ctx.db, { scope: reviewScope, state: 'submitted', limit: 1, offset: 0 })).total;
    return html`<section class="panel" aria-labelledby="dash-cat"><h2 id="dash-cat">主动公开</h2>
<div class="stat-cards">
<div class="stat"><span class="value">${late}</span><p class="label"><a href="/admin/catalogue/due">已超过公开时限</a></p></div>
<div class="stat"><span class="value">${due.length - late}</span><p class="label"><a href="/admin/catalogue/due">${soon}个工作日内到期</a></p></div>
${reviewScope.kind !== 'none' ? html`<div class="stat"><span class="value">${waiting}</span><p class="label"><a href="/admin/catalogue?state=submitted">待保密审查</a></p></div>` : ''}
</div>
${due.length ? html`<ul class="link-list">${due.slice(0, 5).map((i) => html`<li><a href="/admin/catalogue/${i.id}">${i.title}</a><span>${i.dueOn! < today ? html`<span class="badge bad">已超期</span>` : html`<span class="badge warn">即将到期</span>`} <time datetime="${i.dueOn}">${i.dueOn}</time></span></li>`)}</ul>` : ''}
</section>`;
  },
};
