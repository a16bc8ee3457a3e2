import { z } from 'zod';
import { defineSetting } from '../../platform/settings/settings.ts';
import { DEFAULT_CORRECTION_PERIOD_DAYS } from './deadlines.ts';

/**
 * The district-editable rules of the requests module. Those marked `local` are 本地口径: no
 * national text settles them (disclosure.md §2–3), so the default is the guidance used in practice.
 */
export const correctionPeriodSetting = defineSetting<number>({
  key: 'requests.correctionPeriodDays',
  group: '依申请公开',
  label: '补正期限（工作日）',
  help: '2019年条例第三十条要求给予申请人“合理的补正期限”，未规定天数；实践中一般不超过15个工作日。告知补正时默认使用此值，承办人可逐件调整。',
  schema: z.number().int().min(1).max(60),
  default: DEFAULT_CORRECTION_PERIOD_DAYS,
  local: true,
});

export const reconsiderationBodySetting = defineSetting<string>({
  key: 'requests.letterReconsiderationBody',
  group: '依申请公开',
  label: '告知书中的行政复议机关（区本级答复时）',
  help: '区（县）人民政府工作部门、乡镇街道作出的答复，复议机关为区（县）人民政府（告知书自动填写本区名称）；区（县）人民政府本级作出的答复，复议机关为上一级人民政府，请在此填写其名称（《中华人民共和国行政复议法》第二十四条）。',
  schema: z.string().trim().min(2).max(60),
  default: '怀化市人民政府',
});

export const courtSetting = defineSetting<string>({
  key: 'requests.letterCourt',
  group: '依申请公开',
  label: '告知书中的人民法院',
  help: '告知书写明的受理行政诉讼的人民法院。不确定时写“有管辖权的人民法院”。',
  schema: z.string().trim().min(2).max(60),
  default: '有管辖权的人民法院',
});

export const trackingLockSetting = defineSetting<{ failures: number; minutes: number }>({
  key: 'requests.trackingLock',
  group: '依申请公开',
  label: '查询页面防猜测：同一查询码连续输错次数与锁定分钟数',
  help: '查询码配合姓名或电话查询。同一查询码连续输错达到次数后，在锁定时间内即使输对也不显示（同一来源另有每分钟次数限制）。',
  schema: z.object({
    failures: z.number().int().min(3).max(100),
    minutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
  }),
  default: { failures: 5, minutes: 30 },
});
