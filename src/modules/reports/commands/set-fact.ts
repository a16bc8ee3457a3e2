/**
 * Entering per-year org facts. Nothing is overwritten: each changed figure is a new row, so the
 * report can say who entered the figure it prints and when, and the history keeps every earlier
 * value. Unchanged figures add no row (a form posts all of them at once).
 */
import { defineCommand } from '../../../platform/command.ts';
import { ValidationError, type FieldIssue } from '../../../kernel/errors.ts';
import { findOrgById } from '../../orgs/index.ts';
import { setFactsInput } from '../schemas.ts';
import { factDef, type FactDef } from '../facts.ts';
import { currentFacts } from '../repo.ts';

/** A typed value → the stored figure (and names for list facts), or the reason it is refused. */
export function parseFactValue(def: FactDef, raw: string): { value: number; names: string[] } | { error: string } {
  if (def.kind === 'names') {
    const names = raw
      .split(/[\r\n]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (names.some((n) => n.length > 60)) return { error: '每个名称不超过60个字' };
    if (new Set(names).size !== names.length) return { error: '名称有重复' };
    return { value: names.length, names };
  }
  const text = raw.trim().replace(/[,，]/g, '');
  if (text === '') return { error: `请填写${def.label}（没有请填0）` };
  const value = Number(text);
  if (!/^-?\d+(\.\d+)?$/.test(text) || !Number.isFinite(value)) return { error: `${def.label}应为数字` };
  if (def.kind !== 'money' && !Number.isInteger(value)) return { error: `${def.label}应为整数` };
  if (def.kind !== 'signed' && value < 0) return { error: `${def.label}不能为负数` };
  if (def.kind === 'money' && (text.split('.')[1]?.length ?? 0) > 4) return { error: `${def.label}以万元为单位，最多4位小数（即1元）` };
  if (Math.abs(value) > 1e9) return { error: `${def.label}数字过大` };
  return { value, names: [] };
}

export const setFacts = defineCommand({
  name: 'reports.setFacts',
  input: setFactsInput,
  async handler(ctx, input) {
    const org = await findOrgById(ctx.tx, input.orgId);
    if (!org) throw ValidationError.field('orgId', '机构不存在');
    ctx.authorize('reports.facts', org);
    const issues: FieldIssue[] = [];
    const parsed: Array<{ key: string; value: number; names: string[] }> = [];
    for (const [key, raw] of Object.entries(input.values)) {
      const def = factDef(key);
      if (!def) {
        issues.push({ field: key, message: `没有这项年度数据：${key}` });
        continue;
      }
      // A blank field in a form means "not entered": leave the fact as it is.
      if (String(raw).trim() === '' && def.kind !== 'names') continue;
      const r = parseFactValue(def, String(raw));
      if ('error' in r) issues.push({ field: key, message: r.error });
      else parsed.push({ key, ...r });
    }
    if (issues.length) throw new ValidationError(issues);
    const current = (await currentFacts(ctx.tx, input.year, [org.id])).get(org.id) ?? new Map();
    const now = ctx.clock.now().toISOString();
    const changes: Record<string, { before: number | null; after: number; names?: string[] }> = {};
    for (const p of parsed) {
      const cur = current.get(p.key);
      if (cur && cur.value === p.value && JSON.stringify(cur.names) === JSON.stringify(p.names)) continue;
      // An empty list never entered stays "not entered" unless the form says it is really none.
      if (!cur && factDef(p.key)!.kind === 'names' && p.names.length === 0 && !input.explicitEmpty?.includes(p.key)) continue;
      await ctx.tx
        .insertInto('report_facts')
        .values({
          org_id: org.id,
          year: input.year,
          key: p.key,
          value: p.value,
          detail: JSON.stringify(p.names),
          note: input.note,
          entered_at: now,
          entered_by: ctx.actor.name,
        })
        .execute();
      changes[p.key] = { before: cur ? cur.value : null, after: p.value, ...(p.names.length ? { names: p.names } : {}) };
    }
    return {
      result: { changed: Object.keys(changes) },
      audit: {
        action: 'reports.setFacts',
        subjectType: 'report_facts',
        subjectId: `${org.id}/${input.year}`,
        orgId: org.id,
        summary: { year: input.year, changes },
      },
    };
  },
});
