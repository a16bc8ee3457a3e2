import { z } from 'zod';
import { isIsoDate } from '../../kernel/dates.ts';
import { BODY_KINDS, DELEGATE_MODES, DISPOSITION_KINDS } from './types.ts';

/** The inputs of the power list's commands (zod), each field's message in Chinese. */
const id = (what: string) =>
  z.coerce
    .number({ invalid_type_error: `请选择${what}` })
    .int(`请选择${what}`)
    .positive(`请选择${what}`);
const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label}不超过${max}个字`)
    .transform((s) => s.replace(/\r\n/g, '\n'));
export const isoDate = (label: string) =>
  z
    .string({ required_error: `请填写${label}` })
    .trim()
    .refine((s) => isIsoDate(s), `${label}应为 YYYY-MM-DD 的有效日期`);

export const powerFields = z.object({
  orgId: id('所属部门'),
  categoryId: id('职权类别'),
  name: z.string().trim().min(2, '权力名称至少2个字').max(200, '权力名称不超过200个字'),
  code: z.string().trim().min(1, '请填写权力编码').max(64, '权力编码不超过64个字符'),
  body: z.string().trim().min(2, '请填写实施主体').max(100, '实施主体不超过100个字'),
  bodyKind: z.enum(BODY_KINDS, { errorMap: () => ({ message: '请选择实施主体性质（法定机关、授权组织或受委托组织）' }) }),
  legalBasis: text(4000, '设定依据').refine((s) => s.trim().length > 0, '请填写设定依据'),
  feeBasis: text(2000, '收费依据及标准').default(''),
  procedure: text(4000, '办理流程').default(''),
  timeLimit: text(200, '办理时限').default(''),
  supervisionPhone: z
    .string()
    .trim()
    .max(40, '监督电话不超过40个字符')
    .refine((s) => s === '' || /^[0-9０-９()（）\-－+\s、,，/]+$/.test(s), '监督电话只能含数字、括号、连字符和分隔号')
    .default(''),
});
export type PowerFields = z.infer<typeof powerFields>;

export const createPowerInput = powerFields.extend({
  /** The power enters the list with 保留 or 新增 on this date. */
  opening: z.enum(['keep', 'add'], { errorMap: () => ({ message: '请选择处置情况（保留或新增）' }) }).default('add'),
  onDate: isoDate('处置日期'),
  note: text(500, '说明').default(''),
});

export const updatePowerInput = powerFields.extend({ id: id('权力事项') });

export const disposeInput = z.object({
  powerId: id('权力事项'),
  kind: z.enum(DISPOSITION_KINDS, { errorMap: () => ({ message: '请选择处置情况' }) }),
  onDate: isoDate('处置日期'),
  /** 调整合并: the code of the power it is merged into. */
  mergedIntoCode: z.string().trim().max(64, '权力编码不超过64个字符').default(''),
  /** 下放: the townships and streets. */
  delegateOrgIds: z.array(z.coerce.number().int().positive()).max(100, '下放单位至多100个').default([]),
  mode: z
    .enum(['', ...DELEGATE_MODES], { errorMap: () => ({ message: '下放方式应为全程办理或代办' }) })
    .default('')
    .transform((m) => (m === '' ? null : m)),
  note: text(500, '说明').default(''),
});
export type DisposeInput = z.infer<typeof disposeInput>;

export const categoryInput = z.object({
  name: z.string().trim().min(2, '类别名称至少2个字').max(20, '类别名称不超过20个字'),
  sortOrder: z.coerce.number({ invalid_type_error: '排序应为整数' }).int('排序应为整数').min(0, '排序不能小于0').max(100000, '排序不能大于100000').optional(),
});
export const updateCategoryInput = categoryInput.extend({
  id: id('职权类别'),
  active: z.boolean().default(true),
});

/** Labels of the fields, for error summaries. */
export const FIELD_LABELS: Record<string, string> = {
  orgId: '所属部门',
  categoryId: '职权类别',
  name: '权力名称',
  code: '权力编码',
  body: '实施主体',
  bodyKind: '实施主体性质',
  legalBasis: '设定依据',
  feeBasis: '收费依据及标准',
  procedure: '办理流程',
  timeLimit: '办理时限',
  supervisionPhone: '监督电话',
  opening: '处置情况',
  kind: '处置情况',
  onDate: '处置日期',
  mergedIntoCode: '合并至',
  delegateOrgIds: '下放至',
  mode: '下放方式',
  note: '说明',
  sortOrder: '排序',
};
