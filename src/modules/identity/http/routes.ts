import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoutes, formBody, queryOf, formCommand, submitForm, SESSION_COOKIE } from '../../../platform/web/kit.ts';
import { safeNext } from '../../../platform/web/redirect.ts';
import { html, type SafeHtml } from '../../../platform/web/html.ts';
import { adminPage } from '../../../platform/web/layout.ts';
import { textField, selectField, errorSummary, postForm, buttonForm, breadcrumbs, type FormErrors } from '../../../platform/web/components.ts';
import { execute } from '../../../platform/command.ts';
import { NotFoundError } from '../../../kernel/errors.ts';
import { ROLES, ROLE_LABELS, type Role } from '../../../platform/authz/roles.ts';
import { listOrgs } from '../../orgs/index.ts';
import { login, logout } from '../commands/login.ts';
import { addUser } from '../commands/add-user.ts';
import { setPassword } from '../commands/set-password.ts';
import { setUserDisabled } from '../commands/set-user-disabled.ts';
import { unlockUser } from '../commands/unlock-user.ts';
import { grantRole, revokeRole } from '../commands/grant-role.ts';
import { listUsers, listLockedUsers, lastLockOf, findUserById } from '../repo.ts';
import type { Block } from '../../../platform/web/blocks.ts';

/** Administrators: the accounts locked right now in their subtree, each with its 解锁 button (a dashboard block of the manifest). */
export const lockedAccountsBlock: Block = {
  id: 'identity.locked',
  order: 5,
  async render(req) {
    if (!req.view.can('users.manage')) return null;
    const scope = req.ctx.scope('users.manage');
    const locked = await listLockedUsers(req.ctx.db, req.ctx.clock.now().toISOString(), {
      orgPaths: scope.kind === 'all' ? 'all' : scope.kind === 'orgs' ? scope.paths : [],
    });
    if (!locked.length) return null;
    const csrf = req.view.csrf();
    return html`<section class="panel" aria-labelledby="dash-locked"><div class="panel-head"><h2 id="dash-locked">被锁定的账户</h2></div>
<p>以下账户因来自多个网络地址的多次登录失败被暂时锁定。请与本人核实；如非本人操作，宜在解锁后重置其密码。</p>
<ul>${locked.map(
      (
        u,
      ) => html`<li><a href="/admin/users/${u.id}">${u.username}</a>（${u.displayName}${u.orgName ? html`，${u.orgName}` : ''}）锁定至 ${u.lockedUntil.slice(0, 16).replace('T', ' ')} UTC
  ${buttonForm(`/admin/users/${u.id}/unlock`, csrf, '解锁', { from: 'dashboard' })}</li>`,
    )}</ul></section>`;
  },
};

/** The owner: their account was locked lately (someone else was guessing their password). */
export const ownLockBlock: Block = {
  id: 'identity.own-lock',
  order: 4,
  async render(req) {
    const me = req.ctx.actor;
    if (me.kind !== 'user' || me.userId === null) return null;
    // Shown for 30 days, or until they change their password (what the notice asks them to do).
    const monthAgo = new Date(req.ctx.clock.now().getTime() - 30 * 86_400_000).toISOString();
    const changed = (await findUserById(req.ctx.db, me.userId))?.password_changed_at ?? '';
    // biome-ignore lint/complexity/useMathMinMax: ISO timestamps compared as strings, Math.max would turn them into NaN
    const last = await lastLockOf(req.ctx.db, me.userId, changed > monthAgo ? changed : monthAgo);
    if (!last) return null;
    return html`<section class="panel notice warn" aria-labelledby="dash-own-lock"><h2 id="dash-own-lock">您的账户曾被锁定</h2>
<p>${last.slice(0, 16).replace('T', ' ')}（UTC），您的账户因来自多个网络地址的多次登录失败被暂时锁定。如非本人操作，说明有人在尝试猜测您的密码：请<a href="/admin/account">修改密码</a>，并告知系统管理员。</p></section>`;
  },
};

function loginPage(req: FastifyRequest, errors: FormErrors = {}, username = '', failed = false, waitSeconds = 0): SafeHtml {
  const next = safeNext(queryOf(req).next) ?? '/admin';
  return adminPage(
    req.view,
    { title: '登录' },
    html`<div class="login-box">
<h1>工作人员登录</h1>
${waitSeconds ? html`<div class="notice error" role="alert"><p>尝试过于频繁，请 ${waitSeconds} 秒后再试。</p></div>` : failed ? html`<div class="notice error" role="alert"><p>用户名或密码不正确，或账户已被暂时锁定。多次输入错误后，需等待片刻才能再试。</p></div>` : ''}
${errorSummary(errors)}
${postForm(
  `/admin/login?next=${encodeURIComponent(next)}`,
  req.view.csrf(),
  html`
${textField({ name: 'username', label: '用户名', value: username, required: true, autocomplete: 'username', errors })}
${textField({ name: 'password', label: '密码', type: 'password', required: true, autocomplete: 'current-password', errors })}
<button type="submit">登录</button>`,
  { label: '登录' },
)}
</div>`,
  );
}

/** The cookie lives as long as the session (relative Max-Age: the server clock may differ from the browser's). */
function cookieOpts(req: FastifyRequest) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: req.protocol === 'https', maxAge: req.ctx.config.sessionHours * 3600 };
}

async function orgOptions(req: FastifyRequest) {
  const orgs = await listOrgs(req.ctx.db, { scope: req.ctx.scope('users.manage') });
  return orgs.map((o) => ({ value: o.id, label: `${'　'.repeat(o.depth)}${o.name}` }));
}

async function usersPage(req: FastifyRequest, reply: FastifyReply, errors: FormErrors = {}, values: Record<string, string> = {}) {
  const scope = req.ctx.scope('users.view');
  const users = await listUsers(req.ctx.db, { orgPaths: scope.kind === 'all' ? 'all' : scope.kind === 'orgs' ? scope.paths : [] });
  const canManage = req.view.can('users.manage');
  const orgs = canManage ? await orgOptions(req) : [];
  return reply.page(
    adminPage(
      req.view,
      { title: '用户与角色', section: '/admin/users' },
      html`<h1>用户与角色</h1>
<div class="table-wrap"><table>
<caption>共 ${users.length} 个账户</caption>
<thead><tr><th scope="col">用户名</th><th scope="col">姓名</th><th scope="col">所在机构</th><th scope="col">角色（授权范围）</th><th scope="col">状态</th><th scope="col">最近登录</th></tr></thead>
<tbody>${users.map(
        (u) => html`<tr><td><a href="/admin/users/${u.id}">${u.username}</a></td><td>${u.displayName}</td><td>${u.orgName ?? ''}</td>
<td>${u.grants.map((g) => html`<span class="badge info">${ROLE_LABELS[g.role]}·${g.orgName}</span> `)}</td>
<td>${u.disabled ? html`<span class="badge bad">已停用</span>` : u.lockedUntil && u.lockedUntil > req.ctx.clock.now().toISOString() ? html`<span class="badge warn">已锁定</span>` : html`<span class="badge ok">正常</span>`}</td>
<td>${u.lastLoginAt ? u.lastLoginAt.slice(0, 16).replace('T', ' ') : '—'}</td></tr>`,
      )}</tbody></table></div>
${
  canManage
    ? html`<section class="panel" aria-labelledby="new-user"><h2 id="new-user">新建账户</h2>
${errorSummary(errors)}
${postForm(
  '/admin/users',
  req.view.csrf(),
  html`
${textField({ name: 'username', label: '用户名', hint: '小写字母开头，可含数字、点、下划线、连字符', value: values.username, required: true, errors, autocomplete: 'off' })}
${textField({ name: 'displayName', label: '姓名', value: values.displayName, required: true, errors })}
${selectField({ name: 'orgId', label: '所在机构', options: orgs, value: values.orgId, required: true, errors, placeholder: '请选择' })}
${textField({ name: 'password', label: '初始密码', type: 'password', hint: '至少10个字符，不能全是数字', required: true, errors, autocomplete: 'new-password' })}
${selectField({ name: 'role', label: '角色', options: ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })), value: values.role, errors, placeholder: '（暂不授权）' })}
<p class="hint">角色授权范围为所在机构及其下级机构；其他范围可在用户详情页追加。</p>
<button type="submit">创建账户</button>`,
  { label: '新建账户' },
)}</section>`
    : ''
}`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

async function userDetail(req: FastifyRequest, reply: FastifyReply, errors: FormErrors = {}) {
  const id = Number((req.params as { id: string }).id);
  const scope = req.ctx.scope('users.view');
  const users = await listUsers(req.ctx.db, { orgPaths: scope.kind === 'all' ? 'all' : scope.kind === 'orgs' ? scope.paths : [] });
  const u = users.find((x) => x.id === id);
  if (!u) throw new NotFoundError('用户不存在或不在您的管理范围内');
  const canManage = req.view.can('users.manage', u.orgPath ? { orgPath: u.orgPath } : undefined);
  const csrf = req.view.csrf();
  const orgs = canManage ? await orgOptions(req) : [];
  const locked = u.lockedUntil !== null && u.lockedUntil > req.ctx.clock.now().toISOString();
  return reply.page(
    adminPage(
      req.view,
      { title: u.username, section: '/admin/users' },
      html`${breadcrumbs([{ label: '用户与角色', href: '/admin/users' }, { label: u.username }])}
<h1>${u.displayName}（${u.username}）</h1>
<table class="meta"><tbody>
<tr><th scope="row">所在机构</th><td>${u.orgName ?? ''}</td></tr>
<tr><th scope="row">状态</th><td>${u.disabled ? '已停用' : locked ? '已锁定' : '正常'}${locked ? html`（锁定至 ${u.lockedUntil!.slice(0, 16).replace('T', ' ')} UTC）` : ''}</td></tr>
<tr><th scope="row">最近登录</th><td>${u.lastLoginAt ?? '—'}</td></tr>
</tbody></table>
<h2>角色授权</h2>
<ul>${u.grants.map(
        (g) => html`<li>${ROLE_LABELS[g.role]} · ${g.orgName} 及下级机构
  ${canManage ? buttonForm(`/admin/users/${u.id}/revoke`, csrf, '撤销', { grantId: g.id }) : ''}</li>`,
      )}</ul>
${
  canManage
    ? html`${errorSummary(errors)}
<section class="panel"><h2>追加授权</h2>${postForm(
        `/admin/users/${u.id}/grant`,
        csrf,
        html`
${selectField({ name: 'role', label: '角色', options: ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })), required: true, errors })}
${selectField({ name: 'orgId', label: '授权范围（含下级机构）', options: orgs, required: true, errors })}
<button type="submit">授权</button>`,
      )}</section>
<section class="panel"><h2>重置密码</h2>${postForm(
        `/admin/users/${u.id}/password`,
        csrf,
        html`
${textField({ name: 'password', label: '新密码', type: 'password', required: true, errors, autocomplete: 'new-password' })}
<button type="submit">重置密码并解除锁定</button>`,
      )}</section>
<div class="actions">${locked ? buttonForm(`/admin/users/${u.id}/unlock`, csrf, '解锁') : ''}${buttonForm(`/admin/users/${u.id}/${u.disabled ? 'enable' : 'disable'}`, csrf, u.disabled ? '启用账户' : '停用账户', {}, u.disabled ? 'btn' : 'btn danger')}</div>`
    : ''
}`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

function accountPage(req: FastifyRequest, errors: FormErrors = {}) {
  return adminPage(
    req.view,
    { title: '修改密码', section: '/admin/account' },
    html`<h1>修改密码</h1>
${errorSummary(errors)}
${postForm(
  '/admin/account',
  req.view.csrf(),
  html`
${textField({ name: 'currentPassword', label: '当前密码', type: 'password', required: true, errors, autocomplete: 'current-password' })}
${textField({ name: 'password', label: '新密码', type: 'password', hint: '至少10个字符，不能全是数字，不能包含用户名', required: true, errors, autocomplete: 'new-password' })}
<button type="submit">修改密码</button>`,
)}`,
  );
}

export const identityRoutes = () =>
  defineRoutes([
    {
      method: 'GET',
      url: '/admin/login',
      action: 'public',
      handler: (req, reply) => (req.view.user ? reply.redirect('/admin', 303) : reply.page(loginPage(req))),
    },
    {
      method: 'POST',
      url: '/admin/login',
      action: 'identity.login',
      rateLimit: 'login',
      async handler(req, reply) {
        const body = formBody(req);
        const r = await execute(req.ctx, login, { username: body.username ?? '', password: body.password ?? '', address: req.ip });
        if (!r.ok && r.retryAfterSeconds) {
          reply.header('retry-after', String(r.retryAfterSeconds));
          return reply.page(loginPage(req, {}, String(body.username ?? ''), true, r.retryAfterSeconds), { status: 429 });
        }
        if (!r.ok) return reply.page(loginPage(req, {}, String(body.username ?? ''), true), { status: 401 });
        reply.setCookie(SESSION_COOKIE, r.token, cookieOpts(req));
        return reply.redirect(safeNext(queryOf(req).next) ?? '/admin', 303);
      },
    },
    {
      method: 'POST',
      url: '/admin/logout',
      action: 'identity.logout',
      async handler(req, reply) {
        await execute(req.ctx, logout, { token: req.cookies[SESSION_COOKIE] ?? '' });
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.redirect('/admin/login', 303);
      },
    },
    { method: 'GET', url: '/admin/account', action: 'identity.change-own-password', handler: (req, reply) => reply.page(accountPage(req)) },
    {
      method: 'POST',
      url: '/admin/account',
      action: 'identity.change-own-password',
      async handler(req, reply) {
        const b = formBody(req);
        const r = await formCommand(
          () => execute(req.ctx, setPassword, { userId: req.ctx.actor.userId, password: b.password, currentPassword: b.currentPassword }),
          (errors) => reply.page(accountPage(req, errors), { status: 400 }),
        );
        if (!r.ok) return;
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.done('/admin/login', '密码已修改，请用新密码重新登录。');
      },
    },
    { method: 'GET', url: '/admin/users', action: 'users.view', handler: (req, reply) => usersPage(req, reply) },
    {
      method: 'POST',
      url: '/admin/users',
      action: 'users.manage',
      async handler(req, reply) {
        const b = formBody(req) as Record<string, string>;
        const grants = b.role ? [{ role: b.role as Role, orgId: b.orgId }] : [];
        return submitForm(
          reply,
          () => execute(req.ctx, addUser, { username: b.username, displayName: b.displayName, orgId: b.orgId, password: b.password, grants }),
          (errors) => usersPage(req, reply, errors, b),
          (v) => [`/admin/users/${v.id}`, `账户 ${b.username} 已创建。`],
        );
      },
    },
    { method: 'GET', url: '/admin/users/:id', action: 'users.view', handler: (req, reply) => userDetail(req, reply) },
    ...(['disable', 'enable'] as const).map((verb) => ({
      method: 'POST' as const,
      url: `/admin/users/:id/${verb}`,
      action: 'users.manage',
      async handler(req: FastifyRequest, reply: FastifyReply) {
        const id = Number((req.params as { id: string }).id);
        await execute(req.ctx, setUserDisabled, { userId: id, disabled: verb === 'disable' });
        return reply.done(`/admin/users/${id}`, verb === 'disable' ? '账户已停用，其登录会话已全部结束。' : '账户已启用。');
      },
    })),
    {
      method: 'POST',
      url: '/admin/users/:id/unlock',
      action: 'users.manage',
      async handler(req, reply) {
        const id = Number((req.params as { id: string }).id);
        await execute(req.ctx, unlockUser, { userId: id });
        return reply.done(formBody(req).from === 'dashboard' ? '/admin' : `/admin/users/${id}`, '账户已解锁。');
      },
    },
    {
      method: 'POST',
      url: '/admin/users/:id/password',
      action: 'users.manage',
      async handler(req, reply) {
        const id = Number((req.params as { id: string }).id);
        return submitForm(
          reply,
          () => execute(req.ctx, setPassword, { userId: id, password: formBody(req).password }),
          (errors) => userDetail(req, reply, errors),
          (_) => [`/admin/users/${id}`, '密码已重置，账户已解除锁定。'],
        );
      },
    },
    {
      method: 'POST',
      url: '/admin/users/:id/grant',
      action: 'users.manage',
      async handler(req, reply) {
        const id = Number((req.params as { id: string }).id);
        const b = formBody(req);
        return submitForm(
          reply,
          () => execute(req.ctx, grantRole, { userId: id, role: b.role, orgId: b.orgId }),
          (errors) => userDetail(req, reply, errors),
          (_) => [`/admin/users/${id}`, '已授权。'],
        );
      },
    },
    {
      method: 'POST',
      url: '/admin/users/:id/revoke',
      action: 'users.manage',
      async handler(req, reply) {
        const id = Number((req.params as { id: string }).id);
        await execute(req.ctx, revokeRole, { grantId: formBody(req).grantId });
        return reply.done(`/admin/users/${id}`, '已撤销授权。');
      },
    },
  ]);
