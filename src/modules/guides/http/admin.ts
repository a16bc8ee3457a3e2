import type { FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError, NotFoundError } from '../../../kernel/errors.ts';
import { execute } from '../../../platform/command.ts';
import type { Block } from '../../../platform/web/blocks.ts';
import { defineRoutes, formBody, formCommand, queryOf, type RouteDef } from '../../../platform/web/kit.ts';
import { html, attrs, url, type SafeHtml } from '../../../platform/web/html.ts';
import { adminPage } from '../../../platform/web/layout.ts';
import { breadcrumbs, errorSummary, hiddenCsrf, notice, selectField, textArea, textField, type FormErrors } from '../../../platform/web/components.ts';
import { listOrgs, type Org } from '../../orgs/index.ts';
import { missingElements } from '../completeness.ts';
import { createItem } from '../commands/create-item.ts';
import { updateItem } from '../commands/update-item.ts';
import { newVersion } from '../commands/new-version.ts';
import { addTag } from '../commands/add-tag.ts';
import { guideHref } from '../ports-impl.ts';
import {
  currentOf,
  currentVersions,
  elementsOf,
  fileMetas,
  findItem,
  findVersion,
  incompleteGuides,
  listItems,
  listTags,
  needsGuide,
  tagIdsOf,
  versionsOf,
  type Item,
  type Version,
} from '../repo.ts';
import { ITEM_LEVEL_LABELS, ITEM_TYPES, ONLINE_DEPTHS, TASK_KINDS, type ItemLevel } from '../types.ts';
import { parallelNames } from './portal.ts';
import { CSS_LINK, fileIdsOf, formatSize, guideTable, missingList, yuan } from './views.ts';

const BASE = '/admin/guides';
type Form = Record<string, string | string[]>;

function page(req: FastifyRequest, title: string, body: SafeHtml, section = BASE) {
  return adminPage(req.view, { title, section, head: CSS_LINK }, body);
}

function arr(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : v === '' ? [] : [v];
}
function one(v: string | string[] | undefined): string {
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

function idParam(req: FastifyRequest): number {
  return Number((req.params as { id: string }).id);
}

async function loadItem(req: FastifyRequest): Promise<Item> {
  const item = await findItem(req.ctx.db, idParam(req));
  if (!item) throw new NotFoundError('事项不存在');
  return item;
}

function canManage(req: FastifyRequest, item?: Item): boolean {
  return req.ctx.can('guides.manage', item ? { orgPath: item.orgPath } : undefined);
}

/** Departments the actor may manage items for (the org subtree of the grant). */
async function manageableOrgs(req: FastifyRequest): Promise<Org[]> {
  const scope = req.ctx.scope('guides.manage');
  const orgs = (await listOrgs(req.ctx.db)).filter((o) => o.kind !== 'village' && o.kind !== 'community');
  if (scope.kind === 'all') return orgs;
  if (scope.kind === 'none') return [];
  return orgs.filter((o) => scope.paths.some((p) => o.path.startsWith(p)));
}

// ——— the items tree ——————————————————————————————————————————————————————————————————————————————

function status(item: Item, items: Item[], current: Map<number, Version>): SafeHtml {
  if (!needsGuide(item, items)) return html``;
  const v = current.get(item.id);
  if (!v) return html`<span class="badge bad">尚无办事指南</span>`;
  const missing = missingElements(elementsOf(item, v));
  return missing.length ? html`<span class="badge warn">缺 ${missing.length} 项要素</span>` : html`<span class="badge ok">要素齐全</span>`;
}

async function treePage(req: FastifyRequest, reply: FastifyReply) {
  const db = req.ctx.db;
  const items = await listItems(db);
  const current = await currentVersions(db, req.ctx.clock.today());
  const children = (id: number | null) => items.filter((i) => i.parentId === id);
  const node = (i: Item): SafeHtml => {
    const kids = children(i.id);
    return html`<li><span class="muted">${ITEM_LEVEL_LABELS[i.level]}</span> <a href="${BASE}/items/${i.id}">${i.name}</a> <span class="muted">${i.code}${i.kind ? ` · ${i.kind}` : ''} · ${i.orgName}</span>
${i.greenChannel ? html` <span class="badge ok">绿色通道</span>` : ''}${i.parallel ? html` <span class="badge info">并联审批</span>` : ''} ${status(i, items, current)}
${kids.length ? html`<ul>${kids.map(node)}</ul>` : ''}</li>`;
  };
  return reply.page(
    page(
      req,
      '政务服务事项',
      html`${breadcrumbs([{ label: '工作台', href: '/admin' }, { label: '政务服务事项' }])}
<h1>政务服务事项与办事指南</h1>
<p>事项分主项、子项、业务办理项三级；办事指南编写在业务办理项（或没有业务办理项的子项）上，每次修改都是一个带生效日期的新版本。</p>
${canManage(req) ? html`<p><a class="btn" href="${BASE}/new">新增主项</a> <a class="btn secondary" href="${BASE}/incomplete">要素不全的指南</a></p>` : ''}
${items.length ? html`<ul class="item-tree">${children(null).map(node)}</ul>` : html`<p>尚未登记事项。</p>`}`,
    ),
  );
}

// ——— incomplete guides ———————————————————————————————————————————————————————————————————————————

async function incompletePage(req: FastifyRequest, reply: FastifyReply) {
  const list = await incompleteGuides(req.ctx.db, req.ctx.clock.today());
  return reply.page(
    page(
      req,
      '要素不全的办事指南',
      html`${breadcrumbs([{ label: '工作台', href: '/admin' }, { label: '政务服务事项', href: BASE }, { label: '要素不全的指南' }])}
<h1>要素不全的办事指南</h1>
<p>全国政府网站检查将办事指南要素缺失列为单项否决情形（国办秘函〔2019〕19号）。以下指南（现行版本）缺少要素，请补全后发布新版本。</p>
${
  list.length
    ? html`<p><strong>共 ${list.length} 个事项</strong></p>${list.map(
        (x) =>
          html`<section class="panel" aria-label="${x.item.name}"><h2><a href="${BASE}/items/${x.item.id}">${x.item.name}</a></h2><p class="muted">${x.item.code}${x.version ? ` · 第 ${x.version.version} 版` : ''} · ${x.item.orgName}</p><p>缺少的要素：</p>${missingList(x.missing)}</section>`,
      )}`
    : notice('ok', '所有办事指南要素齐全。')
}`,
      `${BASE}/incomplete`,
    ),
  );
}

/** The dashboard block guides.incomplete: how many guides lack elements. */
export const incompleteBlock: Block = {
  id: 'guides.incomplete',
  order: 45,
  async render(req) {
    if (!req.view.can('guides.view')) return null;
    const list = await incompleteGuides(req.ctx.db, req.ctx.clock.today());
    return html`<section class="panel" aria-labelledby="dash-guides"><div class="panel-head"><h2 id="dash-guides">办事指南</h2><a href="${BASE}/incomplete">全部</a></div>
<div class="stat-cards"><div class="stat"><span class="value">${list.length}</span><p class="label">要素不全的办事指南</p></div></div></section>`;
  },
};

// ——— add / edit an item ——————————————————————————————————————————————————————————————————————————

interface ItemFormOpts {
  action: string;
  values: Form;
  errors: FormErrors;
  submit: string;
}

const ITEM_LABELS: Record<string, string> = {
  parentId: '上级事项',
  level: '层级',
  code: '事项编码',
  name: '事项名称',
  kind: '办理项类型',
  itemType: '事项类型',
  orgId: '主管部门',
  parallelOrgIds: '并联办理部门',
  tagIds: '主题和人生事件',
  audience: '服务对象',
  sortOrder: '排序',
};

async function itemForm(req: FastifyRequest, o: ItemFormOpts): Promise<SafeHtml> {
  const db = req.ctx.db;
  const [orgs, allOrgs, items, tags] = await Promise.all([manageableOrgs(req), listOrgs(db), listItems(db), listTags(db)]);
  const v = o.values;
  const level = (one(v.level) || 'main') as ItemLevel;
  const parentLevel = level === 'sub' ? 'main' : level === 'task' ? 'sub' : null;
  const checked = new Set(arr(v.tagIds));
  const parallelSel = new Set(arr(v.parallelOrgIds));
  const box = (name: string, label: string, on: boolean) =>
    html`<div class="field"><input type="checkbox" id="f-${name}" name="${name}" value="1"${on ? html` checked` : ''}><label for="f-${name}">${label}</label></div>`;
  return html`${errorSummary(o.errors, ITEM_LABELS)}
<form method="post" action="${o.action}" class="panel" aria-label="事项">${hiddenCsrf(req.view.csrf())}
${selectField({ name: 'level', label: '层级', value: level, options: Object.entries(ITEM_LEVEL_LABELS).map(([value, label]) => ({ value, label })), errors: o.errors, required: true })}
${
  parentLevel
    ? selectField({
        name: 'parentId',
        label: '上级事项',
        value: one(v.parentId),
        placeholder: '请选择',
        options: items.filter((i) => i.level === parentLevel).map((i) => ({ value: i.id, label: `${i.code} ${i.name}` })),
        errors: o.errors,
        required: true,
      })
    : html`<input type="hidden" name="parentId" value="">`
}
${textField({ name: 'code', label: '事项编码', value: one(v.code), errors: o.errors, required: true, maxlength: 60, hint: '如 HJ-XK-0001-01' })}
${textField({ name: 'name', label: '事项名称', value: one(v.name), errors: o.errors, required: true, maxlength: 200 })}
${level === 'task' ? selectField({ name: 'kind', label: '办理项类型', value: one(v.kind), placeholder: '请选择', options: TASK_KINDS.map((k) => ({ value: k, label: k })), errors: o.errors, required: true }) : html`<input type="hidden" name="kind" value="">`}
${selectField({ name: 'itemType', label: '事项类型', value: one(v.itemType), options: ITEM_TYPES.map((k) => ({ value: k, label: k })), errors: o.errors, required: true })}
${selectField({ name: 'orgId', label: '主管部门', value: one(v.orgId), placeholder: '请选择', options: orgs.map((x) => ({ value: x.id, label: x.name })), errors: o.errors, required: true })}
${selectField({
  name: 'audience',
  label: '服务对象',
  value: one(v.audience),
  options: [
    { value: '', label: '未指定' },
    { value: 'individual', label: '个人' },
    { value: 'business', label: '法人' },
    { value: 'both', label: '个人和法人' },
  ],
  errors: o.errors,
})}
${box('greenChannel', '绿色通道（重大项目优先办理）', one(v.greenChannel) === '1')}
${box('parallel', '并联审批（一窗受理、后台办理）', one(v.parallel) === '1')}
<div class="field${o.errors.parallelOrgIds ? ' invalid' : ''}"><label for="f-parallelOrgIds">并联办理部门</label><span class="hint" id="f-parallelOrgIds-hint">选择并联审批时，后台办理的部门（可多选）</span>${o.errors.parallelOrgIds ? html`<span class="error-text" id="f-parallelOrgIds-error">${o.errors.parallelOrgIds}</span>` : ''}
<select id="f-parallelOrgIds" name="parallelOrgIds" multiple size="6" aria-describedby="f-parallelOrgIds-hint${o.errors.parallelOrgIds ? ' f-parallelOrgIds-error' : ''}">${allOrgs
    .filter((x) => x.kind !== 'village' && x.kind !== 'community')
    .map((x) => html`<option${attrs({ value: String(x.id), selected: parallelSel.has(String(x.id)) })}>${x.name}</option>`)}</select></div>
<fieldset class="field"><legend>主题和人生事件</legend>${o.errors.tagIds ? html`<span class="error-text">${o.errors.tagIds}</span>` : ''}<ul class="check-list">${tags.map(
    (t) =>
      html`<li><input type="checkbox" id="f-tag-${t.id}" name="tagIds" value="${t.id}"${checked.has(String(t.id)) ? html` checked` : ''}><label for="f-tag-${t.id}">${t.kind === 'theme' ? '主题' : t.audience === 'business' ? '法人' : '个人'}：${t.name}</label></li>`,
  )}</ul></fieldset>
${textField({ name: 'sortOrder', label: '排序', value: one(v.sortOrder) || '0', errors: o.errors, type: 'number', inputmode: 'numeric' })}
<button type="submit">${o.submit}</button></form>`;
}

function itemInputOf(b: Form) {
  return {
    parentId: one(b.parentId),
    level: one(b.level),
    code: one(b.code),
    name: one(b.name),
    kind: one(b.kind),
    itemType: one(b.itemType),
    orgId: one(b.orgId),
    greenChannel: one(b.greenChannel),
    parallel: one(b.parallel),
    parallelOrgIds: arr(b.parallelOrgIds),
    audience: one(b.audience),
    tagIds: arr(b.tagIds),
    sortOrder: one(b.sortOrder) || '0',
  };
}

async function newItemPage(req: FastifyRequest, reply: FastifyReply, values?: Form, errors: FormErrors = {}) {
  const q = queryOf(req);
  let v: Form = values ?? { level: 'main' };
  const parentId = Number(q.parent);
  if (!values && Number.isSafeInteger(parentId) && parentId > 0) {
    const parent = await findItem(req.ctx.db, parentId);
    if (parent && parent.level !== 'task')
      v = {
        level: parent.level === 'main' ? 'sub' : 'task',
        parentId: String(parent.id),
        orgId: String(parent.orgId),
        itemType: parent.itemType,
        audience: parent.audience,
      };
  }
  return reply.page(
    page(
      req,
      '新增事项',
      html`${breadcrumbs([{ label: '工作台', href: '/admin' }, { label: '政务服务事项', href: BASE }, { label: '新增事项' }])}<h1>新增事项</h1>
${await itemForm(req, { action: `${BASE}/items`, values: v, errors, submit: '保存事项' })}`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

async function itemPage(req: FastifyRequest, reply: FastifyReply, values?: Form, errors: FormErrors = {}) {
  const item = await loadItem(req);
  const db = req.ctx.db;
  const [versions, items, tagIds, parallel] = await Promise.all([versionsOf(db, item.id), listItems(db), tagIdsOf(db, item.id), parallelNames(req, item)]);
  const today = req.ctx.clock.today();
  const current = currentOf(versions, today);
  const files = await fileMetas(db, fileIdsOf(current ? [current] : []));
  const missing = current ? missingElements(elementsOf(item, current)) : [];
  const manage = canManage(req, item);
  const kids = items.filter((i) => i.parentId === item.id);
  const v: Form = values ?? {
    level: item.level,
    parentId: item.parentId === null ? '' : String(item.parentId),
    code: item.code,
    name: item.name,
    kind: item.kind,
    itemType: item.itemType,
    orgId: String(item.orgId),
    greenChannel: item.greenChannel ? '1' : '',
    parallel: item.parallel ? '1' : '',
    parallelOrgIds: item.parallelOrgIds.map(String),
    audience: item.audience,
    tagIds: tagIds.map(String),
    sortOrder: String(item.sortOrder),
  };
  return reply.page(
    page(
      req,
      item.name,
      html`${breadcrumbs([{ label: '工作台', href: '/admin' }, { label: '政务服务事项', href: BASE }, { label: item.name }])}
<h1>${item.name}</h1>
<p class="muted">${ITEM_LEVEL_LABELS[item.level]} · ${item.code}${item.kind ? ` · ${item.kind}` : ''} · ${item.orgName}</p>
${item.greenChannel || item.parallel ? html`<p class="guide-flags">${item.greenChannel ? html`<span class="badge ok">绿色通道</span>` : ''}${item.parallel ? html`<span class="badge info">并联审批</span> 窗口受理、后台办理：${parallel.join('、')}` : ''}</p>` : ''}
${kids.length ? html`<section class="panel" aria-labelledby="it-kids"><h2 id="it-kids">下级事项</h2><ul class="link-list">${kids.map((k) => html`<li><a href="${BASE}/items/${k.id}">${k.name}</a><span class="muted">${k.code}</span></li>`)}</ul></section>` : ''}
${manage && item.level !== 'task' ? html`<p><a class="btn secondary" href="${url(`${BASE}/new`, { parent: item.id })}">新增${item.level === 'main' ? '子项' : '业务办理项'}</a></p>` : ''}
${
  item.level === 'main'
    ? ''
    : html`<section class="panel" aria-labelledby="it-guide"><div class="panel-head"><h2 id="it-guide">办事指南</h2>${manage ? html`<a href="${BASE}/items/${item.id}/guide">编写新版本</a>` : ''}</div>
${
  current
    ? html`${
        missing.length
          ? notice('warn', html`<strong>完整性检查：现行版本缺少 ${missing.length} 项要素</strong>${missingList(missing)}`)
          : notice('ok', '完整性检查：现行版本要素齐全。')
      }
${guideTable(item, current, files, parallel)}
<p><a href="${guideHref(item.code)}">在门户网站查看</a></p>
<h3>全部版本</h3><ul class="link-list">${[...versions]
        .reverse()
        .map(
          (x) =>
            html`<li><a href="${BASE}/items/${item.id}/versions/${x.version}">第 ${x.version} 版</a><span class="muted">自 ${x.effectiveFrom} 起${x.id === current.id ? '（现行）' : x.effectiveFrom > today ? '（待生效）' : ''} · 承诺 ${x.promisedDays} 个工作日${x.note ? ` · ${x.note}` : ''}</span></li>`,
        )}</ul>`
    : html`<p>尚无办事指南。</p>`
}</section>`
}
${manage ? html`<section aria-labelledby="it-edit"><h2 id="it-edit">修改事项</h2>${await itemForm(req, { action: `${BASE}/items/${item.id}`, values: v, errors, submit: '保存修改' })}</section>` : ''}`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

async function versionPage(req: FastifyRequest, reply: FastifyReply) {
  const item = await loadItem(req);
  const n = Number((req.params as { n: string }).n);
  const v = await findVersion(req.ctx.db, item.id, n);
  if (!v) throw new NotFoundError('没有这个版本');
  const [files, parallel] = await Promise.all([fileMetas(req.ctx.db, fileIdsOf([v])), parallelNames(req, item)]);
  const missing = missingElements(elementsOf(item, v));
  return reply.page(
    page(
      req,
      `${item.name} 第${v.version}版`,
      html`${breadcrumbs([{ label: '工作台', href: '/admin' }, { label: '政务服务事项', href: BASE }, { label: item.name, href: `${BASE}/items/${item.id}` }, { label: `第 ${v.version} 版` }])}
<h1>${item.name} · 第 ${v.version} 版</h1>
<p class="muted">自 ${v.effectiveFrom} 起施行 · ${v.createdBy} 于 ${v.createdAt.slice(0, 10)} 发布${v.note ? ` · ${v.note}` : ''}</p>
${missing.length ? notice('warn', html`<strong>缺少 ${missing.length} 项要素</strong>${missingList(missing)}`) : notice('ok', '要素齐全。')}
${guideTable(item, v, files, parallel)}`,
    ),
  );
}

// ——— the guide editor (a new version) ————————————————————————————————————————————————————————————

const EXTRA_MATERIAL_ROWS = 2;
const EXTRA_STEP_ROWS = 2;

const VERSION_LABELS: Record<string, string> = {
  effectiveFrom: '生效日期',
  implementingBody: '实施主体',
  legalBasis: '设定依据',
  conditions: '受理条件',
  procedure: '办理流程',
  legalDays: '法定办结时限',
  promisedDays: '承诺办结时限',
  feeYuan: '收费标准',
  feeBasis: '收费依据',
  place: '办理地点',
  hours: '办理时间',
  visits: '到现场次数',
  onlineDepth: '网上办理深度',
  mustOnline: '应在网上办理',
  consultPhone: '咨询电话',
  complaintPhone: '投诉电话',
  resultDoc: '办理结果',
  note: '修订说明',
  uploads: '上传文件',
};

function labelOf(field: string): string {
  const m = /^materials\.(\d+)\.(\w+)$/.exec(field);
  if (m) return `申请材料第 ${Number(m[1]) + 1} 项`;
  const s = /^specialSteps\.(\d+)\./.exec(field);
  if (s) return `特别程序第 ${Number(s[1]) + 1} 项`;
  return VERSION_LABELS[field] ?? '';
}

function valuesOfVersion(v: Version | undefined, today: string): Form {
  if (!v) return { effectiveFrom: today, legalDays: '', promisedDays: '', visits: '1', onlineDepth: '仅线下', feeBasis: '不收费' };
  const f: Form = {
    effectiveFrom: today > v.effectiveFrom ? today : v.effectiveFrom,
    implementingBody: v.implementingBody,
    legalBasis: v.legalBasis,
    conditions: v.conditions,
    procedure: v.procedure,
    legalDays: String(v.legalDays),
    promisedDays: String(v.promisedDays),
    feeCharged: v.feeCharged ? '1' : '',
    feeYuan: v.feeFen === null ? '' : yuan(v.feeFen),
    feeBasis: v.feeBasis,
    place: v.place,
    hours: v.hours,
    visits: String(v.visits),
    onlineDepth: v.onlineDepth,
    mustOnline: v.mustOnline ? '1' : '',
    consultPhone: v.consultPhone,
    complaintPhone: v.complaintPhone,
    resultDoc: v.resultDoc,
    note: '',
  };
  v.materials.forEach((m, i) => {
    f[`m${i}_name`] = m.name;
    f[`m${i}_source`] = m.source;
    f[`m${i}_copies`] = m.copies;
    f[`m${i}_note`] = m.note;
    f[`m${i}_needsForm`] = m.needsForm ? '1' : '';
    f[`m${i}_formFileId`] = m.formFileId === null ? '' : String(m.formFileId);
    f[`m${i}_sampleFileId`] = m.sampleFileId === null ? '' : String(m.sampleFileId);
  });
  v.specialSteps.forEach((s, i) => {
    f[`s${i}_name`] = s.name;
    f[`s${i}_counts`] = s.counts ? '1' : '0';
  });
  return f;
}

function rowCount(v: Form, prefix: string): number {
  let n = 0;
  for (const k of Object.keys(v)) {
    const m = new RegExp(`^${prefix}(\\d+)_`).exec(k);
    if (m) n = Math.max(n, Number(m[1]) + 1);
  }
  return n;
}

async function editorPage(req: FastifyRequest, reply: FastifyReply, item: Item, values?: Form, errors: FormErrors = {}) {
  if (!canManage(req, item)) throw new ForbiddenError('无权修改这个事项的办事指南');
  if (item.level === 'main') throw new NotFoundError('主项不编写办事指南');
  const versions = await versionsOf(req.ctx.db, item.id);
  const today = req.ctx.clock.today();
  const latest = [...versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1)).at(-1);
  const v = values ?? valuesOfVersion(latest, today);
  const files = await fileMetas(req.ctx.db, fileIdsOf(versions));
  const nMat = rowCount(v, 'm') + EXTRA_MATERIAL_ROWS;
  const nStep = rowCount(v, 's') + EXTRA_STEP_ROWS;
  const e = errors;
  const box = (name: string, label: string) =>
    html`<div class="field"><input type="checkbox" id="f-${name}" name="${name}" value="1"${one(v[name]) === '1' ? html` checked` : ''}><label for="f-${name}">${label}</label></div>`;
  const tf = (name: string, label: string, opts: { hint?: string; type?: 'text' | 'date' | 'number' | 'tel'; required?: boolean } = {}) =>
    textField({
      name,
      label,
      value: one(v[name]),
      errors: e,
      hint: opts.hint,
      type: opts.type,
      required: opts.required,
      inputmode: opts.type === 'number' ? 'numeric' : undefined,
    });
  const ta = (name: string, label: string, hint?: string) => textArea({ name, label, value: one(v[name]), errors: e, hint, rows: 4 });
  const fileNote = (id: string) => {
    const f = id ? files.get(Number(id)) : undefined;
    return f ? html`现有：${f.filename}（${formatSize(f.size)}）` : '尚未上传';
  };
  const matRows: SafeHtml[] = [];
  for (let i = 0; i < nMat; i++) {
    const k = (f: string) => `m${i}_${f}`;
    const errFor = (f: string) => e[`materials.${i}.${f}`];
    const nameErr = errFor('name');
    const fid = one(v[k('formFileId')]);
    const sid = one(v[k('sampleFileId')]);
    matRows.push(html`<fieldset class="material-row"><legend>申请材料 ${i + 1}</legend>
<div class="field${nameErr ? ' invalid' : ''}"><label for="f-materials-${i}-name">材料名称</label>${nameErr ? html`<span class="error-text" id="f-materials-${i}-name-error">${nameErr}</span>` : ''}<input type="text" id="f-materials-${i}-name" name="${k('name')}" value="${one(v[k('name')])}" maxlength="200"${nameErr ? html` aria-invalid="true" aria-describedby="f-materials-${i}-name-error"` : ''}></div>
<div class="field"><label for="f-m${i}-source">来源</label><input type="text" id="f-m${i}-source" name="${k('source')}" value="${one(v[k('source')])}" maxlength="200"></div>
<div class="field"><label for="f-m${i}-copies">份数及要求</label><input type="text" id="f-m${i}-copies" name="${k('copies')}" value="${one(v[k('copies')])}" maxlength="200"></div>
<div class="field"><label for="f-m${i}-note">说明</label><input type="text" id="f-m${i}-note" name="${k('note')}" value="${one(v[k('note')])}" maxlength="1000"></div>
<div class="field"><input type="checkbox" id="f-m${i}-needsForm" name="${k('needsForm')}" value="1"${one(v[k('needsForm')]) === '1' ? html` checked` : ''}><label for="f-m${i}-needsForm">需要填写的表格（应提供空白表格和示例样表）</label></div>
<input type="hidden" name="${k('formFileId')}" value="${fid}"><input type="hidden" name="${k('sampleFileId')}" value="${sid}">
${(['form', 'sample'] as const).map((role) => {
  const err = errFor(role);
  const id = `f-materials-${i}-${role}`;
  return html`<div class="field${err ? ' invalid' : ''}"><label for="${id}">${role === 'form' ? '空白表格' : '示例样表'}</label><span class="hint" id="${id}-hint">${fileNote(role === 'form' ? fid : sid)}；可上传 PDF、Word、Excel 或图片，不超过 10 MB</span>${err ? html`<span class="error-text" id="${id}-error">${err}</span>` : ''}<input type="file" id="${id}" name="${k(role)}" accept=".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg,.gif,.webp" aria-describedby="${id}-hint${err ? ` ${id}-error` : ''}"></div>`;
})}
${one(v[k('name')]) ? html`<div class="field"><input type="checkbox" id="f-m${i}-remove" name="${k('remove')}" value="1"><label for="f-m${i}-remove">新版本不再要求这项材料</label></div>` : ''}
</fieldset>`);
  }
  const stepRows: SafeHtml[] = [];
  for (let i = 0; i < nStep; i++)
    stepRows.push(html`<div class="field"><label for="f-specialSteps-${i}-name">特别程序 ${i + 1}</label>${e[`specialSteps.${i}.name`] ? html`<span class="error-text">${e[`specialSteps.${i}.name`]}</span>` : ''}<input type="text" id="f-specialSteps-${i}-name" name="s${i}_name" value="${one(v[`s${i}_name`])}" maxlength="100"></div>
<div class="field"><label for="f-s${i}-counts">特别程序 ${i + 1} 的时间</label><select id="f-s${i}-counts" name="s${i}_counts"><option value="0"${one(v[`s${i}_counts`]) !== '1' ? html` selected` : ''}>不计入办结时限</option><option value="1"${one(v[`s${i}_counts`]) === '1' ? html` selected` : ''}>计入办结时限</option></select></div>`);
  return reply.page(
    page(
      req,
      `${item.name} - 编写办事指南`,
      html`${breadcrumbs([{ label: '工作台', href: '/admin' }, { label: '政务服务事项', href: BASE }, { label: item.name, href: `${BASE}/items/${item.id}` }, { label: '编写新版本' }])}
<h1>编写办事指南新版本</h1>
<p>${item.name}（${item.code}）· ${item.orgName}。${latest ? `当前最新为第 ${latest.version} 版（自 ${latest.effectiveFrom} 起）；` : ''}保存后生成新的版本，旧版本保留可查。</p>
${errorSummary(e, Object.fromEntries(Object.keys(e).map((f) => [f, labelOf(f)])))}
${Object.keys(e).length ? notice('warn', '如选择了要上传的文件，请重新选择后再提交。') : ''}
<form method="post" action="${BASE}/items/${item.id}/guide" enctype="multipart/form-data" class="panel guide-form" aria-label="办事指南">${hiddenCsrf(req.view.csrf())}
<fieldset><legend>版本</legend>
${tf('effectiveFrom', '生效日期', { type: 'date', required: true, hint: '自这一天起受理的办件按本版本办理' })}
${tf('note', '修订说明')}
</fieldset>
<fieldset><legend>基本要素</legend>
${tf('implementingBody', '实施主体', { hint: '法定机关、授权组织或受委托组织的名称' })}
${ta('legalBasis', '设定依据', '按法律、行政法规、地方性法规、规章的顺序填写')}
${ta('conditions', '受理条件')}
${ta('procedure', '办理流程')}
${ta('resultDoc', '办理结果', '审批结果的名称，如“营业执照”')}
</fieldset>
<fieldset><legend>时限（工作日）</legend>
${tf('legalDays', '法定办结时限（工作日）', { type: 'number', required: true })}
${tf('promisedDays', '承诺办结时限（工作日）', { type: 'number', required: true, hint: '不能超过法定办结时限' })}
${stepRows}
</fieldset>
<fieldset><legend>收费</legend>
${box('feeCharged', '收费')}
${tf('feeYuan', '收费标准（元）', { hint: '收费标准不固定时可不填，在收费依据中说明' })}
${ta('feeBasis', '收费依据')}
</fieldset>
<fieldset><legend>办理方式</legend>
${tf('place', '办理地点')}
${tf('hours', '办理时间')}
${tf('visits', '到现场次数', { type: 'number', required: true })}
${selectField({ name: 'onlineDepth', label: '网上办理深度', value: one(v.onlineDepth), options: ONLINE_DEPTHS.map((d) => ({ value: d, label: d })), errors: e, required: true })}
${box('mustOnline', '应在网上办理（线下办理将触发电子监察提示）')}
${tf('consultPhone', '咨询电话', { type: 'tel' })}
${tf('complaintPhone', '投诉电话', { type: 'tel' })}
</fieldset>
<fieldset><legend>申请材料</legend>${matRows}</fieldset>
<button type="submit">保存为新版本</button></form>`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

interface Multipart {
  fields: Form;
  files: Map<string, { filename: string; content: Buffer }>;
}

async function readMultipart(req: FastifyRequest): Promise<Multipart> {
  const fields: Form = {};
  const files = new Map<string, { filename: string; content: Buffer }>();
  if (req.isMultipart()) {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const content = await part.toBuffer();
        if (part.filename && content.length) files.set(part.fieldname, { filename: part.filename, content });
      } else {
        const value = String(part.value);
        const prev = fields[part.fieldname];
        fields[part.fieldname] = prev === undefined ? value : [...arr(prev), value];
      }
    }
  }
  return { fields, files };
}

/** The editor's form as the command's input; rows renumbered (blank and removed ones dropped). */
function versionInputOf(itemId: number, { fields: b, files }: Multipart): { input: Record<string, unknown>; values: Form } {
  const values: Form = {};
  for (const k of Object.keys(VERSION_LABELS)) if (b[k] !== undefined) values[k] = one(b[k]);
  for (const k of ['feeCharged', 'mustOnline']) if (b[k] !== undefined) values[k] = one(b[k]);
  const materials: Record<string, unknown>[] = [];
  const uploads: Record<string, unknown>[] = [];
  for (let i = 0; i < rowCount(b, 'm'); i++) {
    const g = (f: string) => one(b[`m${i}_${f}`]).trim();
    const form = files.get(`m${i}_form`);
    const sample = files.get(`m${i}_sample`);
    if (g('remove') === '1') continue;
    if (!g('name') && !form && !sample && !g('source') && !g('copies')) continue;
    const n = materials.length;
    materials.push({
      name: g('name'),
      source: g('source'),
      copies: g('copies'),
      note: g('note'),
      needsForm: g('needsForm'),
      formFileId: g('formFileId'),
      sampleFileId: g('sampleFileId'),
    });
    for (const f of ['name', 'source', 'copies', 'note', 'needsForm', 'formFileId', 'sampleFileId']) values[`m${n}_${f}`] = g(f);
    if (form) uploads.push({ material: n, role: 'form', filename: form.filename, content: new Uint8Array(form.content) });
    if (sample) uploads.push({ material: n, role: 'sample', filename: sample.filename, content: new Uint8Array(sample.content) });
  }
  const specialSteps: Record<string, unknown>[] = [];
  for (let i = 0; i < rowCount(b, 's'); i++) {
    const name = one(b[`s${i}_name`]).trim();
    if (!name) continue;
    values[`s${specialSteps.length}_name`] = name;
    values[`s${specialSteps.length}_counts`] = one(b[`s${i}_counts`]);
    specialSteps.push({ name, counts: one(b[`s${i}_counts`]) });
  }
  return { input: { ...values, itemId, materials, uploads, specialSteps }, values };
}

// ——— themes and life events ———————————————————————————————————————————————————————————————————————

async function tagsPage(req: FastifyRequest, reply: FastifyReply, values: Form = {}, errors: FormErrors = {}) {
  const tags = await listTags(req.ctx.db);
  const group = (title: string, list: typeof tags) => html`<h2>${title}</h2><ul class="browse-list">${list.map((t) => html`<li>${t.name}</li>`)}</ul>`;
  return reply.page(
    page(
      req,
      '主题与人生事件',
      html`${breadcrumbs([{ label: '工作台', href: '/admin' }, { label: '政务服务事项', href: BASE }, { label: '主题与人生事件' }])}
<h1>主题与人生事件</h1>
<p>门户网站“办事服务”按主题和人生事件分类浏览；事项在“修改事项”中勾选所属的主题和人生事件。</p>
<section class="panel">${group(
        '主题',
        tags.filter((t) => t.kind === 'theme'),
      )}${group(
        '个人：人生事件',
        tags.filter((t) => t.kind === 'event' && t.audience === 'individual'),
      )}${group(
        '法人：企业生命周期',
        tags.filter((t) => t.kind === 'event' && t.audience === 'business'),
      )}</section>
${
  req.ctx.can('guides.manage')
    ? html`<h2>新增</h2>${errorSummary(errors, { kind: '类别', audience: '服务对象', name: '名称' })}<form method="post" action="${BASE}/tags" class="panel" aria-label="新增主题或人生事件">${hiddenCsrf(req.view.csrf())}
${selectField({
  name: 'kind',
  label: '类别',
  value: one(values.kind) || 'theme',
  options: [
    { value: 'theme', label: '主题' },
    { value: 'event', label: '人生事件' },
  ],
  errors,
})}
${selectField({
  name: 'audience',
  label: '服务对象（人生事件）',
  value: one(values.audience),
  options: [
    { value: '', label: '不适用（主题）' },
    { value: 'individual', label: '个人' },
    { value: 'business', label: '法人' },
  ],
  errors,
})}
${textField({ name: 'name', label: '名称', value: one(values.name), errors, required: true, maxlength: 30 })}
<button type="submit">新增</button></form>`
    : ''
}`,
      `${BASE}/tags`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

export function adminRoutes(): RouteDef[] {
  return defineRoutes([
    { method: 'GET', url: BASE, action: 'guides.view', handler: treePage },
    { method: 'GET', url: `${BASE}/incomplete`, action: 'guides.view', handler: incompletePage },
    { method: 'GET', url: `${BASE}/new`, action: 'guides.manage', handler: (req, reply) => newItemPage(req, reply) },
    {
      method: 'POST',
      url: `${BASE}/items`,
      action: 'guides.manage',
      async handler(req, reply) {
        const b = formBody(req);
        const out = await formCommand(
          () => execute(req.ctx, createItem, itemInputOf(b)),
          (errors) => newItemPage(req, reply, b, errors),
        );
        if (out.ok) return reply.done(`${BASE}/items/${out.value.id}`, '已新增事项');
      },
    },
    { method: 'GET', url: `${BASE}/items/:id`, action: 'guides.view', handler: (req, reply) => itemPage(req, reply) },
    {
      method: 'POST',
      url: `${BASE}/items/:id`,
      action: 'guides.manage',
      async handler(req, reply) {
        const id = idParam(req);
        const b = formBody(req);
        const out = await formCommand(
          () => execute(req.ctx, updateItem, { ...itemInputOf(b), id }),
          (errors) => itemPage(req, reply, b, errors),
        );
        if (out.ok) return reply.done(`${BASE}/items/${id}`, '已保存事项');
      },
    },
    { method: 'GET', url: `${BASE}/items/:id/guide`, action: 'guides.manage', handler: async (req, reply) => editorPage(req, reply, await loadItem(req)) },
    {
      method: 'POST',
      url: `${BASE}/items/:id/guide`,
      action: 'guides.manage',
      multipart: true,
      async handler(req, reply) {
        const mp = await readMultipart(req);
        req.server.checkCsrf(req, one(mp.fields._csrf));
        const item = await loadItem(req);
        const { input, values } = versionInputOf(item.id, mp);
        const out = await formCommand(
          () => execute(req.ctx, newVersion, input),
          (errors) => editorPage(req, reply, item, values, errors),
        );
        if (out.ok) {
          const m = out.value.missing;
          return reply.done(
            `${BASE}/items/${item.id}`,
            m.length
              ? `已发布第 ${out.value.version} 版。注意：该版本缺少 ${m.length} 项要素（${m.map((x) => x.label).join('、')}），门户网站将提示“正在完善”。`
              : `已发布第 ${out.value.version} 版，要素齐全。`,
            m.length ? 'warn' : 'ok',
          );
        }
      },
    },
    { method: 'GET', url: `${BASE}/items/:id/versions/:n`, action: 'guides.view', handler: versionPage },
    { method: 'GET', url: `${BASE}/tags`, action: 'guides.view', handler: (req, reply) => tagsPage(req, reply) },
    {
      method: 'POST',
      url: `${BASE}/tags`,
      action: 'guides.manage',
      async handler(req, reply) {
        const b = formBody(req);
        const out = await formCommand(
          () => execute(req.ctx, addTag, { kind: one(b.kind), audience: one(b.audience), name: one(b.name) }),
          (errors) => tagsPage(req, reply, b, errors),
        );
        if (out.ok) return reply.done(`${BASE}/tags`, `已新增“${one(b.name)}”`);
      },
    },
  ]);
}
