import { z } from 'zod';
import { defineCommand } from '../../../platform/command.ts';
import type { AuditDraft } from '../../../platform/audit/audit.ts';
import { getSetting } from '../../../platform/settings/settings.ts';
import { isPhone, sameName, samePhone } from '../applicants.ts';
import { findByCode, normaliseCode } from '../repo.ts';
import { trackingLockSetting } from '../settings.ts';

export type TrackResult = { ok: true; requestId: number } | { ok: false };

/**
 * The applicant's look-up: query code plus the name (or the phone) given in the application. A
 * wrong name, an unknown code and a locked code all answer the same — nothing — so the page
 * reveals neither whether a code exists nor whose it is. Failures count per code toward a lock
 * (a setting); the route also rate-limits per client. Audited like a login, without what was typed.
 */
export const trackRequest = defineCommand({
  name: 'requests.track',
  input: z.object({
    code: z.string({ required_error: '请填写查询码' }).trim().min(1, '请填写查询码').max(40, '查询码格式不正确'),
    who: z.string({ required_error: '请填写申请人姓名（名称）或联系电话' }).trim().min(1, '请填写申请人姓名（名称）或联系电话').max(100, '内容过长'),
  }),
  async handler(ctx, input): Promise<{ result: TrackResult; audit: AuditDraft[] }> {
    ctx.authorize('requests.track');
    const code = normaliseCode(input.code);
    const r = await findByCode(ctx.tx, code);
    if (!r)
      return {
        result: { ok: false },
        audit: [{ action: 'requests.track-failed', subjectType: 'request', subjectId: null, summary: { reason: 'unknown code' } }],
      };
    const now = ctx.clock.now();
    const locked = r.track_locked_until !== null && r.track_locked_until > now.toISOString();
    // Name as typed in the application (组织: 名称 or 联系人), or the phone given in it.
    const matches =
      sameName(input.who, r.applicant_name) ||
      (!!r.contact_person && sameName(input.who, r.contact_person)) ||
      (isPhone(input.who) && !!r.phone && samePhone(input.who, r.phone));
    if (!matches || locked) {
      const lock = await getSetting(ctx.tx, trackingLockSetting);
      const failures = r.track_failures + (locked ? 0 : 1);
      const lockNow = !locked && failures >= lock.failures;
      const until = lockNow ? new Date(now.getTime() + lock.minutes * 60_000).toISOString() : r.track_locked_until;
      await ctx.tx
        .updateTable('requests')
        .set({ track_failures: lockNow ? 0 : failures, track_locked_until: until })
        .where('id', '=', r.id)
        .execute();
      return {
        result: { ok: false },
        audit: [
          {
            action: 'requests.track-failed',
            subjectType: 'request',
            subjectId: r.id,
            orgId: r.org_id,
            summary: { code: r.query_code, reason: locked ? 'locked' : 'no match', failures },
          },
          ...(lockNow
            ? [{ action: 'requests.track-locked', subjectType: 'request', subjectId: r.id, orgId: r.org_id, summary: { code: r.query_code, until } }]
            : []),
        ],
      };
    }
    if (r.track_failures) await ctx.tx.updateTable('requests').set({ track_failures: 0 }).where('id', '=', r.id).execute();
    return {
      result: { ok: true, requestId: r.id },
      audit: [{ action: 'requests.track', subjectType: 'request', subjectId: r.id, orgId: r.org_id, summary: { code: r.query_code } }],
    };
  },
});
