import { z } from 'zod';
import { defineCommand } from '../../../platform/command.ts';
import { ValidationError } from '../../../kernel/errors.ts';
import { idParam, isoDate } from '../schemas.ts';
import { WORKING } from '../states.ts';
import { applyChange, checkEventDate, cnDate, loadRequest, notifyApplicant, refuse } from './common.ts';

/**
 * 2019 条例第三十五条: a request whose volume or frequency clearly exceeds a reasonable range, for
 * which the applicant's reasons are reasonable but cannot be answered within the Art. 33 limit —
 * the office sets a reasonable later deadline and tells the applicant. Not a change of state.
 */
export const setReasonableDeadline = defineCommand({
  name: 'requests.reasonable-deadline',
  input: z.object({
    id: idParam,
    deadline: isoDate,
    reason: z.string({ required_error: '请写明理由' }).trim().min(4, '请写明确定合理期限的理由').max(500),
    noticeOn: isoDate,
  }),
  async handler(ctx, input) {
    const loaded = await loadRequest(ctx, input.id, 'requests.handle');
    const { r } = loaded;
    if (r.regime !== '2019') refuse('确定延迟答复的合理期限是2019年条例第三十五条的规定，2008年条例无此规定');
    if (!WORKING.includes(r.state)) refuse('只有办理中的申请可以确定延迟答复的合理期限');
    checkEventDate(ctx, 'noticeOn', input.noticeOn, { date: r.received_on, label: '收到申请之日' });
    if (r.statutory_due_on && input.deadline <= r.statutory_due_on)
      throw ValidationError.field('deadline', `合理期限（${input.deadline}）须晚于第三十三条规定的答复期限（${r.statutory_due_on}）`);
    const { row, audit } = await applyChange(ctx, loaded, {
      event: 'reasonable_deadline',
      onDate: input.noticeOn,
      patch: { reasonable_deadline: input.deadline },
      detail: { deadline: input.deadline, reason: input.reason },
      isPublic: true,
      audit: { deadline: input.deadline, reason: input.reason },
    });
    await notifyApplicant(
      ctx,
      row,
      '政府信息公开申请答复期限告知',
      `您的政府信息公开申请（查询码${r.query_code}）数量、频次明显超过合理范围，本机关确定延迟答复的合理期限至${cnDate(input.deadline)}（《中华人民共和国政府信息公开条例》第三十五条）。`,
    );
    return { result: { id: r.id, due: row.due_on }, audit };
  },
});
