/**
 * The current national format: 国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》,
 * for report years 2021 on. Sections and table 三 exactly as §6.3 of the domain notes; old counting
 * rules do not carry over (the notice says so), hence separate metrics where meanings differ.
 */
import { narrativeChecks, requestChecks, table3, table4 } from './request-tables.ts';
import type { ReportFormat, SectionDef, TableDef } from './types.ts';

/** The six sections (2019 条例第五十条 lists the content; the notice fixes the titles). */
export const SECTIONS_2019: readonly SectionDef[] = [
  { key: 'overview', title: '一、总体情况', kind: 'prose', guidance: '约1000字以内。' },
  {
    key: 'proactive',
    title: '二、主动公开政府信息情况',
    kind: 'tables',
    tables: [],
    guidance: '表中数据为截至本年12月31日的情况。',
  },
  { key: 'requests', title: '三、收到和处理政府信息公开申请情况', kind: 'tables', tables: ['t3'] },
  { key: 'appeals', title: '四、政府信息公开行政复议、行政诉讼情况', kind: 'tables', tables: ['t4'] },
  { key: 'problems', title: '五、存在的主要问题及改进情况', kind: 'prose', guidance: '不得照搬上一年度内容。' },
  {
    key: 'other',
    title: '六、其他需要报告的事项',
    kind: 'prose',
    // 国办函〔2020〕109号: fees collected are reported here.
    guidance: '报告本年度收取信息处理费情况，如“2021年，无收取信息处理费情况。”',
  },
];

export function sectionsWith(proactiveTables: readonly string[]): SectionDef[] {
  return SECTIONS_2019.map((s) => (s.key === 'proactive' ? { ...s, tables: [...proactiveTables] } : s));
}

const ITEM = (n: string) => `第二十条第（${n}）项`;

/** Table 二 of 2021, one sub-table per article item of 2019 条例第二十条. Figures as at 31 December. */
const table2: TableDef[] = [
  {
    id: 't2_1',
    ref: `表二（${ITEM('一')}）`,
    title: ITEM('一'),
    stubLabel: '信息内容',
    unit: '件',
    section: 'proactive',
    columns: [
      { key: 'issued', label: '本年制发件数' },
      { key: 'repealed', label: '本年废止件数' },
      { key: 'in_force', label: '现行有效件数' },
    ],
    rows: [
      {
        key: 'rules',
        label: '规章',
        level: 0,
        cells: {
          issued: { metric: 'catalogue.documentsIssued', params: { kind: 'rule' } },
          repealed: { metric: 'catalogue.documentsRepealed', params: { kind: 'rule' } },
          in_force: { metric: 'catalogue.documentsInForce', params: { kind: 'rule' } },
        },
      },
      {
        key: 'normative_docs',
        label: '行政规范性文件',
        level: 0,
        cells: {
          issued: { metric: 'catalogue.documentsIssued', params: { kind: 'normative' } },
          repealed: { metric: 'catalogue.documentsRepealed', params: { kind: 'normative' } },
          in_force: { metric: 'catalogue.documentsInForce', params: { kind: 'normative' } },
        },
      },
    ],
  },
  {
    id: 't2_5',
    ref: `表二（${ITEM('五')}）`,
    title: ITEM('五'),
    stubLabel: '信息内容',
    unit: '件',
    section: 'proactive',
    columns: [{ key: 'decisions', label: '本年处理决定数量' }],
    // Counts every decision, published or lawfully not (§6.3).
    rows: [{ key: 'licensing', label: '行政许可', level: 0, rule: { manual: 'decisions.licensing' } }],
  },
  {
    id: 't2_6',
    ref: `表二（${ITEM('六')}）`,
    title: ITEM('六'),
    stubLabel: '信息内容',
    unit: '件',
    section: 'proactive',
    columns: [{ key: 'decisions', label: '本年处理决定数量' }],
    rows: [
      { key: 'penalty', label: '行政处罚', level: 0, rule: { manual: 'decisions.penalty' } },
      { key: 'enforcement', label: '行政强制', level: 0, rule: { manual: 'decisions.enforcement' } },
    ],
  },
  {
    id: 't2_8',
    ref: `表二（${ITEM('八')}）`,
    title: ITEM('八'),
    stubLabel: '信息内容',
    section: 'proactive',
    columns: [{ key: 'amount', label: '本年收费金额（单位：万元）', unit: '万元' }],
    rows: [{ key: 'admin_fees', label: '行政事业性收费', level: 0, rule: { manual: 'fees.administrativeCharges' } }],
  },
];

export const national2021: ReportFormat = {
  id: 'cn-2021',
  title: '中华人民共和国政府信息公开工作年度报告',
  basis: '国办公开办函〔2021〕30号',
  years: { from: 2021 },
  sections: sectionsWith(table2.map((t) => t.id)),
  tables: [...table2, table3('split'), table4()],
  checks: [
    ...requestChecks('split'),
    {
      // §6.4 rule 6: a warning, since clean-ups of old documents break it.
      kind: 'equation',
      rule: 'table2.inForceContinuity',
      severity: 'warning',
      description: '现行有效件数应等于上一年度现行有效件数加本年制发件数减本年废止件数',
      table: 't2_1',
      each: 'row',
      left: [{ col: 'in_force' }],
      right: [{ col: 'in_force', year: 'previous' }, { col: 'issued' }, { col: 'repealed', sign: -1 }],
    },
    ...narrativeChecks,
    { kind: 'cellsNumeric', rule: 'cells.numeric', severity: 'error' },
  ],
};
