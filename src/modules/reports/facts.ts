/**
 * Per-year org facts: the figures no record on the platform yields yet, entered once a year by the
 * disclosure office for each org (the formats' `manual` keys). Each entry is kept with who entered
 * it and when; the report shows that beside the figure. Decision counts and fee income are facts
 * only until a services module records the decisions themselves.
 */
import type { Unit } from './formats/types.ts';

export interface FactDef {
  key: string;
  label: string;
  unit: Unit;
  /** count: a whole number ≥ 0; money: 万元 with up to 4 decimals; signed: a whole number, may be < 0; names: a list whose length is the figure. */
  kind: 'count' | 'money' | 'signed' | 'names';
  help?: string;
}

export const FACT_DEFS: readonly FactDef[] = [
  { key: 'office.dedicatedUnits', label: '政府信息公开工作专门机构数', unit: '个', kind: 'count' },
  {
    key: 'office.readingPoints',
    label: '政府信息公开查阅点',
    unit: '个',
    kind: 'names',
    help: '每行一个查阅点名称（如区档案馆、区图书馆、区政务服务中心）；报告中的查阅点数为名称的个数。',
  },
  { key: 'staff.fullTime', label: '专职人员数（不包括政府公报及政府网站工作人员）', unit: '人', kind: 'count' },
  { key: 'staff.partTime', label: '兼职人员数', unit: '人', kind: 'count' },
  { key: 'budget.specialFunds', label: '政府信息公开专项经费（不包括政府公报编辑管理及政府网站建设维护等经费）', unit: '万元', kind: 'money' },
  { key: 'complaints.count', label: '举报投诉数量（针对本机关政府信息公开工作）', unit: '件', kind: 'count' },
  { key: 'decisions.licensing', label: '行政许可处理决定数量（含依法不公开的）', unit: '件', kind: 'count' },
  { key: 'decisions.otherServices', label: '其他对外管理服务事项处理决定数量', unit: '件', kind: 'count' },
  { key: 'decisions.penalty', label: '行政处罚处理决定数量', unit: '件', kind: 'count' },
  { key: 'decisions.enforcement', label: '行政强制处理决定数量', unit: '件', kind: 'count' },
  { key: 'fees.administrativeCharges', label: '行政事业性收费本年收费金额', unit: '万元', kind: 'money' },
  ...(['licensing', 'otherServices', 'penalty', 'enforcement', 'adminFees'] as const).flatMap((p): FactDef[] => {
    const name = { licensing: '行政许可', otherServices: '其他对外管理服务事项', penalty: '行政处罚', enforcement: '行政强制', adminFees: '行政事业性收费' }[p];
    return [
      { key: `powers.${p}.itemsAtPreviousYearEnd`, label: `${name}上一年项目数量（上年末权力清单事项数）`, unit: '项', kind: 'count' },
      { key: `powers.${p}.itemChange`, label: `${name}本年增/减项目数`, unit: '项', kind: 'signed' },
    ];
  }),
  { key: 'procurement.projects', label: '政府集中采购项目数量', unit: '个', kind: 'count' },
  { key: 'procurement.amount', label: '政府集中采购总金额', unit: '万元', kind: 'money' },
];

const byKey = new Map(FACT_DEFS.map((d) => [d.key, d]));

export function factDef(key: string): FactDef | undefined {
  return byKey.get(key);
}

/** Stored value → what the report prints (names count; money keeps 4 decimals). */
export function factFigure(def: FactDef | undefined, value: number): number {
  if (def?.kind === 'money') return Math.round(value * 10000) / 10000;
  return value;
}
