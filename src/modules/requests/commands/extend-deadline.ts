import { z } from 'zod';
import { defineCommand } from '../../../platform/command.ts';
import { ValidationError } from '../../../kernel/errors.ts';
import { formatCitation, rulesFor } from '../regimes.ts';
import { idParam, isoDate } from '../schemas.ts';
import { applyChange, checkEventDate, cnDate, loadRequest, notifyApplicant, refuse, transition } from './common.ts';

/**
 * 延长答复期限: approved by the head of the disclosure office, the applicant told, at most 20 more
 * working days (2019 条例第三十三条第二款) / 15 (2008 条例第二十四条第二款). One extension per request,
 * granted before the deadline runs out; approver, reason and notice date are stored.
 */
export const extendDeadline = defineCommand({
  name: 'requests.extend',
  input: z.object({
    id: idParam,
    days: z.union([z.literal(''), z.coerce.number({ invalid_type_error: '延长天数须为整数' }).int('延长天数须为整数').min(1, '至少延长1个工作日')]).optional(),
    approver: z.string({ required_error: '请填写批准延期的负责人' }).trim().min(2, '请填写批准延期的政府信息公开工作机构负责人').max(50),
    reason: z.string({ required_error: '请写明延期理由' }).trim().min(4, '请写明延期理由').max(500),
    noticeOn: isoDate,
  }),
  async handler(ctx, input) {
    const loaded = await loadRequest(ctx, input.id, 'requests.handle');
    const { r } = loaded;
    const rules = rulesFor(r.regime);
    if (r.extension_days)
      refuse(`本申请已于${r.extended_on}延长答复期限${r.extension_days}个工作日，${formatCitation(rules.extensionBasis, { short: true })}只允许延长一次`);
    const to = transition(r, 'extend');
    const days = typeof input.days === 'number' ? input.days : rules.maxExtensionDays;
    if (days > rules.maxExtensionDays)
      throw ValidationError.field(
        'days',
        `延长的期限最长不得超过${rules.maxExtensionDays}个工作日（${formatCitation(rules.extensionBasis, { withInstrument: true })}），不能延长${days}个工作日`,
      );
    checkEventDate(ctx, 'noticeOn', input.noticeOn, { date: r.corrected_on ?? r.received_on, label: '收到申请之日' });
    const today = ctx.clock.today();
    if (r.due_on && today > r.due_on) refuse(`答复期限已于${r.due_on}届满，不能再延长（延期须在答复期限内经负责人同意并告知申请人）`);
    if (r.due_on && input.noticeOn > r.due_on) throw ValidationError.field('noticeOn', `告知延期的日期（${input.noticeOn}）晚于答复期限（${r.due_on}）`);
    const { row, audit } = await applyChange(ctx, loaded, {
      event: 'extend',
      onDate: input.noticeOn,
      to,
      patch: {
        extension_days: days,
        extension_approver: input.approver,
        extension_reason: input.reason,
        extension_notice_on: input.noticeOn,
        extended_on: today,
      },
      detail: { days, approver: input.approver, reason: input.reason },
      isPublic: true,
      audit: { days, approver: input.approver, reason: input.reason },
    });
    await notifyApplicant(
      ctx,
      row,
      '政府信息公开申请延期答复告知',
      `您的政府信息公开申请（查询码${r.query_code}）因${input.reason}，经政府信息公开工作机构负责人同意，答复期限延长${days}个工作日，至${cnDate(row.due_on!)}（${formatCitation(rules.extensionBasis)}）。`,
    );
    return { result: { id: r.id, days, due: row.due_on }, audit };
  },
});
