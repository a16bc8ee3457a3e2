import { z } from 'zod';
import { defineCommand } from '../../../platform/command.ts';
import { ValidationError } from '../../../kernel/errors.ts';
import { isOutcomeKey, outcome as outcomeOf } from '../outcomes.ts';
import { attachmentsOf } from '../repo.ts';
import { idParam, isoDate } from '../schemas.ts';
import { applyChange, checkEventDate, loadRequest, notifyApplicant, refuse, transition } from './common.ts';
import { finalFields } from './finalise.ts';

/**
 * 作出答复: exactly one final outcome from the request's regime (2019 条例第三十六条至第三十九条: the
 * 21 leaf rows of table 三; 2008 条例第二十一条、第二十二条: the old categories). The handler picks the
 * legal ground (the wording, which carries its article, paragraph and item) and fills in the facts.
 * Deciding again is refused by the state table: one request, one outcome.
 */
export const decideRequest = defineCommand({
  name: 'requests.decide',
  input: z.object({
    id: idParam,
    outcome: z.string({ required_error: '请选择办理结果' }).trim().min(1, '请选择办理结果'),
    case: z.string().trim().optional(),
    decidedOn: isoDate,
    values: z.record(z.string()).default({}),
  }),
  async handler(ctx, input) {
    const loaded = await loadRequest(ctx, input.id, 'requests.handle');
    const { r, org } = loaded;
    const to = transition(r, 'decide');
    if (!isOutcomeKey(r.regime, input.outcome)) throw ValidationError.field('outcome', `${r.regime}年条例下没有这种办理结果：${input.outcome}`);
    // These end a request through their own events, with the dates the law counts from.
    if (input.outcome === 'other_no_correction' || (r.regime === '2008' && input.outcome === 'correction'))
      throw ValidationError.field('outcome', '逾期未补正请在“告知补正”后使用“逾期未补正，视为放弃申请”登记（条例第三十条）');
    if (input.outcome === 'other_fee_unpaid')
      throw ValidationError.field('outcome', '逾期未缴费请在收费通知后使用“逾期未缴费，视为放弃申请”登记（国办函〔2020〕109号）');
    // 2019 条例第三十条：补正后仍不明确 presupposes a correction.
    if (input.outcome === 'unable_unclear_after_correction' && !r.corrected_on)
      throw ValidationError.field('outcome', '“补正后申请内容仍不明确”须先告知补正并收到补正后的申请（条例第三十条）');
    checkEventDate(ctx, 'decidedOn', input.decidedOn, { date: r.corrected_on ?? r.received_on, label: r.corrected_on ? '收到补正申请之日' : '收到申请之日' });
    const f = await finalFields(ctx, r, org, { key: input.outcome, case: input.case, values: input.values, decidedOn: input.decidedOn });
    const warnings: string[] = [];
    if (r.due_on && input.decidedOn > r.due_on) warnings.push(`答复日期（${input.decidedOn}）晚于答复期限（${r.due_on}），属逾期答复`);
    const disclosed = input.outcome === 'disclose' || input.outcome === 'partial' || input.outcome === 'already_public';
    if (disclosed && r.delivery_channel === 'online' && (await attachmentsOf(ctx.tx, r.id)).length === 0 && f.variant.case !== 'already_public')
      warnings.push('申请人选择在网站下载，但尚未上传公开的信息（附件）');
    const { audit } = await applyChange(ctx, loaded, {
      event: 'decide',
      onDate: input.decidedOn,
      to,
      patch: f.patch,
      detail: { outcome: f.outcome.key, case: f.variant.case, number: f.number, warnings },
      isPublic: true,
      audit: { outcome: f.outcome.key, case: f.variant.case, basis: f.variant.basis, number: f.number, late: f.patch.answered_late === 1, warnings },
    });
    await notifyApplicant(
      ctx,
      r,
      '政府信息公开申请已答复',
      `您的政府信息公开申请（查询码${r.query_code}）已于${input.decidedOn}作出答复（${f.number}），请凭查询码在网站“申请查询”页面查看和下载告知书。`,
    );
    return { result: { id: r.id, outcome: f.outcome.key, label: outcomeOf(r.regime, f.outcome.key).label, number: f.number, warnings }, audit };
  },
});

/** 送达: the letter reached the applicant; the request is closed. */
export const closeRequest = defineCommand({
  name: 'requests.close',
  input: z.object({ id: idParam, deliveredOn: isoDate, note: z.string().trim().max(500).default('') }),
  async handler(ctx, input) {
    const loaded = await loadRequest(ctx, input.id, 'requests.handle');
    const { r } = loaded;
    const to = transition(r, 'close');
    checkEventDate(ctx, 'deliveredOn', input.deliveredOn, { date: r.decided_on, label: '答复日期' });
    if (!r.outcome) refuse('尚未作出答复');
    const { audit } = await applyChange(ctx, loaded, {
      event: 'close',
      onDate: input.deliveredOn,
      to,
      patch: { delivered_on: input.deliveredOn, delivery_note: input.note },
      detail: { note: input.note },
      isPublic: true,
    });
    return { result: { id: r.id }, audit };
  },
});
