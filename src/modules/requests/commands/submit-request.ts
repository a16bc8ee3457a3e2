import { z } from 'zod';
import { ConflictError } from '../../../kernel/errors.ts';
import { defineCommand } from '../../../platform/command.ts';
import { findByIdempotencyKey } from '../repo.ts';
import { parseApplication, rawRecord } from '../schemas.ts';
import { answeringOrg, creationAudit, insertRequest } from './create.ts';
import { notifyApplicant } from './common.ts';

/**
 * The public online form (网络申请). The request waits for the office to confirm receipt: for
 * internet submissions the legal receipt date is the day both sides confirm (2019 条例第三十一条
 * 第（三）项), so no clock runs before that. A double-clicked submit carries the same idempotency
 * key: the second finds the first and creates nothing.
 */
export const submitRequest = defineCommand({
  name: 'requests.submit',
  input: z
    .object({
      idempotencyKey: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9_-]{16,64}$/, '表单已失效，请刷新页面后重新填写'),
    })
    .and(rawRecord),
  async handler(ctx, input) {
    ctx.authorize('requests.apply');
    const app = parseApplication(input, ctx.clock.today());
    const existing = await findByIdempotencyKey(ctx.tx, input.idempotencyKey);
    if (existing) throw new DuplicateSubmission(existing.id, existing.query_code);
    const org = await answeringOrg(ctx, app.orgId);
    const r = await insertRequest(ctx, { app, org, channel: 'online', arrivedAt: ctx.clock.now(), source: 'online', idempotencyKey: input.idempotencyKey });
    await notifyApplicant(
      ctx,
      r,
      '政府信息公开申请已提交',
      `您向${org.name}提交的政府信息公开申请已收到，查询码：${r.query_code}。工作人员确认后，以确认之日为收到申请之日（《中华人民共和国政府信息公开条例》第三十一条第（三）项）。请凭查询码和姓名在网站“申请查询”页面查看办理进度。`,
    );
    return { result: { id: r.id, code: r.query_code, duplicate: false }, audit: creationAudit(r) };
  },
});

/** The same form submitted twice (a double click): the first request stands. */
export class DuplicateSubmission extends ConflictError {
  constructor(
    readonly requestId: number,
    readonly queryCode: string,
  ) {
    super('该申请已经提交，不会重复登记');
  }
}
