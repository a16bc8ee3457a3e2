import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { defineRoutes, queryOf } from '../../../platform/web/kit.ts';
import { html, url } from '../../../platform/web/html.ts';
import { adminPage } from '../../../platform/web/layout.ts';
import { pagination, pageNumber, pageHref } from '../../../platform/web/components.ts';
import { orgIdInScope, listOrgs } from '../../orgs/index.ts';
import { isIsoDate, timeInZone } from '../../../kernel/dates.ts';
import { actorLabel } from '../../../platform/context.ts';
import { actionLabel, describeSummary } from '../../../platform/audit/vocabulary.ts';
import { renderXlsx } from '../../../platform/render/sheet.ts';

/**
 * The audit trail as an auditor reads it (issue 15, item 8): Chinese action names, who by name
 * (a staff login by the account that logged in), objects by their title or number, the summary
 * as field changes, Beijing time; filters by person, org, action and date; the same selection as
 * XLSX. Supervisors and auditors read the trail of their subtree; administrators of theirs.
 */

const PAGE = 50;
const EXPORT_MAX = 50_000;

type Filters = { action?: string; actor?: string; org?: string; subject?: string; from?: string; to?: string };

function filtersOf(req: FastifyRequest): Filters {
  const q = queryOf(req);
  return { action: q.action, actor: q.actor, org: q.org, subject: q.subject, from: q.from, to: q.to };
}

function selection(req: FastifyRequest, f: Filters) {
  const scope = req.ctx.scope('audit.view');
  let base = req.ctx.db.selectFrom('audit_log').leftJoin('orgs', 'orgs.id', 'audit_log.org_id');
  // Entries with no org (logins, settings) are visible only to those who see everything.
  base = base.where((eb) => (scope.kind === 'all' ? sql<boolean>`1 = 1` : orgIdInScope(eb, 'audit_log.org_id', scope)));
  if (f.action) base = base.where('audit_log.action', 'like', `${f.action.replace(/[%_]/g, '')}%`);
  if (f.actor) base = base.where('audit_log.actor_name', '=', f.actor);
  if (f.subject) base = base.where('audit_log.subject_id', '=', f.subject);
  if (f.org && /^\d+$/.test(f.org)) base = base.where('audit_log.org_id', '=', Number(f.org));
  if (f.from && isIsoDate(f.from)) base = base.where('audit_log.at', '>=', `${f.from}T00:00:00`);
  if (f.to && isIsoDate(f.to)) base = base.where('audit_log.at', '<=', `${f.to}T23:59:59.999Z`);
  return base;
}

interface ReadRow {
  seq: number;
  at: string;
  actor: string;
  org: string;
  action: string;
  actionKey: string;
  subject: string;
  subjectHref: string | undefined;
  changes: string[];
}

async function readRows(req: FastifyRequest, f: Filters, limit: number, offset: number): Promise<ReadRow[]> {
  const rows = await selection(req, f)
    .select([
      'audit_log.seq',
      'audit_log.at',
      'audit_log.actor_name',
      'audit_log.action',
      'audit_log.subject_type',
      'audit_log.subject_id',
      'audit_log.summary',
      'orgs.name as org_name',
    ])
    .orderBy('audit_log.seq', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  const vocab = req.ctx.registry.audit;
  // One query per subject type for the page's titles.
  const titles = new Map<string, Map<string, string>>();
  const byType = new Map<string, Set<string>>();
  for (const r of rows) if (r.subject_id) (byType.get(r.subject_type) ?? byType.set(r.subject_type, new Set()).get(r.subject_type)!).add(r.subject_id);
  for (const [type, ids] of byType) {
    const d = vocab.subjects.get(type);
    if (type === 'setting') titles.set(type, new Map([...ids].map((id) => [id, req.ctx.registry.settings.get(id)?.label ?? id])));
    else if (d?.titles) titles.set(type, await d.titles(req.ctx.db, [...ids]));
  }
  const tz = req.ctx.config.timeZone;
  return rows.map((r) => {
    const d = vocab.subjects.get(r.subject_type);
    const title = r.subject_id ? titles.get(r.subject_type)?.get(r.subject_id) : undefined;
    const subject = `${d?.label ?? r.subject_type}${r.subject_id ? ` ${title ?? r.subject_id}` : ''}`;
    // A staff login is made before anyone is signed in: the account that logged in is who acted.
    const actor = r.actor_name === 'public' && r.action === 'identity.login' && title ? title : actorLabel(r.actor_name);
    return {
      seq: r.seq,
      at: timeInZone(r.at, tz, true),
      actor,
      org: r.org_name ?? '',
      action: actionLabel(vocab, r.action),
      actionKey: r.action,
      subject,
      subjectHref: r.subject_id ? d?.href?.(r.subject_id) : undefined,
      changes: describeSummary(vocab, r.summary),
    };
  });
}

export const auditRoutes = () =>
  defineRoutes([
    {
      method: 'GET',
      url: '/admin/audit',
      action: 'audit.view',
      async handler(req, reply) {
        const q = queryOf(req);
        const f = filtersOf(req);
        const page = pageNumber(q.page);
        const { n } = await selection(req, f).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
        const rows = await readRows(req, f, PAGE, (page - 1) * PAGE);
        const orgs = await listOrgs(req.ctx.db, { scope: req.ctx.scope('audit.view') });
        const [actions, actors] = await Promise.all([
          req.ctx.db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute(),
          req.ctx.db.selectFrom('audit_log').select('actor_name').distinct().orderBy('actor_name').execute(),
        ]);
        const vocab = req.ctx.registry.audit;
        return reply.page(
          adminPage(
            req.view,
            { title: '审计日志', section: '/admin/audit' },
            html`<h1>审计日志</h1>
<p>每一项状态变更都在同一事务中记入审计日志；日志只增不改，逐条哈希链接，任何改动都能被校验发现。时间为北京时间。</p>
<form method="get" action="/admin/audit" class="filters panel" aria-label="筛选">
<div class="field"><label for="f-action">操作</label><select id="f-action" name="action"><option value="">全部</option>${actions.map((a) => html`<option value="${a.action}"${q.action === a.action ? html` selected` : ''}>${actionLabel(vocab, a.action)}</option>`)}</select></div>
<div class="field"><label for="f-actor">操作人</label><select id="f-actor" name="actor"><option value="">全部</option>${actors.map((a) => html`<option value="${a.actor_name}"${q.actor === a.actor_name ? html` selected` : ''}>${actorLabel(a.actor_name)}</option>`)}</select></div>
<div class="field"><label for="f-org">机构</label><select id="f-org" name="org"><option value="">全部</option>${orgs.map((o) => html`<option value="${o.id}"${q.org === String(o.id) ? html` selected` : ''}>${'　'.repeat(o.depth)}${o.shortName}</option>`)}</select></div>
<div class="field"><label for="f-subject">对象编号</label><input type="text" id="f-subject" name="subject" value="${q.subject ?? ''}"></div>
<div class="field"><label for="f-from">自</label><input type="date" id="f-from" name="from" value="${q.from ?? ''}"></div>
<div class="field"><label for="f-to">至</label><input type="date" id="f-to" name="to" value="${q.to ?? ''}"></div>
<div class="field"><button type="submit">筛选</button> <a href="/admin/audit">清除</a></div>
</form>
<p><a class="btn secondary" href="${url('/admin/audit/export.xlsx', f)}" download>导出为 Excel（最多5万条）</a></p>
<div class="table-wrap"><table class="audit"><caption>共 ${Number(n)} 条</caption>
<thead><tr><th scope="col">序号</th><th scope="col">时间</th><th scope="col">操作人</th><th scope="col">机构</th><th scope="col">操作</th><th scope="col">对象</th><th scope="col">内容</th></tr></thead>
<tbody>${rows.map(
              (r) => html`<tr><td class="num">${r.seq}</td><td class="nowrap">${r.at}</td><td>${r.actor}</td><td>${r.org}</td>
<td><a href="${url('/admin/audit', { action: r.actionKey })}">${r.action}</a></td><td>${r.subjectHref ? html`<a href="${r.subjectHref}">${r.subject}</a>` : r.subject}</td>
<td>${r.changes.length ? html`<ul class="changes">${r.changes.slice(0, 8).map((c) => html`<li>${c.length > 200 ? `${c.slice(0, 200)}…` : c}</li>`)}${r.changes.length > 8 ? html`<li>……共 ${r.changes.length} 项</li>` : ''}</ul>` : ''}</td></tr>`,
            )}</tbody></table></div>
${pagination({ page, pageSize: PAGE, total: Number(n), href: pageHref('/admin/audit', f) })}`,
          ),
        );
      },
    },
    {
      method: 'GET',
      url: '/admin/audit/export.xlsx',
      action: 'audit.view',
      async handler(req, reply) {
        const rows = await readRows(req, filtersOf(req), EXPORT_MAX, 0);
        const xlsx = await renderXlsx(
          [
            {
              kind: 'table',
              caption: '审计日志',
              widths: [8, 20, 16, 20, 18, 30, 60],
              rows: [
                ['序号', '时间（北京时间）', '操作人', '机构', '操作', '对象', '内容'],
                ...rows.map((r) => [r.seq, r.at, r.actor, r.org, r.action, r.subject, r.changes.join('\n')]),
              ],
            },
          ],
          { creator: '审计日志导出', createdAt: req.ctx.clock.now() },
        );
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`审计日志-${req.ctx.clock.today()}.xlsx`)}`)
          .header('cache-control', 'no-store')
          .send(xlsx);
      },
    },
  ]);
