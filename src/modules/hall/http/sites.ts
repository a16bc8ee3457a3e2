import type { FastifyReply, FastifyRequest } from 'fastify';
import { execute } from '../../../platform/command.ts';
import { NotFoundError } from '../../../kernel/errors.ts';
import { isIsoDate } from '../../../kernel/dates.ts';
import { getSetting } from '../../../platform/settings/settings.ts';
import { formBody, formCommand, queryOf } from '../../../platform/web/kit.ts';
import { HALL_HEAD } from './style.ts';
import { html, url } from '../../../platform/web/html.ts';
import { adminPage } from '../../../platform/web/layout.ts';
import { breadcrumbs, errorSummary, notice, postForm, selectField, textArea, textField, type FormErrors } from '../../../platform/web/components.ts';
import { findOrgById, listOrgs, ORG_KIND_LABELS } from '../../orgs/index.ts';
import { addSite } from '../commands/add-site.ts';
import { updateSite } from '../commands/update-site.ts';
import { findSite, figuresOf, listSites, openOn, SITE_ORG_KINDS, type Site } from '../repo.ts';
import { formatPercent, rateModeSetting } from '../settings.ts';
import { SITE_KINDS, SITE_KIND_LABELS, type SiteKind } from '../types.ts';
import { groupsOf, scopeRoots, treeUnder } from './network.ts';
import { idOf, itemList, itemNames, str, type FormValues } from './shared.ts';

/** The back office's pages for the service network's sites and its coverage (services.md §2). */

const LABELS: Record<string, string> = {
  orgId: '所在机构',
  kind: '网点类型',
  name: '网点名称',
  address: '地址',
  hours: '办公时间',
  phone: '办公电话',
  areaM2: '面积（平方米）',
  staffCount: '工作人员数',
  note: '说明',
  itemCodes: '可办事项编码',
  establishedOn: '设立日期',
  closedOn: '停止运行日期',
};

/** The kind a new site on this org would be. */
function kindFor(orgKind: string): SiteKind | undefined {
  return SITE_KINDS.find((k) => (SITE_ORG_KINDS[k] as readonly string[]).includes(orgKind));
}

async function visibleSite(req: FastifyRequest): Promise<Site> {
  const s = await findSite(req.ctx.db, idOf(req));
  if (!s || !req.ctx.registry.policies.can(req.ctx.actor, 'hall.view', { orgPath: s.orgPath })) throw new NotFoundError('网点不存在');
  return s;
}

function status(s: { establishedOn: string; closedOn: string | null } | null | undefined, today: string) {
  if (!s) return html`<span class="badge warn">未建</span>`;
  if (openOn(s, today)) return html`<span class="badge ok">运行中</span>`;
  return s.establishedOn > today ? html`<span class="badge info">${s.establishedOn} 起</span>` : html`<span class="badge bad">${s.closedOn} 停止</span>`;
}

export async function sitesPage(req: FastifyRequest, reply: FastifyReply) {
  const db = req.ctx.db;
  const today = req.ctx.clock.today();
  const roots = await scopeRoots(req, 'hall.view');
  const [tree, sites] = await Promise.all([treeUnder(req, roots), listSites(db, { scope: req.ctx.scope('hall.view') })]);
  const siteOf = new Map(sites.map((s) => [s.orgId, s]));
  const { groups, loose } = groupsOf(tree, today);
  const halls = sites.filter((s) => s.kind === 'hall');
  const branches = tree.filter((o) => o.kind === 'service_centre');
  const can = (path: string) => req.view.can('hall.manage', { orgPath: path });
  const link = (orgId: number, path: string, label: string) => {
    const s = siteOf.get(orgId);
    if (s) return html`<a href="/admin/hall/sites/${s.id}">${s.name}</a>`;
    return can(path) ? html`<a href="/admin/hall/sites/new?org=${orgId}">登记${label}</a>` : html`<span class="muted">—</span>`;
  };
  return reply.page(
    adminPage(
      req.view,
      { title: '服务网点', section: '/admin/hall/sites', head: HALL_HEAD },
      html`<h1>服务网点</h1>
<p><a href="/admin/hall/coverage">查看覆盖率</a>${req.view.can('hall.manage') ? html`　<a href="/admin/hall/sites/new">登记网点</a>` : ''}</p>
<section class="panel" aria-labelledby="centres"><h2 id="centres">政务服务中心和分中心</h2>
<div class="table-wrap"><table><caption>政务服务中心和分中心</caption>
<thead><tr><th scope="col">机构</th><th scope="col">网点</th><th scope="col">状态</th><th scope="col">办公电话</th></tr></thead>
<tbody>${halls.map((h) => html`<tr><td>${h.orgName}</td><td><a href="/admin/hall/sites/${h.id}">${h.name}</a>（${SITE_KIND_LABELS.hall}）</td><td>${status(h, today)}</td><td>${h.phone}</td></tr>`)}
${branches.map((b) => html`<tr><td>${b.name}</td><td>${link(b.id, b.path, '分中心信息')}</td><td>${status(siteOf.get(b.id), today)}</td><td>${siteOf.get(b.id)?.phone ?? ''}</td></tr>`)}</tbody></table></div></section>
${groups.map(
  (g) => html`<section class="panel" aria-labelledby="g-${g.org.id}"><h2 id="g-${g.org.id}">${g.org.name}</h2>
<p>便民服务中心：${link(g.org.id, g.org.path, '便民服务中心')} ${status(siteOf.get(g.org.id), today)}</p>
<div class="table-wrap"><table><caption>${g.org.shortName || g.org.name}的村、社区便民服务站（${g.members.filter((m) => m.station).length}/${g.members.length}）</caption>
<thead><tr><th scope="col">村、社区</th><th scope="col">便民服务站</th><th scope="col">状态</th></tr></thead>
<tbody>${g.members.map((m) => html`<tr><td>${m.org.shortName || m.org.name}</td><td>${link(m.org.id, m.org.path, '便民服务站')}</td><td>${status(siteOf.get(m.org.id), today)}</td></tr>`)}</tbody></table></div></section>`,
)}
${loose.length ? html`<section class="panel"><h2>其他村、社区</h2><ul>${loose.map((m) => html`<li>${m.org.name}：${link(m.org.id, m.org.path, '便民服务站')}</li>`)}</ul></section>` : ''}`,
    ),
  );
}

async function siteForm(req: FastifyRequest, o: { action: string; values: FormValues; errors: FormErrors; isNew: boolean; submit: string }) {
  const v = o.values;
  const orgs = o.isNew ? (await listOrgs(req.ctx.db, { scope: req.ctx.scope('hall.manage') })).filter((x) => kindFor(x.kind)) : [];
  return html`${errorSummary(o.errors, LABELS)}
${postForm(
  o.action,
  req.view.csrf(),
  html`
${o.isNew ? selectField({ name: 'orgId', label: LABELS.orgId!, options: orgs.map((x) => ({ value: x.id, label: `${'　'.repeat(Math.max(0, x.depth - 1))}${x.name}（${ORG_KIND_LABELS[x.kind]}）` })), value: str(v.orgId), placeholder: '请选择', required: true, errors: o.errors }) : ''}
${o.isNew ? selectField({ name: 'kind', label: LABELS.kind!, options: SITE_KINDS.map((k) => ({ value: k, label: SITE_KIND_LABELS[k] })), value: str(v.kind), placeholder: '请选择', required: true, hint: '便民服务中心设在乡、镇、街道，便民服务站设在村、社区，分中心登记在政务服务分中心机构上', errors: o.errors }) : ''}
${textField({ name: 'name', label: LABELS.name!, value: str(v.name), required: true, errors: o.errors })}
${textField({ name: 'address', label: LABELS.address!, value: str(v.address), errors: o.errors })}
${textField({ name: 'hours', label: LABELS.hours!, value: str(v.hours), hint: '如：周一至周五 8:30-12:00，14:30-17:30（法定节假日除外）', errors: o.errors })}
${textField({ name: 'phone', label: LABELS.phone!, type: 'tel', value: str(v.phone), hint: '固定电话，会在门户网站公开；不要填写个人手机号码', errors: o.errors })}
${textField({ name: 'areaM2', label: LABELS.areaM2!, inputmode: 'numeric', value: str(v.areaM2), errors: o.errors })}
${textField({ name: 'staffCount', label: LABELS.staffCount!, inputmode: 'numeric', value: str(v.staffCount), errors: o.errors })}
${textArea({ name: 'note', label: LABELS.note!, value: str(v.note), rows: 3, hint: '如：一楼设4个服务大厅，乡级站所全部进驻', errors: o.errors })}
${textArea({ name: 'itemCodes', label: LABELS.itemCodes!, value: str(v.itemCodes), rows: 4, hint: '在此可办理的事项编码，每行一个', errors: o.errors })}
${textField({ name: 'establishedOn', label: LABELS.establishedOn!, type: 'date', value: str(v.establishedOn), required: true, errors: o.errors })}
${textField({ name: 'closedOn', label: LABELS.closedOn!, type: 'date', value: str(v.closedOn), hint: '网点撤销或停止运行的日期；从这一天起不再计入覆盖率', errors: o.errors })}
<button type="submit">${o.submit}</button>`,
)}`;
}

export async function newSitePage(req: FastifyRequest, reply: FastifyReply, values: FormValues = {}, errors: FormErrors = {}) {
  const q = queryOf(req);
  const preset = q.org && /^\d{1,12}$/.test(q.org) ? await findOrgById(req.ctx.db, Number(q.org)) : undefined;
  const v: FormValues = preset ? { orgId: String(preset.id), kind: kindFor(preset.kind), ...values } : values;
  return reply.page(
    adminPage(
      req.view,
      { title: '登记网点', section: '/admin/hall/sites', head: HALL_HEAD },
      html`${breadcrumbs([{ label: '服务网点', href: '/admin/hall/sites' }, { label: '登记网点' }])}<h1>登记网点${preset ? html`：${preset.name}` : ''}</h1>
${await siteForm(req, { action: '/admin/hall/sites', values: v, errors, isNew: true, submit: '登记网点' })}`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

export async function createSite(req: FastifyRequest, reply: FastifyReply) {
  const b = formBody(req);
  const out = await formCommand(
    () => execute(req.ctx, addSite, b),
    (errors) => newSitePage(req, reply, b, errors),
  );
  if (out.ok) return reply.done(`/admin/hall/sites/${out.value.id}`, '已登记网点');
}

export async function sitePage(req: FastifyRequest, reply: FastifyReply, values?: FormValues, errors: FormErrors = {}) {
  const s = await visibleSite(req);
  const names = await itemNames(req, s.itemCodes);
  const canManage = req.view.can('hall.manage', { orgPath: s.orgPath });
  const v: FormValues = values ?? {
    name: s.name,
    address: s.address,
    hours: s.hours,
    phone: s.phone,
    areaM2: s.areaM2 === null ? '' : String(s.areaM2),
    staffCount: s.staffCount === null ? '' : String(s.staffCount),
    note: s.note,
    itemCodes: s.itemCodes.join('\n'),
    establishedOn: s.establishedOn,
    closedOn: s.closedOn ?? '',
  };
  return reply.page(
    adminPage(
      req.view,
      { title: s.name, section: '/admin/hall/sites', head: HALL_HEAD },
      html`${breadcrumbs([{ label: '服务网点', href: '/admin/hall/sites' }, { label: s.name }])}<h1>${s.name}</h1>
<div class="table-wrap"><table class="meta"><tbody>
<tr><th scope="row">类型</th><td>${SITE_KIND_LABELS[s.kind]}</td></tr>
<tr><th scope="row">所在机构</th><td>${s.orgName}</td></tr>
<tr><th scope="row">地址</th><td>${s.address}</td></tr>
<tr><th scope="row">办公时间</th><td>${s.hours}</td></tr>
<tr><th scope="row">办公电话</th><td>${s.phone}</td></tr>
<tr><th scope="row">面积</th><td>${s.areaM2 === null ? '—' : `${s.areaM2} 平方米`}</td></tr>
<tr><th scope="row">工作人员</th><td>${s.staffCount === null ? '—' : `${s.staffCount} 人`}</td></tr>
${s.note ? html`<tr><th scope="row">说明</th><td>${s.note}</td></tr>` : ''}
<tr><th scope="row">可办事项</th><td>${itemList(s.itemCodes, names)}</td></tr>
<tr><th scope="row">设立日期</th><td>${s.establishedOn}</td></tr>
<tr><th scope="row">停止运行</th><td>${s.closedOn ?? '—'}</td></tr>
</tbody></table></div>
${canManage ? html`<section class="panel" aria-labelledby="edit"><h2 id="edit">修改网点</h2>${await siteForm(req, { action: `/admin/hall/sites/${s.id}`, values: v, errors, isNew: false, submit: '保存修改' })}</section>` : ''}`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

export async function saveSite(req: FastifyRequest, reply: FastifyReply) {
  const s = await visibleSite(req);
  const b = formBody(req);
  const out = await formCommand(
    () => execute(req.ctx, updateSite, { ...b, id: s.id }),
    (errors) => sitePage(req, reply, b, errors),
  );
  if (out.ok) return reply.done(`/admin/hall/sites/${s.id}`, '已保存网点');
}

/** 覆盖率: per level, on a date, with the villages and communities still without a station. */
export async function coveragePage(req: FastifyRequest, reply: FastifyReply) {
  const q = queryOf(req);
  const db = req.ctx.db;
  const roots = await scopeRoots(req, 'hall.view');
  const date = q.date && isIsoDate(q.date) ? q.date : req.ctx.clock.today();
  const asked = q.org && /^\d{1,12}$/.test(q.org) ? await findOrgById(db, Number(q.org)) : undefined;
  if (q.org && (!asked || !req.ctx.registry.policies.can(req.ctx.actor, 'hall.view', { orgPath: asked.path })))
    throw new NotFoundError('没有这个机构，或不在您的管理范围内');
  const org = asked ?? roots[0];
  if (!org) throw new NotFoundError('您的管理范围内没有机构');
  const tree = await treeUnder(req, [org]);
  const f = figuresOf(tree, date);
  const mode = await getSetting(db, rateModeSetting);
  const { groups, loose } = groupsOf(tree, date);
  const choices = (await listOrgs(db, { scope: req.ctx.scope('hall.view') })).filter((o) => ['government', 'township', 'town', 'street'].includes(o.kind));
  const without = [...groups.flatMap((g) => g.members), ...loose].filter((m) => !m.station);
  return reply.page(
    adminPage(
      req.view,
      { title: '服务网点覆盖率', section: '/admin/hall/coverage', head: HALL_HEAD },
      html`<h1>服务网点覆盖率</h1>
<form method="get" action="/admin/hall/coverage" class="filters" aria-label="选择范围和日期">
${selectField({ name: 'org', label: '范围', options: choices.map((o) => ({ value: o.id, label: o.name })), value: String(org.id) })}
${textField({ name: 'date', label: '截至日期', type: 'date', value: date })}
<button type="submit" class="btn secondary">查看</button></form>
<p class="muted">按机构树计算：乡、镇、街道以其便民服务中心、村和社区以其便民服务站在截至日期是否运行计数（设立日期不晚于该日、未停止运行）。百分比${mode === 'round' ? '四舍五入' : '截尾取整'}（可在业务设置中修改）。</p>
<div class="stat-cards">
<div class="stat"><span class="value">${f.branchCentres}</span><span class="label">政务服务分中心</span></div>
<div class="stat"><span class="value">${f.centres.with}/${f.centres.of}</span><span class="label">乡镇街道便民服务中心（${formatPercent(f.centres.with, f.centres.of, mode)}）</span></div>
<div class="stat"><span class="value">${f.stations.with}/${f.stations.of}</span><span class="label">村社区便民服务站（${formatPercent(f.stations.with, f.stations.of, mode)}）</span></div>
</div>
<section class="panel" aria-labelledby="lv1"><h2 id="lv1">乡镇、街道</h2>
<div class="table-wrap"><table><caption>截至 ${date} 各乡镇、街道的便民服务中心和所属村、社区的便民服务站</caption>
<thead><tr><th scope="col">乡镇、街道</th><th scope="col">便民服务中心</th><th scope="col">建站村、社区</th><th scope="col">建站率</th></tr></thead>
<tbody>${groups.map((g) => {
        const w = g.members.filter((m) => m.station).length;
        return html`<tr><td>${g.org.name}</td><td>${g.centre ? '已建' : html`<strong>未建</strong>`}</td><td>${w}/${g.members.length}</td><td>${formatPercent(w, g.members.length, mode)}</td></tr>`;
      })}</tbody></table></div></section>
<section class="panel" aria-labelledby="lv2"><h2 id="lv2">尚未建立便民服务站的村、社区（${without.length} 个）</h2>
${without.length ? html`<ul>${without.map((m) => html`<li>${m.org.name}${m.org.site ? html`　<a href="/admin/hall/sites/${m.org.site.id}">查看网点（${m.org.site.closedOn && m.org.site.closedOn <= date ? `${m.org.site.closedOn} 停止运行` : `${m.org.site.establishedOn} 设立`}）</a>` : req.view.can('hall.manage', { orgPath: m.org.path }) ? html`　<a href="${url('/admin/hall/sites/new', { org: m.org.id })}">登记便民服务站</a>` : ''}</li>`)}</ul>` : notice('ok', '全部村、社区都已建立便民服务站。')}
</section>`,
    ),
  );
}
