import { z } from 'zod';
import { isIsoDate } from '../../kernel/dates.ts';
import { ACTIVITY_KINDS, RESPONSE_CHANNELS } from './types.ts';

const id = z.coerce.number().int().positive();
const isoDate = (label: string) =>
  z
    .string({ required_error: `请填写${label}` })
    .trim()
    .refine((s) => isIsoDate(s), `${label}应为有效日期（YYYY-MM-DD）`);
const text = (max: number, label: string) => z.string().trim().max(max, `${label}不超过${max}个字`).default('');
/** Checkboxes post "on"/"1"/"true" when ticked and nothing when not. */
const flag = z
  .union([z.boolean(), z.string(), z.number()])
  .optional()
  .transform((v) => v === true || v === 1 || v === '1' || v === 'on' || v === 'true' || v === 'yes');
const optionalCount = z
  .union([z.literal(''), z.null(), z.coerce.number().int('应为整数').min(0, '不能为负数').max(1_000_000, '数字过大')])
  .optional()
  .transform((v) => (v === '' || v === undefined || v === null ? null : v));

export const activityFields = z.object({
  orgId: id,
  kind: z.enum(ACTIVITY_KINDS, { errorMap: () => ({ message: '请选择活动类别' }) }),
  heldOn: isoDate('日期'),
  title: z.string().trim().min(2, '请填写名称（至少2个字）').max(200, '名称不超过200个字'),
  leaderPresent: flag,
  channel: z
    .union([z.literal(''), z.enum(RESPONSE_CHANNELS, { errorMap: () => ({ message: '请选择回应渠道' }) })])
    .optional()
    .transform((v) => (v ? v : null)),
  concernId: z
    .union([z.literal(''), id])
    .optional()
    .transform((v) => (v === '' || v === undefined ? null : v)),
  policyTitle: text(200, '所解读政策名称'),
  policyRef: text(60, '所解读政策的索引号或文号'),
  policyItemId: z
    .union([z.literal(''), id])
    .optional()
    .transform((v) => (v === '' || v === undefined ? null : v)),
  participants: optionalCount,
  outcome: text(500, '听证结果'),
  notes: text(1000, '备注'),
});

/**
 * What each kind needs beyond the common fields (checked after parsing, each missing field named):
 * a response names its channel and concern; an interpretation names the policy it explains; a
 * hearing its participants and outcome; training its attendees.
 */
function needsOfKind(a: z.output<typeof activityFields>, ctx: z.RefinementCtx): void {
  const need = (field: keyof typeof a, ok: boolean, message: string) => {
    if (!ok) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field], message });
  };
  if (a.kind === 'response') {
    need('channel', a.channel !== null, '请选择回应渠道');
    need('concernId', a.concernId !== null, '请选择所回应的公众关注事项');
  }
  if (a.kind === 'interpretation') need('policyTitle', a.policyTitle.length >= 2 || a.policyRef.length > 0, '请填写所解读的政策名称或其索引号');
  if (a.kind === 'hearing') {
    need('participants', a.participants !== null, '请填写听证参加人数');
    need('outcome', a.outcome.length > 0, '请填写听证结果');
  }
  if (a.kind === 'training') need('participants', a.participants !== null && a.participants > 0, '请填写参加培训人次');
}

export const activityInput = activityFields.superRefine(needsOfKind);

// The same checks on the parsed fields (parsing them a second time would coerce a null concern to 0).
export const updateActivityInput = activityFields.extend({ id }).superRefine(needsOfKind);

export const deleteActivityInput = z.object({ id, reason: z.string().trim().min(2, '请填写删除原因').max(200) });

export const concernInput = z.object({
  orgId: id,
  title: z.string().trim().min(2, '请填写关注事项（至少2个字）').max(200, '关注事项不超过200个字'),
  raisedOn: isoDate('日期'),
  isHot: flag,
  notes: text(1000, '备注'),
});

export const setFactsInput = z.object({
  orgId: id,
  year: z.coerce.number().int().min(2008, '年度不早于2008年').max(2100),
  /** Fact key → value as typed (万元 may have decimals; list facts: names, one per line). */
  values: z.record(z.union([z.string(), z.number()]).transform(String)),
  /** List facts to clear even when they were never entered (an org with no reading points). */
  explicitEmpty: z.array(z.string()).optional(),
  note: text(200, '说明'),
});

export const reportRefInput = z.object({ orgId: id, year: z.coerce.number().int().min(2008).max(2100) });

export const saveNarrativeInput = reportRefInput.extend({
  /** Section key → text (placeholders kept as typed). */
  sections: z.record(z.string().max(20_000, '每节不超过20000字')),
});

export const reviewInput = reportRefInput.extend({ comment: z.string().trim().max(2000, '意见不超过2000字').default('') });
export const returnInput = reportRefInput.extend({ comment: z.string().trim().min(2, '请填写退回修改意见').max(2000, '意见不超过2000字') });
