import { z } from 'zod';
import { defineCommand, type CommandContext } from '../../../platform/command.ts';
import { NotFoundError, ValidationError, type FieldIssue } from '../../../kernel/errors.ts';
import { findOrgById } from '../../orgs/index.ts';
import { findAppeal, findRequest } from '../repo.ts';
import { idParam, isoDate, optionalDate } from '../schemas.ts';

export const APPEAL_KINDS = { reconsideration: '行政复议', litigation: '行政诉讼' } as const;
export const LITIGATION_ROUTES = { direct: '未经复议直接起诉', after_reconsideration: '复议后起诉' } as const;
/** Table 四 results (国办公开办函〔2021〕30号): 维持, 纠正, 其他, 尚未审结. */
export const APPEAL_RESULTS = { upheld: '结果维持', corrected: '结果纠正', other: '其他结果', pending: '尚未审结' } as const;

const optionalId = z
  .union([z.literal(''), z.null(), idParam])
  .optional()
  .transform((v) => (v ? v : undefined));

const appealFields = z.object({
  orgId: optionalId,
  requestId: optionalId,
  kind: z.enum(['reconsideration', 'litigation'], { errorMap: () => ({ message: '请选择行政复议或行政诉讼' }) }),
  route: z.union([z.literal(''), z.enum(['direct', 'after_reconsideration'])]).default(''),
  reconsiderationId: optionalId,
  body: z.string({ required_error: '请填写复议机关或受理法院' }).trim().min(2, '请填写复议机关或受理法院').max(100),
  caseNumber: z.string().trim().max(100).default(''),
  appellant: z.string().trim().max(100).default(''),
  filedOn: isoDate,
  decidedOn: optionalDate,
  result: z.enum(['upheld', 'corrected', 'other', 'pending'], { errorMap: () => ({ message: '请选择审理结果' }) }),
  resultDetail: z.string().trim().max(200).default(''),
  coDefendantOrgId: optionalId,
  coDefendantName: z.string().trim().max(100).default(''),
  instance: z.string().trim().max(20).default(''),
  note: z.string().trim().max(1000).default(''),
});

/**
 * 行政复议 and 行政诉讼 records over disclosure acts (report table 四). Linked to the request when
 * there is one (older decisions may have none). When the reconsideration body is sued with the
 * original agency (行政诉讼法第二十六条第二款：复议维持的，作出原行政行为的机关和复议机关是共同被告),
 * the case is recorded once, for the original agency, and counts only for it (2021 format, §6.3).
 */
export const recordAppeal = defineCommand({
  name: 'requests.record-appeal',
  input: appealFields,
  async handler(ctx, input) {
    const v = await checkAppeal(ctx, input);
    const now = ctx.clock.now().toISOString();
    const row = await ctx.tx
      .insertInto('appeals')
      .values({
        org_id: v.orgId,
        request_id: input.requestId ?? null,
        kind: input.kind,
        route: input.kind === 'litigation' ? (input.route as 'direct' | 'after_reconsideration') : null,
        reconsideration_id: input.reconsiderationId ?? null,
        body: input.body,
        case_number: input.caseNumber,
        appellant: input.appellant,
        filed_on: input.filedOn,
        decided_on: input.decidedOn ?? null,
        result: input.result,
        result_detail: input.resultDetail,
        co_defendant_org_id: input.coDefendantOrgId ?? null,
        co_defendant_name: v.coDefendantName,
        instance: input.instance,
        note: input.note,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    return {
      result: { id },
      audit: {
        action: 'requests.record-appeal',
        subjectType: 'appeal',
        subjectId: id,
        orgId: v.orgId,
        summary: {
          kind: input.kind,
          route: input.route || null,
          requestId: input.requestId ?? null,
          filedOn: input.filedOn,
          result: input.result,
          decidedOn: input.decidedOn ?? null,
          coDefendantOrgId: input.coDefendantOrgId ?? null,
        },
      },
    };
  },
});

/** Record the outcome of a pending case (or correct it on appeal: the latest instance counts). */
export const decideAppeal = defineCommand({
  name: 'requests.decide-appeal',
  input: z.object({
    id: idParam,
    decidedOn: isoDate,
    result: z.enum(['upheld', 'corrected', 'other'], { errorMap: () => ({ message: '请选择审理结果' }) }),
    resultDetail: z.string().trim().max(200).default(''),
    instance: z.string().trim().max(20).default(''),
  }),
  async handler(ctx, input) {
    const a = await findAppeal(ctx.tx, input.id);
    if (!a) throw new NotFoundError('复议或诉讼记录不存在');
    const org = await findOrgById(ctx.tx, a.org_id);
    ctx.authorize('requests.appeals.manage', { orgPath: org?.path ?? '/' });
    if (input.decidedOn > ctx.clock.today()) throw ValidationError.field('decidedOn', `日期（${input.decidedOn}）晚于今天，不能登记将来的日期`);
    if (input.decidedOn < a.filed_on) throw ValidationError.field('decidedOn', `审结日期（${input.decidedOn}）早于申请或立案日期（${a.filed_on}）`);
    await ctx.tx
      .updateTable('appeals')
      .set({
        decided_on: input.decidedOn,
        result: input.result,
        result_detail: input.resultDetail,
        instance: input.instance || a.instance,
        updated_at: ctx.clock.now().toISOString(),
      })
      .where('id', '=', a.id)
      .execute();
    return {
      result: { id: a.id },
      audit: {
        action: 'requests.decide-appeal',
        subjectType: 'appeal',
        subjectId: a.id,
        orgId: a.org_id,
        summary: { before: { result: a.result, decidedOn: a.decided_on }, after: { result: input.result, decidedOn: input.decidedOn } },
      },
    };
  },
});

async function checkAppeal(ctx: CommandContext, input: z.infer<typeof appealFields>): Promise<{ orgId: number; coDefendantName: string }> {
  const issues: FieldIssue[] = [];
  const today = ctx.clock.today();
  let orgId = input.orgId;
  if (input.requestId) {
    const r = await findRequest(ctx.tx, input.requestId);
    if (!r) issues.push({ field: 'requestId', message: '关联的申请不存在' });
    else if (orgId && orgId !== r.org_id) issues.push({ field: 'orgId', message: '被申请人（被告）应为作出答复的机关' });
    else orgId = r.org_id;
  }
  if (!orgId) issues.push({ field: 'orgId', message: '请选择被申请人（被告）机关' });
  if (input.kind === 'litigation' && !input.route) issues.push({ field: 'route', message: '请选择直接起诉或复议后起诉' });
  if (input.kind === 'reconsideration' && input.route) issues.push({ field: 'route', message: '行政复议没有起诉方式' });
  if (input.reconsiderationId) {
    const rec = await findAppeal(ctx.tx, input.reconsiderationId);
    if (rec?.kind !== 'reconsideration') issues.push({ field: 'reconsiderationId', message: '关联的行政复议记录不存在' });
    else if (input.kind !== 'litigation' || input.route !== 'after_reconsideration')
      issues.push({ field: 'reconsiderationId', message: '只有复议后起诉的案件关联行政复议记录' });
  }
  // 行政诉讼法第二十六条第二款: co-defendants arise only when the reconsideration upheld the act.
  if ((input.coDefendantOrgId || input.coDefendantName) && !(input.kind === 'litigation' && input.route === 'after_reconsideration'))
    issues.push({ field: 'coDefendantOrgId', message: '复议机关作共同被告只发生在复议后起诉的案件（行政诉讼法第二十六条第二款）' });
  if (input.coDefendantOrgId && input.coDefendantOrgId === orgId) issues.push({ field: 'coDefendantOrgId', message: '共同被告不能是被告机关本身' });
  if (input.filedOn > today) issues.push({ field: 'filedOn', message: `日期（${input.filedOn}）晚于今天（${today}）` });
  if (input.result === 'pending' && input.decidedOn) issues.push({ field: 'decidedOn', message: '尚未审结的案件不填审结日期' });
  if (input.result !== 'pending' && !input.decidedOn) issues.push({ field: 'decidedOn', message: '已审结的案件请填写审结日期' });
  if (input.decidedOn && input.decidedOn > today) issues.push({ field: 'decidedOn', message: `日期（${input.decidedOn}）晚于今天（${today}）` });
  if (input.decidedOn && input.decidedOn < input.filedOn)
    issues.push({ field: 'decidedOn', message: `审结日期（${input.decidedOn}）早于申请或立案日期（${input.filedOn}）` });
  if (issues.length) throw new ValidationError(issues);
  const org = await findOrgById(ctx.tx, orgId!);
  if (!org) throw ValidationError.field('orgId', '机关不存在');
  ctx.authorize('requests.appeals.manage', { orgPath: org.path });
  let coDefendantName = input.coDefendantName;
  if (input.coDefendantOrgId) {
    const co = await findOrgById(ctx.tx, input.coDefendantOrgId);
    if (!co) throw ValidationError.field('coDefendantOrgId', '共同被告机关不存在');
    coDefendantName = co.name;
  }
  return { orgId: org.id, coDefendantName };
}
