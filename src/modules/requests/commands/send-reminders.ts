import { z } from 'zod';
import { defineCommand } from '../../../platform/command.ts';
import { loadCalendar } from '../../../platform/calendar/calendar.ts';
import { followUp, FOLLOW_UP_LABELS, type FollowUpItem } from '../followup.ts';
import { optionalDate } from '../schemas.ts';

/**
 * The daily job (`gongkai requests remind`, and a timer in the server): raise each request that is
 * overdue, due within 3 working days, or waiting past a correction or fee window — once per request,
 * kind and day — and send each org's staff one message listing them (query codes and dates only).
 */
export const sendReminders = defineCommand({
  name: 'requests.remind',
  input: z.object({ today: optionalDate }),
  async handler(ctx, input) {
    ctx.authorize('requests.remind');
    const today = input.today ?? ctx.clock.today();
    const cal = await loadCalendar(ctx.tx);
    const items = (await followUp(ctx.tx, cal, { kind: 'all' }, today)).filter((i) => i.kind !== 'unconfirmed' || i.workdaysLeft < 0);
    const fresh: FollowUpItem[] = [];
    for (const i of items) {
      const seen = await ctx.tx
        .selectFrom('request_reminders')
        .select('request_id')
        .where('request_id', '=', i.request.id)
        .where('on_date', '=', today)
        .where('kind', '=', i.kind)
        .executeTakeFirst();
      if (seen) continue;
      await ctx.tx
        .insertInto('request_reminders')
        .values({ request_id: i.request.id, on_date: today, kind: i.kind, created_at: ctx.clock.now().toISOString() })
        .execute();
      fresh.push(i);
    }
    const byOrg = new Map<number, FollowUpItem[]>();
    for (const i of fresh) byOrg.set(i.request.org_id, [...(byOrg.get(i.request.org_id) ?? []), i]);
    const notifier = ctx.ports.notifier;
    for (const [orgId, list] of byOrg) {
      // Each list holds at least the item that created it.
      const [first] = list;
      if (!first) continue;
      const lines = list.map(
        (i) =>
          `${FOLLOW_UP_LABELS[i.kind]}：${i.request.query_code}（${i.date}${i.workdaysLeft < 0 ? `，已超过${-i.workdaysLeft}个工作日` : `，剩余${i.workdaysLeft}个工作日`}）`,
      );
      await notifier.send(
        ctx.tx,
        {
          to: { kind: 'staff', orgId, orgName: first.request.org_name },
          subject: `依申请公开待办提醒（${today}）：${list.length}件`,
          body: lines.join('\n'),
        },
        ctx.clock.now(),
      );
    }
    const counts: Record<string, number> = {};
    for (const i of fresh) counts[i.kind] = (counts[i.kind] ?? 0) + 1;
    return {
      result: {
        today,
        raised: fresh.length,
        alreadyRaised: items.length - fresh.length,
        counts,
        orgs: byOrg.size,
        items: fresh.map((i) => ({ kind: i.kind, code: i.request.query_code, org: i.request.org_short_name, date: i.date, workdaysLeft: i.workdaysLeft })),
      },
      audit: { action: 'requests.remind', subjectType: 'job', subjectId: today, summary: { today, raised: fresh.length, counts, orgs: byOrg.size } },
    };
  },
});
