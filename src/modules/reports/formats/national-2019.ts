/**
 * The 2019 trial format: 国办公开办函〔2019〕60号《中华人民共和国政府信息公开工作年度报告格式（试行）》,
 * for report years 2019 and 2020 (§6.2). Sections and tables 三/四 as in 2021, except （六）其他处理
 * is one row; table 二 has the trial columns (item counts and their yearly change).
 */
import { sectionsWith } from './national-2021.ts';
import { narrativeChecks, requestChecks, table3, table4 } from './request-tables.ts';
import type { CellRule, ColumnDef, ReportFormat, RowDef, TableDef } from './types.ts';

const ITEM = (n: string) => `第二十条第（${n}）项`;

/**
 * 上一年项目数量 is the count at the end of last year: last year's report's 上一年项目数量 + 本年增/减
 * when that report exists in this format, else a manually entered count.
 */
function itemsAtStart(manualKey: string): CellRule {
  return {
    add: [
      { carry: 'previousYear', col: 'previous_count', fallback: { manual: manualKey } },
      { carry: 'previousYear', col: 'change', fallback: { const: 0 } },
    ],
  };
}

const itemColumns = (withDecisions: boolean): ColumnDef[] => [
  { key: 'previous_count', label: '上一年项目数量', unit: '项' },
  { key: 'change', label: '本年增/减', unit: '项', signed: true },
  ...(withDecisions ? [{ key: 'decisions', label: '处理决定数量', unit: '件' } as ColumnDef] : []),
];

const itemRow = (key: string, label: string, power: string, withDecisions: boolean): RowDef => ({
  key,
  label,
  level: 0,
  cells: {
    previous_count: itemsAtStart(`powers.${power}.itemsAtPreviousYearEnd`),
    change: { manual: `powers.${power}.itemChange` },
    ...(withDecisions ? { decisions: { manual: `decisions.${power}` } } : {}),
  },
});

const documentRow = (key: string, label: string, kind: 'rule' | 'normative'): RowDef => ({
  key,
  label,
  level: 0,
  cells: {
    made: { metric: 'catalogue.documentsIssued', params: { kind } },
    published: { metric: 'catalogue.documentsPublished', params: { kind, scope: 'year' } },
    published_total: { metric: 'catalogue.documentsPublished', params: { kind, scope: 'cumulative' } },
  },
});

const table2: TableDef[] = [
  {
    id: 't2_1',
    ref: `表二（${ITEM('一')}）`,
    title: ITEM('一'),
    stubLabel: '信息内容',
    unit: '件',
    section: 'proactive',
    columns: [
      { key: 'made', label: '本年新制作数量' },
      { key: 'published', label: '本年新公开数量' },
      { key: 'published_total', label: '对外公开总数量' },
    ],
    rows: [documentRow('rules', '规章', 'rule'), documentRow('normative_docs', '规范性文件', 'normative')],
  },
  {
    id: 't2_5',
    ref: `表二（${ITEM('五')}）`,
    title: ITEM('五'),
    stubLabel: '信息内容',
    section: 'proactive',
    columns: itemColumns(true),
    rows: [itemRow('licensing', '行政许可', 'licensing', true), itemRow('other_services', '其他对外管理服务事项', 'otherServices', true)],
  },
  {
    id: 't2_6',
    ref: `表二（${ITEM('六')}）`,
    title: ITEM('六'),
    stubLabel: '信息内容',
    section: 'proactive',
    columns: itemColumns(true),
    rows: [itemRow('penalty', '行政处罚', 'penalty', true), itemRow('enforcement', '行政强制', 'enforcement', true)],
  },
  {
    id: 't2_8',
    ref: `表二（${ITEM('八')}）`,
    title: ITEM('八'),
    stubLabel: '信息内容',
    section: 'proactive',
    columns: itemColumns(false),
    rows: [itemRow('admin_fees', '行政事业性收费', 'adminFees', false)],
  },
  {
    id: 't2_9',
    ref: `表二（${ITEM('九')}）`,
    title: ITEM('九'),
    stubLabel: '信息内容',
    section: 'proactive',
    columns: [
      { key: 'projects', label: '采购项目数量', unit: '个' },
      // The notice prints no unit; 万元 as the other money figures (local 口径).
      { key: 'amount', label: '采购总金额', unit: '万元' },
    ],
    rows: [
      {
        key: 'procurement',
        label: '政府集中采购',
        level: 0,
        cells: { projects: { manual: 'procurement.projects' }, amount: { manual: 'procurement.amount' } },
      },
    ],
  },
];

const itemContinuity = (table: string) =>
  ({
    kind: 'equation',
    rule: 'table2.itemContinuity',
    severity: 'warning',
    description: '上一年项目数量应等于上一年度报告的上一年项目数量加本年增/减',
    table,
    each: 'row',
    left: [{ col: 'previous_count' }],
    right: [
      { col: 'previous_count', year: 'previous' },
      { col: 'change', year: 'previous' },
    ],
  }) as const;

export const national2019: ReportFormat = {
  id: 'cn-2019',
  title: '中华人民共和国政府信息公开工作年度报告（试行格式）',
  basis: '国办公开办函〔2019〕60号',
  years: { from: 2019, to: 2020 },
  sections: sectionsWith(table2.map((t) => t.id)),
  tables: [...table2, table3('single'), table4()],
  checks: [
    ...requestChecks('single'),
    // The trial analogue of §6.4 rule 6 (a warning for the same reason).
    itemContinuity('t2_5'),
    itemContinuity('t2_6'),
    itemContinuity('t2_8'),
    ...narrativeChecks,
    { kind: 'cellsNumeric', rule: 'cells.numeric', severity: 'error' },
  ],
};
