import { z } from 'zod';
import { defineCommand } from '../../../platform/command.ts';
import { loadCalendar } from '../../../platform/calendar/calendar.ts';
import { ValidationError } from '../../../kernel/errors.ts';
import { costFee2008, formatFen, informationProcessingFee, type CostFeeItem } from '../fees.ts';
import { earlierApplicationsThisMonth, feesOf } from '../repo.ts';
import { idParam, isoDate, optionalDate } from '../schemas.ts';
import { feeDueOf } from '../deadlines.ts';
import { applyChange, checkEventDate, cnDate, loadRequest, notifyApplicant, refuse, transition } from './common.ts';
import { finalFields } from './finalise.ts';

const money = z.union([z.literal(''), z.coerce.number({ invalid_type_error: '金额须为数字' }).min(0, '金额不能为负').max(1_000_000, '金额过大')]).optional();

/**
 * 收费通知. 2019 regime (条例第四十二条, 国办函〔2020〕109号): an information processing fee per
 * application (counted per applicant per calendar month, from this module's records) or per page,
 * never both; payable within 20 working days from the day after the notice is received.
 * 2008 regime (条例第二十七条、第二十八条): search, copying and postage costs, with hardship waivers.
 */
export const notifyFee = defineCommand({
  name: 'requests.notify-fee',
  input: z.object({
    id: idParam,
    basis: z.enum(['per_application', 'per_page', 'cost'], { errorMap: () => ({ message: '请选择计费方式' }) }),
    pages: z.union([z.literal(''), z.coerce.number().int('页数须为整数').min(1, '页数至少为1')]).optional(),
    searchYuan: money,
    copyYuan: money,
    postageYuan: money,
    waiverBasis: z.enum(['', 'wubao', 'dibao', 'youfu', 'other']).default(''),
    waiverReason: z.string().trim().max(200).default(''),
    waiverApprover: z.string().trim().max(50).default(''),
    noticeOn: isoDate,
    noticeReceivedOn: optionalDate,
  }),
  async handler(ctx, input) {
    const loaded = await loadRequest(ctx, input.id, 'requests.handle');
    const { r } = loaded;
    const to = transition(r, 'notify_fee');
    checkEventDate(ctx, 'noticeOn', input.noticeOn, { date: r.received_on, label: '收到申请之日' });
    const receivedOn = input.noticeReceivedOn ?? input.noticeOn;
    checkEventDate(ctx, 'noticeReceivedOn', receivedOn, { date: input.noticeOn, label: '发出收费通知之日' });
    const previous = await feesOf(ctx.tx, r.id);
    if (previous.some((f) => f.paid_on)) refuse('本申请已缴纳过费用，不能再次发出收费通知');

    let basis = input.basis;
    let units = 0;
    let earlier = 0;
    let grossFen: number;
    let amountFen: number;
    let waivedFen = 0;
    let explain: string[];
    let waiver: unknown = null;
    if (r.regime === '2019') {
      if (basis === 'cost') throw ValidationError.field('basis', '2019年条例下只能收取信息处理费（按件或按量，国办函〔2020〕109号），不能收取成本费用');
      if (basis === 'per_page') {
        if (typeof input.pages !== 'number') throw ValidationError.field('pages', '按量计收请填写提供的页数');
        units = input.pages;
        const fee = informationProcessingFee({ basis: 'per_page', pages: units });
        grossFen = amountFen = fee.amountYuan * 100;
        explain = fee.explain;
      } else {
        if (typeof input.pages === 'number') throw ValidationError.field('pages', '同一申请不能同时按件和按量计收（国办函〔2020〕109号）');
        units = 1;
        earlier = await earlierApplicationsThisMonth(ctx.tx, r);
        const fee = informationProcessingFee({ basis: 'per_application', count: 1, earlierThisMonth: earlier });
        grossFen = amountFen = fee.amountYuan * 100;
        explain = fee.explain;
      }
    } else {
      basis = 'cost';
      const items: CostFeeItem[] = [];
      const fen = (y: number | '' | undefined) => (typeof y === 'number' ? Math.round(y * 100) : 0);
      if (fen(input.searchYuan)) items.push({ kind: 'search', amountFen: fen(input.searchYuan) });
      if (fen(input.copyYuan)) items.push({ kind: 'copy', amountFen: fen(input.copyYuan) });
      if (fen(input.postageYuan)) items.push({ kind: 'postage', amountFen: fen(input.postageYuan) });
      const fee = costFee2008({
        items,
        applicant: r.applicant_type === 'natural' ? 'citizen' : 'organisation',
        ...(input.waiverBasis ? { waiver: { basis: input.waiverBasis, reason: input.waiverReason, approvedBy: input.waiverApprover } } : {}),
      });
      grossFen = fee.grossFen;
      amountFen = fee.amountFen;
      waivedFen = fee.waivedFen;
      explain = fee.explain;
      waiver = input.waiverBasis ? { basis: input.waiverBasis, reason: input.waiverReason, approvedBy: input.waiverApprover } : null;
    }
    if (amountFen === 0) refuse(`按标准本申请不收费（${explain.at(-1)}），无需发出收费通知`);
    const cal = await loadCalendar(ctx.tx);
    const due = feeDueOf(cal, { regime: r.regime, notice_received_on: receivedOn });
    const fee = await ctx.tx
      .insertInto('request_fees')
      .values({
        request_id: r.id,
        regime: r.regime,
        basis,
        units,
        earlier_this_month: earlier,
        gross_fen: grossFen,
        waived_fen: waivedFen,
        amount_fen: amountFen,
        explain: JSON.stringify(explain),
        waiver: JSON.stringify(waiver),
        notice_on: input.noticeOn,
        notice_received_on: receivedOn,
        due_on: due?.date ?? null,
        paid_on: null,
        paid_fen: null,
        lapsed_on: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { row, audit } = await applyChange(
      ctx,
      loaded,
      {
        event: 'notify_fee',
        onDate: input.noticeOn,
        to,
        detail: { basis, amountFen, dueOn: due?.date ?? null },
        isPublic: true,
        audit: { feeId: Number(fee.id), basis, units, amountFen, dueOn: due?.date ?? null },
      },
      cal,
    );
    await notifyApplicant(
      ctx,
      row,
      '政府信息公开收费通知',
      `您的政府信息公开申请（查询码${r.query_code}）需缴纳${r.regime === '2019' ? '信息处理费' : '成本费用'}${formatFen(amountFen)}。` +
        (due ? `请于${cnDate(due.date)}前缴纳，逾期未缴纳的视为放弃申请（国办函〔2020〕109号）。` : ''),
    );
    return { result: { id: r.id, feeId: Number(fee.id), amountFen, dueOn: due?.date ?? null, explain }, audit };
  },
});

export const recordPayment = defineCommand({
  name: 'requests.record-payment',
  input: z.object({ id: idParam, paidOn: isoDate, amountYuan: z.coerce.number({ invalid_type_error: '金额须为数字' }).positive('金额须大于0') }),
  async handler(ctx, input) {
    const loaded = await loadRequest(ctx, input.id, 'requests.handle');
    const { r } = loaded;
    const to = transition(r, 'record_payment');
    const fee = (await feesOf(ctx.tx, r.id)).filter((f) => !f.paid_on && !f.lapsed_on).at(-1);
    if (!fee) refuse('没有待缴费的收费通知');
    checkEventDate(ctx, 'paidOn', input.paidOn, { date: fee.notice_on, label: '发出收费通知之日' });
    const paidFen = Math.round(input.amountYuan * 100);
    if (paidFen !== fee.amount_fen)
      throw ValidationError.field('amountYuan', `缴纳金额（${formatFen(paidFen)}）与收费通知金额（${formatFen(fee.amount_fen)}）不符`);
    const warnings: string[] = [];
    if (fee.due_on && input.paidOn > fee.due_on) warnings.push(`缴费晚于缴费期限（${fee.due_on}）`);
    await ctx.tx.updateTable('request_fees').set({ paid_on: input.paidOn, paid_fen: paidFen }).where('id', '=', fee.id).execute();
    const { audit } = await applyChange(ctx, loaded, {
      event: 'record_payment',
      onDate: input.paidOn,
      to,
      detail: { amountFen: paidFen, warnings },
      isPublic: true,
      audit: { feeId: fee.id, amountFen: paidFen, warnings },
    });
    return { result: { id: r.id, paidFen, warnings }, audit };
  },
});

/** Not paid in the 20 working days: treated as abandoned (row 三（六）2, 国办函〔2020〕109号). */
export const lapseFee = defineCommand({
  name: 'requests.lapse-fee',
  input: z.object({ id: idParam, onDate: isoDate }),
  async handler(ctx, input) {
    const loaded = await loadRequest(ctx, input.id, 'requests.handle');
    const { r, org } = loaded;
    const to = transition(r, 'fee_lapsed');
    if (r.regime !== '2019') refuse('逾期未缴费视为放弃申请是国办函〔2020〕109号的规定，只适用于2019年条例下的申请');
    const fee = (await feesOf(ctx.tx, r.id)).filter((f) => !f.paid_on && !f.lapsed_on).at(-1);
    if (!fee) refuse('没有待缴费的收费通知');
    checkEventDate(ctx, 'onDate', input.onDate, { date: fee.notice_on, label: '发出收费通知之日' });
    if (fee.due_on && input.onDate <= fee.due_on) refuse(`缴费期限至${fee.due_on}尚未届满，届满后才能认定逾期未缴费`);
    await ctx.tx.updateTable('request_fees').set({ lapsed_on: input.onDate }).where('id', '=', fee.id).execute();
    const f = await finalFields(ctx, r, org, {
      key: 'other_fee_unpaid',
      values: { 收费通知日期: cnDate(fee.notice_on) },
      decidedOn: input.onDate,
      stopsHandling: true,
    });
    const { audit } = await applyChange(ctx, loaded, {
      event: 'fee_lapsed',
      onDate: input.onDate,
      to,
      patch: f.patch,
      detail: { outcome: 'other_fee_unpaid', number: f.number },
      isPublic: true,
      audit: { feeId: fee.id, outcome: 'other_fee_unpaid', number: f.number },
    });
    return { result: { id: r.id, number: f.number }, audit };
  },
});
