import { sql } from 'kysely';
import type { Db } from '../../src/storage/db.ts';
import { TEST_ENGINE } from './db.ts';

/**
 * Helpers for the hardening tests (test/hardening/): what a refusal must leave unchanged (the audit
 * chain head and every table's row count), forms read back from rendered pages the way a browser
 * submits them, links for crawling, and independent detectors of personal data.
 */

/** The audit chain head (`seq:hash`): unchanged means no command committed. */
export async function auditHead(db: Db): Promise<string> {
  const h = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  return `${h.seq}:${h.hash}`;
}

/** Row counts of every table of the engine under test (search index internals excepted). */
export async function tableCounts(db: Db, opts: { except?: string[] } = {}): Promise<Record<string, number>> {
  const names =
    TEST_ENGINE === 'sqlite'
      ? (
          await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'search_fts%'`.execute(
            db,
          )
        ).rows.map((r) => r.name)
      : (await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(db)).rows.map((r) => r.name);
  const out: Record<string, number> = {};
  for (const t of names.sort()) {
    if (t.startsWith('kysely_') || opts.except?.includes(t)) continue;
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(t)}`.execute(db);
    out[t] = Number(r.rows[0]!.n);
  }
  return out;
}

/** Both at once, for "a refusal changes nothing" (sessions and login counters excepted: they are not records). */
export async function stateOf(db: Db): Promise<{ head: string; counts: Record<string, number> }> {
  return { head: await auditHead(db), counts: await tableCounts(db, { except: ['sessions', 'login_failures'] }) };
}

// ——— forms, as a browser submits them ——————————————————————————————————————————————————

export interface ScrapedField {
  name: string;
  tag: 'input' | 'textarea' | 'select';
  type: string;
  value: string;
  checked: boolean;
  /** For selects: option values in order. */
  options: string[];
}

export interface ScrapedForm {
  action: string;
  method: string;
  enctype: string;
  fields: ScrapedField[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#96': '`', nbsp: '\u00a0' };
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    const named = ENTITIES[e];
    if (named !== undefined) return named;
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return m;
  });
}

function attrsOf(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    out[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

/** Every `<form>` of a page with its fields (inputs, textareas, selects), values decoded. */
export function scrapeForms(page: string): ScrapedForm[] {
  const forms: ScrapedForm[] = [];
  for (const m of page.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const a = attrsOf(m[1]!);
    const inner = m[2]!;
    const fields: ScrapedField[] = [];
    for (const f of inner.matchAll(/<input\b([^>]*)>|<(textarea|select)\b([^>]*)>([\s\S]*?)<\/\2>/gi)) {
      const tag = (f[2] ?? 'input').toLowerCase() as ScrapedField['tag'];
      const at = attrsOf(f[1] ?? f[3] ?? '');
      const body = f[4];
      if (!at.name) continue;
      if (tag === 'input') {
        fields.push({ name: at.name, tag, type: (at.type ?? 'text').toLowerCase(), value: at.value ?? '', checked: 'checked' in at, options: [] });
      } else if (tag === 'textarea') {
        fields.push({ name: at.name, tag, type: 'textarea', value: decodeEntities((body ?? '').replace(/^\n/, '')), checked: false, options: [] });
      } else {
        const opts = [...(body ?? '').matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/gi)].map((o) => ({ at: attrsOf(o[1]!), label: decodeEntities(o[2]!) }));
        const values = opts.map((o) => o.at.value ?? o.label);
        const sel = opts.find((o) => 'selected' in o.at);
        fields.push({ name: at.name, tag, type: 'select', value: sel ? (sel.at.value ?? sel.label) : (values[0] ?? ''), checked: false, options: values });
      }
    }
    forms.push({
      action: decodeEntities(a.action ?? ''),
      method: (a.method ?? 'get').toLowerCase(),
      enctype: a.enctype ?? 'application/x-www-form-urlencoded',
      fields,
    });
  }
  return forms;
}

/**
 * What the browser sends for a form: checked radios and checkboxes, other inputs' values, no
 * buttons (unless `submit` names one), no files. A select with an empty placeholder selected
 * takes its first real option when `fillSelects` is set (a user picking something).
 */
export function formValues(form: ScrapedForm, opts: { fillSelects?: boolean } = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of form.fields) {
    if (f.tag === 'input' && ['submit', 'button', 'file', 'image', 'reset'].includes(f.type)) continue;
    if (f.tag === 'input' && (f.type === 'radio' || f.type === 'checkbox')) {
      if (f.checked) out[f.name] = f.value || 'on';
      else if (f.type === 'radio' && !(f.name in out) && !form.fields.some((g) => g.name === f.name && g.checked)) out[f.name] = f.value;
      continue;
    }
    if (f.tag === 'select' && f.value === '' && opts.fillSelects) {
      out[f.name] = f.options.find((o) => o !== '') ?? '';
      continue;
    }
    out[f.name] = f.value;
  }
  return out;
}

/** The first POST form on `page` whose action is `action` (its path, any query) or matches it. */
export function findForm(page: string, action: string | RegExp): ScrapedForm | undefined {
  return scrapeForms(page).find(
    (f) => f.method === 'post' && (typeof action === 'string' ? f.action === action || f.action.split('?')[0] === action : action.test(f.action)),
  );
}

/** A multipart/form-data body, as a browser builds it. */
export function multipartBody(
  fields: Record<string, string>,
  files: Array<{ field: string; name: string; bytes: Buffer; type?: string }> = [],
): { payload: Buffer; contentType: string } {
  const boundary = `----gkhardening${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    // Quotes and line breaks in a file name are percent-encoded (as browsers do, WHATWG HTML §4.10.21.8).
    const name = f.name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${name}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      f.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Same-site links of a page (href and src), resolved against `from`, fragments dropped. */
export function linksOf(page: string, from: string): string[] {
  const out = new Set<string>();
  for (const m of page.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
    const raw = decodeEntities(m[1]!);
    if (!raw || raw.startsWith('#') || /^(mailto|tel|javascript|data):/i.test(raw)) continue;
    try {
      const u = new URL(raw, `http://local${from}`);
      if (u.host !== 'local') continue;
      out.add(u.pathname + u.search);
    } catch {
      /* not a URL */
    }
  }
  return [...out];
}

/** `<loc>` entries of a sitemap, as local paths. */
export function sitemapLocs(xml: string): string[] {
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => {
    const u = new URL(decodeEntities(m[1]!));
    return u.pathname + u.search;
  });
}

// ——— personal data, detected independently of the code under test ——————————————————————————

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** A valid 18-digit resident ID number (GB 11643-1999: region, birth date, sequence, ISO 7064 MOD 11-2 check). */
export function isResidentId(s: string): boolean {
  if (!/^[1-9]\d{5}(18|19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dXx]$/.test(s)) return false;
  const y = Number(s.slice(6, 10));
  const mo = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === s[17]!.toUpperCase();
}

/** Valid resident ID numbers anywhere in a text (not part of a longer run of digits). */
export function residentIdsIn(text: string): string[] {
  return [...text.matchAll(/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g)].map((m) => m[0]).filter(isResidentId);
}

/** Full mainland mobile numbers (11 digits, 1[3-9]…), with optional +86 and separators. */
export function mobilesIn(text: string): string[] {
  return [...text.matchAll(/(?<![\d])(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/g)].map((m) => m[0]);
}

/** E-mail addresses. */
export function emailsIn(text: string): string[] {
  return [...text.matchAll(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g)].map((m) => m[0]);
}

/** A stack trace or internal error text that must never reach a visitor. */
export function leaksInternals(body: string): string | null {
  const patterns: RegExp[] = [
    /\bat [\w$.<>]+ \((?:file:|\/|node:)[^)]*:\d+:\d+\)/, // V8 stack frame
    /\bat (?:async )?(?:file:\/\/|\/)[^\s]+\.(?:ts|js|mjs):\d+:\d+/,
    /node_modules\//,
    /\/work\/main\//,
    /\b(?:TypeError|ReferenceError|SyntaxError|RangeError): /,
    /SQLITE_[A-Z]+|sqlite3?_|syntax error at or near|duplicate key value violates|violates (?:not-null|foreign key|check) constraint|relation "[^"]+" does not exist/i,
    /\bZodError\b|"code":\s*"invalid_type"/,
  ];
  for (const p of patterns) {
    const m = p.exec(body);
    if (m) return m[0];
  }
  return null;
}

/** A valid 1×1 PNG (an attachment every upload form accepts). */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** The visible message of an error or form page (its alert and error summary), for failure messages. */
export function pageMessage(body: string): string {
  const parts = [...body.matchAll(/<(?:div|section)[^>]*(?:role="alert"|class="[^"]*error-summary[^"]*")[^>]*>([\s\S]*?)<\/(?:div|section)>/g)].map(
    (m) => m[1],
  );
  const text = (parts.length ? parts.join(' ') : (/<main[^>]*>([\s\S]*?)<\/main>/.exec(body)?.[1] ?? body))
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return decodeEntities(text).slice(0, 400);
}
