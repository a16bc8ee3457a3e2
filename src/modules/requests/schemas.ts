import { z } from 'zod';
import { isIsoDate } from '../../kernel/dates.ts';
import { ValidationError, type FieldIssue } from '../../kernel/errors.ts';
import type { IsoDate } from '../../kernel/dates.ts';
import { zodIssues } from '../../platform/command.ts';
import {
  APPLICANT_TYPES,
  type ApplicantType,
  type IdType,
  CHANNELS,
  DELIVERY_CHANNELS,
  DELIVERY_FORMS,
  ID_TYPES,
  ORG_ID_TYPES,
  PERSON_ID_TYPES,
  checkIdNumber,
  isOrganisation,
  isPhone,
} from './applicants.ts';

/** Input schemas (zod) of the module's commands. Messages are what the form shows beside the field. */

export const isoDate = z.string({ required_error: '请填写日期' }).trim().refine(isIsoDate, '日期格式应为 YYYY-MM-DD 且为有效日期');
export const optionalDate = z
  .union([z.literal(''), z.null(), isoDate])
  .optional()
  .transform((v) => (v ? v : undefined));
export const idParam = z.coerce.number({ invalid_type_error: '编号无效' }).int().positive('编号无效');

const trimmed = (max: number, label: string) => z.string().trim().max(max, `${label}不超过${max}个字`).default('');
const enumOf = <T extends readonly [string, ...string[]]>(values: T, message: string) => z.enum(values, { errorMap: () => ({ message }) });

/**
 * The application (2019 条例第二十九条第二款): who, proof of identity, contact, what is sought, and
 * in what form. `parseApplication` reports every problem at once — each field named with its
 * reason — including the checks that need today's date (a birth date in the future).
 */
const applicationShape = z.object({
  orgId: idParam,
  applicantType: enumOf(APPLICANT_TYPES, '请选择申请人类型'),
  applicantName: z.string({ required_error: '请填写姓名或名称' }).trim().min(1, '请填写姓名或名称').max(100, '姓名或名称不超过100个字'),
  idType: enumOf(ID_TYPES, '请选择证件类型'),
  idNumber: z
    .string({ required_error: '请填写证件号码' })
    .trim()
    .min(1, '请填写证件号码')
    .max(40, '证件号码过长')
    .transform((s) => s.toUpperCase().replace(/\s/g, '')),
  contactPerson: trimmed(50, '联系人'),
  phone: z.string().trim().max(40, '电话号码过长').default(''),
  email: z.union([z.literal(''), z.string().trim().email('电子邮箱格式不正确')]).default(''),
  address: trimmed(200, '通信地址'),
  postcode: z
    .string()
    .trim()
    .regex(/^(\d{6})?$/, '邮政编码应为6位数字')
    .default(''),
  infoName: trimmed(200, '所需信息的名称'),
  infoDocNumber: trimmed(100, '文号'),
  infoDescription: trimmed(4000, '所需信息的内容描述'),
  deliveryForm: enumOf(DELIVERY_FORMS, '请选择获取信息的载体形式'),
  deliveryChannel: enumOf(DELIVERY_CHANNELS, '请选择获取信息的方式'),
});

export type ApplicationInput = z.infer<typeof applicationShape>;

/** What a command receives before `parseApplication`: any record (the form's strings). */
export const rawRecord = z.record(z.unknown());

export function parseApplication(raw: Record<string, unknown>, today: IsoDate): ApplicationInput {
  const r = applicationShape.safeParse(raw);
  const issues: FieldIssue[] = r.success ? [] : zodIssues(r.error);
  const has = (f: string) => issues.some((i) => i.field === f);
  const issue = (field: string, message: string) => {
    if (!has(field)) issues.push({ field, message });
  };
  const s = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string).trim() : '');
  const type = s('applicantType') as ApplicantType;
  const idType = s('idType') as IdType;
  if ((APPLICANT_TYPES as readonly string[]).includes(type) && (ID_TYPES as readonly string[]).includes(idType)) {
    const org = isOrganisation(type);
    if (org && !ORG_ID_TYPES.includes(idType)) issue('idType', '法人或其他组织请选择统一社会信用代码或其他登记证照号码');
    if (!org && !PERSON_ID_TYPES.includes(idType)) issue('idType', '自然人请选择身份证件类型');
    if (org && !s('contactPerson')) issue('contactPerson', '法人或其他组织请填写联系人');
  }
  if ((ID_TYPES as readonly string[]).includes(idType) && s('idNumber')) {
    const id = checkIdNumber(idType, s('idNumber'), today);
    if (!id.ok) issue('idNumber', id.reason);
  }
  if (!s('phone') && !s('email') && !s('address')) issue('phone', '请至少填写一种联系方式（电话、电子邮箱或通信地址）');
  if (s('phone') && !isPhone(s('phone'))) issue('phone', '电话号码格式不正确（手机号为11位数字，座机可带区号）');
  // 第二十九条第二款第（二）项：名称、文号或者便于查询的其他特征性描述 — at least one.
  if (!s('infoName') && !s('infoDocNumber') && !s('infoDescription')) issue('infoDescription', '请填写所需信息的名称、文号或内容描述（至少一项）');
  if (s('deliveryChannel') === 'email' && !s('email')) issue('email', '选择以电子邮件获取信息时，请填写电子邮箱');
  if (s('deliveryChannel') === 'post' && !s('address')) issue('address', '选择邮寄时，请填写通信地址');
  if (s('deliveryChannel') === 'fax' && !s('phone')) issue('phone', '选择传真时，请填写传真或电话号码');
  if (issues.length || !r.success) throw new ValidationError(issues);
  return r.data;
}

export const channelEnum = enumOf(CHANNELS, '请选择申请方式');
