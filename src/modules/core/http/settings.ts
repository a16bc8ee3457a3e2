import { defineRoutes, formBody, submitForm } from '../../../platform/web/kit.ts';
import { html } from '../../../platform/web/html.ts';
import { adminPage } from '../../../platform/web/layout.ts';
import { errorSummary, postForm, textArea, type FormErrors } from '../../../platform/web/components.ts';
import { execute } from '../../../platform/command.ts';
import { allSettings, updateSetting } from '../../../platform/settings/settings.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';

async function settingsPage(req: FastifyRequest, reply: FastifyReply, errors: FormErrors = {}, draft: Record<string, string> = {}) {
  const all = await allSettings(req.ctx.db, req.ctx.registry.settings.values());
  const canEdit = req.view.can('settings.edit');
  const groups = [...new Set(all.map((s) => s.def.group))];
  return reply.page(
    adminPage(
      req.view,
      { title: '业务设置', section: '/admin/settings' },
      html`<h1>业务设置</h1>
<p>标有“本地口径”的设置，国家规定未作统一要求，默认值取自国务院办公厅的指导意见或通行做法，可按本地实际调整。每次修改都记入审计日志。</p>
${errorSummary(errors)}
${groups.map(
  (g) =>
    html`<section class="panel"><h2>${g}</h2>${all
      .filter((s) => s.def.group === g)
      .map(
        (s) => html`
<h3 id="s-${s.def.key}">${s.def.label} ${s.def.local ? html`<span class="badge warn">本地口径</span>` : ''}</h3>
<p class="hint">${s.def.help}</p>
<p class="muted">当前值${s.stored ? html`（${s.updatedBy} 于 ${String(s.updatedAt).slice(0, 10)} 修改）` : '（默认）'}：<code>${JSON.stringify(s.value)}</code></p>
${
  canEdit
    ? postForm(
        '/admin/settings',
        req.view.csrf(),
        html`<input type="hidden" name="key" value="${s.def.key}">
${textArea({ name: 'value', label: `新值（JSON）`, value: draft[s.def.key] ?? JSON.stringify(s.value, null, 1), rows: 3, errors: errors[s.def.key] ? { value: errors[s.def.key] ?? '' } : {} })}
<button type="submit">保存</button>`,
      )
    : ''
}`,
      )}</section>`,
)}`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

export const settingsRoutes = () =>
  defineRoutes([
    { method: 'GET', url: '/admin/settings', action: 'settings.view', handler: (req, reply) => settingsPage(req, reply) },
    {
      method: 'POST',
      url: '/admin/settings',
      action: 'settings.edit',
      async handler(req, reply) {
        const b = formBody(req) as Record<string, string>;
        // As a computed key, a missing field reads "undefined", as it always did.
        const key = String(b.key);
        let value: unknown;
        try {
          value = JSON.parse(b.value ?? '');
        } catch {
          return settingsPage(req, reply, { [key]: '不是有效的 JSON' }, b.value === undefined ? {} : { [key]: b.value });
        }
        return submitForm(
          reply,
          () => execute(req.ctx, updateSetting, { key: b.key, value }),
          (errors) => settingsPage(req, reply, { [key]: Object.values(errors).join('；') }, b.value === undefined ? {} : { [key]: b.value }),
          (_) => [`/admin/settings#s-${b.key}`, '设置已保存。'],
        );
      },
    },
  ]);
