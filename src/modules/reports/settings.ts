import { z } from 'zod';
import { defineSetting } from '../../platform/settings/settings.ts';
import { ORG_KINDS, type OrgKind } from '../orgs/index.ts';

/**
 * Which bodies file their own annual report. 2019 条例第四十九条 (2008: 第三十一条) puts the duty on
 * 行政机关: the district government, its departments, townships and street offices; institutions
 * that exercise public functions report in practice. Villages and communities (自治组织, 村务公开) and
 * the service centre's branches do not: their records count in the report of the nearest body
 * above them that does (local 口径: no national text lists the kinds).
 */
export const reportingKindsSetting = defineSetting<OrgKind[]>({
  key: 'reports.reportingKinds',
  group: '政府信息公开工作年度报告',
  label: '单独编制年度报告的机构类型',
  help: '列出的机构类型各自编制年度报告；未列出的（如村、社区、政务服务分中心）的记录计入其最近的上级报告机构。取值：government、department、township、town、street、institution、village、community、service_centre。',
  schema: z.array(z.enum(ORG_KINDS)).min(1),
  default: ['government', 'department', 'township', 'town', 'street', 'institution'],
  local: true,
});
