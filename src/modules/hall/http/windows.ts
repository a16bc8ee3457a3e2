import type { FastifyReply, FastifyRequest } from 'fastify';
import { execute } from '../../../platform/command.ts';
import { NotFoundError } from '../../../kernel/errors.ts';
import { formBody, formCommand } from '../../../platform/web/kit.ts';
import { HALL_HEAD } from './style.ts';
import { html } from '../../../platform/web/html.ts';
import { adminPage } from '../../../platform/web/layout.ts';
import {
  breadcrumbs,
  buttonForm,
  errorSummary,
  hiddenCsrf,
  notice,
  postForm,
  selectField,
  textArea,
  textField,
  type FormErrors,
} from '../../../platform/web/components.ts';
import { findUserById } from '../../identity/index.ts';
import { listOrgs } from '../../orgs/index.ts';
import { DEPARTMENT_KINDS } from '../commands/common.ts';
import { addWindow } from '../commands/add-window.ts';
import { updateWindow } from '../commands/update-window.ts';
import { assignStaff } from '../commands/assign-staff.ts';
import { unassignStaff } from '../commands/unassign-staff.ts';
import { MAX_LETTER_BYTES, uploadLetter } from '../commands/upload-letter.ts';
import { findWindow, letterContent, lettersOf, listSites, listWindows, staffOf, windowsWithLetter, type WindowRow } from '../repo.ts';
import { WINDOW_KINDS, WINDOW_KIND_LABELS } from '../types.ts';
import { checkboxField, checkboxGroup, idOf, itemList, itemNames, list, str, type FormValues } from './shared.ts';

/** The back office's pages for the centre's windows (services.md §2). */

const LABELS: Record<string, string> = {
  centreOrgId: '所在中心',
  number: '窗口编号',
  name: '窗口名称',
  departmentOrgId: '所属部门',
  kind: '窗口类型',
  chiefUsername: '首席代表账户',
  chiefName: '首席代表姓名',
  greenChannel: '绿色通道',
  parallel: '并联审批',
  backofficeOrgIds: '后台办理部门',
  itemCodes: '受理事项编码',
  note: '说明',
  username: '工作人员用户名',
  userId: '工作人员',
  toOn: '调离日期',
  fromOn: '到岗日期',
  file: '授权书文件',
};

/** A window the actor may see, or 404 (a window outside the actor's subtree does not exist for them). */
async function visibleWindow(req: FastifyRequest): Promise<WindowRow> {
  const w = await findWindow(req.ctx.db, idOf(req));
  if (!w || !req.ctx.registry.policies.can(req.ctx.actor, 'hall.view', { orgPath: w.orgPath })) throw new NotFoundError('窗口不存在');
  return w;
}

export async function windowsPage(req: FastifyRequest, reply: FastifyReply) {
  const db = req.ctx.db;
  const scope = req.ctx.scope('hall.view');
  const [centres, windows] = await Promise.all([listSites(db, { scope, kinds: ['hall'] }), listWindows(db, { scope })]);
  const letters = await windowsWithLetter(
    db,
    windows.map((w) => w.id),
  );
  return reply.page(
    adminPage(
      req.view,
      { title: '政务服务中心窗口', section: '/admin/hall', head: HALL_HEAD },
      html`<h1>政务服务中心窗口</h1>
${centres.length ? '' : notice('info', html`尚未登记政务服务中心。请先在<a href="/admin/hall/sites">服务网点</a>中为中心所在机构登记“政务服务中心”。`)}
${centres.map((c) => {
  const ws = windows.filter((w) => w.centreOrgId === c.orgId);
  return html`<section class="panel" aria-labelledby="c-${c.orgId}"><div class="panel-head"><h2 id="c-${c.orgId}">${c.name}</h2>
${req.view.can('hall.manage', { orgPath: c.orgPath }) ? html`<a class="btn" href="/admin/hall/windows/new?centre=${c.orgId}">设立窗口</a>` : ''}</div>
<p class="muted">${c.address}　${c.phone}　窗口 ${ws.length} 个</p>
<div class="table-wrap"><table>
<caption>${c.name}的窗口</caption>
<thead><tr><th scope="col">编号</th><th scope="col">窗口</th><th scope="col">所属部门</th><th scope="col">类型</th><th scope="col">首席代表</th><th scope="col">授权书</th><th scope="col">受理事项</th><th scope="col">特色</th></tr></thead>
<tbody>${ws.map(
    (
      w,
    ) => html`<tr><td class="mono">${w.number}</td><td><a href="/admin/hall/windows/${w.id}">${w.name}</a></td><td>${w.departmentName}</td><td>${WINDOW_KIND_LABELS[w.kind]}</td><td>${w.chiefName || html`<span class="muted">未指定</span>`}</td>
<td>${letters.has(w.id) ? html`<span class="badge ok">已上传</span>` : html`<span class="badge warn">未上传</span>`}</td><td>${w.itemCodes.length} 项</td>
<td>${w.greenChannel ? html`<span class="badge info">绿色通道</span> ` : ''}${w.parallel ? html`<span class="badge info">并联审批</span>` : ''}</td></tr>`,
  )}</tbody></table></div></section>`;
})}`,
    ),
  );
}

async function windowForm(
  req: FastifyRequest,
  opts: { action: string; values: FormValues; errors: FormErrors; centres?: Array<{ value: number; label: string }>; submit: string },
) {
  const depts = (await listOrgs(req.ctx.db)).filter((o) => DEPARTMENT_KINDS.includes(o.kind));
  const v = opts.values;
  const deptOptions = depts.map((o) => ({ value: o.id, label: o.name }));
  return html`${errorSummary(opts.errors, LABELS)}
${postForm(
  opts.action,
  req.view.csrf(),
  html`
${opts.centres ? selectField({ name: 'centreOrgId', label: LABELS.centreOrgId!, options: opts.centres, value: str(v.centreOrgId), required: true, errors: opts.errors }) : ''}
${textField({ name: 'number', label: LABELS.number!, value: str(v.number), required: true, hint: '同一中心内不能重复，如 01、A03', errors: opts.errors, maxlength: 10 })}
${textField({ name: 'name', label: LABELS.name!, value: str(v.name), required: true, errors: opts.errors })}
${selectField({ name: 'departmentOrgId', label: LABELS.departmentOrgId!, options: deptOptions, value: str(v.departmentOrgId), placeholder: '请选择', required: true, errors: opts.errors })}
${selectField({ name: 'kind', label: LABELS.kind!, options: WINDOW_KINDS.map((k) => ({ value: k, label: WINDOW_KIND_LABELS[k] })), value: str(v.kind) || 'single', required: true, errors: opts.errors })}
${textField({ name: 'chiefUsername', label: LABELS.chiefUsername!, value: str(v.chiefUsername), hint: '首席代表有本系统账户时填写其用户名；没有账户的只填姓名', errors: opts.errors })}
${textField({ name: 'chiefName', label: LABELS.chiefName!, value: str(v.chiefName), errors: opts.errors })}
${checkboxField({ name: 'greenChannel', label: '开设绿色通道（重大项目）', checked: !!str(v.greenChannel) })}
${checkboxField({ name: 'parallel', label: '并联审批（窗口受理、后台办理）', checked: !!str(v.parallel), hint: '勾选后请在下面选择后台办理的部门' })}
${checkboxGroup({ name: 'backofficeOrgIds', legend: LABELS.backofficeOrgIds!, options: deptOptions, checked: new Set(list(v.backofficeOrgIds)), errors: opts.errors })}
${textArea({ name: 'itemCodes', label: LABELS.itemCodes!, value: str(v.itemCodes), rows: 4, hint: '每行一个事项编码（办事指南中的业务办理项编码），如 HJ-XK-0001-01', errors: opts.errors })}
${textArea({ name: 'note', label: LABELS.note!, value: str(v.note), rows: 3, errors: opts.errors })}
<button type="submit">${opts.submit}</button>`,
)}`;
}

async function manageableCentres(req: FastifyRequest) {
  const centres = await listSites(req.ctx.db, { scope: req.ctx.scope('hall.manage'), kinds: ['hall'] });
  return centres.map((c) => ({ value: c.orgId, label: c.name }));
}

export async function newWindowPage(req: FastifyRequest, reply: FastifyReply, values: FormValues = {}, errors: FormErrors = {}) {
  const centres = await manageableCentres(req);
  const q = req.query as Record<string, string | undefined>;
  const v = { centreOrgId: q.centre, ...values };
  return reply.page(
    adminPage(
      req.view,
      { title: '设立窗口', section: '/admin/hall', head: HALL_HEAD },
      html`${breadcrumbs([{ label: '中心窗口', href: '/admin/hall' }, { label: '设立窗口' }])}<h1>设立窗口</h1>
${centres.length ? await windowForm(req, { action: '/admin/hall/windows', values: v, errors, centres, submit: '设立窗口' }) : notice('info', '您管理的范围内没有登记政务服务中心。')}`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

export async function createWindow(req: FastifyRequest, reply: FastifyReply) {
  const b = formBody(req);
  const out = await formCommand(
    () => execute(req.ctx, addWindow, b),
    (errors) => newWindowPage(req, reply, b, errors),
  );
  if (out.ok) return reply.done(`/admin/hall/windows/${out.value.id}`, '已设立窗口');
}

function valuesOf(w: WindowRow, chiefUsername: string): FormValues {
  return {
    number: w.number,
    name: w.name,
    departmentOrgId: String(w.departmentOrgId),
    kind: w.kind,
    chiefUsername,
    chiefName: w.chiefName,
    greenChannel: w.greenChannel ? 'on' : '',
    parallel: w.parallel ? 'on' : '',
    backofficeOrgIds: w.backoffice.map((o) => String(o.id)),
    itemCodes: w.itemCodes.join('\n'),
    note: w.note,
  };
}

export async function windowPage(req: FastifyRequest, reply: FastifyReply, opts: { values?: FormValues; errors?: FormErrors; active?: string } = {}) {
  const w = await visibleWindow(req);
  const db = req.ctx.db;
  const [staff, letters, names] = await Promise.all([staffOf(db, w.id), lettersOf(db, w.id), itemNames(req, w.itemCodes)]);
  const users = new Map<number, { username: string; name: string }>();
  for (const id of new Set([...staff.map((s) => s.userId), ...(w.chiefUserId ? [w.chiefUserId] : [])])) {
    const u = await findUserById(db, id);
    if (u) users.set(id, { username: u.username, name: u.display_name });
  }
  const canManage = req.view.can('hall.manage', { orgPath: w.orgPath });
  const errors = opts.errors ?? {};
  const active = opts.active;
  const csrf = req.view.csrf();
  const current = staff.filter((s) => s.toOn === null);
  const past = staff.filter((s) => s.toOn !== null);
  const chiefUsername = w.chiefUserId ? (users.get(w.chiefUserId)?.username ?? '') : '';
  return reply.page(
    adminPage(
      req.view,
      { title: `${w.number}号窗口 ${w.name}`, section: '/admin/hall', head: HALL_HEAD },
      html`${breadcrumbs([{ label: '中心窗口', href: '/admin/hall' }, { label: `${w.number}号窗口` }])}
<h1>${w.number}号窗口　${w.name}</h1>
<div class="table-wrap"><table class="meta"><tbody>
<tr><th scope="row">所在中心</th><td>${w.centreName}</td></tr>
<tr><th scope="row">所属部门</th><td>${w.departmentName}</td></tr>
<tr><th scope="row">窗口类型</th><td>${WINDOW_KIND_LABELS[w.kind]}</td></tr>
<tr><th scope="row">首席代表</th><td>${w.chiefName || '未指定'}${chiefUsername ? html` <span class="muted">（账户 ${chiefUsername}）</span>` : ''}</td></tr>
<tr><th scope="row">绿色通道</th><td>${w.greenChannel ? '开设' : '未开设'}</td></tr>
<tr><th scope="row">并联审批</th><td>${w.parallel ? html`窗口受理、后台办理：${w.backoffice.map((o) => o.name).join('、')}` : '否'}</td></tr>
<tr><th scope="row">受理事项</th><td>${itemList(w.itemCodes, names)}</td></tr>
${w.note ? html`<tr><th scope="row">说明</th><td>${w.note}</td></tr>` : ''}
</tbody></table></div>

<section class="panel" aria-labelledby="letters"><h2 id="letters">首席代表授权书</h2>
${letters.length ? html`<ul>${letters.map((l, i) => html`<li><a href="/admin/hall/windows/${w.id}/letters/${l.id}">${l.filename}</a> <span class="muted">${Math.ceil(l.size / 1024)} KB，${l.uploadedAt.slice(0, 10)} ${l.uploadedBy} 上传${i === 0 ? '（现行）' : ''}</span></li>`)}</ul>` : html`<p class="muted">尚未上传授权书。</p>`}
${
  canManage
    ? html`<form method="post" action="/admin/hall/windows/${w.id}/letter" enctype="multipart/form-data" aria-label="上传授权书">${hiddenCsrf(csrf)}
${active === 'letter' ? errorSummary(errors, LABELS) : ''}
<div class="field${active === 'letter' && errors.file ? ' invalid' : ''}"><label for="f-file">${LABELS.file}（PDF 或 PNG、JPEG 图片，不超过${MAX_LETTER_BYTES / 1024 / 1024}MB）</label>
${active === 'letter' && errors.file ? html`<span class="error-text" id="f-file-error"><span class="visually-hidden">错误：</span>${errors.file}</span>` : ''}
<input type="file" id="f-file" name="file" accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg" required></div>
<button type="submit">上传授权书</button></form>`
    : ''
}</section>

<section class="panel" aria-labelledby="staff"><h2 id="staff">窗口工作人员</h2>
${
  current.length
    ? html`<ul>${current.map((s) => {
        const u = users.get(s.userId);
        return html`<li>${u?.name ?? `用户 ${s.userId}`} <span class="muted">（${u?.username ?? ''}，${s.fromOn} 到岗）</span>
${canManage ? buttonForm(`/admin/hall/windows/${w.id}/staff/end`, csrf, `调离 ${u?.name ?? ''}`, { userId: s.userId }) : ''}</li>`;
      })}</ul>`
    : html`<p class="muted">暂无工作人员。</p>`
}
${past.length ? html`<details><summary>曾在本窗口工作（${past.length}）</summary><ul>${past.map((s) => html`<li>${users.get(s.userId)?.name ?? s.userId} <span class="muted">${s.fromOn} 至 ${s.toOn}</span></li>`)}</ul></details>` : ''}
${
  canManage
    ? html`${active === 'staff' ? errorSummary(errors, LABELS) : ''}${postForm(
        `/admin/hall/windows/${w.id}/staff`,
        csrf,
        html`${textField({ name: 'username', label: LABELS.username!, value: active === 'staff' ? str(opts.values?.username) : '', errors: active === 'staff' ? errors : {}, required: true })}
${textField({ name: 'fromOn', label: LABELS.fromOn!, type: 'date', value: active === 'staff' ? str(opts.values?.fromOn) : '', hint: '不填为今天', errors: active === 'staff' ? errors : {} })}
<button type="submit">安排到本窗口</button>`,
        { label: '安排工作人员' },
      )}`
    : ''
}</section>

${
  canManage
    ? html`<section class="panel" aria-labelledby="edit"><h2 id="edit">修改窗口</h2>
${await windowForm(req, { action: `/admin/hall/windows/${w.id}`, values: active === 'edit' && opts.values ? opts.values : valuesOf(w, chiefUsername), errors: active === 'edit' ? errors : {}, submit: '保存修改' })}</section>`
    : ''
}`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

export async function saveWindow(req: FastifyRequest, reply: FastifyReply) {
  const w = await visibleWindow(req);
  const b = formBody(req);
  const out = await formCommand(
    () => execute(req.ctx, updateWindow, { ...b, id: w.id }),
    (errors) => windowPage(req, reply, { values: b, errors, active: 'edit' }),
  );
  if (out.ok) return reply.done(`/admin/hall/windows/${w.id}`, '已保存窗口');
}

export async function addStaff(req: FastifyRequest, reply: FastifyReply) {
  const w = await visibleWindow(req);
  const b = formBody(req);
  const out = await formCommand(
    () => execute(req.ctx, assignStaff, { windowId: w.id, username: b.username, fromOn: b.fromOn }),
    (errors) => windowPage(req, reply, { values: b, errors, active: 'staff' }),
  );
  if (out.ok) return reply.done(`/admin/hall/windows/${w.id}`, '已安排工作人员');
}

export async function endStaff(req: FastifyRequest, reply: FastifyReply) {
  const w = await visibleWindow(req);
  const b = formBody(req);
  const out = await formCommand(
    () => execute(req.ctx, unassignStaff, { windowId: w.id, userId: b.userId, toOn: b.toOn }),
    (errors) => windowPage(req, reply, { values: b, errors, active: 'staff' }),
  );
  if (out.ok) return reply.done(`/admin/hall/windows/${w.id}`, '已调离');
}

export async function postLetter(req: FastifyRequest, reply: FastifyReply) {
  const id = idOf(req);
  let csrf = '';
  let file: { filename: string; content: Buffer } | undefined;
  if (req.isMultipart()) {
    for await (const part of req.parts()) {
      if (part.type === 'file') file = { filename: part.filename, content: await part.toBuffer() };
      else if (part.fieldname === '_csrf') csrf = String(part.value);
    }
  }
  req.server.checkCsrf(req, csrf);
  await visibleWindow(req);
  const out = await formCommand(
    () => execute(req.ctx, uploadLetter, { windowId: id, filename: file?.filename ?? '', content: file ? new Uint8Array(file.content) : undefined }),
    (errors) =>
      windowPage(req, reply, { errors: { file: errors.file ?? errors.filename ?? errors.content ?? Object.values(errors)[0] ?? '' }, active: 'letter' }),
  );
  if (out.ok) return reply.done(`/admin/hall/windows/${id}`, `已上传授权书：${file?.filename ?? ''}`);
}

/** The letter, staff-only: as an attachment (never rendered inline), not cached, its type as sniffed. */
export async function getLetter(req: FastifyRequest, reply: FastifyReply) {
  const w = await visibleWindow(req);
  const l = await letterContent(req.ctx.db, w.id, idOf(req, 'lid'));
  if (!l) throw new NotFoundError('授权书不存在');
  return reply
    .type(l.mime)
    .header('cache-control', 'no-store, private')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('content-disposition', `attachment; filename="letter"; filename*=UTF-8''${encodeURIComponent(l.filename)}`)
    .send(l.content);
}
