import { z } from 'zod';
import { isIsoDate } from '../../kernel/dates.ts';
import { ITEM_LEVELS, ITEM_TYPES, ONLINE_DEPTHS, TASK_KINDS } from './types.ts';

/** zod inputs of the guides module; every message names its field in Chinese (中文，指明字段和原因). */
const id = (label: string) =>
  z.coerce
    .number({ invalid_type_error: `${label}无效` })
    .int(`${label}无效`)
    .positive(`${label}无效`);
const text = (label: string, max = 4000) =>
  z
    .string()
    .trim()
    .max(max, `${label}不超过${max}个字`)
    .optional()
    .transform((v) => v ?? '');
const bool = z
  .union([z.boolean(), z.literal('1'), z.literal('on'), z.literal('0'), z.literal(''), z.literal('true'), z.literal('false')])
  .optional()
  .transform((v) => v === true || v === '1' || v === 'on' || v === 'true');
const days = (label: string) =>
  z.coerce
    .number({ invalid_type_error: `${label}应为整数（工作日）`, required_error: `请填写${label}` })
    .int(`${label}应为整数（工作日）`)
    .min(0, `${label}不能为负数`)
    .max(3650, `${label}不能超过3650个工作日`);
/** Office phones (咨询/投诉电话): digits, hyphens, parentheses, spaces, commas — no letters. */
const phone = (label: string) =>
  text(label, 100).refine((v) => v === '' || /^[0-9()（）\-－ ，,、转]+$/.test(v), `${label}只能填写办公电话号码（数字、连字符、括号）`);

export const itemCode = z
  .string({ required_error: '请填写事项编码' })
  .trim()
  .min(1, '请填写事项编码')
  .max(60, '事项编码不超过60个字符')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, '事项编码只能由字母、数字、连字符、点和下划线组成');

export const itemInput = z.object({
  parentId: z
    .union([z.literal(''), z.null(), id('上级事项')])
    .optional()
    .transform((v) => (v ? v : null)),
  level: z.enum(ITEM_LEVELS, { errorMap: () => ({ message: '事项层级应为主项、子项或业务办理项' }) }),
  code: itemCode,
  name: z.string({ required_error: '请填写事项名称' }).trim().min(1, '请填写事项名称').max(200, '事项名称不超过200个字'),
  kind: z
    .union([z.literal(''), z.enum(TASK_KINDS)], { errorMap: () => ({ message: `办理项类型应为${TASK_KINDS.join('、')}之一` }) })
    .optional()
    .transform((v) => v ?? ''),
  itemType: z.enum(ITEM_TYPES, { errorMap: () => ({ message: `事项类型应为${ITEM_TYPES.join('、')}之一` }) }),
  orgId: id('主管部门'),
  greenChannel: bool,
  parallel: bool,
  parallelOrgIds: z.array(id('并联办理部门')).max(30, '并联办理部门至多30个').default([]),
  audience: z.enum(['', 'individual', 'business', 'both'], { errorMap: () => ({ message: '服务对象应为个人、法人或两者' }) }).default(''),
  tagIds: z.array(id('主题或人生事件')).max(30, '主题和人生事件至多30个').default([]),
  sortOrder: z.coerce.number({ invalid_type_error: '排序应为整数' }).int('排序应为整数').min(0, '排序不能为负数').max(100000, '排序过大').default(0),
});
export type ItemInput = z.infer<typeof itemInput>;

export const materialInput = z.object({
  name: z.string({ required_error: '请填写材料名称' }).trim().min(1, '请填写材料名称').max(200, '材料名称不超过200个字'),
  source: text('材料来源', 200),
  copies: text('份数及要求', 200),
  note: text('材料说明', 1000),
  needsForm: bool,
  formFileId: z
    .union([z.literal(''), z.null(), id('空白表格')])
    .optional()
    .transform((v) => (v ? v : null)),
  sampleFileId: z
    .union([z.literal(''), z.null(), id('示例样表')])
    .optional()
    .transform((v) => (v ? v : null)),
});

export const specialStepInput = z.object({
  name: z.string().trim().min(1, '请填写特别程序名称').max(100, '特别程序名称不超过100个字'),
  counts: bool,
});

/** An uploaded form or sample of material `material` (an index into `materials`). */
export const uploadInput = z.object({
  material: z.number().int().min(0),
  role: z.enum(['form', 'sample']),
  filename: z.string().trim().min(1, '请选择文件').max(200, '文件名过长'),
  content: z.instanceof(Uint8Array, { message: '请选择文件' }),
});

export const versionInput = z
  .object({
    itemId: id('事项'),
    effectiveFrom: z.string({ required_error: '请填写生效日期' }).trim().refine(isIsoDate, '生效日期格式应为 YYYY-MM-DD 且为有效日期'),
    implementingBody: text('实施主体', 200),
    legalBasis: text('设定依据'),
    conditions: text('受理条件'),
    procedure: text('办理流程'),
    legalDays: days('法定办结时限'),
    promisedDays: days('承诺办结时限'),
    feeCharged: bool,
    feeYuan: z
      .union([
        z.literal(''),
        z.null(),
        z.coerce.number({ invalid_type_error: '收费标准应为金额（元）' }).min(0, '收费标准不能为负数').max(10_000_000, '收费标准过大'),
      ])
      .optional()
      .transform((v) => (v === '' || v === null || v === undefined ? null : v)),
    feeBasis: text('收费依据', 1000),
    place: text('办理地点', 500),
    hours: text('办理时间', 500),
    visits: z.coerce
      .number({ invalid_type_error: '到现场次数应为整数', required_error: '请填写到现场次数' })
      .int('到现场次数应为整数')
      .min(0, '到现场次数不能为负数')
      .max(10, '到现场次数不能超过10次'),
    onlineDepth: z.enum(ONLINE_DEPTHS, { errorMap: () => ({ message: `网上办理深度应为${ONLINE_DEPTHS.join('、')}之一` }) }),
    mustOnline: bool,
    consultPhone: phone('咨询电话'),
    complaintPhone: phone('投诉电话'),
    specialSteps: z.array(specialStepInput).max(20, '特别程序至多20项').default([]),
    resultDoc: text('办理结果', 500),
    materials: z.array(materialInput).max(60, '申请材料至多60项').default([]),
    uploads: z.array(uploadInput).max(20, '一次至多上传20个文件').default([]),
    note: text('修订说明', 1000),
  })
  .superRefine((v, ctx) => {
    if (v.promisedDays > v.legalDays)
      ctx.addIssue({
        code: 'custom',
        path: ['promisedDays'],
        message: `承诺办结时限（${v.promisedDays}个工作日）不能超过法定办结时限（${v.legalDays}个工作日）`,
      });
    if (!v.feeCharged && v.feeYuan !== null && v.feeYuan > 0) ctx.addIssue({ code: 'custom', path: ['feeYuan'], message: '不收费的事项不应填写收费标准' });
    if (v.mustOnline && v.onlineDepth !== '全程网办') ctx.addIssue({ code: 'custom', path: ['mustOnline'], message: '只有“全程网办”的事项才能要求网上办理' });
    for (const u of v.uploads)
      if (u.material >= v.materials.length) ctx.addIssue({ code: 'custom', path: ['uploads'], message: '上传的文件没有对应的申请材料（请填写材料名称）' });
  });
export type VersionInput = z.infer<typeof versionInput>;
