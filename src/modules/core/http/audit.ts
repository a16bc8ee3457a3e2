import { defineRoutes, queryOf } from '../../../platform/web/kit.ts';
import { html, url } from '../../../platform/web/html.ts';
import { adminPage } from '../../../platform/web/layout.ts';
import { pagination, pageNumber, pageHref } from '../../../platform/web/components.ts';
import { orgIdInScope, listOrgs } from '../../orgs/index.ts';
import { isIsoDate, timeInZone } from '../../../kernel/dates.ts';
import { actorLabel } from '../../../platform/context.ts';
import { sql } from 'kysely';

/** Supervisors and auditors read the trail of their subtree; administrators of theirs. */

const PAGE = 50;

export const auditRoutes = () =>
  defineRoutes([
    {
      method: 'GET',
      url: '/admin/audit',
      action: 'audit.view',
      async handler(req, reply) {
        const q = queryOf(req);
        const page = pageNumber(q.page);
        const scope = req.ctx.scope('audit.view');
        let base = req.ctx.db.selectFrom('audit_log').leftJoin('orgs', 'orgs.id', 'audit_log.org_id');
        // Entries with no org (logins, settings) are visible only to those who see everything.
        base = base.where((eb) => (scope.kind === 'all' ? sql<boolean>`1 = 1` : orgIdInScope(eb, 'audit_log.org_id', scope)));
        if (q.action) base = base.where('audit_log.action', 'like', `${q.action.replace(/[%_]/g, '')}%`);
        if (q.actor) base = base.where('audit_log.actor_name', '=', q.actor);
        if (q.subject) base = base.where('audit_log.subject_id', '=', q.subject);
        if (q.org && /^\d+$/.test(q.org)) base = base.where('audit_log.org_id', '=', Number(q.org));
        if (q.from && isIsoDate(q.from)) base = base.where('audit_log.at', '>=', `${q.from}T00:00:00`);
        if (q.to && isIsoDate(q.to)) base = base.where('audit_log.at', '<=', `${q.to}T23:59:59.999Z`);
        const { n } = await base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
        const rows = await base
          .select([
            'audit_log.seq',
            'audit_log.at',
            'audit_log.actor_name',
            'audit_log.action',
            'audit_log.subject_type',
            'audit_log.subject_id',
            'audit_log.summary',
            'audit_log.request_id',
            'orgs.name as org_name',
          ])
          .orderBy('audit_log.seq', 'desc')
          .limit(PAGE)
          .offset((page - 1) * PAGE)
          .execute();
        const orgs = await listOrgs(req.ctx.db, { scope });
        const actions = await req.ctx.db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
        return reply.page(
          adminPage(
            req.view,
            { title: '审计日志', section: '/admin/audit' },
            html`<h1>审计日志</h1>
<p>每一项状态变更都在同一事务中记入审计日志；日志只增不改，逐条哈希链接，任何改动都能被校验发现。时间为北京时间。</p>
<form method="get" action="/admin/audit" class="filters panel" aria-label="筛选">
<div class="field"><label for="f-action">操作</label><select id="f-action" name="action"><option value="">全部</option>${actions.map((a) => html`<option${q.action === a.action ? html` selected` : ''}>${a.action}</option>`)}</select></div>
<div class="field"><label for="f-actor">操作人</label><input type="text" id="f-actor" name="actor" value="${q.actor ?? ''}"></div>
<div class="field"><label for="f-org">机构</label><select id="f-org" name="org"><option value="">全部</option>${orgs.map((o) => html`<option value="${o.id}"${q.org === String(o.id) ? html` selected` : ''}>${'　'.repeat(o.depth)}${o.shortName}</option>`)}</select></div>
<div class="field"><label for="f-subject">对象编号</label><input type="text" id="f-subject" name="subject" value="${q.subject ?? ''}"></div>
<div class="field"><label for="f-from">自</label><input type="date" id="f-from" name="from" value="${q.from ?? ''}"></div>
<div class="field"><label for="f-to">至</label><input type="date" id="f-to" name="to" value="${q.to ?? ''}"></div>
<div class="field"><button type="submit">筛选</button> <a href="/admin/audit">清除</a></div>
</form>
<div class="table-wrap"><table><caption>共 ${Number(n)} 条</caption>
<thead><tr><th scope="col">序号</th><th scope="col">时间</th><th scope="col">操作人</th><th scope="col">机构</th><th scope="col">操作</th><th scope="col">对象</th><th scope="col">摘要</th></tr></thead>
<tbody>${rows.map(
              (
                r,
              ) => html`<tr><td class="num">${r.seq}</td><td>${timeInZone(r.at, req.ctx.config.timeZone, true)}</td><td>${actorLabel(r.actor_name)}</td><td>${r.org_name ?? ''}</td>
<td><a href="${url('/admin/audit', { action: r.action })}">${r.action}</a></td><td>${r.subject_type} ${r.subject_id ? html`<a href="${url('/admin/audit', { subject: r.subject_id })}">${r.subject_id}</a>` : ''}</td>
<td class="mono">${r.summary.length > 300 ? `${r.summary.slice(0, 300)}…` : r.summary}</td></tr>`,
            )}</tbody></table></div>
${pagination({ page, pageSize: PAGE, total: Number(n), href: pageHref('/admin/audit', { action: q.action, actor: q.actor, org: q.org, subject: q.subject, from: q.from, to: q.to }) })}`,
          ),
        );
      },
    },
  ]);
