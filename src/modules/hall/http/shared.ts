import type { FastifyRequest } from 'fastify';
import type { Ports } from '../../../platform/module.ts';
import { html, type SafeHtml } from '../../../platform/web/html.ts';
import type { FormErrors } from '../../../platform/web/components.ts';
import { fieldId } from '../../../platform/web/components.ts';

/** Helpers the hall's pages share. */

/** A whole-number id from a URL parameter (NaN for anything else: the repos then find nothing). */
export function idOf(req: FastifyRequest, name = 'id'): number {
  const v = String((req.params as Record<string, string>)[name] ?? '');
  return /^\d{1,12}$/.test(v) ? Number(v) : Number.NaN;
}

/** Item names from the guides module when it is installed (an optional port); codes alone otherwise. */
export async function itemNames(req: FastifyRequest, codes: readonly string[]): Promise<Map<string, string>> {
  const port = (req.ctx.ports as Partial<Ports>).guideVersions;
  const out = new Map<string, string>();
  if (!port) return out;
  const today = req.ctx.clock.today();
  await Promise.all(
    [...new Set(codes)].map(async (c) => {
      try {
        const t = await port.inForce(req.ctx.db, c, today);
        if (t) out.set(c, t.itemName);
      } catch {
        /* a guide that cannot be read leaves the code alone */
      }
    }),
  );
  return out;
}

export function itemList(codes: readonly string[], names: Map<string, string>): SafeHtml {
  if (!codes.length) return html`<span class="muted">—</span>`;
  return html`<ul class="items">${codes.map((c) => html`<li><span class="mono">${c}</span>${names.get(c) ? html` ${names.get(c)}` : ''}</li>`)}</ul>`;
}

/** A checkbox field (the kit has none). */
export function checkboxField(o: { name: string; label: string; checked: boolean; hint?: string; value?: string }): SafeHtml {
  const id = `f-${fieldId(o.name)}`;
  return html`<div class="field"><label for="${id}"><input type="checkbox" id="${id}" name="${o.name}" value="${o.value ?? 'on'}"${o.checked ? html` checked` : ''}> ${o.label}</label>${o.hint ? html`<span class="hint">${o.hint}</span>` : ''}</div>`;
}

/** A group of checkboxes (one value each) in a fieldset, with its error. */
export function checkboxGroup(o: {
  name: string;
  legend: string;
  options: Array<{ value: number | string; label: string }>;
  checked: ReadonlySet<string>;
  errors?: FormErrors;
  hint?: string;
}): SafeHtml {
  const err = o.errors?.[o.name];
  return html`<fieldset class="field${err ? ' invalid' : ''}" id="f-${fieldId(o.name)}"><legend>${o.legend}</legend>
${o.hint ? html`<span class="hint">${o.hint}</span>` : ''}
${err ? html`<span class="error-text"><span class="visually-hidden">错误：</span>${err}</span>` : ''}
${o.options.map((op, i) => {
  const id = `f-${fieldId(o.name)}-${i}`;
  return html`<div><label for="${id}"><input type="checkbox" id="${id}" name="${o.name}" value="${String(op.value)}"${o.checked.has(String(op.value)) ? html` checked` : ''}> ${op.label}</label></div>`;
})}</fieldset>`;
}

/** Form values as strings (a repeated field keeps its list). */
export type FormValues = Record<string, string | string[] | undefined>;
export const str = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
export const list = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v ? [v] : []);
