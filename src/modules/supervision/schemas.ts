import { z } from 'zod';
import { NUL_MESSAGE } from '../../platform/command.ts';

/** The inputs of 电子监察's commands; every message names what is wrong, in Chinese. */
const id = (label: string) =>
  z.coerce
    .number({ invalid_type_error: `${label}应为数字` })
    .int(`${label}应为整数`)
    .positive(`${label}应为正整数`)
    .max(2_147_483_647, `${label}过大`);

/** A missing field reads as empty, so the check's own message (naming the field) is what is shown. */
const orEmpty = (v: unknown) => (v === undefined || v === null ? '' : v);

const text = (label: string, max: number) =>
  z.preprocess(
    orEmpty,
    z
      .string({ invalid_type_error: `请填写${label}` })
      .trim()
      .min(1, `请填写${label}`)
      .max(max, `${label}不超过${max}字`)
      .refine((t) => !t.includes('\u0000'), NUL_MESSAGE),
  );

export const signalIdSchema = z.object({ signalId: id('信号编号') });

export const clearSchema = z.object({
  signalId: id('信号编号'),
  /** 理由: why the signal is cleared (required; services.md §3 "who cleared it and why"). */
  reason: z.preprocess(
    orEmpty,
    z
      .string({ invalid_type_error: '请填写理由：说明消除这条信号的原因' })
      .trim()
      .min(2, '请填写理由：说明消除这条信号的原因（至少2个字）')
      .max(500, '理由不超过500字')
      .refine((t) => !t.includes('\u0000'), NUL_MESSAGE),
  ),
});

export const issueNoticeSchema = z.object({
  /** The signals the notice is about; all of one subject. */
  signalIds: z.preprocess(
    (v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z.array(id('信号编号')).min(1, '请选择督办针对的信号（至少一条）').max(50, '一份督办单至多针对50条信号'),
  ),
  requirement: text('督办要求', 2000),
  /** Working days to answer, counted from the day after issue; empty = the setting's default. */
  answerDays: z.preprocess(
    (v) => (v === '' || v === null ? undefined : v),
    z.coerce
      .number({ invalid_type_error: '回复期限应为数字' })
      .int('回复期限应为整数个工作日')
      .min(1, '回复期限至少1个工作日')
      .max(30, '回复期限至多30个工作日')
      .optional(),
  ),
});

export const answerNoticeSchema = z.object({ noticeId: id('督办单编号'), answer: text('回复内容', 4000) });

export const decideNoticeSchema = z.object({
  noticeId: id('督办单编号'),
  /** 审核意见: required when returning an answer, optional on acceptance. */
  note: z.preprocess(
    orEmpty,
    z
      .string({ invalid_type_error: '审核意见应为文字' })
      .trim()
      .max(1000, '审核意见不超过1000字')
      .refine((t) => !t.includes('\u0000'), NUL_MESSAGE),
  ),
});
