import { z } from 'zod';
import { defineCommand } from '../../../platform/command.ts';
import { ValidationError } from '../../../kernel/errors.ts';
import { idParam, isoDate } from '../schemas.ts';
import { applyChange, checkEventDate, loadRequest, notifyApplicant, transition } from './common.ts';
import { answeringOrg } from './create.ts';

/**
 * 转送: the request goes to the competent org inside the district, with the reason. The clock keeps
 * the original legal receipt date — the applicant does not lose time to a misaddressed request
 * (local 口径: the 条例 has no internal-transfer rule; Art. 36(5) covers telling the applicant of an
 * agency outside the platform, which is an outcome, not a transfer).
 */
export const transferRequest = defineCommand({
  name: 'requests.transfer',
  input: z.object({
    id: idParam,
    toOrgId: idParam,
    reason: z.string({ required_error: '请写明转送理由' }).trim().min(4, '请写明转送理由（如：所申请信息由该机关制作和保存）').max(500),
    onDate: isoDate,
  }),
  async handler(ctx, input) {
    const loaded = await loadRequest(ctx, input.id, 'requests.handle');
    const { r, org } = loaded;
    const to = transition(r, 'transfer');
    const target = await answeringOrg(ctx, input.toOrgId).catch(() => {
      throw ValidationError.field('toOrgId', '请选择承办机关');
    });
    if (target.id === r.org_id) throw ValidationError.field('toOrgId', '承办机关与当前机关相同');
    checkEventDate(ctx, 'onDate', input.onDate, { date: r.received_on, label: '收到申请之日' });
    const { row, audit } = await applyChange(ctx, loaded, {
      event: 'transfer',
      onDate: input.onDate,
      to,
      patch: { org_id: target.id },
      detail: { fromOrgId: org.id, fromOrg: org.name, toOrgId: target.id, toOrg: target.name, reason: input.reason },
      isPublic: true,
      audit: { fromOrgId: org.id, toOrgId: target.id, reason: input.reason },
    });
    // The receiving org's event row carries its own id: both orgs' timelines show the transfer.
    await notifyApplicant(
      ctx,
      row,
      '政府信息公开申请已转送',
      `您的政府信息公开申请（查询码${r.query_code}）已由${org.name}转送${target.name}办理，答复期限不变（至${row.due_on ?? '确认收到后计算'}）。`,
    );
    return { result: { id: r.id, orgId: target.id }, audit: [audit, { ...audit, action: 'requests.transfer-in', orgId: target.id }] };
  },
});
