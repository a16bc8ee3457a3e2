import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoutes, formBody, formCommand, queryOf } from '../../../platform/web/kit.ts';
import { html } from '../../../platform/web/html.ts';
import { adminPage } from '../../../platform/web/layout.ts';
import type { Block } from '../../../platform/web/blocks.ts';
import { textField, selectField, errorSummary, postForm, type FormErrors } from '../../../platform/web/components.ts';
import { execute } from '../../../platform/command.ts';
import { loadCalendar, setCalendarDay, declareYearLoaded, listOverrides, listLoadedYears, explainNotable, hasOfficialSchedule } from '../../../platform/calendar/calendar.ts';
import { addDays, isIsoDate, yearOf } from '../../../kernel/dates.ts';


/** Warn before the year turns if next year's schedule is not loaded: cross-year deadlines are provisional. */

async function calendarPage(req: FastifyRequest, reply: FastifyReply, errors: FormErrors = {}) {
  const q = queryOf(req);
  const year = Number(q.year) >= 2000 && Number(q.year) <= 2100 ? Number(q.year) : yearOf(req.ctx.clock.today());
  const cal = await loadCalendar(req.ctx.db);
  const overrides = await listOverrides(req.ctx.db, year);
  const loaded = await listLoadedYears(req.ctx.db);
  const notable = [];
  for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
    const info = cal.day(d);
    if (info.kind !== 'workday' && info.kind !== 'weekend') notable.push(info);
  }
  let calc: ReturnType<typeof cal.addWorkdays> | null = null;
  let calcError = '';
  if (q.from) {
    const n = Number(q.n);
    if (!isIsoDate(q.from)) calcError = '起算日期格式应为 YYYY-MM-DD';
    else if (!Number.isInteger(n) || n < 0 || n > 400) calcError = '工作日数应为 0–400 的整数';
    else calc = cal.addWorkdays(q.from, n);
  }
  const canEdit = req.view.can('calendar.edit');
  const status = hasOfficialSchedule(year) ? '国家放假安排（内置）' : loaded.find((l) => Number(l.year) === year) ? `已录入（${loaded.find((l) => Number(l.year) === year)!.source}）` : '未录入：按双休日暂定计算';
  return reply.page(
    adminPage(req.view, { title: '工作日历', section: '/admin/calendar' }, html`<h1>工作日历 · ${year}年</h1>
<p>工作日不含双休日和法定节假日，含国务院公布的调休上班日。本年数据来源：<strong>${status}</strong>。</p>
<nav aria-label="年份"><p><a href="/admin/calendar?year=${year - 1}">← ${year - 1}年</a>　<a href="/admin/calendar?year=${year + 1}">${year + 1}年 →</a></p></nav>
<section class="panel"><h2>期限计算</h2>
<form method="get" action="/admin/calendar" class="filters"><input type="hidden" name="year" value="${year}">
${textField({ name: 'from', label: '起算日（当日不计）', type: 'date', value: q.from ?? '' })}
${textField({ name: 'n', label: '工作日数', type: 'number', value: q.n ?? '15' })}
<div class="field"><button type="submit">计算</button></div></form>
${calcError ? html`<p class="error-text" role="alert">${calcError}</p>` : ''}
${calc ? html`<p role="status">${q.from} 之后第 ${q.n} 个工作日是 <strong>${calc.date}</strong>${calc.provisional ? html` <span class="badge warn">暂定：${calc.provisionalYears.join('、')}年放假安排未录入</span>` : ''}</p>
<ul>${explainNotable(calc.notable).map((l) => html`<li>${l}</li>`)}</ul>` : ''}
</section>
<section class="panel"><h2>节假日与调休</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">日期</th><th scope="col">类别</th><th scope="col">说明</th></tr></thead><tbody>
${notable.map((d) => html`<tr><td>${d.date}</td><td>${d.workday ? html`<span class="badge ok">上班</span>` : html`<span class="badge bad">休息</span>`}${d.kind.startsWith('override') ? html` <span class="badge info">本地调整</span>` : ''}</td><td>${d.reason}</td></tr>`)}
</tbody></table></div>
${overrides.length ? html`<p class="muted">本地调整 ${overrides.length} 项，最近由 ${overrides[overrides.length - 1].updated_by} 修改。</p>` : ''}
</section>
${canEdit ? html`${errorSummary(errors)}
<section class="panel"><h2>调整某一天</h2>
<p class="hint">录入次年国务院放假安排，或本地增加的休息日/工作日。修改后，未办结事项的期限会自动重新计算并记入审计。</p>
${postForm('/admin/calendar', req.view.csrf(), html`
${textField({ name: 'date', label: '日期', type: 'date', required: true, errors })}
${selectField({ name: 'kind', label: '设为', options: [{ value: 'holiday', label: '休息日' }, { value: 'workday', label: '工作日（调休上班）' }, { value: 'official', label: '恢复国家安排' }], required: true, errors })}
${textField({ name: 'reason', label: '原因', hint: '如：2027年春节；国办发明电〔2026〕X号', errors })}
<button type="submit">保存</button>`)}</section>
<section class="panel"><h2>确认某年安排已全部录入</h2>
${postForm('/admin/calendar/year', req.view.csrf(), html`
${textField({ name: 'year', label: '年份', type: 'number', value: year, required: true, errors })}
${textField({ name: 'source', label: '依据文件', hint: '如：国务院办公厅关于2027年部分节假日安排的通知', required: true, errors })}
<button type="submit">确认已录入</button>`)}</section>` : ''}`),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

export const calendarRoutes = () =>
  defineRoutes([
    { method: 'GET', url: '/admin/calendar', action: 'calendar.view', handler: (req, reply) => calendarPage(req, reply) },
    {
      method: 'POST',
      url: '/admin/calendar',
      action: 'calendar.edit',
      async handler(req, reply) {
        const b = formBody(req);
        const r = await formCommand(() => execute(req.ctx, setCalendarDay, b), (errors) => calendarPage(req, reply, errors));
        if (r.ok) return reply.done(`/admin/calendar?year=${String(b.date).slice(0, 4)}`, `已保存 ${r.value.date}：${r.value.day.workday ? '工作日' : '休息日'}（${r.value.day.reason}）；重新计算期限 ${r.value.recomputed} 项。`);
      },
    },
    {
      method: 'POST',
      url: '/admin/calendar/year',
      action: 'calendar.edit',
      async handler(req, reply) {
        const r = await formCommand(() => execute(req.ctx, declareYearLoaded, formBody(req)), (errors) => calendarPage(req, reply, errors));
        if (r.ok) return reply.done(`/admin/calendar?year=${r.value.year}`, `已确认${r.value.year}年放假安排录入完毕。`);
      },
    },
  ]);

/** The dashboard block `calendar-next-year` (listed in the module's manifest). */
export const calendarNextYearBlock: Block = {
  id: 'calendar-next-year',
  order: 5,
  async render(req) {
    if (!req.view.can('calendar.view')) return null;
    const next = yearOf(req.ctx.clock.today()) + 1;
    const cal = await loadCalendar(req.ctx.db);
    if (!cal.isProvisionalYear(next)) return null;
    return html`<div class="notice warn" role="status"><p><strong>${next}年节假日安排尚未录入。</strong>跨入${next}年的期限目前按双休日计算，标记为“暂定”。国务院办公厅公布安排后，请在<a href="/admin/calendar?year=${next}">工作日历</a>中录入并确认。</p></div>`;
  },
};
