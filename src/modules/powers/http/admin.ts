import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../kernel/errors.ts';
import { execute } from '../../../platform/command.ts';
import { html, raw, type SafeHtml } from '../../../platform/web/html.ts';
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
import { formBody, formCommand, queryOf } from '../../../platform/web/kit.ts';
import { zipLimitsOf } from '../../../platform/render/zip-guard.ts';
import { listOrgs, type Org } from '../../orgs/index.ts';
import { findPower, historyOf, listCategories, listChanges, listPowers, type PowerRow } from '../repo.ts';
import { FIELD_LABELS } from '../schemas.ts';
import { BODY_KIND_LABELS, BODY_KINDS, DELEGATE_MODE_LABELS, DELEGATE_MODES, DISPOSITION_KINDS, DISPOSITION_LABELS } from '../types.ts';
import { createPower } from '../commands/create-power.ts';
import { updatePower } from '../commands/update-power.ts';
import { disposePower } from '../commands/dispose.ts';
import { addCategory } from '../commands/add-category.ts';
import { updateCategory } from '../commands/update-category.ts';
import { importPowersCommand, PowerImportError } from '../commands/import-powers.ts';
import { DELEGATE_KINDS } from '../commands/common.ts';
import { formatOfName, readPowerFile } from '../import/read.ts';
import { exportPowers } from '../import/write.ts';
import { changesTable, historyTable, powerTable, statusOf } from './views.ts';

/** The back office of the power list: list and filter, add and edit, record a change, categories, import and export. */
const PAGE_SIZE = 50;
const link = (id: number) => `/admin/powers/${id}`;
const int = (v: string | undefined) => (v && /^\d{1,9}$/.test(v) ? Number(v) : undefined);
const str = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

/** A page with its status (a re-rendered form with errors answers 400). */
function pageWith(reply: FastifyReply, status: number, body: SafeHtml) {
  return reply.page(body, { status });
}

function departments(orgs: Org[]): Org[] {
  return orgs.filter((o) => !['village', 'community'].includes(o.kind));
}

export async function listPage(req: FastifyRequest, reply: FastifyReply) {
  const db = req.ctx.db;
  const q = queryOf(req);
  const scope = req.ctx.scope('powers.view');
  const categories = await listCategories(db);
  const orgs = departments(await listOrgs(db, { scope }));
  const cat = categories.find((c) => c.id === int(q.category));
  const org = orgs.find((o) => o.id === int(q.org));
  const status = q.status === 'all' ? 'all' : 'standing';
  const page = pageNumber(q.page);
  const search = (q.q ?? '').trim().slice(0, 50);
  const r = await listPowers(
    db,
    {
      scope,
      ...(cat ? { categoryId: cat.id } : {}),
      ...(org ? { path: org.path } : {}),
      ...(status === 'standing' ? { standingOn: req.ctx.clock.today() } : {}),
      ...(search ? { q: search } : {}),
    },
    { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
  );
  return reply.page(
    adminPage(
      req.view,
      { title: '权力事项', section: '/admin/powers' },
      html`<h1>权力事项</h1>
<p class="actions">${req.view.can('powers.manage') ? html`<a class="btn" href="/admin/powers/new">新增权力事项</a> ` : ''}<a class="btn secondary" href="/admin/powers/changes">调整情况</a> <a class="btn secondary" href="/admin/powers/import">导入导出</a></p>
<form method="get" action="/admin/powers" class="filters panel" aria-label="筛选">
${selectField({ name: 'category', label: '职权类别', options: categories.map((c) => ({ value: c.id, label: c.name })), value: cat?.id ?? '', placeholder: '全部' })}
${selectField({ name: 'org', label: '所属部门', options: orgs.map((o) => ({ value: o.id, label: `${'　'.repeat(Math.max(0, o.depth - 1))}${o.shortName}` })), value: org?.id ?? '', placeholder: '全部' })}
${selectField({
  name: 'status',
  label: '状态',
  options: [
    { value: 'standing', label: '现行' },
    { value: 'all', label: '全部（含已取消、已合并）' },
  ],
  value: status,
})}
${textField({ name: 'q', label: '名称或编码', type: 'search', value: search, maxlength: 50 })}
<button type="submit">筛选</button>
</form>
<div class="table-wrap"><table><caption>共 ${r.total} 项</caption>
<thead><tr><th scope="col">权力编码</th><th scope="col">权力名称</th><th scope="col">职权类别</th><th scope="col">所属部门</th><th scope="col">实施主体</th></tr></thead>
<tbody>${r.rows.map((p) => html`<tr><td class="mono">${p.code}</td><td><a href="${link(p.id)}">${p.name}</a></td><td>${p.category}</td><td>${p.orgName}</td><td>${p.body}</td></tr>`)}</tbody></table></div>
${pagination({ page, pageSize: PAGE_SIZE, total: r.total, href: pageHref('/admin/powers', { category: cat?.id, org: org?.id, status, q: search || null }) })}`,
    ),
  );
}

function powerFormFields(
  v: Record<string, string>,
  errors: FormErrors,
  categories: Array<{ id: number; name: string; active: boolean }>,
  orgs: Org[],
): SafeHtml {
  return html`${textField({ name: 'name', label: '权力名称', value: v.name, errors, required: true, maxlength: 200 })}
${selectField({ name: 'categoryId', label: '职权类别', options: categories.filter((c) => c.active || String(c.id) === v.categoryId).map((c) => ({ value: c.id, label: c.name })), value: v.categoryId, errors, required: true, placeholder: '请选择' })}
${textField({ name: 'code', label: '权力编码', value: v.code, errors, required: true, maxlength: 64, hint: '按本省权力编码规则填写（业务设置 → 权力编码规则）' })}
${selectField({ name: 'orgId', label: '所属部门', options: orgs.map((o) => ({ value: o.id, label: `${'　'.repeat(Math.max(0, o.depth - 1))}${o.name}` })), value: v.orgId, errors, required: true, placeholder: '请选择' })}
${textField({ name: 'body', label: '实施主体', value: v.body, errors, required: true, maxlength: 100 })}
${selectField({ name: 'bodyKind', label: '实施主体性质', options: BODY_KINDS.map((k) => ({ value: k, label: BODY_KIND_LABELS[k] })), value: v.bodyKind, errors, required: true, placeholder: '请选择' })}
${textArea({ name: 'legalBasis', label: '设定依据', value: v.legalBasis, errors, required: true, rows: 4, maxlength: 4000, hint: '每行一条，按法律、行政法规、地方性法规、规章的顺序排列（保存时自动按效力层级排序）' })}
${textArea({ name: 'feeBasis', label: '收费依据及标准', value: v.feeBasis, errors, rows: 2, maxlength: 2000 })}
${textArea({ name: 'procedure', label: '办理流程', value: v.procedure, errors, rows: 3, maxlength: 4000 })}
${textField({ name: 'timeLimit', label: '办理时限', value: v.timeLimit, errors, maxlength: 200 })}
${textField({ name: 'supervisionPhone', label: '监督电话', value: v.supervisionPhone, errors, type: 'tel', maxlength: 40 })}`;
}

function fieldsOf(b: Record<string, string | string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [
    'name',
    'categoryId',
    'code',
    'orgId',
    'body',
    'bodyKind',
    'legalBasis',
    'feeBasis',
    'procedure',
    'timeLimit',
    'supervisionPhone',
    'opening',
    'onDate',
    'note',
  ])
    out[k] = str(b[k]);
  return out;
}

export async function newPage(req: FastifyRequest, reply: FastifyReply, v: Record<string, string> = {}, errors: FormErrors = {}) {
  const categories = await listCategories(req.ctx.db);
  const orgs = departments(await listOrgs(req.ctx.db, { scope: req.ctx.scope('powers.manage') }));
  const values: Record<string, string> = { opening: 'add', onDate: req.ctx.clock.today(), bodyKind: 'legal', ...v };
  return pageWith(
    reply,
    Object.keys(errors).length ? 400 : 200,
    adminPage(
      req.view,
      { title: '新增权力事项', section: '/admin/powers' },
      html`${breadcrumbs([{ label: '权力事项', href: '/admin/powers' }, { label: '新增' }])}
<h1>新增权力事项</h1>
${errorSummary(errors, FIELD_LABELS)}
${postForm(
  '/admin/powers',
  req.view.csrf(),
  html`${powerFormFields(values, errors, categories, orgs)}
<fieldset><legend>列入清单</legend>
${selectField({
  name: 'opening',
  label: '处置情况',
  options: [
    { value: 'add', label: '新增' },
    { value: 'keep', label: '保留' },
  ],
  value: values.opening,
  errors,
})}
${textField({ name: 'onDate', label: '处置日期', type: 'date', value: values.onDate, errors, required: true })}
${textField({ name: 'note', label: '说明', value: values.note, errors, maxlength: 500 })}
</fieldset>
<button type="submit" class="btn">保存</button>`,
  { label: '新增权力事项' },
)}`,
    ),
  );
}

export async function createPost(req: FastifyRequest, reply: FastifyReply) {
  const v = fieldsOf(formBody(req));
  const r = await formCommand(
    () => execute(req.ctx, createPower, v),
    (errors) => newPage(req, reply, v, errors),
  );
  if (r.ok) return reply.done(link(r.value.id), '已新增权力事项。');
}

async function loadPower(req: FastifyRequest, action: 'powers.view' | 'powers.manage'): Promise<PowerRow> {
  const id = int((req.params as { id: string }).id);
  const p = id ? await findPower(req.ctx.db, id) : undefined;
  if (!p) throw new NotFoundError('没有这项权力');
  if (!req.ctx.can(action, { orgPath: p.orgPath })) throw new ForbiddenError('无权查看其他部门的权力事项');
  return p;
}

function valuesOf(p: PowerRow): Record<string, string> {
  return {
    name: p.name,
    categoryId: String(p.categoryId),
    code: p.code,
    orgId: String(p.orgId),
    body: p.body,
    bodyKind: p.bodyKind,
    legalBasis: p.legalBasis,
    feeBasis: p.feeBasis,
    procedure: p.procedure,
    timeLimit: p.timeLimit,
    supervisionPhone: p.supervisionPhone,
  };
}

export async function powerPage(
  req: FastifyRequest,
  reply: FastifyReply,
  opts: { edit?: { v: Record<string, string>; errors: FormErrors }; dispose?: { v: Record<string, string | string[]>; errors: FormErrors } } = {},
) {
  const p = await loadPower(req, 'powers.view');
  const db = req.ctx.db;
  const history = await historyOf(db, p.id);
  const canManage = req.ctx.can('powers.manage', { orgPath: p.orgPath });
  const today = req.ctx.clock.today();
  let forms: SafeHtml = html``;
  if (canManage) {
    const categories = await listCategories(db);
    const all = await listOrgs(db);
    const orgs = departments(all.filter((o) => req.ctx.can('powers.manage', { orgPath: o.path })));
    const localities = all.filter((o) => (DELEGATE_KINDS as readonly string[]).includes(o.kind));
    const ev = opts.edit?.v ?? valuesOf(p);
    const dv = opts.dispose?.v ?? { onDate: today };
    const chosen = new Set((Array.isArray(dv.delegateOrgIds) ? dv.delegateOrgIds : [dv.delegateOrgIds ?? '']).filter(Boolean));
    const de = opts.dispose?.errors ?? {};
    forms = html`<section class="panel" aria-labelledby="dispose-h"><h2 id="dispose-h">登记调整</h2>
${errorSummary(de, FIELD_LABELS)}
${postForm(
  `${link(p.id)}/dispositions`,
  req.view.csrf(),
  html`${selectField({ name: 'kind', label: '处置情况', options: DISPOSITION_KINDS.map((k) => ({ value: k, label: DISPOSITION_LABELS[k] })), value: str(dv.kind), errors: de, required: true, placeholder: '请选择' })}
${textField({ name: 'onDate', label: '处置日期', type: 'date', value: str(dv.onDate), errors: de, required: true })}
${textField({ name: 'mergedIntoCode', label: '合并至（权力编码）', value: str(dv.mergedIntoCode), errors: de, maxlength: 64, hint: '调整合并时填写并入的权力事项的编码' })}
<fieldset class="field${de.delegateOrgIds ? ' invalid' : ''}" id="f-delegateOrgIds"><legend>下放至（下放时选择乡镇、街道）</legend>
${de.delegateOrgIds ? html`<span class="error-text"><span class="visually-hidden">错误：</span>${de.delegateOrgIds}</span>` : ''}
${localities.map((o) => html`<div><input type="checkbox" id="f-del-${o.id}" name="delegateOrgIds" value="${o.id}"${chosen.has(String(o.id)) ? raw(' checked') : ''}> <label for="f-del-${o.id}">${o.name}</label></div>`)}
</fieldset>
${selectField({ name: 'mode', label: '下放方式', options: DELEGATE_MODES.map((m) => ({ value: m, label: DELEGATE_MODE_LABELS[m] })), value: str(dv.mode), errors: de, placeholder: '（下放时选择）' })}
${textField({ name: 'note', label: '说明', value: str(dv.note), errors: de, maxlength: 500 })}
<button type="submit" class="btn">登记</button>`,
  { label: '登记调整' },
)}</section>
<section class="panel" aria-labelledby="edit-h"><h2 id="edit-h">修改权力事项</h2>
${errorSummary(opts.edit?.errors ?? {}, FIELD_LABELS)}
${postForm(link(p.id), req.view.csrf(), html`${powerFormFields(ev, opts.edit?.errors ?? {}, categories, orgs)}<button type="submit" class="btn">保存修改</button>`, { label: '修改权力事项' })}
</section>`;
  }
  const bad = opts.edit || opts.dispose;
  return pageWith(
    reply,
    bad ? 400 : 200,
    adminPage(
      req.view,
      { title: p.name, section: '/admin/powers' },
      html`${breadcrumbs([{ label: '权力事项', href: '/admin/powers' }, { label: p.name }])}
<h1>${p.name}</h1>
<p><a href="/powers/${p.id}">在门户网站查看</a></p>
${powerTable(p, statusOf(history, today))}
${historyTable(history, link, { recorder: true })}
${forms}`,
    ),
  );
}

export async function updatePost(req: FastifyRequest, reply: FastifyReply) {
  const p = await loadPower(req, 'powers.manage');
  const b = formBody(req);
  const v = fieldsOf(b);
  const r = await formCommand(
    () => execute(req.ctx, updatePower, { ...v, id: p.id }),
    (errors) => powerPage(req, reply, { edit: { v, errors } }),
  );
  if (r.ok) return reply.done(link(p.id), '已保存修改。');
}

export async function disposePost(req: FastifyRequest, reply: FastifyReply) {
  const p = await loadPower(req, 'powers.manage');
  const b = formBody(req);
  const ids = (Array.isArray(b.delegateOrgIds) ? b.delegateOrgIds : b.delegateOrgIds ? [b.delegateOrgIds] : []).filter(Boolean);
  const input = {
    powerId: p.id,
    kind: str(b.kind),
    onDate: str(b.onDate),
    mergedIntoCode: str(b.mergedIntoCode),
    delegateOrgIds: ids,
    mode: str(b.mode),
    note: str(b.note),
  };
  const r = await formCommand(
    () => execute(req.ctx, disposePower, input),
    (errors) => powerPage(req, reply, { dispose: { v: { ...input, powerId: String(p.id), delegateOrgIds: ids }, errors } }),
  );
  if (r.ok) return reply.done(link(p.id), `已登记：${DISPOSITION_LABELS[input.kind as keyof typeof DISPOSITION_LABELS] ?? ''}。`);
}

export async function changesPage(req: FastifyRequest, reply: FastifyReply) {
  const q = queryOf(req);
  const thisYear = Number(req.ctx.clock.today().slice(0, 4));
  const y = int(q.year);
  const year = y && y >= 1990 && y <= thisYear + 1 ? y : thisYear;
  const page = pageNumber(q.page);
  const r = await listChanges(req.ctx.db, { path: '/', year, scope: req.ctx.scope('powers.view') }, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return reply.page(
    adminPage(
      req.view,
      { title: `${year}年调整情况`, section: '/admin/powers/changes' },
      html`<h1>${year}年权力清单调整情况</h1>
<form method="get" action="/admin/powers/changes" class="filters panel" aria-label="选择年度">${textField({ name: 'year', label: '年度', value: year, inputmode: 'numeric', maxlength: 4 })}<button type="submit">查看</button></form>
<p>共 ${r.total} 条。</p>
${r.rows.length ? changesTable(r.rows, link) : notice('info', '这一年没有调整。')}
${pagination({ page, pageSize: PAGE_SIZE, total: r.total, href: pageHref('/admin/powers/changes', { year }) })}`,
    ),
  );
}

export async function categoriesPage(req: FastifyRequest, reply: FastifyReply, errors: FormErrors = {}, v: Record<string, string> = {}) {
  const categories = await listCategories(req.ctx.db);
  const can = req.view.can('powers.categories');
  return pageWith(
    reply,
    Object.keys(errors).length ? 400 : 200,
    adminPage(
      req.view,
      { title: '职权类别', section: '/admin/powers/categories' },
      html`<h1>职权类别</h1>
<p>行政权力的职权类别是数据：默认为行政许可、非行政许可审批、行政处罚等十二类，可按本省口径增加、改名、调整顺序或停用（已停用的类别不再接受新的权力事项，原有事项保留）。</p>
${errorSummary(errors, FIELD_LABELS)}
<div class="table-wrap"><table><caption>共 ${categories.length} 类</caption>
<thead><tr><th scope="col">排序</th><th scope="col">名称</th><th scope="col">状态</th>${can ? html`<th scope="col">修改</th>` : ''}</tr></thead>
<tbody>${categories.map(
        (c) =>
          html`<tr><td>${c.sortOrder}</td><td>${c.name}</td><td>${c.active ? '使用中' : html`<span class="badge warn">已停用</span>`}</td>${
            can
              ? html`<td>${postForm(
                  `/admin/powers/categories/${c.id}`,
                  req.view.csrf(),
                  html`<label for="cn-${c.id}" class="visually-hidden">${c.name}的名称</label><input id="cn-${c.id}" name="name" value="${c.name}" maxlength="20" size="10">
<label for="cs-${c.id}" class="visually-hidden">${c.name}的排序</label><input id="cs-${c.id}" name="sortOrder" value="${c.sortOrder}" inputmode="numeric" size="4">
<label for="ca-${c.id}" class="visually-hidden">${c.name}的状态</label><select id="ca-${c.id}" name="active"><option value="1"${c.active ? raw(' selected') : ''}>使用中</option><option value="0"${c.active ? '' : raw(' selected')}>停用</option></select>
<button type="submit" class="btn secondary">保存</button>`,
                  { className: 'inline-form', label: `修改${c.name}` },
                )}</td>`
              : ''
          }</tr>`,
      )}</tbody></table></div>
${
  can
    ? html`<section class="panel" aria-labelledby="add-cat"><h2 id="add-cat">增加职权类别</h2>${postForm(
        '/admin/powers/categories',
        req.view.csrf(),
        html`${textField({ name: 'name', label: '类别名称', value: v.name, errors, required: true, maxlength: 20 })}${textField({ name: 'sortOrder', label: '排序', value: v.sortOrder, errors, inputmode: 'numeric', maxlength: 6, hint: '留空则排在最后' })}<button type="submit" class="btn">增加</button>`,
        { label: '增加职权类别' },
      )}</section>`
    : ''
}`,
    ),
  );
}

export async function addCategoryPost(req: FastifyRequest, reply: FastifyReply) {
  const b = formBody(req);
  const v = { name: str(b.name), sortOrder: str(b.sortOrder) };
  const r = await formCommand(
    () => execute(req.ctx, addCategory, { name: v.name, ...(v.sortOrder ? { sortOrder: v.sortOrder } : {}) }),
    (errors) => categoriesPage(req, reply, errors, v),
  );
  if (r.ok) return reply.done('/admin/powers/categories', `已增加职权类别“${v.name}”。`);
}

export async function updateCategoryPost(req: FastifyRequest, reply: FastifyReply) {
  const id = int((req.params as { id: string }).id);
  if (!id) throw new NotFoundError('没有这个职权类别');
  const b = formBody(req);
  const r = await formCommand(
    () =>
      execute(req.ctx, updateCategory, { id, name: str(b.name), ...(str(b.sortOrder) ? { sortOrder: str(b.sortOrder) } : {}), active: str(b.active) !== '0' }),
    (errors) => categoriesPage(req, reply, errors),
  );
  if (r.ok) return reply.done('/admin/powers/categories', '已保存。');
}

export async function importPage(req: FastifyRequest, reply: FastifyReply, problems: Array<{ line: number; field: string; message: string }> | string[] = []) {
  const canManage = req.view.can('powers.manage');
  return pageWith(
    reply,
    problems.length ? 400 : 200,
    adminPage(
      req.view,
      { title: '导入导出权力清单', section: '/admin/powers/import' },
      html`<h1>导入导出权力清单</h1>
${
  problems.length
    ? html`<div class="error-summary" role="alert" tabindex="-1"><h2>文件有 ${problems.length} 处问题，没有导入任何数据</h2><ul>${problems
        .slice(0, 200)
        .map(
          (p) => html`<li>${typeof p === 'string' ? p : `第${p.line}行 ${p.field}：${p.message}`}</li>`,
        )}</ul>${problems.length > 200 ? html`<p>另有 ${problems.length - 200} 处问题未列出。</p>` : ''}</div>`
    : ''
}
<section class="panel" aria-labelledby="exp-h"><h2 id="exp-h">导出</h2>
<p>按导入格式导出${req.ctx.scope('powers.view').kind === 'all' ? '全部' : '您有权查看的部门的'}权力事项，每条处置记录一行；导出的文件可原样再导入。</p>
<p><a class="btn secondary" href="/admin/powers/export.xlsx" download>Excel（XLSX）</a> <a class="btn secondary" href="/admin/powers/export.csv" download>CSV</a> <a class="btn secondary" href="/admin/powers/export.jsonl" download>JSONL</a></p></section>
${
  canManage
    ? html`<section class="panel" aria-labelledby="imp-h"><h2 id="imp-h">导入</h2>
<p>上传 XLSX、CSV 或 JSONL 文件，表头为：权力名称、职权类别、权力编码、实施主体、实施主体性质、设定依据、收费依据及标准、办理流程、办理时限、监督电话、所属部门、处置情况、处置日期、合并至/下放至、下放方式、说明。一项权力有多次调整的，按时间先后写多行（权力编码相同）。逐行检查，有任何问题都不导入，并按行和字段列出问题。</p>
<form method="post" action="/admin/powers/import" enctype="multipart/form-data" aria-label="导入权力清单">
<input type="hidden" name="_csrf" value="${req.view.csrf()}">
<div class="field"><label for="f-file">文件</label><input type="file" id="f-file" name="file" accept=".xlsx,.csv,.jsonl" required></div>
<button type="submit" class="btn">导入</button></form></section>`
    : ''
}`,
    ),
  );
}

export async function importPost(req: FastifyRequest, reply: FastifyReply) {
  const fields: Record<string, string> = {};
  let file: { name: string; bytes: Buffer } | undefined;
  for await (const part of req.parts()) {
    if (part.type === 'file') file = { name: part.filename || 'powers', bytes: await part.toBuffer() };
    else fields[part.fieldname] = String(part.value);
  }
  req.server.checkCsrf(req, fields._csrf);
  req.ctx.registry.policies.authorize(req.ctx.actor, 'powers.manage');
  if (!file?.bytes.length) return importPage(req, reply, ['请选择要导入的文件']);
  const format = formatOfName(file.name);
  if (!format) return importPage(req, reply, [`不支持的文件类型：${file.name}（请使用 .xlsx、.csv 或 .jsonl）`]);
  const { records, problems } = await readPowerFile(file.bytes, format, { fileName: file.name, zip: zipLimitsOf(req.ctx.config) });
  try {
    const r = await execute(req.ctx, importPowersCommand(), {
      source: { name: file.name.slice(0, 255), sha256: createHash('sha256').update(file.bytes).digest('hex'), format },
      records,
      readProblems: problems,
    });
    return reply.done(
      '/admin/powers',
      `已导入 ${r.powers} 项权力、${r.dispositions} 条处置记录${r.unchanged ? `（${r.unchanged} 项已在清单中且内容相同）` : ''}。`,
    );
  } catch (e) {
    if (e instanceof PowerImportError) return importPage(req, reply, e.problems);
    if (e instanceof ValidationError)
      return importPage(
        req,
        reply,
        e.issues.map((i) => `${i.field}：${i.message}`),
      );
    throw e;
  }
}

const TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
} as const;

export async function exportGet(req: FastifyRequest, reply: FastifyReply) {
  const ext = (req.params as { format: string }).format;
  if (!(ext in TYPES)) throw new NotFoundError('没有这种导出格式');
  const format = ext as keyof typeof TYPES;
  const chunks: Buffer[] = [];
  await exportPowers(req.ctx.db, format, (c) => chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c)), { scope: req.ctx.scope('powers.view') });
  const name = `权力清单-${req.ctx.clock.today()}.${format}`;
  return reply
    .header('content-type', TYPES[format])
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
    .header('cache-control', 'no-store')
    .send(Buffer.concat(chunks));
}
