import { z } from 'zod';
import { isIsoDate } from '../../kernel/dates.ts';
import { CHANNELS, DISCLOSURES, VALIDITIES } from './types.ts';

const isoDate = z.string().trim().refine(isIsoDate, '日期格式应为 YYYY-MM-DD 且为有效日期');
const optionalDate = z
  .union([z.literal(''), z.null(), isoDate])
  .optional()
  .transform((v) => (v ? v : null));
const flag = z
  .union([z.boolean(), z.enum(['1', '0', 'on', 'true', 'false', '是', '否', '']), z.number()])
  .optional()
  .transform((v) => v === true || v === 1 || v === '1' || v === 'on' || v === 'true' || v === '是');
const text = (max: number, label: string) => z.string().trim().max(max, `${label}不超过${max}个字`).default('');

/** The catalogue fields an editor fills in (2019 条例第十二条 minimum: index, name, summary, formed date). */
export const itemObject = z.object({
  orgId: z.coerce.number({ invalid_type_error: '请选择发布机构' }).int().positive('请选择发布机构'),
  columnId: z
    .union([z.literal(''), z.null(), z.coerce.number().int().positive()])
    .optional()
    .transform((v) => (v ? Number(v) : null)),
  title: z.string().trim().min(2, '名称至少2个字').max(200, '名称不超过200个字'),
  // 内容概述 ≤ 100 characters (disclosure.md §7); left empty, it is taken from the body.
  summary: text(100, '内容概述'),
  body: z.string().max(200_000, '正文过长').default(''),
  docNo: text(60, '文号'),
  formedOn: isoDate,
  topic: text(100, '主题分类'),
  genre: text(20, '体裁'),
  assort: text(20, '组配分类'),
  keywords: text(100, '关键词'),
  disclosure: z.enum(DISCLOSURES, { errorMap: () => ({ message: '公开方式应为主动公开、依申请公开或不予公开' }) }).default('proactive'),
  validity: z.enum(VALIDITIES, { errorMap: () => ({ message: '有效性应为有效、失效或废止' }) }).default('valid'),
  effectiveOn: optionalDate,
  validityChangedOn: optionalDate,
  isNormative: flag,
  isRule: flag,
});

function refineItem(v: z.infer<typeof itemObject>, ctx: z.RefinementCtx): void {
  if (v.validity !== 'valid' && !v.validityChangedOn)
    ctx.addIssue({ code: 'custom', path: ['validityChangedOn'], message: '失效或废止的信息须填写失效/废止日期' });
  if (v.validity === 'valid' && v.validityChangedOn) ctx.addIssue({ code: 'custom', path: ['validityChangedOn'], message: '有效的信息不填失效/废止日期' });
  if (v.validityChangedOn && v.validityChangedOn < v.formedOn)
    ctx.addIssue({ code: 'custom', path: ['validityChangedOn'], message: '失效/废止日期不能早于成文日期' });
}

export const itemFields = itemObject.superRefine(refineItem);
export type ItemFields = z.infer<typeof itemFields>;
export const itemUpdate = itemObject.extend({ id: z.coerce.number().int().positive() }).superRefine(refineItem);

export const itemId = z.coerce.number().int().positive();
export const reason = z.string().trim().min(2, '请说明理由（至少2个字）').max(500, '理由不超过500个字');

export const channelInput = z.object({
  id: itemId,
  channel: z.enum(CHANNELS, { errorMap: () => ({ message: '请选择发布渠道' }) }),
  publishedOn: isoDate,
  reference: text(200, '渠道说明'),
  medium: text(40, '媒体名称'),
});

export const validityInput = z
  .object({
    id: itemId,
    validity: z.enum(VALIDITIES),
    changedOn: optionalDate,
    successorIndexNo: z.string().trim().max(80).optional().default(''),
  })
  .superRefine((v, ctx) => {
    if (v.validity !== 'valid' && !v.changedOn) ctx.addIssue({ code: 'custom', path: ['changedOn'], message: '请填写失效/废止日期' });
  });

export const columnInput = z.object({
  key: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9-]{1,29}$/, '栏目标识用小写字母开头，可含数字和连字符，2–30个字符（用于网址）'),
  name: z.string().trim().min(2, '栏目名称至少2个字').max(20, '栏目名称不超过20个字'),
  parentId: z
    .union([z.literal(''), z.null(), z.coerce.number().int().positive()])
    .optional()
    .transform((v) => (v ? Number(v) : null)),
  sortOrder: z.coerce.number().int().min(0).max(99999).default(0),
  kind: z.enum(['items', 'guide', 'link']).default('items'),
  href: z
    .union([
      z.literal(''),
      z
        .string()
        .trim()
        .regex(/^\/(?![/\\])[^\s]*$/, '链接只能是本站地址（以 / 开头）'),
    ])
    .default(''),
  description: text(200, '栏目说明'),
});
