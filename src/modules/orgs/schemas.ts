import { z } from 'zod';
import { ORG_KINDS } from './types.ts';
import { checkOrgCode } from './codes.ts';

const text = (max: number, label: string) => z.string().trim().max(max, `${label}不超过${max}个字符`).default('');

export const orgCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .superRefine((s, ctx) => {
    const r = checkOrgCode(s);
    if (!r.ok) ctx.addIssue({ code: z.ZodIssueCode.custom, message: r.reason });
  });

export const orgDetails = z.object({
  name: z.string().trim().min(2, '机构名称至少2个字').max(60, '机构名称不超过60个字'),
  shortName: text(30, '简称'),
  kind: z.enum(ORG_KINDS, { errorMap: () => ({ message: '机构类型无效' }) }),
  code: z
    .union([z.literal('').transform(() => null), orgCode])
    .nullable()
    .default(null),
  address: text(120, '地址'),
  postcode: z
    .string()
    .trim()
    .regex(/^(\d{6})?$/, '邮政编码应为6位数字')
    .default(''),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9()（）\-+ ,，、转]{0,60}$/, '电话号码只能包含数字、括号、连字符')
    .default(''),
  fax: z
    .string()
    .trim()
    .regex(/^[0-9()（）\-+ ,，、转]{0,60}$/, '传真号码只能包含数字、括号、连字符')
    .default(''),
  email: z.union([z.literal(''), z.string().trim().email('电子邮箱格式不正确')]).default(''),
  website: z
    .union([
      z.literal(''),
      z
        .string()
        .trim()
        .url('网址格式不正确')
        .refine((u) => /^https?:\/\//.test(u), '网址应以 http:// 或 https:// 开头'),
    ])
    .default(''),
  officeHours: text(120, '办公时间'),
  disclosureOffice: text(60, '政务公开工作机构'),
  sortOrder: z.coerce.number().int().min(0).max(9999).default(0),
});

export const addOrgInput = orgDetails.extend({
  parentId: z.coerce.number().int().positive().nullable().default(null),
});

export const updateOrgInput = orgDetails.partial().extend({ id: z.coerce.number().int().positive() });

export const moveOrgInput = z.object({
  id: z.coerce.number().int().positive(),
  parentId: z.coerce.number().int().positive({ message: '请选择新的上级机构' }),
});
