import { defineCommand } from '../../../platform/command.ts';
import { NotFoundError, ValidationError } from '../../../kernel/errors.ts';
import { loadCalendar } from '../../../platform/calendar/calendar.ts';
import { getSetting } from '../../../platform/settings/settings.ts';
import { findSignals, nextNoticeSeq } from '../repo.ts';
import { issueNoticeSchema } from '../schemas.ts';
import { answerDaysSetting, LEVEL_LABELS } from '../settings.ts';

/**
 * 签发督办: a supervisor asks the responsible department to act on one subject's signals and answer
 * within N working days (counted from the day after issue, on the platform's calendar). The
 * department is told through the outbox.
 */
export const issueNotice = defineCommand({
  name: 'supervision.notice.issue',
  input: issueNoticeSchema,
  async handler(ctx, input) {
    const ids = [...new Set(input.signalIds)];
    const list = await findSignals(ctx.tx, ids);
    if (list.length !== ids.length) throw new NotFoundError(`没有这些监察信号：${ids.filter((i) => !list.some((s) => s.id === i)).join('、')}`);
    const first = list[0]!; // ids is not empty (schema) and every id was found
    for (const s of list) ctx.authorize('supervision.notice.issue', { orgPath: s.org_path });
    if (list.some((s) => s.subject_type !== first.subject_type || s.subject_id !== first.subject_id || s.org_id !== first.org_id))
      throw ValidationError.field('signalIds', '一份督办单只针对同一个监察对象（同一办件）的信号');
    const cleared = list.filter((s) => s.state === 'cleared');
    if (cleared.length) throw ValidationError.field('signalIds', `已消除的信号不能督办：${cleared.map((s) => `#${s.id}`).join('、')}`);

    const days = input.answerDays ?? (await getSetting(ctx.tx, answerDaysSetting));
    const today = ctx.clock.today();
    const cal = await loadCalendar(ctx.tx);
    const answerBy = cal.addWorkdays(today, days).date;
    const year = Number(today.slice(0, 4));
    const seq = await nextNoticeSeq(ctx.tx, year);
    const number = `督办〔${year}〕${seq}号`;
    const at = ctx.clock.now().toISOString();
    const row = await ctx.tx
      .insertInto('supervision_notices')
      .values({
        number,
        year,
        seq,
        subject_type: first.subject_type,
        subject_id: first.subject_id,
        org_id: first.org_id,
        requirement: input.requirement,
        issued_on: today,
        issued_at: at,
        issued_by: ctx.actor.name,
        answer_days: days,
        answer_by: answerBy,
        state: 'issued',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    await ctx.tx
      .insertInto('supervision_notice_signals')
      .values(list.map((s) => ({ notice_id: id, signal_id: s.id })))
      .execute();
    await ctx.tx
      .insertInto('supervision_notice_events')
      .values({ notice_id: id, kind: 'issued', at, by_name: ctx.actor.name, text: input.requirement })
      .execute();
    await ctx.ports.notifier.send(
      ctx.tx,
      {
        to: { kind: 'staff', orgId: first.org_id, orgName: first.org_name },
        subject: `电子监察督办：${number}，请于${answerBy}前回复`,
        body: [
          ...list.map((s) => `【${LEVEL_LABELS[s.level]}】${s.detail}`),
          `督办要求：${input.requirement}`,
          `回复期限：${days}个工作日（${answerBy}前）`,
        ].join('\n'),
      },
      ctx.clock.now(),
    );
    return {
      result: { id, number, answerBy },
      audit: {
        action: 'supervision.notice.issue',
        subjectType: 'supervision_notice',
        subjectId: id,
        orgId: first.org_id,
        summary: { number, signals: list.map((s) => s.id), subject: `${first.subject_type}:${first.subject_id}`, answerDays: days, answerBy },
      },
    };
  },
});
