import { isIsoDate } from '../../../kernel/dates.ts';
import { ValidationError, type FieldIssue } from '../../../kernel/errors.ts';
import type { CommandContext } from '../../../platform/command.ts';
import { appendAudit } from '../../../platform/audit/audit.ts';
import type { SignalDraft } from '../ports.ts';
import { LEVEL_LABELS, RAISED_LEVELS } from '../settings.ts';
import '../types.ts';

/** Rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter limits (10 columns a row). */
const CHUNK = 500;
/** Lines of a department's notification before "…等N条". */
const NOTIFY_LINES = 20;
/** Ids listed in the batch's audit entry (the count is always there). */
const AUDIT_IDS = 200;

/**
 * The port's `raise` (services.md §3): in the caller's command transaction, insert the signals
 * that are not there yet — one per subject × rule, by the unique index, so raising again is a
 * no-op — in batches of one statement each; tell each responsible department once per call through
 * the `notifier` port (the outbox), listing its new signals; write one audit entry for the batch
 * with the count. Returns how many were new. Nothing is updated or deleted.
 */
export async function raiseSignals(ctx: CommandContext, drafts: readonly SignalDraft[]): Promise<number> {
  if (!drafts.length) return 0;
  const issues: FieldIssue[] = [];
  drafts.forEach((d, i) => {
    const f = (name: string, message: string) => issues.push({ field: `drafts[${i}].${name}`, message });
    if (typeof d.subjectType !== 'string' || !/^[a-z][a-z0-9-]{0,39}$/.test(d.subjectType))
      f('subjectType', '监察对象类型应为小写字母、数字或连字符（如 case）');
    if (!Number.isSafeInteger(d.subjectId) || d.subjectId < 1) f('subjectId', '监察对象编号应为正整数');
    if (!Number.isSafeInteger(d.orgId) || d.orgId < 1) f('orgId', '责任部门应为机构编号');
    if (typeof d.rule !== 'string' || !/^[a-z][a-z0-9.-]{1,39}$/.test(d.rule)) f('rule', '规则代码应为2–40位小写字母、数字、点或连字符');
    if (!(RAISED_LEVELS as readonly string[]).includes(d.level)) f('level', '等级应为 warning（预警）、yellow（黄牌）或 red（红牌）');
    if (typeof d.raisedOn !== 'string' || !isIsoDate(d.raisedOn)) f('raisedOn', `不是有效日期（YYYY-MM-DD）：${String(d.raisedOn)}`);
    if (typeof d.detail !== 'string' || !d.detail.trim() || d.detail.length > 300 || d.detail.includes('\u0000'))
      f('detail', '请用一句话（300字以内）说明信号');
    if (typeof d.href !== 'string' || !/^\/admin\/[^\s]*$/.test(d.href) || d.href.length > 300) f('href', '应为后台页面地址（以 /admin/ 开头）');
  });
  if (issues.length) throw new ValidationError(issues.slice(0, 50));

  // The org of each draft must exist (it is who is told, and whose scope the signal falls in).
  const orgIds = [...new Set(drafts.map((d) => d.orgId))];
  const orgs = new Map<number, string>();
  for (let i = 0; i < orgIds.length; i += CHUNK) {
    const rows = await ctx.tx
      .selectFrom('orgs')
      .select(['id', 'name'])
      .where('id', 'in', orgIds.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) orgs.set(Number(r.id), r.name);
  }
  drafts.forEach((d, i) => {
    if (!orgs.has(d.orgId)) issues.push({ field: `drafts[${i}].orgId`, message: `没有编号为 ${d.orgId} 的机构` });
  });
  if (issues.length) throw new ValidationError(issues.slice(0, 50));

  // The same subject × rule twice in one call: the first draft counts.
  const seen = new Set<string>();
  const unique = drafts.filter((d) => {
    const k = `${d.subjectType}\u0000${d.subjectId}\u0000${d.rule}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });

  const at = ctx.clock.now().toISOString();
  const fresh: Array<{ id: number; org_id: number; level: SignalDraft['level']; rule: string; detail: string; raised_on: string }> = [];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await ctx.tx
      .insertInto('supervision_signals')
      .values(
        unique.slice(i, i + CHUNK).map((d) => ({
          subject_type: d.subjectType,
          subject_id: d.subjectId,
          org_id: d.orgId,
          rule: d.rule,
          level: d.level,
          raised_on: d.raisedOn,
          raised_at: at,
          detail: d.detail.trim(),
          href: d.href,
          state: 'raised' as const,
        })),
      )
      .onConflict((oc) => oc.columns(['subject_type', 'subject_id', 'rule']).doNothing())
      .returning(['id', 'org_id', 'level', 'rule', 'detail', 'raised_on'])
      .execute();
    for (const r of rows) fresh.push({ ...r, id: Number(r.id), org_id: Number(r.org_id) });
  }
  if (!fresh.length) return 0;

  const byOrg = new Map<number, typeof fresh>();
  for (const s of fresh) {
    const list = byOrg.get(s.org_id);
    if (list) list.push(s);
    else byOrg.set(s.org_id, [s]);
  }
  for (const [orgId, list] of byOrg) {
    const counts = RAISED_LEVELS.map((l) => [l, list.filter((s) => s.level === l).length] as const).filter(([, n]) => n > 0);
    const lines = list.slice(0, NOTIFY_LINES).map((s) => `【${LEVEL_LABELS[s.level]}】${s.detail}（${s.raised_on}）`);
    if (list.length > NOTIFY_LINES) lines.push(`……等共${list.length}条，请到“电子监察”查看`);
    await ctx.ports.notifier.send(
      ctx.tx,
      {
        to: { kind: 'staff', orgId, orgName: orgs.get(orgId) ?? '' },
        subject: `电子监察：新增${counts.map(([l, n]) => `${LEVEL_LABELS[l]}${n}条`).join('、')}`,
        body: lines.join('\n'),
      },
      ctx.clock.now(),
    );
  }

  const byLevel: Record<string, number> = { warning: 0, yellow: 0, red: 0 };
  for (const s of fresh) byLevel[s.level] = (byLevel[s.level] ?? 0) + 1;
  await appendAudit(ctx.tx, { actorId: ctx.actor.userId, actorName: ctx.actor.name, requestId: ctx.requestId, at: ctx.clock.now() }, [
    {
      action: 'supervision.raise',
      subjectType: 'supervision_signal',
      subjectId: fresh.length === 1 ? fresh[0]!.id : null,
      orgId: byOrg.size === 1 ? fresh[0]!.org_id : null,
      summary: {
        count: fresh.length,
        byLevel,
        departments: byOrg.size,
        ids: fresh.slice(0, AUDIT_IDS).map((s) => s.id),
        ...(fresh.length > AUDIT_IDS ? { idsTruncated: true } : {}),
      },
    },
  ]);
  return fresh.length;
}
