import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoutes, formBody, submitForm } from '../../../platform/web/kit.ts';
import { html } from '../../../platform/web/html.ts';
import { adminPage } from '../../../platform/web/layout.ts';
import { textField, selectField, errorSummary, postForm, breadcrumbs, type FormErrors } from '../../../platform/web/components.ts';
import { execute } from '../../../platform/command.ts';
import { NotFoundError } from '../../../kernel/errors.ts';
import { listOrgs, findOrgById } from '../repo.ts';
import { addOrg } from '../commands/add-org.ts';
import { updateOrg } from '../commands/update-org.ts';
import { moveOrg } from '../commands/move-org.ts';
import { ORG_KINDS, ORG_KIND_LABELS, type Org } from '../types.ts';

const LABELS = {
  name: '机构名称',
  shortName: '简称',
  kind: '机构类型',
  code: '机构代码',
  parentId: '上级机构',
  address: '地址',
  postcode: '邮政编码',
  phone: '电话',
  fax: '传真',
  email: '电子邮箱',
  website: '网址',
  officeHours: '办公时间',
  disclosureOffice: '政务公开工作机构',
  sortOrder: '排序',
} satisfies Record<string, string>;

function detailFields(errors: FormErrors, v: Partial<Record<string, string | number | null>>) {
  return html`
${textField({ name: 'name', label: LABELS.name, value: v.name, required: true, errors })}
${textField({ name: 'shortName', label: LABELS.shortName, value: v.shortName, errors })}
${textField({ name: 'code', label: LABELS.code, hint: '9位组织机构代码或18位统一社会信用代码，按国家标准校验', value: v.code, errors })}
${textField({ name: 'disclosureOffice', label: LABELS.disclosureOffice, hint: '受理政府信息公开申请的机构，写入信息公开指南', value: v.disclosureOffice, errors })}
${textField({ name: 'address', label: LABELS.address, value: v.address, errors })}
${textField({ name: 'postcode', label: LABELS.postcode, value: v.postcode, errors, inputmode: 'numeric' })}
${textField({ name: 'phone', label: LABELS.phone, value: v.phone, errors, type: 'tel' })}
${textField({ name: 'fax', label: LABELS.fax, value: v.fax, errors, type: 'tel' })}
${textField({ name: 'email', label: LABELS.email, value: v.email, errors, type: 'email' })}
${textField({ name: 'website', label: LABELS.website, value: v.website, errors, type: 'url' })}
${textField({ name: 'officeHours', label: LABELS.officeHours, hint: '如：周一至周五 8:30-12:00，14:30-17:30（法定节假日除外）', value: v.officeHours, errors })}
${textField({ name: 'sortOrder', label: LABELS.sortOrder, value: v.sortOrder ?? 0, errors, type: 'number' })}`;
}

async function orgsPage(req: FastifyRequest, reply: FastifyReply, errors: FormErrors = {}, values: Record<string, string> = {}) {
  const orgs = await listOrgs(req.ctx.db);
  const manageable = await listOrgs(req.ctx.db, { scope: req.ctx.scope('orgs.manage') });
  const canAdd = manageable.length > 0;
  const counts = new Map<string, number>();
  for (const o of orgs) counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1);
  return reply.page(
    adminPage(
      req.view,
      { title: '机构管理', section: '/admin/orgs' },
      html`<h1>机构管理</h1>
<p>${[...counts.entries()].map(([k, n]) => html`<span class="badge info">${ORG_KIND_LABELS[k as Org['kind']]} ${n}</span> `)}</p>
<div class="table-wrap"><table>
<caption>机构树（共 ${orgs.length} 个）</caption>
<thead><tr><th scope="col">名称</th><th scope="col">类型</th><th scope="col">机构代码</th><th scope="col">电话</th></tr></thead>
<tbody>${orgs.map((o) => html`<tr><td>${'　'.repeat(o.depth)}<a href="/admin/orgs/${o.id}">${o.name}</a></td><td>${ORG_KIND_LABELS[o.kind]}</td><td class="mono">${o.code ?? ''}</td><td>${o.phone}</td></tr>`)}</tbody>
</table></div>
${
  canAdd
    ? html`<section class="panel" aria-labelledby="add-org"><h2 id="add-org">新增机构</h2>
${errorSummary(errors, LABELS)}
${postForm(
  '/admin/orgs',
  req.view.csrf(),
  html`
${selectField({ name: 'parentId', label: LABELS.parentId, options: manageable.map((o) => ({ value: o.id, label: `${'　'.repeat(o.depth)}${o.name}` })), value: values.parentId, required: true, errors })}
${selectField({ name: 'kind', label: LABELS.kind, options: ORG_KINDS.filter((k) => k !== 'government').map((k) => ({ value: k, label: ORG_KIND_LABELS[k] })), value: values.kind, required: true, errors })}
${detailFields(errors, values)}
<button type="submit">新增机构</button>`,
)}</section>`
    : ''
}`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

async function orgPage(req: FastifyRequest, reply: FastifyReply, errors: FormErrors = {}, values?: Record<string, string>) {
  const org = await findOrgById(req.ctx.db, Number((req.params as { id: string }).id));
  if (!org) throw new NotFoundError('机构不存在');
  const canManage = req.view.can('orgs.manage', org);
  const all = await listOrgs(req.ctx.db);
  const parent = all.find((o) => o.id === org.parentId);
  const children = all.filter((o) => o.parentId === org.id);
  const v = values ?? ({ ...org, code: org.code ?? '' } as unknown as Record<string, string>);
  const csrf = req.view.csrf();
  return reply.page(
    adminPage(
      req.view,
      { title: org.name, section: '/admin/orgs' },
      html`${breadcrumbs([{ label: '机构管理', href: '/admin/orgs' }, { label: org.name }])}
<h1>${org.name}</h1>
<table class="meta"><tbody>
<tr><th scope="row">类型</th><td>${ORG_KIND_LABELS[org.kind]}</td></tr>
<tr><th scope="row">上级机构</th><td>${parent ? html`<a href="/admin/orgs/${parent.id}">${parent.name}</a>` : '（根）'}</td></tr>
<tr><th scope="row">下级机构</th><td>${children.length ? children.map((c) => html`<a href="/admin/orgs/${c.id}">${c.shortName}</a> `) : '无'}</td></tr>
<tr><th scope="row">组织机构代码</th><td class="mono">${org.orgCode ?? ''}</td></tr>
</tbody></table>
${
  canManage
    ? html`${errorSummary(errors, LABELS)}
<section class="panel"><h2>编辑信息</h2>${postForm(`/admin/orgs/${org.id}`, csrf, html`${detailFields(errors, v)}<button type="submit">保存</button>`)}</section>
${
  org.parentId
    ? html`<section class="panel"><h2>调整上级机构</h2>${postForm(
        `/admin/orgs/${org.id}/move`,
        csrf,
        html`
${selectField({ name: 'parentId', label: '新的上级机构', options: all.filter((o) => !o.path.startsWith(org.path)).map((o) => ({ value: o.id, label: `${'　'.repeat(o.depth)}${o.name}` })), value: org.parentId, errors })}
<button type="submit">移动（含全部下级机构）</button>`,
      )}</section>`
    : ''
}`
    : ''
}`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

export const orgsRoutes = () =>
  defineRoutes([
    { method: 'GET', url: '/admin/orgs', action: 'orgs.view', handler: (req, reply) => orgsPage(req, reply) },
    {
      method: 'POST',
      url: '/admin/orgs',
      action: 'orgs.manage',
      async handler(req, reply) {
        const b = formBody(req) as Record<string, string>;
        return submitForm(
          reply,
          () => execute(req.ctx, addOrg, b),
          (errors) => orgsPage(req, reply, errors, b),
          (v) => [`/admin/orgs/${v.id}`, `已新增机构：${b.name}`],
        );
      },
    },
    { method: 'GET', url: '/admin/orgs/:id', action: 'orgs.view', handler: (req, reply) => orgPage(req, reply) },
    {
      method: 'POST',
      url: '/admin/orgs/:id',
      action: 'orgs.manage',
      async handler(req, reply) {
        const id = Number((req.params as { id: string }).id);
        const b = formBody(req) as Record<string, string>;
        return submitForm(
          reply,
          () => execute(req.ctx, updateOrg, { ...b, id }),
          (errors) => orgPage(req, reply, errors, b),
          (v) => [`/admin/orgs/${id}`, v.changed.length ? '已保存。' : '没有需要保存的修改。'],
        );
      },
    },
    {
      method: 'POST',
      url: '/admin/orgs/:id/move',
      action: 'orgs.manage',
      async handler(req, reply) {
        const id = Number((req.params as { id: string }).id);
        return submitForm(
          reply,
          () => execute(req.ctx, moveOrg, { id, parentId: formBody(req).parentId }),
          (errors) => orgPage(req, reply, errors),
          (_) => [`/admin/orgs/${id}`, '已调整上级机构。'],
        );
      },
    },
  ]);
