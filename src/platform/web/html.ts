/**
 * HTML by tagged templates: every interpolated value is escaped unless it is already SafeHtml
 * (the output of another `html` template, or `raw()` for trusted, already-sanitised markup).
 * Arrays are joined; null, undefined and false render nothing. Views are plain typed functions,
 * so a missing field is a compile error and no value reaches the page unescaped by accident.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };
const ESC_RE = /[&<>"'`]/g;

export function escapeHtml(s: string): string {
  if (!ESC_RE.test(s)) return s;
  ESC_RE.lastIndex = 0;
  return s.replace(ESC_RE, (c) => ESC[c] ?? c);
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | HtmlValue[];

function render(v: HtmlValue): string {
  if (v === null || v === undefined || v === false || v === true) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) {
    let out = '';
    for (const x of v) out += render(x);
    return out;
  }
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  // A template has one more string than values; i < values.length, and the value itself may be undefined.
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i] as HtmlValue) + strings[i + 1];
  return new SafeHtml(out);
}

/** Trusted markup only: sanitised rich text, our own SVG. Never user input. */
export function raw(s: string): SafeHtml {
  return new SafeHtml(s);
}

/** Attribute helper: `attrs({ id, 'aria-current': current ? 'page' : null })`. */
export function attrs(a: Record<string, string | number | boolean | null | undefined>): SafeHtml {
  let out = '';
  for (const [k, v] of Object.entries(a)) {
    if (v === null || v === undefined || v === false) continue;
    out += v === true ? ` ${k}` : ` ${k}="${escapeHtml(String(v))}"`;
  }
  return new SafeHtml(out);
}

/** Build a URL with query parameters (values encoded; empty ones dropped). */
export function url(path: string, query: Record<string, string | number | null | undefined> = {}): string {
  const qs = Object.entries(query)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}
