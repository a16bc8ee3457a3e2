import { z } from 'zod';
import { defineCommand, type CommandContext } from '../../../platform/command.ts';
import { loadCalendar } from '../../../platform/calendar/calendar.ts';
import { getSetting } from '../../../platform/settings/settings.ts';
import type { IsoDate } from '../../../kernel/dates.ts';
import { correctionNoticeDeadline, correctionPeriodEnds } from '../deadlines.ts';
import { rulesFor } from '../regimes.ts';
import { findRequest } from '../repo.ts';
import { findOrgById } from '../../orgs/index.ts';
import { idParam, isoDate } from '../schemas.ts';
import { correctionPeriodSetting } from '../settings.ts';
import { applyChange, checkEventDate, cnDate, loadRequest, notifyApplicant, refuse, transition, type Loaded } from './common.ts';
import { finalFields } from './finalise.ts';

/**
 * 补正. 2019 条例第三十条: one single notice within 7 working days of receipt listing everything to
 * correct, with a reasonable period; the answer deadline restarts from receipt of the corrected
 * request; no correction in time without good reason → abandoned (row 三（六）1). 2008 条例第二十一条
 * 第（四）项: 告知作出更改、补充 (the clock restarting is local 口径, as in 2019).
 */
export const requestCorrection = defineCommand({
  name: 'requests.request-correction',
  input: z.object({
    id: idParam,
    noticeOn: isoDate,
    items: z.string({ required_error: '请逐项写明需要补正的内容' }).trim().min(4, '请逐项写明需要补正的内容（一次性告知）').max(2000, '补正内容不超过2000字'),
    periodDays: z
      .union([z.literal(''), z.coerce.number().int('补正期限须为整数个工作日').min(1, '补正期限至少1个工作日').max(60, '补正期限不超过60个工作日')])
      .optional(),
  }),
  async handler(ctx, input) {
    const loaded = await loadRequest(ctx, input.id, 'requests.handle');
    const { r } = loaded;
    // 一次性告知: a second notice is refused whatever the state.
    if (r.correction_notice_on) refuse(`本申请已于${r.correction_notice_on}告知补正；条例第三十条要求一次性告知，不能再次告知补正`);
    const to = transition(r, 'request_correction');
    checkEventDate(ctx, 'noticeOn', input.noticeOn, { date: r.received_on, label: '收到申请之日' });
    const cal = await loadCalendar(ctx.tx);
    const days = typeof input.periodDays === 'number' ? input.periodDays : await getSetting(ctx.tx, correctionPeriodSetting);
    const ends = correctionPeriodEnds(cal, input.noticeOn, days);
    const warnings: string[] = [];
    const limit = correctionNoticeDeadline(cal, r.received_on!, r.regime);
    if (limit && input.noticeOn > limit.date)
      warnings.push(`补正告知晚于收到申请后${rulesFor(r.regime).correctionNoticeDays}个工作日（${limit.date}）（条例第三十条）`);
    const { row, audit } = await applyChange(
      ctx,
      loaded,
      {
        event: 'request_correction',
        onDate: input.noticeOn,
        to,
        patch: { correction_notice_on: input.noticeOn, correction_items: input.items, correction_period_days: days, correction_ends_on: ends.date },
        detail: { items: input.items, periodDays: days, endsOn: ends.date, warnings },
        isPublic: true,
        audit: { periodDays: days, endsOn: ends.date, warnings },
      },
      cal,
    );
    await notifyApplicant(
      ctx,
      row,
      '政府信息公开申请补正通知',
      `您的政府信息公开申请（查询码${r.query_code}）需要补正：${input.items}。请于${cnDate(ends.date)}前补正，可在网站“申请查询”页面直接提交。逾期无正当理由不补正的，视为放弃申请（《中华人民共和国政府信息公开条例》第三十条）。`,
    );
    return { result: { id: r.id, endsOn: ends.date, warnings }, audit };
  },
});

async function correct(ctx: CommandContext, loaded: Loaded, correctedOn: IsoDate, text: string, by: 'staff' | 'applicant') {
  const { r } = loaded;
  const to = transition(r, 'receive_correction');
  checkEventDate(ctx, 'correctedOn', correctedOn, { date: r.correction_notice_on, label: '补正告知日期' });
  const warnings: string[] = [];
  if (r.correction_ends_on && correctedOn > r.correction_ends_on)
    warnings.push(`补正晚于补正期限（${r.correction_ends_on}），请核实是否有正当理由（条例第三十条）`);
  const { row, audit } = await applyChange(ctx, loaded, {
    event: 'receive_correction',
    onDate: correctedOn,
    to,
    patch: { corrected_on: correctedOn, correction_text: text },
    detail: { by, warnings },
    isPublic: true,
    audit: { by, warnings },
  });
  return { result: { id: r.id, due: row.due_on, warnings }, audit };
}

/** The corrected request received on paper or in person, recorded by staff. */
export const receiveCorrection = defineCommand({
  name: 'requests.receive-correction',
  input: z.object({ id: idParam, correctedOn: isoDate, text: z.string().trim().min(1, '请填写补正的内容').max(4000, '补正内容不超过4000字') }),
  async handler(ctx, input) {
    const loaded = await loadRequest(ctx, input.id, 'requests.handle');
    return correct(ctx, loaded, input.correctedOn, input.text, 'staff');
  },
});

/**
 * The applicant corrects online from the tracking page (after it verified code and name or phone).
 * Received today: the office has it the day it is submitted (local 口径, as for an in-person correction).
 */
export const submitCorrection = defineCommand({
  name: 'requests.submit-correction',
  input: z.object({ id: idParam, text: z.string({ required_error: '请填写补正的内容' }).trim().min(4, '请填写补正的内容').max(4000, '补正内容不超过4000字') }),
  async handler(ctx, input) {
    ctx.authorize('requests.correct-own', { verifiedApplicant: true });
    const r = await findRequest(ctx.tx, input.id);
    const org = r ? await findOrgById(ctx.tx, r.org_id) : undefined;
    if (!r || !org) refuse('申请不存在');
    return correct(ctx, { r, org }, ctx.clock.today(), input.text, 'applicant');
  },
});

/** No correction in time: the request is treated as abandoned (2019 row 三（六）1; 2008 告知作出更改补充). */
export const lapseCorrection = defineCommand({
  name: 'requests.lapse-correction',
  input: z.object({ id: idParam, onDate: isoDate, note: z.string().trim().max(500).default('') }),
  async handler(ctx, input) {
    const loaded = await loadRequest(ctx, input.id, 'requests.handle');
    const { r, org } = loaded;
    const to = transition(r, 'correction_lapsed');
    checkEventDate(ctx, 'onDate', input.onDate, { date: r.correction_notice_on, label: '补正告知日期' });
    if (r.correction_ends_on && input.onDate <= r.correction_ends_on)
      refuse(`补正期限至${r.correction_ends_on}尚未届满，届满后才能认定逾期未补正（条例第三十条）`);
    const key = r.regime === '2019' ? 'other_no_correction' : 'correction';
    const values: Record<string, string> =
      r.regime === '2019'
        ? { 补正告知日期: cnDate(r.correction_notice_on!), 补正期限: cnDate(r.correction_ends_on!) }
        : { '需要更改、补充的事项': r.correction_items || '申请内容' };
    const f = await finalFields(ctx, r, org, { key, values, decidedOn: input.onDate, stopsHandling: true });
    const { audit } = await applyChange(ctx, loaded, {
      event: 'correction_lapsed',
      onDate: input.onDate,
      to,
      patch: f.patch,
      detail: { outcome: key, number: f.number },
      isPublic: true,
      audit: { outcome: key, number: f.number },
    });
    return { result: { id: r.id, outcome: key, number: f.number }, audit };
  },
});
