import type { Queryable } from '../../../storage/db.ts';
import type { CommandContext } from '../../../platform/command.ts';
import { getSetting } from '../../../platform/settings/settings.ts';
import { ValidationError, NotFoundError, type FieldIssue } from '../../../kernel/errors.ts';
import { findOrgById, type Org } from '../../orgs/index.ts';
import { codeChecker, codeMessage, codePatternSetting } from '../settings.ts';
import { OPENING, TERMINAL, DISPOSITION_LABELS, type DelegateMode, type DispositionKind } from '../types.ts';
import { orderBasis } from '../basis.ts';
import type { PowerFields } from '../schemas.ts';

/** Org kinds a power may be delegated to (services.md §1: "delegated to township/street"). */
export const DELEGATE_KINDS = ['township', 'town', 'street'] as const;

/** The province's code check (the setting), once per command. */
export async function codeCheck(db: Queryable): Promise<{ ok: (code: string) => boolean; message: (code: string) => string }> {
  const pattern = await getSetting(db, codePatternSetting);
  const ok = codeChecker(pattern);
  return { ok, message: (code) => codeMessage(code, pattern) };
}

/** Check a power's fields against the tree, the categories and the code rule; authorise on its org. */
export async function checkPowerFields(ctx: CommandContext, input: PowerFields, selfId?: number): Promise<{ org: Org; row: Record<string, string | number> }> {
  const issues: FieldIssue[] = [];
  const org = await findOrgById(ctx.tx, input.orgId);
  if (!org) throw new ValidationError([{ field: 'orgId', message: '找不到所属部门' }]);
  ctx.authorize('powers.manage', { orgPath: org.path });
  const cat = await ctx.tx.selectFrom('power_categories').select(['id', 'active']).where('id', '=', input.categoryId).executeTakeFirst();
  if (!cat || Number(cat.active) !== 1) issues.push({ field: 'categoryId', message: '职权类别不在类别表中（或已停用）' });
  const codes = await codeCheck(ctx.tx);
  if (!codes.ok(input.code)) issues.push({ field: 'code', message: codes.message(input.code) });
  else {
    const other = await ctx.tx.selectFrom('powers').select('id').where('code', '=', input.code).executeTakeFirst();
    if (other && Number(other.id) !== selfId) issues.push({ field: 'code', message: `编码“${input.code}”已被另一项权力使用` });
  }
  if (issues.length) throw new ValidationError(issues);
  return {
    org,
    row: {
      org_id: org.id,
      category_id: input.categoryId,
      name: input.name,
      code: input.code,
      body: input.body,
      body_kind: input.bodyKind,
      legal_basis: orderBasis(input.legalBasis),
      fee_basis: input.feeBasis,
      procedure: input.procedure,
      time_limit: input.timeLimit,
      supervision_phone: input.supervisionPhone,
    },
  };
}

export interface DispositionDraft {
  kind: DispositionKind;
  onDate: string;
  mergedIntoId: number | null;
  mode: DelegateMode | null;
  delegateOrgIds: number[];
  note: string;
}

/**
 * The rules of a history (services.md §1), for the form and the import alike: a power enters the
 * list with 保留 or 新增; its changes are dated in order (never before the last one); nothing
 * follows 取消 or 调整合并; a merge names another power; a delegation names townships or streets
 * and whether they handle it fully (全程办理) or by proxy (代办). Returns the problems, by field.
 */
export function historyProblems(
  last: { kind: DispositionKind; onDate: string } | undefined,
  d: {
    kind: DispositionKind;
    onDate: string;
    mergedInto: { id: number } | null | 'missing' | 'self';
    mode: DelegateMode | null;
    delegateOrgs: Array<{ kind: string; name: string }>;
  },
): FieldIssue[] {
  const out: FieldIssue[] = [];
  if (!last && !OPENING.includes(d.kind)) out.push({ field: 'kind', message: `权力的第一条处置情况应为保留或新增，不能是${DISPOSITION_LABELS[d.kind]}` });
  if (last && TERMINAL.includes(last.kind)) out.push({ field: 'kind', message: `这项权力已于${last.onDate}${DISPOSITION_LABELS[last.kind]}，不能再调整` });
  if (last && d.onDate < last.onDate) out.push({ field: 'onDate', message: `处置日期不能早于上一次调整（${last.onDate}）` });
  if (d.kind === 'merge') {
    if (d.mergedInto === null) out.push({ field: 'mergedIntoCode', message: '调整合并须写明合并至哪一项权力（权力编码）' });
    else if (d.mergedInto === 'missing') out.push({ field: 'mergedIntoCode', message: '找不到要合并至的权力（请填写权力编码）' });
    else if (d.mergedInto === 'self') out.push({ field: 'mergedIntoCode', message: '不能合并至自身' });
  } else if (d.mergedInto !== null) out.push({ field: 'mergedIntoCode', message: '只有调整合并才填写合并至' });
  if (d.kind === 'delegate') {
    if (!d.delegateOrgs.length) out.push({ field: 'delegateOrgIds', message: '下放须写明下放至哪些乡镇（街道）' });
    const wrong = d.delegateOrgs.filter((o) => !(DELEGATE_KINDS as readonly string[]).includes(o.kind));
    if (wrong.length) out.push({ field: 'delegateOrgIds', message: `只能下放至乡、镇或街道：${wrong.map((o) => o.name).join('、')}不是` });
    if (!d.mode) out.push({ field: 'mode', message: '请选择下放方式（全程办理或代办）' });
  } else {
    if (d.delegateOrgs.length) out.push({ field: 'delegateOrgIds', message: '只有下放才填写下放至' });
    if (d.mode) out.push({ field: 'mode', message: '只有下放才填写下放方式' });
  }
  return out;
}

/** Write one disposition (and its delegations). */
export async function insertDisposition(ctx: CommandContext, powerId: number, d: DispositionDraft): Promise<number> {
  const row = await ctx.tx
    .insertInto('power_dispositions')
    .values({
      power_id: powerId,
      kind: d.kind,
      on_date: d.onDate,
      merged_into_id: d.mergedIntoId,
      delegate_mode: d.mode,
      note: d.note,
      recorded_at: ctx.clock.now().toISOString(),
      recorded_by: ctx.actor.name,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  if (d.delegateOrgIds.length)
    await ctx.tx
      .insertInto('power_delegations')
      .values([...new Set(d.delegateOrgIds)].map((org_id) => ({ disposition_id: id, org_id })))
      .execute();
  return id;
}

export async function lastDisposition(db: Queryable, powerId: number): Promise<{ kind: DispositionKind; onDate: string } | undefined> {
  const r = await db
    .selectFrom('power_dispositions')
    .select(['kind', 'on_date'])
    .where('power_id', '=', powerId)
    .orderBy('on_date', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return r ? { kind: r.kind, onDate: r.on_date } : undefined;
}

export async function powerOrThrow(db: Queryable, id: number): Promise<{ id: number; orgId: number; orgPath: string; code: string; name: string }> {
  const r = await db
    .selectFrom('powers as p')
    .innerJoin('orgs as o', 'o.id', 'p.org_id')
    .select(['p.id', 'p.org_id', 'o.path', 'p.code', 'p.name'])
    .where('p.id', '=', id)
    .executeTakeFirst();
  if (!r) throw new NotFoundError('没有这项权力');
  return { id: Number(r.id), orgId: Number(r.org_id), orgPath: r.path, code: r.code, name: r.name };
}
