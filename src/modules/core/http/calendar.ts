import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoutes, formBody, submitForm, queryOf } from '../../../platform/web/kit.ts';
import { ValidationError } from '../../../kernel/errors.ts';
import { html } from '../../../platform/web/html.ts';
import { adminPage } from '../../../platform/web/layout.ts';
import type { Block } from '../../../platform/web/blocks.ts';
import { textField, textArea, selectField, errorSummary, errorsOf, postForm, type FormErrors } from '../../../platform/web/components.ts';
import { execute } from '../../../platform/command.ts';
import {
  loadCalendar,
  setCalendarDay,
  declareYearLoaded,
  listOverrides,
  listLoadedYears,
  explainNotable,
  hasOfficialSchedule,
  importHolidayNotice,
  previewHolidayNotice,
  decodeNoticeBytes,
  provisionalReasonOf,
  type NoticeImportResult,
} from '../../../platform/calendar/calendar.ts';
import { addDays, isIsoDate, yearOf } from '../../../kernel/dates.ts';

/** Warn before the year turns if next year's schedule is not loaded: cross-year deadlines are provisional. */

interface NoticeForm {
  year: string;
  source: string;
  text: string;
}

async function calendarPage(req: FastifyRequest, reply: FastifyReply, errors: FormErrors = {}, notice?: { form: NoticeForm; preview?: NoticeImportResult }) {
  const q = queryOf(req);
  const asked = Number(q.year ?? notice?.form.year);
  const year = asked >= 2000 && asked <= 2100 ? asked : yearOf(req.ctx.clock.today());
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
  const status = hasOfficialSchedule(year)
    ? '国家放假安排（内置）'
    : loaded.find((l) => Number(l.year) === year)
      ? `已录入（${loaded.find((l) => Number(l.year) === year)!.source}）`
      : '未录入：节假日按放假办法推算，暂定';
  const provisional = cal.isProvisionalYear(year);
  // The notice form offers the year shown if it still needs one, else the first year after it that does.
  let noticeYear = year;
  while (hasOfficialSchedule(noticeYear) && noticeYear < 2100) noticeYear += 1;
  return reply.page(
    adminPage(
      req.view,
      { title: '工作日历', section: '/admin/calendar' },
      html`<h1>工作日历 · ${year}年</h1>
<p>工作日不含双休日和法定节假日，含国务院公布的调休上班日。本年数据来源：<strong>${status}</strong>。</p>
<nav aria-label="年份"><p><a href="/admin/calendar?year=${year - 1}">← ${year - 1}年</a>　<a href="/admin/calendar?year=${year + 1}">${year + 1}年 →</a></p></nav>
<section class="panel"><h2>期限计算</h2>
<form method="get" action="/admin/calendar" class="filters"><input type="hidden" name="year" value="${year}">
${textField({ name: 'from', label: '起算日（当日不计）', type: 'date', value: q.from ?? '' })}
${textField({ name: 'n', label: '工作日数', type: 'number', value: q.n ?? '15' })}
<div class="field"><button type="submit">计算</button></div></form>
${calcError ? html`<p class="error-text" role="alert">${calcError}</p>` : ''}
${
  calc
    ? html`<p role="status">${q.from} 之后第 ${q.n} 个工作日是 <strong>${calc.date}</strong>${calc.provisional ? html` <span class="badge warn">暂定：${calc.provisionalYears.join('、')}年放假安排未录入</span>` : ''}</p>
<ul>${explainNotable(calc.notable).map((l) => html`<li>${l}</li>`)}</ul>`
    : ''
}
</section>
<section class="panel"><h2>节假日与调休</h2>
${provisional ? html`<p class="notice warn" role="note"><span class="badge warn">暂定</span> ${provisionalReasonOf(year)}。</p>` : ''}
<div class="table-wrap"><table><thead><tr><th scope="col">日期</th><th scope="col">类别</th><th scope="col">说明</th></tr></thead><tbody>
${notable.map((d) => html`<tr><td>${d.date}</td><td>${d.workday ? html`<span class="badge ok">上班</span>` : html`<span class="badge bad">休息</span>`}${d.kind.startsWith('override') ? html` <span class="badge info">本地调整</span>` : ''}${d.provisional ? html` <span class="badge warn">暂定</span>` : ''}</td><td>${d.reason}${d.basis ? html` <span class="muted">推算依据：${d.basis}</span>` : ''}</td></tr>`)}
</tbody></table></div>
${overrides.length ? html`<p class="muted">本地调整 ${overrides.length} 项，最近由 ${overrides.at(-1)?.updated_by} 修改。</p>` : ''}
</section>
${
  canEdit
    ? html`${errorSummary(errors)}
<section class="panel"><h2>调整某一天</h2>
<p class="hint">录入次年国务院放假安排，或本地增加的休息日/工作日。修改后，未办结事项的期限会自动重新计算并记入审计。</p>
${postForm(
  '/admin/calendar',
  req.view.csrf(),
  html`
${textField({ name: 'date', label: '日期', type: 'date', required: true, errors })}
${selectField({
  name: 'kind',
  label: '设为',
  options: [
    { value: 'holiday', label: '休息日' },
    { value: 'workday', label: '工作日（调休上班）' },
    { value: 'official', label: '恢复国家安排' },
  ],
  required: true,
  errors,
})}
${textField({ name: 'reason', label: '原因', hint: '如：2027年春节；国办发明电〔2026〕X号', errors })}
<button type="submit">保存</button>`,
)}</section>
<section class="panel"><h2>确认某年安排已全部录入</h2>
${postForm(
  '/admin/calendar/year',
  req.view.csrf(),
  html`
${textField({ name: 'year', label: '年份', type: 'number', value: year, required: true, errors })}
${textField({ name: 'source', label: '依据文件', hint: '如：国务院办公厅关于2027年部分节假日安排的通知', required: true, errors })}
<button type="submit">确认已录入</button>`,
)}</section>
${noticeSection(req, errors, noticeYear, notice)}`
    : ''
}`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

/** The one-step entry of the State Council's notice: paste or upload, preview, confirm. */
function noticeSection(req: FastifyRequest, errors: FormErrors, year: number, notice?: { form: NoticeForm; preview?: NoticeImportResult }) {
  const form = notice?.form ?? { year: String(year), source: '', text: '' };
  const p = notice?.preview;
  return html`<section class="panel" id="notice"><h2>录入国务院放假通知</h2>
<p class="hint">国务院办公厅公布次年节假日安排后，把通知中“一、元旦：……”各行粘贴到下面（整篇通知也可以，标题、落款等会被略过），或上传通知的文本文件。也可以每行写一天：“2027-01-01 holiday 元旦”“2027-02-20 workday 春节调休上班”。先预览，核对无误后确认：放假日和调休上班日一次写入，该年不再是“暂定”，未办结事项的期限全部重新计算，每项变化记入审计。</p>
${p ? previewOf(p) : ''}
${postForm(
  '/admin/calendar/notice',
  req.view.csrf(),
  html`
${textField({ name: 'notice_year', label: '年份', type: 'number', value: form.year, required: true, errors })}
${textField({ name: 'notice_source', label: '依据文件', hint: '可不填：从粘贴的通知标题和文号读取，如 国办发明电〔2026〕7号', value: form.source, errors })}
${textArea({ name: 'text', label: '通知内容', rows: 10, value: form.text, hint: '每行一个节日，如：一、元旦：1月1日（周五）至3日（周日）放假，共3天。', errors })}
<div class="field"><label for="f-file">或上传文本文件（.txt，UTF-8 或 GBK）</label><input type="file" id="f-file" name="file" accept=".txt,text/plain"></div>
<button type="submit" name="step" value="preview" class="btn secondary">预览</button>${p ? html` <button type="submit" name="step" value="import">确认录入</button>` : ''}`,
  { enctype: 'multipart/form-data', label: '录入国务院放假通知' },
)}</section>`;
}

/** What the due-date recompute hooks put in their audit summary (requests: code, due, provisional; catalogue: before, after). */
interface RecomputeSummary {
  code?: unknown;
  before?: unknown;
  after?: unknown;
  due?: { before?: unknown; after?: unknown };
  provisional?: { after?: unknown };
}

function previewOf(p: NoticeImportResult) {
  const due = (r: NoticeImportResult['recomputed'][number]) => {
    const s = r.summary as RecomputeSummary;
    if (r.action === 'requests.recompute')
      return `依申请公开 ${s.code}：答复期限 ${s.due?.before ?? '—'} → ${s.due?.after ?? '—'}${s.provisional?.after === false ? '（不再暂定）' : ''}`;
    if (r.action === 'catalogue.due.recompute') return `主动公开事项 #${r.subjectId}：公开期限 ${s.before ?? '—'} → ${s.after ?? '—'}`;
    return `${r.subjectType} #${r.subjectId}`;
  };
  return html`<div class="notice info" role="status"><h3>预览：${p.year}年放假安排（${p.source}）</h3>
<div class="table-wrap"><table><caption>通知所列</caption><thead><tr><th scope="col">节日</th><th scope="col">放假</th><th scope="col">调休上班</th></tr></thead><tbody>
${p.blocks.map((b) => html`<tr><td>${b.festival}</td><td>${b.holidays.map((h) => (h.from === h.to ? h.from : `${h.from} 至 ${h.to}（${h.days}天）`)).join('；')}</td><td>${b.workdays.join('、') || '—'}</td></tr>`)}
</tbody></table></div>
${p.missing.length ? html`<p class="notice warn" role="note">通知中没有读到：${p.missing.join('、')}。如是漏粘，请补上后再预览。</p>` : ''}
<p>日历中将变化的日子：<strong>${p.changed.length}</strong> 天；将重新计算的期限：<strong>${p.recomputed.length}</strong> 项${p.replaced.length ? html`；将替换本地调整 ${p.replaced.length} 项（${p.replaced.map((r) => `${r.date} ${r.reason}`).join('、')}）` : ''}。</p>
${
  p.changed.length
    ? html`<details><summary>逐日核对（${p.changed.length} 天）</summary><div class="table-wrap"><table><thead><tr><th scope="col">日期</th><th scope="col">现在</th><th scope="col">录入后</th></tr></thead><tbody>
${p.changed.map((c) => html`<tr><td>${c.date}</td><td>${c.before.workday ? '上班' : '休息'}（${c.before.reason}${c.before.provisional ? '，暂定' : ''}）</td><td>${c.after.workday ? '上班' : '休息'}（${c.after.reason}）</td></tr>`)}
</tbody></table></div></details>`
    : ''
}
${p.recomputed.length ? html`<details><summary>期限变化（${p.recomputed.length} 项）</summary><ul>${p.recomputed.map((r) => html`<li>${due(r)}</li>`)}</ul></details>` : ''}
${p.ignored.length ? html`<details><summary>已略过 ${p.ignored.length} 行（不含放假或上班日期）</summary><ul>${p.ignored.map((i) => html`<li>第${i.line}行：${i.text}</li>`)}</ul></details>` : ''}
<p>尚未写入。核对无误后请点“确认录入”。</p></div>`;
}

/** The notice form: multipart (with an uploaded file) or urlencoded; the CSRF token is checked here. */
async function readNoticeForm(req: FastifyRequest): Promise<NoticeForm & { step: string }> {
  const f: Record<string, string> = {};
  let file: Buffer | undefined;
  if (req.isMultipart()) {
    try {
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          const b = await part.toBuffer();
          if (part.filename && b.length) file = b;
        } else f[part.fieldname] = String(part.value);
      }
    } catch (e) {
      const err = e as { code?: string; statusCode?: number };
      if (err.code === 'FST_REQ_FILE_TOO_LARGE' || err.statusCode === 413) {
        req.server.checkCsrf(req, f._csrf ?? '');
        throw ValidationError.field('text', '文件太大：通知的文本文件应只有几千字');
      }
      throw e;
    }
    req.server.checkCsrf(req, f._csrf ?? '');
  } else {
    const b = formBody(req);
    for (const [k, v] of Object.entries(b)) f[k] = Array.isArray(v) ? String(v[0]) : String(v);
    req.server.checkCsrf(req, f._csrf ?? '');
  }
  // An uploaded file wins over an empty text box; the preview shows its text for the confirmation.
  const text = file && !(f.text ?? '').trim() ? decodeNoticeBytes(new Uint8Array(file)) : (f.text ?? '');
  return { year: f.notice_year ?? '', source: f.notice_source ?? '', text, step: f.step ?? 'preview' };
}

/** Every problem of the notice, not only the first: each names its line. The form's own field names (the page has another year and source). */
function noticeErrors(e: ValidationError): FormErrors {
  const names: Record<string, string> = { year: 'notice_year', source: 'notice_source' };
  const out = errorsOf(e.issues.map((i) => ({ ...i, field: names[i.field] ?? i.field })));
  const text = e.issues.filter((i) => i.field === 'text').map((i) => i.message);
  if (text.length > 1) out.text = text.join('；');
  return out;
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
        return submitForm(
          reply,
          () => execute(req.ctx, setCalendarDay, b),
          (errors) => calendarPage(req, reply, errors),
          (v) => [
            `/admin/calendar?year=${String(b.date).slice(0, 4)}`,
            `已保存 ${v.date}：${v.day.workday ? '工作日' : '休息日'}（${v.day.reason}）；重新计算期限 ${v.recomputed} 项。`,
          ],
        );
      },
    },
    {
      method: 'POST',
      url: '/admin/calendar/year',
      action: 'calendar.edit',
      async handler(req, reply) {
        return submitForm(
          reply,
          () => execute(req.ctx, declareYearLoaded, formBody(req)),
          (errors) => calendarPage(req, reply, errors),
          (v) => [`/admin/calendar?year=${v.year}`, `已确认${v.year}年放假安排录入完毕。`],
        );
      },
    },
    {
      method: 'POST',
      url: '/admin/calendar/notice',
      action: 'calendar.edit',
      multipart: true,
      async handler(req, reply) {
        const { step, ...form } = await readNoticeForm(req);
        const input = { year: form.year, source: form.source, text: form.text };
        try {
          if (step !== 'import') return calendarPage(req, reply, {}, { form, preview: await previewHolidayNotice(req.ctx, input) });
          const r = await execute(req.ctx, importHolidayNotice, input);
          return reply.done(
            `/admin/calendar?year=${r.year}`,
            `已录入${r.year}年放假安排（${r.source}）：${r.changed.length}天有变化，重新计算期限 ${r.recomputed.length} 项，均已记入审计。`,
          );
        } catch (e) {
          if (e instanceof ValidationError) return calendarPage(req, reply, noticeErrors(e), { form });
          throw e;
        }
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
    return html`<div class="notice warn" role="status"><p><strong>${next}年节假日安排尚未录入。</strong>跨入${next}年的期限目前按《全国年节及纪念日放假办法》推算节假日（调休上班日未计入），标记为“暂定”。国务院办公厅公布安排后，请在<a href="/admin/calendar?year=${next}#notice">工作日历</a>中粘贴通知，一次录入。</p></div>`;
  },
};
