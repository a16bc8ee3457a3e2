import { html, attrs, url, type SafeHtml, type HtmlValue } from './html.ts';
import type { FieldIssue } from '../../kernel/errors.ts';

/** Field errors by field name, for re-rendering a form after a ValidationError. */
export type FormErrors = Record<string, string>;

export function errorsOf(issues: FieldIssue[]): FormErrors {
  const out: FormErrors = {};
  for (const i of issues) out[i.field] ??= i.message;
  return out;
}

/** GOV.UK-style error summary at the top of a form: each problem links to its field. */
export function errorSummary(errors: FormErrors, labels: Record<string, string> = {}): SafeHtml {
  const entries = Object.entries(errors);
  if (!entries.length) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
  <h2 id="error-summary-title">提交的内容有 ${entries.length} 处问题</h2>
  <ul>${entries.map(([f, m]) => html`<li><a href="#f-${fieldId(f)}">${labels[f] ? `${labels[f]}：` : ''}${m}</a></li>`)}</ul>
</div>`;
}

export function fieldId(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '-');
}

interface FieldOpts {
  name: string;
  label: string;
  value?: string | number | null;
  hint?: string;
  errors?: FormErrors;
  required?: boolean;
  autocomplete?: string;
  inputmode?: string;
  maxlength?: number;
}

function fieldWrap(o: FieldOpts, control: SafeHtml): SafeHtml {
  const id = `f-${fieldId(o.name)}`;
  const err = o.errors?.[o.name];
  return html`<div class="field${err ? ' invalid' : ''}">
  <label for="${id}">${o.label}${o.required ? html` <span aria-hidden="true">*</span>` : ''}</label>
  ${o.hint ? html`<span class="hint" id="${id}-hint">${o.hint}</span>` : ''}
  ${err ? html`<span class="error-text" id="${id}-error"><span class="visually-hidden">错误：</span>${err}</span>` : ''}
  ${control}
</div>`;
}

function describedBy(o: FieldOpts): string | null {
  const id = `f-${fieldId(o.name)}`;
  const parts = [o.hint ? `${id}-hint` : '', o.errors?.[o.name] ? `${id}-error` : ''].filter(Boolean);
  return parts.length ? parts.join(' ') : null;
}

export function textField(o: FieldOpts & { type?: 'text' | 'password' | 'email' | 'date' | 'number' | 'tel' | 'url' | 'search' }): SafeHtml {
  return fieldWrap(
    o,
    html`<input${attrs({
      type: o.type ?? 'text',
      id: `f-${fieldId(o.name)}`,
      name: o.name,
      value: o.type === 'password' ? null : (o.value ?? null),
      required: o.required,
      autocomplete: o.autocomplete,
      inputmode: o.inputmode,
      maxlength: o.maxlength,
      'aria-invalid': o.errors?.[o.name] ? 'true' : null,
      'aria-describedby': describedBy(o),
    })}>`,
  );
}

export function textArea(o: FieldOpts & { rows?: number }): SafeHtml {
  return fieldWrap(
    o,
    html`<textarea${attrs({
      id: `f-${fieldId(o.name)}`,
      name: o.name,
      rows: o.rows ?? 6,
      required: o.required,
      maxlength: o.maxlength,
      'aria-invalid': o.errors?.[o.name] ? 'true' : null,
      'aria-describedby': describedBy(o),
    })}>${o.value ?? ''}</textarea>`,
  );
}

export function selectField(o: FieldOpts & { options: Array<{ value: string | number; label: string }>; placeholder?: string }): SafeHtml {
  const cur = o.value === null || o.value === undefined ? '' : String(o.value);
  return fieldWrap(
    o,
    html`<select${attrs({ id: `f-${fieldId(o.name)}`, name: o.name, required: o.required, 'aria-invalid': o.errors?.[o.name] ? 'true' : null, 'aria-describedby': describedBy(o) })}>
  ${o.placeholder !== undefined ? html`<option value="">${o.placeholder}</option>` : ''}
  ${o.options.map((op) => html`<option${attrs({ value: String(op.value), selected: String(op.value) === cur })}>${op.label}</option>`)}
</select>`,
  );
}

export function hiddenCsrf(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

/** A POST form with its CSRF token. */
export function postForm(action: string, csrf: string, body: HtmlValue, opts: { label?: string; className?: string; enctype?: string } = {}): SafeHtml {
  return html`<form method="post"${attrs({ action, class: opts.className, 'aria-label': opts.label, enctype: opts.enctype })}>${hiddenCsrf(csrf)}${body}</form>`;
}

/** A one-button form (state changes are never GET links). */
export function buttonForm(action: string, csrf: string, label: string, fields: Record<string, string | number> = {}, className = 'btn secondary'): SafeHtml {
  return html`<form method="post" action="${action}" class="inline-form">${hiddenCsrf(csrf)}${Object.entries(fields).map(
    ([k, v]) => html`<input type="hidden" name="${k}" value="${String(v)}">`,
  )}<button type="submit" class="${className}">${label}</button></form>`;
}

export function breadcrumbs(items: Array<{ label: string; href?: string }>): SafeHtml {
  return html`<nav class="breadcrumbs" aria-label="当前位置"><ol>${items.map((it, i) =>
    it.href && i < items.length - 1 ? html`<li><a href="${it.href}">${it.label}</a></li>` : html`<li aria-current="page">${it.label}</li>`,
  )}</ol></nav>`;
}

/** Page links: first, previous, a window around the current page, next, last. */
export function pagination(o: { page: number; pageSize: number; total: number; href: (page: number) => string }): SafeHtml {
  const pages = Math.max(1, Math.ceil(o.total / o.pageSize));
  if (pages <= 1) return html``;
  const from = Math.max(1, o.page - 3);
  const to = Math.min(pages, o.page + 3);
  const nums: number[] = [];
  for (let p = from; p <= to; p++) nums.push(p);
  return html`<nav class="pagination" aria-label="分页"><ul>
  ${o.page > 1 ? html`<li><a href="${o.href(1)}">首页</a></li><li><a href="${o.href(o.page - 1)}" rel="prev">上一页</a></li>` : ''}
  ${nums.map((p) => (p === o.page ? html`<li><span aria-current="page">${p}</span></li>` : html`<li><a href="${o.href(p)}">${p}</a></li>`))}
  ${o.page < pages ? html`<li><a href="${o.href(o.page + 1)}" rel="next">下一页</a></li><li><a href="${o.href(pages)}">末页</a></li>` : ''}
</ul><p class="muted">共 ${o.total} 条，第 ${o.page}/${pages} 页</p></nav>`;
}

export function pageHref(base: string, query: Record<string, string | number | null | undefined>) {
  return (page: number) => url(base, { ...query, page: page > 1 ? page : null });
}

export function notice(kind: 'ok' | 'error' | 'warn' | 'info', body: HtmlValue): SafeHtml {
  return html`<div class="notice ${kind === 'info' ? '' : kind}" role="${kind === 'error' ? 'alert' : 'status'}">${body}</div>`;
}

/** Parse a positive page number from a query string value. */
export function pageNumber(v: string | undefined, max = 100000): number {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : 1;
}
