import { z } from 'zod';
import { isIsoDate } from '../../kernel/dates.ts';
import { SITE_KINDS, WINDOW_KINDS } from './types.ts';

/** The inputs of the hall module's commands, as forms and the CLI send them (strings coerced). */
const text = (max: number, label: string) => z.string().trim().max(max, `${label}不超过${max}个字`).default('');

export const idParam = z.coerce.number({ invalid_type_error: '编号无效' }).int('编号无效').positive('编号无效');

export const isoDate = z.string({ required_error: '请填写日期' }).trim().refine(isIsoDate, '日期格式应为 YYYY-MM-DD 且为有效日期');
const optionalDate = z
  .union([z.literal(''), z.null(), isoDate])
  .optional()
  .transform((v) => (v ? v : null));

/** A whole number or empty (→ null). */
const optionalCount = (label: string, max: number) =>
  z
    .union([z.literal(''), z.null(), z.coerce.number({ invalid_type_error: `${label}应为数字` })])
    .optional()
    .transform((v) => (v === '' || v === null || v === undefined ? null : v))
    .refine((v) => v === null || (Number.isInteger(v) && v >= 0 && v <= max), `${label}应为0到${max}之间的整数`);

/** 事项编码: opaque codes of the guides module's items (e.g. HJ-XK-0001-01), upper case. */
export const ITEM_CODE = /^[A-Z0-9][A-Z0-9-]{1,39}$/;

/** Item codes from a text box (one per line, or separated by commas or spaces) or a list; de-duplicated, in order. */
export const itemCodes = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => {
    const parts = (Array.isArray(v) ? v : [v ?? '']).flatMap((s) => s.split(/[\s,，、;；]+/));
    return [...new Set(parts.map((s) => s.trim().toUpperCase()).filter(Boolean))];
  })
  .superRefine((codes, ctx) => {
    const bad = codes.filter((c) => !ITEM_CODE.test(c));
    if (bad.length)
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `事项编码格式不对：${bad.slice(0, 5).join('、')}（应为字母、数字和连字符，如 HJ-XK-0001-01）` });
    if (codes.length > 500) ctx.addIssue({ code: z.ZodIssueCode.custom, message: '事项编码至多500个' });
  });

/** A personal mobile number (never on a site's public facts). */
const MOBILE = /(^|\D)1[3-9]\d{9}(\D|$)/;

export const officePhone = z
  .string()
  .trim()
  .max(60, '办公电话不超过60个字符')
  .regex(/^[0-9()（）\-+ ,，、转]*$/, '办公电话只能包含数字、括号、连字符')
  .refine((s) => !MOBILE.test(s.replace(/[\s-]/g, '')), '请填写办公电话（固定电话），不要填写个人手机号码：网点的电话会在门户网站公开')
  .default('');

const checkbox = z
  .union([z.boolean(), z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? v.length > 0 : v === true || v === 'on' || v === '1' || v === 'true'));

const idList = z
  .union([z.string(), z.array(z.union([z.string(), z.number()]))])
  .optional()
  .transform((v) => [...new Set((Array.isArray(v) ? v : v ? [v] : []).map((x) => String(x).trim()).filter(Boolean))])
  .pipe(z.array(z.coerce.number({ invalid_type_error: '部门编号无效' }).int('部门编号无效').positive('部门编号无效')));

export const siteFacts = z.object({
  name: z.string({ required_error: '请填写网点名称' }).trim().min(2, '网点名称至少2个字').max(60, '网点名称不超过60个字'),
  address: text(120, '地址'),
  hours: text(120, '办公时间'),
  phone: officePhone,
  areaM2: optionalCount('面积', 1_000_000),
  staffCount: optionalCount('工作人员数', 100_000),
  note: text(500, '说明'),
  itemCodes,
  establishedOn: isoDate,
  closedOn: optionalDate,
});

/** 停止运行 after 设立: a site closed on or before the day it opened is refused, naming closedOn. */
function closedAfterEstablished<T extends { establishedOn: string; closedOn: string | null }>(v: T, ctx: z.RefinementCtx) {
  if (v.closedOn && v.closedOn <= v.establishedOn)
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['closedOn'], message: `停止运行日期（${v.closedOn}）应晚于设立日期（${v.establishedOn}）` });
}

export const addSiteInput = siteFacts
  .extend({
    orgId: idParam,
    kind: z.enum(SITE_KINDS, { errorMap: () => ({ message: '请选择网点类型' }) }),
  })
  .superRefine(closedAfterEstablished);

export const updateSiteInput = siteFacts.extend({ id: idParam }).superRefine(closedAfterEstablished);

export const windowFacts = z.object({
  number: z
    .string({ required_error: '请填写窗口编号' })
    .trim()
    .min(1, '请填写窗口编号')
    .max(10, '窗口编号不超过10个字符')
    .regex(/^[0-9A-Za-z-]+$/, '窗口编号只能包含数字、字母和连字符')
    .transform((s) => s.toUpperCase()),
  name: z.string({ required_error: '请填写窗口名称' }).trim().min(2, '窗口名称至少2个字').max(60, '窗口名称不超过60个字'),
  departmentOrgId: z.coerce.number({ invalid_type_error: '请选择所属部门' }).int('请选择所属部门').positive('请选择所属部门'),
  kind: z.enum(WINDOW_KINDS, { errorMap: () => ({ message: '请选择窗口类型（综合窗口或专业窗口）' }) }),
  /** 首席代表 by account (a username) … */
  chiefUsername: text(60, '首席代表账户'),
  /** … or by name only. */
  chiefName: text(30, '首席代表姓名'),
  greenChannel: checkbox,
  parallel: checkbox,
  backofficeOrgIds: idList,
  itemCodes,
  note: text(500, '说明'),
});

export const addWindowInput = windowFacts.extend({ centreOrgId: idParam });
export const updateWindowInput = windowFacts.extend({ id: idParam });

export const assignStaffInput = z.object({
  windowId: idParam,
  username: z.string({ required_error: '请填写工作人员的用户名' }).trim().min(1, '请填写工作人员的用户名').max(60, '用户名不超过60个字符'),
  fromOn: optionalDate,
});

export const unassignStaffInput = z.object({ windowId: idParam, userId: idParam, toOn: optionalDate });

export const uploadLetterInput = z.object({
  windowId: idParam,
  filename: z.string({ required_error: '请选择授权书文件' }).trim().min(1, '请选择授权书文件').max(200, '文件名过长'),
  content: z.instanceof(Uint8Array, { message: '请选择授权书文件' }),
});
