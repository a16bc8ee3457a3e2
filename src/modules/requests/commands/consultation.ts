import { z } from 'zod';
import { defineCommand } from '../../../platform/command.ts';
import { loadCalendar } from '../../../platform/calendar/calendar.ts';
import { NotFoundError, ValidationError } from '../../../kernel/errors.ts';
import { consultationReplyDeadline } from '../deadlines.ts';
import { allowsPause } from '../regimes.ts';
import { consultationsOf } from '../repo.ts';
import { idParam, isoDate, optionalDate } from '../schemas.ts';
import { applyChange, checkEventDate, loadRequest, transition } from './common.ts';

export const CONSULTATION_KINDS = { third_party: '第三方', other_agency: '其他行政机关' } as const;
export const CONSULTATION_REPLIES = { agree: '同意公开', disagree: '不同意公开', partial: '部分同意公开', no_reply: '逾期未提出意见' } as const;

/**
 * 书面征求意见. Third parties (2019 条例第三十二条; 2008 第二十三条) and co-producing agencies
 * (2019 第三十四条) have 15 working days to reply; the time from sending to the reply, both days
 * included, is not counted in the answer deadline (2019 第三十三条第三款; 2008 第二十四条第三款, third
 * parties only — local 口径 for the counting, deadlines.ts).
 */
export const startConsultation = defineCommand({
  name: 'requests.start-consultation',
  input: z.object({
    id: idParam,
    kind: z.enum(['third_party', 'other_agency'], { errorMap: () => ({ message: '请选择征求意见的对象类型' }) }),
    party: z.string({ required_error: '请填写被征求意见的第三方或机关' }).trim().min(2, '请填写被征求意见的第三方或机关').max(100),
    sentOn: isoDate,
    consulteeReceivedOn: optionalDate,
  }),
  async handler(ctx, input) {
    const loaded = await loadRequest(ctx, input.id, 'requests.handle');
    const { r } = loaded;
    const to = transition(r, 'start_consultation');
    checkEventDate(ctx, 'sentOn', input.sentOn, { date: r.corrected_on ?? r.received_on, label: r.corrected_on ? '收到补正申请之日' : '收到申请之日' });
    if (input.consulteeReceivedOn) checkEventDate(ctx, 'consulteeReceivedOn', input.consulteeReceivedOn, { date: input.sentOn, label: '发出征求意见之日' });
    const warnings: string[] = [];
    if (!allowsPause(r.regime, input.kind)) warnings.push('2008年条例只规定征求第三方意见的时间不计入答复期限；征求其他机关意见的时间仍计入');
    if (r.due_on && input.sentOn > r.due_on) warnings.push(`发出征求意见时答复期限（${r.due_on}）已届满`);
    const row = await ctx.tx
      .insertInto('request_consultations')
      .values({
        request_id: r.id,
        kind: input.kind,
        party: input.party,
        sent_on: input.sentOn,
        consultee_received_on: input.consulteeReceivedOn ?? null,
        replied_on: null,
        reply: '',
        note: '',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { row: after, audit } = await applyChange(ctx, loaded, {
      event: 'start_consultation',
      onDate: input.sentOn,
      to,
      detail: { kind: input.kind, consultationId: Number(row.id), warnings },
      isPublic: true,
      audit: { kind: input.kind, consultationId: Number(row.id), warnings },
    });
    return { result: { id: r.id, consultationId: Number(row.id), due: after.due_on, warnings }, audit };
  },
});

/**
 * A consultee's reply (or its silence when the 15 working days ran out). When the last open
 * consultation is answered the request resumes. A silent co-producing agency is taken to consent
 * (2019 条例第三十四条); a silent third party leaves the decision to the office (第三十二条).
 */
export const recordConsultationReply = defineCommand({
  name: 'requests.consultation-reply',
  input: z.object({
    id: idParam,
    consultationId: idParam,
    repliedOn: isoDate,
    reply: z.enum(['agree', 'disagree', 'partial', 'no_reply'], { errorMap: () => ({ message: '请选择答复意见' }) }),
    note: z.string().trim().max(1000).default(''),
  }),
  async handler(ctx, input) {
    const loaded = await loadRequest(ctx, input.id, 'requests.handle');
    const { r } = loaded;
    const all = await consultationsOf(ctx.tx, r.id);
    const c = all.find((x) => x.id === input.consultationId);
    if (!c) throw new NotFoundError('征求意见记录不存在');
    if (c.replied_on) throw ValidationError.field('consultationId', `该征求意见已于${c.replied_on}登记答复`);
    checkEventDate(ctx, 'repliedOn', input.repliedOn, { date: c.sent_on, label: '发出征求意见之日' });
    const notes: string[] = [];
    if (input.reply === 'no_reply') {
      const lim = consultationReplyDeadline(await loadCalendar(ctx.tx), c.consultee_received_on ?? c.sent_on, c.kind, r.regime);
      if (lim) {
        if (input.repliedOn < lim.date) throw ValidationError.field('repliedOn', `被征求意见方的答复期限至${lim.date}尚未届满，不能登记为逾期未提出意见`);
        notes.push(
          lim.silence === 'consent' ? '逾期未提出意见，视为同意公开（条例第三十四条）' : '逾期未提出意见，由本机关依照条例规定决定是否公开（条例第三十二条）',
        );
      }
    }
    await ctx.tx
      .updateTable('request_consultations')
      .set({ replied_on: input.repliedOn, reply: input.reply, note: input.note })
      .where('id', '=', c.id)
      .execute();
    const stillOpen = all.filter((x) => x.id !== c.id && !x.replied_on).length;
    const to = stillOpen === 0 ? transition(r, 'resume') : undefined;
    const { row, audit } = await applyChange(ctx, loaded, {
      event: to ? 'resume' : 'consultation_reply',
      onDate: input.repliedOn,
      ...(to ? { to } : {}),
      detail: { consultationId: c.id, kind: c.kind, reply: input.reply, notes },
      isPublic: !!to,
      audit: { consultationId: c.id, reply: input.reply, stillOpen },
    });
    return { result: { id: r.id, resumed: !!to, due: row.due_on, notes }, audit };
  },
});
