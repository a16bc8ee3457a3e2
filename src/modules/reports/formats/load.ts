/**
 * Loading a format from JSON: a complete format, or a variant that `extends` a registered one
 * (tables and sections replaced by id/key or appended; checks appended after `removeChecks`).
 * This is how a province adds its table without new code.
 */
import type { FormatRegistry } from './registry.ts';
import { formatVariantSchema, reportFormatSchema } from './types.ts';
import type { ReportFormat, SectionDef, TableDef } from './types.ts';
import { validateFormat } from './validate.ts';

export type LoadFormatResult = { ok: true; format: ReportFormat } | { ok: false; issues: string[] };

export function loadFormat(json: unknown, registry: FormatRegistry): LoadFormatResult {
  const isVariant = typeof json === 'object' && json !== null && 'extends' in json;
  let format: ReportFormat;
  if (isVariant) {
    const parsed = formatVariantSchema.safeParse(json);
    if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error.issues) };
    const v = parsed.data;
    const base = registry.get(v.extends);
    if (!base) return { ok: false, issues: [`${v.id}: 所继承的格式 ${v.extends} 未注册`] };
    format = {
      id: v.id,
      title: v.title,
      basis: v.basis,
      years: v.years ?? base.years,
      region: v.region,
      sections: mergeBy<SectionDef>(base.sections, v.sections ?? [], (s) => s.key),
      tables: mergeBy<TableDef>(base.tables, v.tables ?? [], (t) => t.id),
      checks: [...base.checks.filter((c) => !(v.removeChecks ?? []).includes(c.rule)), ...(v.checks ?? [])],
    };
  } else {
    const parsed = reportFormatSchema.safeParse(json);
    if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error.issues) };
    format = parsed.data;
  }
  const issues = validateFormat(format);
  if (registry.get(format.id)) issues.push(`${format.id}: 格式编号已被使用`);
  return issues.length ? { ok: false, issues } : { ok: true, format };
}

function mergeBy<T>(base: readonly T[], patch: readonly T[], id: (x: T) => string): T[] {
  const out = base.map((b) => patch.find((p) => id(p) === id(b)) ?? b);
  for (const p of patch) if (!base.some((b) => id(b) === id(p))) out.push(p);
  return out;
}

function zodIssues(issues: { path: (string | number)[]; message: string }[]): string[] {
  return issues.map((i) => `${i.path.join('.') || '(根)'}: ${i.message}`);
}
