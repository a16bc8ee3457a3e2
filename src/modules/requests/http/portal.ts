import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoutes, formBody, formCommand, submitForm } from '../../../platform/web/kit.ts';
import { html, url, type SafeHtml } from '../../../platform/web/html.ts';
import { portalPage } from '../../../platform/web/layout.ts';
import { breadcrumbs, errorSummary, notice, postForm, selectField, textArea, textField, type FormErrors } from '../../../platform/web/components.ts';
import { execute } from '../../../platform/command.ts';
import { randomToken } from '../../../kernel/ids.ts';
import { NotFoundError } from '../../../kernel/errors.ts';
import { listOrgs } from '../../orgs/index.ts';
import {
  APPLICANT_TYPES,
  APPLICANT_TYPE_LABELS,
  CHANNEL_LABELS,
  DELIVERY_CHANNELS,
  DELIVERY_CHANNEL_LABELS,
  DELIVERY_FORMS,
  DELIVERY_FORM_LABELS,
  ID_TYPES,
  ID_TYPE_LABELS,
  isPhone,
} from '../applicants.ts';
import { submitRequest, DuplicateSubmission } from '../commands/submit-request.ts';
import { trackRequest } from '../commands/track-request.ts';
import { submitCorrection } from '../commands/correction.ts';
import { answersRequests } from '../commands/create.ts';
import { attachmentContent, attachmentsOf, eventsOf, findByIdempotencyKey, findRequest, type RequestRow } from '../repo.ts';
import { letterContext, letterModel, redactor, renderLetterDocx, renderLetterPdf, trackingReader } from '../letters.ts';
import { rulesFor } from '../regimes.ts';
import { FINAL } from '../states.ts';
import { findOrgById } from '../../orgs/index.ts';
import { dl, letterHtml, radios, stateBadge, timeline, outcomeLabel, dateCn } from './views.ts';

const APPLIED_COOKIE = 'gk_applied';
const TRACK_COOKIE = 'gk_track';
const TRACK_MINUTES = 30;

export const FORM_LABELS: Record<string, string> = {
  orgId: '受理机关',
  applicantType: '申请人类型',
  applicantName: '姓名或名称',
  idType: '证件类型',
  idNumber: '证件号码',
  contactPerson: '联系人',
  phone: '联系电话',
  email: '电子邮箱',
  address: '通信地址',
  postcode: '邮政编码',
  infoName: '所需信息的名称',
  infoDocNumber: '文号',
  infoDescription: '所需信息的内容描述',
  deliveryForm: '获取信息的载体形式',
  deliveryChannel: '获取信息的方式',
  idempotencyKey: '表单',
  code: '查询码',
  who: '姓名或电话',
  text: '补正内容',
};

async function answeringOrgs(req: FastifyRequest) {
  return (await listOrgs(req.ctx.db)).filter(answersRequests);
}

/** The application fields (public form and staff intake share them), in three parts. */
export async function applicationFields(req: FastifyRequest, v: Record<string, string>, errors: FormErrors): Promise<SafeHtml> {
  return html`${await infoFields(req, v, errors)}${applicantFields(v, errors)}${deliveryFields(v, errors)}`;
}

/** What is sought and from whom (2019 条例第二十九条第二款第（二）项). */
export async function infoFields(req: FastifyRequest, v: Record<string, string>, errors: FormErrors): Promise<SafeHtml> {
  const orgs = await answeringOrgs(req);
  return html`<fieldset><legend>所需信息</legend>
${selectField({ name: 'orgId', label: '受理机关', hint: '向制作或保存该信息的行政机关提出申请', options: orgs.map((o) => ({ value: o.id, label: `${'　'.repeat(o.depth)}${o.name}` })), value: v.orgId ?? orgs[0]?.id, required: true, errors })}
${textField({ name: 'infoName', label: '所需信息的名称', value: v.infoName, errors, maxlength: 200 })}
${textField({ name: 'infoDocNumber', label: '文号', hint: '如：洪政发〔2024〕3号', value: v.infoDocNumber, errors, maxlength: 100 })}
${textArea({ name: 'infoDescription', label: '所需信息的内容描述', hint: '名称、文号或描述至少填写一项；描述越具体，越便于查找（如年份、项目名称、发文机关）。无须说明申请用途。', value: v.infoDescription, errors, rows: 5, maxlength: 4000 })}
</fieldset>`;
}

/** Who asks: name, proof of identity, contact (第二十九条第二款第（一）项). */
export function applicantFields(v: Record<string, string>, errors: FormErrors): SafeHtml {
  return html`<fieldset><legend>申请人信息</legend>
${radios({
  name: 'applicantType',
  legend: '申请人类型',
  required: true,
  value: v.applicantType,
  errors,
  options: APPLICANT_TYPES.map((t) => ({ value: t, label: t === 'natural' ? APPLICANT_TYPE_LABELS[t] : `法人或其他组织 — ${APPLICANT_TYPE_LABELS[t]}` })),
})}
${textField({ name: 'applicantName', label: '姓名（自然人）或名称（法人或其他组织）', value: v.applicantName, required: true, errors, autocomplete: 'name', maxlength: 100 })}
${selectField({ name: 'idType', label: '身份证明', hint: '自然人选身份证件；法人或其他组织选统一社会信用代码', options: ID_TYPES.map((t) => ({ value: t, label: ID_TYPE_LABELS[t] })), value: v.idType ?? 'resident_id', required: true, errors })}
${textField({ name: 'idNumber', label: '证件号码', hint: '居民身份证号码为18位，按国家标准校验', value: v.idNumber, required: true, errors, maxlength: 40 })}
${textField({ name: 'contactPerson', label: '联系人（法人或其他组织填写）', value: v.contactPerson, errors, maxlength: 50 })}
${textField({ name: 'phone', label: '联系电话', type: 'tel', value: v.phone, errors, autocomplete: 'tel', maxlength: 40 })}
${textField({ name: 'email', label: '电子邮箱', type: 'email', value: v.email, errors, autocomplete: 'email', maxlength: 100 })}
${textField({ name: 'address', label: '通信地址', value: v.address, errors, autocomplete: 'street-address', maxlength: 200 })}
${textField({ name: 'postcode', label: '邮政编码', value: v.postcode, errors, inputmode: 'numeric', maxlength: 6 })}
</fieldset>`;
}

/** In what form and how to receive it (第二十九条第二款第（三）项). */
export function deliveryFields(v: Record<string, string>, errors: FormErrors): SafeHtml {
  return html`<fieldset><legend>获取方式</legend>
${radios({ name: 'deliveryForm', legend: '载体形式', required: true, value: v.deliveryForm ?? 'electronic', errors, options: DELIVERY_FORMS.map((f) => ({ value: f, label: DELIVERY_FORM_LABELS[f] })) })}
${radios({ name: 'deliveryChannel', legend: '获取方式', required: true, value: v.deliveryChannel ?? 'online', errors, options: DELIVERY_CHANNELS.map((c) => ({ value: c, label: DELIVERY_CHANNEL_LABELS[c] })) })}
</fieldset>`;
}

async function suggestions(req: FastifyRequest, v: Record<string, string>): Promise<SafeHtml> {
  const q = [v.infoDocNumber, v.infoName, v.infoDescription]
    .map((x) => (x ?? '').trim())
    .filter(Boolean)
    .join('，')
    .slice(0, 200);
  if (!q) return html`<div class="panel" id="suggestions" aria-live="polite"><p>请先填写所需信息的名称、文号或描述，再查找已公开的信息。</p></div>`;
  const found = await req.ctx.ports.publishedSearch.suggest(req.ctx.db, q, 8);
  return html`<section class="panel" id="suggestions" aria-labelledby="sugg-h" aria-live="polite"><h2 id="sugg-h">可能已经公开的信息</h2>
${
  found.length
    ? html`<p>以下信息已经主动公开，可能已包含您需要的内容。如已找到，无须再提出申请：</p><ul class="link-list">${found.map(
        (f) => html`<li><a href="${f.href}">${f.title}</a><span class="muted">${[f.docNumber, f.org, f.date].filter(Boolean).join('　')}</span></li>`,
      )}</ul>`
    : html`<p>没有找到与“${q}”相关的已公开信息。您也可以 <a href="${url('/search', { q })}">在本网站搜索</a>。</p>`
}
<p class="muted">如仍需申请，请继续填写下面的表单并提交。</p></section>`;
}

async function applyPage(req: FastifyRequest, reply: FastifyReply, v: Record<string, string> = {}, errors: FormErrors = {}, opts: { suggest?: boolean } = {}) {
  const key = v.idempotencyKey && /^[A-Za-z0-9_-]{16,64}$/.test(v.idempotencyKey) ? v.idempotencyKey : randomToken(18);
  return reply.page(
    portalPage(
      req.view,
      { title: '在线申请政府信息公开', section: '/requests' },
      html`${breadcrumbs([{ label: '首页', href: '/' }, { label: '依申请公开', href: '/requests' }, { label: '在线申请' }])}
<h1>在线申请政府信息公开</h1>
<p class="lead">任何人都可以申请获取政府信息（《中华人民共和国政府信息公开条例》第二十七条）。本机关自确认收到申请之日起20个工作日内答复，需要延长的，经负责人同意并告知您，延长不超过20个工作日（第三十三条）。</p>
${errorSummary(errors, FORM_LABELS)}
${postForm(
  '/requests/apply',
  req.view.csrf(),
  html`<input type="hidden" name="idempotencyKey" value="${key}">
${await infoFields(req, v, errors)}
<p><button type="submit" name="step" value="suggest" formnovalidate class="btn secondary">先查找已公开的信息</button> <span class="hint">已经主动公开的信息可以直接查阅，无须申请。</span></p>
${opts.suggest ? await suggestions(req, v) : ''}
${applicantFields(v, errors)}
${deliveryFields(v, errors)}
<p><button type="submit" name="step" value="submit">提交申请</button></p>
<p class="muted">提交后请保存页面显示的查询码，凭查询码和姓名（或电话）查看办理进度。您的证件号码和电话只用于办理本申请，不会公开。</p>`,
  { label: '政府信息公开申请表' },
)}`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

function isUniqueViolation(e: unknown): boolean {
  const x = e as { code?: string; message?: string };
  return x?.code === '23505' || x?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(x?.message ?? '');
}

function setCookie(reply: FastifyReply, name: string, value: string, path: string, minutes: number) {
  reply.setCookie(name, value, { path, httpOnly: true, sameSite: 'lax', signed: true, maxAge: minutes * 60 });
}

/** The request a signed cookie grants (`id.expiry[.how]`), if valid and unexpired. */
function cookieGrant(req: FastifyRequest, name: string): { id: number; byName: boolean } | null {
  const raw = req.cookies[name];
  if (!raw) return null;
  const un = req.unsignCookie(raw);
  if (!un.valid || !un.value) return null;
  const [idS, expS, how] = un.value.split('.');
  const id = Number(idS);
  if (!Number.isSafeInteger(id) || !(Number(expS) > req.ctx.clock.now().getTime())) return null;
  return { id, byName: how === 'n' };
}

function cookieRequest(req: FastifyRequest, name: string): number | null {
  return cookieGrant(req, name)?.id ?? null;
}

/** The tracked request, and whether the visitor typed the name (else the phone) to get in. */
async function trackedRequest(req: FastifyRequest): Promise<(RequestRow & { byName: boolean }) | null> {
  const g = cookieGrant(req, TRACK_COOKIE);
  const r = g ? await findRequest(req.ctx.db, g.id) : undefined;
  return r && g ? { ...r, byName: g.byName } : null;
}

function trackFormPage(
  req: FastifyRequest,
  reply: FastifyReply,
  v: Partial<Record<string, string>> = {},
  errors: FormErrors = {},
  message?: string,
  status = 200,
) {
  return reply.page(
    portalPage(
      req.view,
      { title: '申请办理进度查询', section: '/requests' },
      html`${breadcrumbs([{ label: '首页', href: '/' }, { label: '依申请公开', href: '/requests' }, { label: '办理进度查询' }])}
<h1>申请办理进度查询</h1>
${message ? notice('warn', message) : ''}
${errorSummary(errors, FORM_LABELS)}
<div class="panel">${postForm(
        '/requests/track',
        req.view.csrf(),
        html`${textField({ name: 'code', label: '查询码', hint: '提交申请时显示的12位查询码，如 ABCD-EFGH-JKMN', value: v.code, required: true, errors, maxlength: 40, autocomplete: 'off' })}
${textField({ name: 'who', label: '申请人姓名（名称）或联系电话', hint: '与申请时填写的一致', value: v.who, required: true, errors, maxlength: 100, autocomplete: 'off' })}
<button type="submit">查询</button>`,
        { label: '查询办理进度' },
      )}</div>`,
    ),
    { status },
  );
}

/**
 * The applicant's page: state, milestones, due date, the correction form when asked, the letter.
 * Nothing personal beyond what was typed to get in, by the one rule of `LetterReader` (letters.ts)
 * that the PDF and DOCX downloads follow too: the name only to whom typed it, the phone and the ID
 * number never in full — in the letter and in the free text around it.
 */
async function trackingPage(req: FastifyRequest, reply: FastifyReply, r: RequestRow & { byName: boolean }, errors: FormErrors = {}, correction = '') {
  const [events, attachments, org] = await Promise.all([
    eventsOf(req.ctx.db, r.id, { publicOnly: true }),
    attachmentsOf(req.ctx.db, r.id),
    findOrgById(req.ctx.db, r.org_id),
  ]);
  const decided = !!r.outcome && !!r.decided_on;
  const reader = trackingReader(r.byName);
  const redact = redactor(r, reader);
  const model = decided ? letterModel(await letterContext(req.ctx.db, r), reader) : null;
  const rules = rulesFor(r.regime);
  return reply.page(
    portalPage(
      req.view,
      { title: '申请办理进度', section: '/requests' },
      html`${breadcrumbs([{ label: '首页', href: '/' }, { label: '依申请公开', href: '/requests' }, { label: '办理进度' }])}
<h1>申请办理进度</h1>
${errorSummary(errors, FORM_LABELS)}
<section class="panel" aria-labelledby="st-h"><h2 id="st-h">办理情况</h2>
${dl([
  ['查询码', html`<span class="mono">${r.query_code}</span>`],
  ['受理机关', org?.name ?? ''],
  ['申请方式', CHANNEL_LABELS[r.channel]],
  [
    '收到申请之日',
    r.received_on
      ? html`${dateCn(r.received_on)} <span class="muted">${r.receipt_basis}</span>`
      : '待工作人员确认（网络、传真、平信申请以双方确认之日为收到申请之日）',
  ],
  ['当前状态', stateBadge(r.state)],
  [
    '答复期限',
    decided
      ? html`已于 ${dateCn(r.decided_on)} 答复：${outcomeLabel(r)}`
      : r.state === 'correction_requested'
        ? html`等待您补正，补正期限至 ${dateCn(r.correction_ends_on)}；答复期限自收到补正后的申请之日起重新计算`
        : r.due_on
          ? html`${dateCn(r.due_on)}（${rules.baseDays}个工作日${r.extension_days ? `，已延长${r.extension_days}个工作日` : ''}）`
          : '确认收到后计算',
  ],
  ['所需信息', redact([r.info_name, r.info_doc_number, r.info_description].filter(Boolean).join('；'))],
])}
</section>
${
  r.state === 'correction_requested'
    ? html`<section class="panel" aria-labelledby="corr-h"><h2 id="corr-h">需要补正</h2>
<p>${redact(r.correction_items)}</p>
<p>请于 <strong>${dateCn(r.correction_ends_on)}</strong> 前补正。无正当理由逾期不补正的，视为放弃申请（条例第三十条）。</p>
${postForm('/requests/track/correct', req.view.csrf(), html`${textArea({ name: 'text', label: '补正后的申请内容', hint: '请按上面的要求写明所需信息', value: correction, required: true, errors, rows: 5, maxlength: 4000 })}<button type="submit">提交补正</button>`, { label: '提交补正' })}
</section>`
    : ''
}
<section class="panel" aria-labelledby="tl-h"><h2 id="tl-h">办理过程</h2>${timeline(events, { staff: false, redact })}</section>
${
  model
    ? html`<section aria-labelledby="letter-h"><h2 id="letter-h">告知书</h2>
<p class="actions"><a class="btn" href="/requests/track/letter.pdf" download>下载告知书（PDF）</a> <a class="btn secondary" href="/requests/track/letter.docx" download>下载告知书（Word）</a></p>
${letterHtml(model)}
${attachments.length ? html`<h3>附件（公开的信息）</h3><ul>${attachments.map((a) => html`<li><a href="/requests/track/attachments/${a.id}" download>${a.filename}</a> <span class="muted">${Math.ceil(a.size / 1024)} KB</span></li>`)}</ul>` : ''}
</section>`
    : ''
}
<p class="muted">为保护您的信息，本页面 ${TRACK_MINUTES} 分钟后失效，请重新查询。</p>`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

const CONTENT_DISPOSITION = (name: string) => `attachment; filename="letter"; filename*=UTF-8''${encodeURIComponent(name)}`;

export const portalRoutes = () =>
  defineRoutes([
    {
      method: 'GET',
      url: '/requests',
      action: 'public',
      async handler(req, reply) {
        return reply.page(
          portalPage(
            req.view,
            { title: '依申请公开', section: '/requests' },
            html`${breadcrumbs([{ label: '首页', href: '/' }, { label: '依申请公开' }])}
<h1>依申请公开</h1>
<div class="grid">
<section class="panel"><h2>申请获取政府信息</h2>
<p>公民、法人或者其他组织可以向行政机关申请获取政府信息，无须说明用途。可以在线申请，也可以当面、信函或传真提出；书写确有困难的，可以口头提出，由工作人员代为填写（条例第二十九条）。</p>
<p><a class="btn" href="/requests/apply">在线申请</a></p></section>
<section class="panel"><h2>查询办理进度</h2>
<p>凭查询码和申请人姓名（或联系电话）查看办理进度、补正通知和告知书。</p>
<p><a class="btn secondary" href="/requests/track">查询进度</a></p></section>
<section class="panel"><h2>答复期限</h2>
<p>能够当场答复的，当场答复；不能当场答复的，自收到申请之日起20个工作日内答复；需要延长的，经政府信息公开工作机构负责人同意并告知申请人，延长不超过20个工作日。征求第三方和其他机关意见所需时间不计算在内（条例第三十三条）。</p>
<p>申请内容不明确的，本机关在收到申请之日起7个工作日内一次性告知补正，答复期限自收到补正的申请之日起计算（条例第三十条）。</p></section>
<section class="panel"><h2>收费</h2>
<p>依申请提供政府信息，不收取费用。申请数量、频次明显超过合理范围的，可以收取信息处理费（条例第四十二条，《政府信息公开信息处理费管理办法》）：按件计收时同一申请人一个自然月内10件以下不收费；按量计收时30页以下不收费。</p></section>
</div>`,
          ),
          { cache: 'public' },
        );
      },
    },
    { method: 'GET', url: '/requests/apply', action: 'public', handler: (req, reply) => applyPage(req, reply) },
    {
      method: 'POST',
      url: '/requests/apply',
      action: 'public',
      rateLimit: 'forms',
      async handler(req, reply) {
        const b = formBody(req) as Record<string, string>;
        if (b.step === 'suggest') return applyPage(req, reply, b, {}, { suggest: true });
        const done = (id: number) => {
          setCookie(reply, APPLIED_COOKIE, `${id}.${req.ctx.clock.now().getTime() + 3_600_000}`, '/requests/apply', 60);
          return reply.done('/requests/apply/done', '申请已提交。');
        };
        try {
          const r = await formCommand(
            () => execute(req.ctx, submitRequest, b),
            (errors) => applyPage(req, reply, b, errors),
          );
          if (r.ok) return done(r.value.id);
        } catch (e) {
          // A double click: the first submission stands and both clicks land on its receipt.
          if (e instanceof DuplicateSubmission) return done(e.requestId);
          if (isUniqueViolation(e)) {
            const first = await findByIdempotencyKey(req.ctx.db, String(b.idempotencyKey));
            if (first) return done(first.id);
          }
          throw e;
        }
      },
    },
    {
      method: 'GET',
      url: '/requests/apply/done',
      action: 'public',
      async handler(req, reply) {
        const id = cookieRequest(req, APPLIED_COOKIE);
        const r = id ? await findRequest(req.ctx.db, id) : undefined;
        if (!r) return reply.redirect('/requests/apply', 303);
        const org = await findOrgById(req.ctx.db, r.org_id);
        return reply.page(
          portalPage(
            req.view,
            { title: '申请已提交', section: '/requests' },
            html`<h1>申请已提交</h1>
<div class="panel"><p class="lead">您的查询码是：</p>
<p class="stat"><span class="value mono">${r.query_code}</span></p>
<p>请抄写或截图保存查询码。凭查询码和申请人姓名（或联系电话）可在“<a href="/requests/track">办理进度查询</a>”查看办理情况、补正通知和告知书。</p>
<p>${org?.name ?? ''}工作人员确认收到后，以确认之日为收到申请之日（《中华人民共和国政府信息公开条例》第三十一条第（三）项），并自该日起20个工作日内答复。</p></div>`,
          ),
        );
      },
    },
    { method: 'GET', url: '/requests/track', action: 'public', handler: (req, reply) => trackFormPage(req, reply) },
    {
      method: 'POST',
      url: '/requests/track',
      action: 'public',
      rateLimit: 'login',
      async handler(req, reply) {
        const b = formBody(req) as Record<string, string>;
        const r = await formCommand(
          () => execute(req.ctx, trackRequest, { code: b.code, who: b.who }),
          (errors) => trackFormPage(req, reply, { code: b.code, who: b.who }, errors, undefined, 400),
        );
        if (!r.ok) return;
        if (!r.value.ok)
          return trackFormPage(req, reply, { code: b.code, who: b.who }, {}, '没有找到与查询码和姓名（或电话）相符的申请。请核对后重新输入。', 404);
        const byName = !isPhone(String(b.who ?? ''));
        setCookie(
          reply,
          TRACK_COOKIE,
          `${r.value.requestId}.${req.ctx.clock.now().getTime() + TRACK_MINUTES * 60_000}.${byName ? 'n' : 'p'}`,
          '/requests/track',
          TRACK_MINUTES,
        );
        // Post/redirect/get: nothing of what was typed reaches the URL, and a reload does not re-post.
        return reply.redirect('/requests/track/view', 303);
      },
    },
    {
      method: 'GET',
      url: '/requests/track/view',
      action: 'public',
      async handler(req, reply) {
        const r = await trackedRequest(req);
        if (!r) return trackFormPage(req, reply, {}, {}, '查询已过期，请重新输入查询码和姓名（或电话）。');
        return trackingPage(req, reply, r);
      },
    },
    {
      method: 'POST',
      url: '/requests/track/correct',
      action: 'public',
      rateLimit: 'forms',
      async handler(req, reply) {
        const r = await trackedRequest(req);
        if (!r) return trackFormPage(req, reply, {}, {}, '查询已过期，请重新输入查询码和姓名（或电话）。');
        const b = formBody(req) as Record<string, string>;
        return submitForm(
          reply,
          () => execute(req.ctx, submitCorrection, { id: r.id, text: b.text }),
          (errors) => trackingPage(req, reply, r, errors, b.text),
          (_) => ['/requests/track/view', '补正已提交，答复期限自今日起重新计算。'],
        );
      },
    },
    {
      method: 'GET',
      url: '/requests/track/letter.:ext',
      action: 'public',
      async handler(req, reply) {
        const r = await trackedRequest(req);
        const ext = (req.params as { ext: string }).ext;
        if (!r?.outcome || !FINAL.includes(r.state) || (ext !== 'pdf' && ext !== 'docx')) throw new NotFoundError('没有可下载的告知书');
        const c = await letterContext(req.ctx.db, r);
        // The same reader as the page: a phone look-up downloads the masked letter.
        const reader = trackingReader(r.byName);
        const body = ext === 'pdf' ? await renderLetterPdf(c, reader) : await renderLetterDocx(c, reader);
        return reply
          .type(ext === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
          .header('cache-control', 'no-store')
          .header('content-disposition', CONTENT_DISPOSITION(`${r.decision_number || '告知书'}.${ext}`))
          .send(body);
      },
    },
    {
      method: 'GET',
      url: '/requests/track/attachments/:aid',
      action: 'public',
      async handler(req, reply) {
        const r = await trackedRequest(req);
        // The disclosed information is released with the decision, not before.
        if (!r?.outcome) throw new NotFoundError('附件不存在');
        const a = await attachmentContent(req.ctx.db, r.id, Number((req.params as { aid: string }).aid));
        if (!a) throw new NotFoundError('附件不存在');
        return reply.type(a.mime).header('cache-control', 'no-store').header('content-disposition', CONTENT_DISPOSITION(a.filename)).send(a.content);
      },
    },
  ]);
