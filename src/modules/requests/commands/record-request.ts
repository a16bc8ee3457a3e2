import { ValidationError, type FieldIssue } from '../../../kernel/errors.ts';
import { isIsoDate } from '../../../kernel/dates.ts';
import { defineCommand } from '../../../platform/command.ts';
import { CHANNELS, RECEIPT_RULES, type Channel } from '../applicants.ts';
import { parseApplication, rawRecord, type ApplicationInput } from '../schemas.ts';
import { answeringOrg, creationAudit, insertRequest } from './create.ts';
import { notifyApplicant } from './common.ts';

/**
 * Staff intake: 当面, 口头 (written down by staff, 2019 条例第二十九条第一款), 信函 (registered or
 * ordinary), 传真, e-mail. The arrival time and the legal receipt date are recorded separately
 * (2019 条例第三十一条): in person — the day submitted; registered post — the day signed for;
 * ordinary letter — the day the office confirms with the applicant; fax and internet — the day
 * both sides confirm. Left empty for those needing confirmation, the request waits for it.
 */
export const recordRequest = defineCommand({
  name: 'requests.record',
  input: rawRecord,
  async handler(ctx, input) {
    const issues: FieldIssue[] = [];
    const s = (k: string) => (typeof input[k] === 'string' ? (input[k] as string).trim() : '');
    const channel = s('channel') as Channel;
    if (!(CHANNELS as readonly string[]).includes(channel) || channel === 'online') issues.push({ field: 'channel', message: '请选择申请方式' });
    // 收到时间: `YYYY-MM-DDTHH:mm` in the platform's time zone (the form's datetime-local value).
    const arrivedRaw = s('arrivedAt');
    let arrivedAt: Date | undefined;
    const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2}))?$/.exec(arrivedRaw);
    if (!m?.[1] || !isIsoDate(m[1])) issues.push({ field: 'arrivedAt', message: '请填写收到时间（YYYY-MM-DD HH:mm）' });
    else {
      // Beijing has no daylight saving: UTC+8 throughout.
      arrivedAt = new Date(`${m[1]}T${m[2] ?? '09'}:${m[3] ?? '00'}:00+08:00`);
      if (arrivedAt.getTime() > ctx.clock.now().getTime())
        issues.push({ field: 'arrivedAt', message: `收到时间（${arrivedRaw}）晚于现在，不能登记将来的时间` });
    }
    const receivedOn = s('receivedOn') || undefined;
    if (receivedOn !== undefined) {
      if (!isIsoDate(receivedOn)) issues.push({ field: 'receivedOn', message: '日期格式应为 YYYY-MM-DD 且为有效日期' });
      else if (receivedOn > ctx.clock.today()) issues.push({ field: 'receivedOn', message: `收到申请之日（${receivedOn}）晚于今天（${ctx.clock.today()}）` });
      else if (m?.[1] && receivedOn < m[1]) issues.push({ field: 'receivedOn', message: `收到申请之日（${receivedOn}）早于实际收到时间（${m[1]}）` });
    }
    const rule = RECEIPT_RULES[channel];
    if (rule && !rule.needsConfirmation && receivedOn === undefined && m) {
      // In person and oral: the day submitted; registered post: the day signed for.
      if (channel === 'letter_registered')
        issues.push({ field: 'receivedOn', message: `挂号信等需签收的信函，以${rule.rule}为收到申请之日（${rule.basis}），请填写签收日期` });
    }
    if (
      (channel === 'in_person' || channel === 'oral') &&
      receivedOn !== undefined &&
      m &&
      receivedOn !== m[1] &&
      !issues.some((i) => i.field === 'receivedOn')
    )
      issues.push({ field: 'receivedOn', message: `当面提交的，以提交之日为收到申请之日（${rule.basis}），应为 ${m[1]}` });
    let app: ApplicationInput | undefined;
    try {
      app = parseApplication(input, ctx.clock.today());
    } catch (e) {
      if (e instanceof ValidationError) issues.push(...e.issues);
      else throw e;
    }
    if (issues.length || !app || !arrivedAt) throw new ValidationError(issues);
    const org = await answeringOrg(ctx, app.orgId);
    ctx.authorize('requests.intake', { orgPath: org.path });
    const legal = receivedOn ?? (channel === 'in_person' || channel === 'oral' ? m![1] : undefined);
    const r = await insertRequest(ctx, { app, org, channel, arrivedAt, receivedOn: legal, source: 'staff' });
    await notifyApplicant(
      ctx,
      r,
      '政府信息公开申请已登记',
      `${org.name}已登记您的政府信息公开申请，查询码：${r.query_code}${r.received_on ? `，收到申请之日为${r.received_on}` : ''}。请凭查询码和姓名在网站“申请查询”页面查看办理进度。`,
    );
    return { result: { id: r.id, code: r.query_code }, audit: creationAudit(r) };
  },
});
