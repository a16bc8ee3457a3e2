import { z } from 'zod';
import { defineCommand } from '../../../platform/command.ts';
import { RECEIPT_RULES } from '../applicants.ts';
import { regimeFor, rulesFor } from '../regimes.ts';
import { idParam, isoDate } from '../schemas.ts';
import { receiptBasis } from './create.ts';
import { applyChange, checkEventDate, loadRequest, notifyApplicant, transition } from './common.ts';

/**
 * Confirm receipt of an online, fax or ordinary-letter request: the confirmation day is the legal
 * receipt date (2019 条例第三十一条第（二）项 平常信函; 第（三）项 互联网、传真), and the clock starts.
 * The regime follows that date.
 */
export const confirmReceipt = defineCommand({
  name: 'requests.confirm-receipt',
  input: z.object({ id: idParam, receivedOn: isoDate }),
  async handler(ctx, input) {
    const loaded = await loadRequest(ctx, input.id, 'requests.handle');
    const { r } = loaded;
    const to = transition(r, 'confirm_receipt');
    checkEventDate(ctx, 'receivedOn', input.receivedOn, { date: r.arrived_on, label: '实际收到之日' });
    const regime = regimeFor(input.receivedOn);
    const warnings: string[] = [];
    // 第三十一条第（二）项：平常信函应当于收到申请的当日与申请人确认
    if (r.channel === 'letter_ordinary' && input.receivedOn !== r.arrived_on)
      warnings.push(`平常信函应于收到当日（${r.arrived_on}）与申请人确认（${RECEIPT_RULES.letter_ordinary.basis}）`);
    const { row, audit } = await applyChange(ctx, loaded, {
      event: 'confirm_receipt',
      onDate: input.receivedOn,
      to,
      patch: { received_on: input.receivedOn, regime, receipt_basis: receiptBasis(r.channel, regime) },
      detail: { basis: receiptBasis(r.channel, regime), warnings },
      isPublic: true,
      audit: { receivedOn: input.receivedOn, regime, warnings },
    });
    await notifyApplicant(
      ctx,
      row,
      '政府信息公开申请已确认收到',
      `您的政府信息公开申请（查询码${r.query_code}）已于${input.receivedOn}确认收到，本机关将在${rulesFor(regime).baseDays}个工作日内答复（答复期限至${row.due_on}）。`,
    );
    return { result: { id: r.id, due: row.due_on, warnings }, audit };
  },
});
