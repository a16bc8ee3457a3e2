import type { Material, SpecialStep } from './types.ts';

/**
 * The completeness check of a guide (services.md §1 lists the elements a guide carries; §6: the
 * national website checks fail a site whose guides miss key elements). Pure: a version's elements
 * in, the missing ones out, each with its key and the label staff and the public read.
 */
export interface GuideElements {
  itemName: string;
  itemCode: string;
  itemType: string;
  orgName: string;
  implementingBody: string;
  legalBasis: string;
  conditions: string;
  materials: readonly Material[];
  procedure: string;
  legalDays: number | null;
  promisedDays: number | null;
  feeCharged: boolean;
  feeFen: number | null;
  feeBasis: string;
  place: string;
  hours: string;
  visits: number | null;
  onlineDepth: string;
  consultPhone: string;
  complaintPhone: string;
  specialSteps: readonly SpecialStep[];
  resultDoc: string;
}

export interface Missing {
  key: string;
  label: string;
}

export const ELEMENT_LABELS = {
  itemName: '事项名称',
  itemCode: '事项编码',
  itemType: '事项类型',
  orgName: '主管部门',
  implementingBody: '实施主体',
  legalBasis: '设定依据',
  conditions: '受理条件',
  materials: '申请材料',
  procedure: '办理流程',
  legalDays: '法定办结时限',
  promisedDays: '承诺办结时限',
  feeStandard: '收费标准',
  feeBasis: '收费依据',
  place: '办理地点',
  hours: '办理时间',
  visits: '到现场次数',
  onlineDepth: '网上办理深度',
  consultPhone: '咨询电话',
  complaintPhone: '投诉电话',
  resultDoc: '办理结果',
} as const;

const TEXT_ELEMENTS = [
  'itemName',
  'itemCode',
  'itemType',
  'orgName',
  'implementingBody',
  'legalBasis',
  'conditions',
  'procedure',
  'place',
  'hours',
  'onlineDepth',
  'consultPhone',
  'complaintPhone',
  'resultDoc',
] as const;

/** The missing elements of a guide, in the order of services.md §1 (an empty list: complete). */
export function missingElements(g: GuideElements): Missing[] {
  const out: Missing[] = [];
  const miss = (key: keyof typeof ELEMENT_LABELS) => out.push({ key, label: ELEMENT_LABELS[key] });
  const blank = (s: string) => !s.trim();
  for (const k of TEXT_ELEMENTS.slice(0, 7)) if (blank(g[k])) miss(k);
  if (!g.materials.length) miss('materials');
  g.materials.forEach((m, i) => {
    if (!m.needsForm) return;
    if (!m.formFileId) out.push({ key: `materials.${i}.form`, label: `申请材料“${m.name}”的空白表格` });
    if (!m.sampleFileId) out.push({ key: `materials.${i}.sample`, label: `申请材料“${m.name}”的示例样表` });
  });
  if (blank(g.procedure)) miss('procedure');
  if (g.legalDays === null) miss('legalDays');
  if (g.promisedDays === null) miss('promisedDays');
  if (g.feeCharged) {
    if (g.feeFen === null) miss('feeStandard');
    if (blank(g.feeBasis)) miss('feeBasis');
  }
  for (const k of ['place', 'hours'] as const) if (blank(g[k])) miss(k);
  if (g.visits === null) miss('visits');
  for (const k of ['onlineDepth', 'consultPhone', 'complaintPhone', 'resultDoc'] as const) if (blank(g[k])) miss(k);
  return out;
}
