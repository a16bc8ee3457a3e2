/**
 * Tables 三 and 四 shared by the 2019 trial format (国办公开办函〔2019〕60号) and the current format
 * (国办公开办函〔2021〕30号). They differ only in （六）其他处理: one row in 2019, three leaves in 2021.
 * Pure data builders; the formats pick what they need.
 */
import { OUTCOME_KEYS_2019 } from '../../requests/index.ts';
import type { CellRule, CheckSpec, ColumnDef, RowDef, TableDef } from './types.ts';

/** Applicant columns of table 三 (申请人情况). Keys are shared with the requests module. */
export const APPLICANT_KEYS = ['natural', 'commercial', 'research', 'social_welfare', 'legal_services', 'other_org'] as const;
export type ApplicantKey = (typeof APPLICANT_KEYS)[number];

const LEGAL_PERSONS = ['申请人情况', '法人或其他组织'] as const;

export const applicantColumns: readonly ColumnDef[] = [
  { key: 'natural', label: '自然人', group: ['申请人情况'], params: { applicant: 'natural' } },
  { key: 'commercial', label: '商业企业', group: LEGAL_PERSONS, params: { applicant: 'commercial' } },
  { key: 'research', label: '科研机构', group: LEGAL_PERSONS, params: { applicant: 'research' } },
  { key: 'social_welfare', label: '社会公益组织', group: LEGAL_PERSONS, params: { applicant: 'social_welfare' } },
  { key: 'legal_services', label: '法律服务机构', group: LEGAL_PERSONS, params: { applicant: 'legal_services' } },
  { key: 'other_org', label: '其他', group: LEGAL_PERSONS, params: { applicant: 'other_org' } },
  { key: 'total', label: '总计', group: ['申请人情况'], rule: { sumCols: [...APPLICANT_KEYS] } },
];

/**
 * The 21 final outcomes of 2019 条例第三十六条至第三十九条 (report rows 三（一）…（六）3), in table
 * order, as the requests module defines them. Each decided request has exactly one; 部分公开 wins
 * over any withheld part.
 */
export const OUTCOME_KEYS = OUTCOME_KEYS_2019;
export type OutcomeKey = (typeof OUTCOME_KEYS)[number];

const outcome = (key: OutcomeKey, label: string, level = 2): RowDef => ({
  key,
  label,
  level,
  rule: { metric: 'requests.outcome', params: { outcome: key } },
});

function outcomeRows(otherHandling: 'single' | 'split'): RowDef[] {
  const rows: RowDef[] = [
    { key: 'results', label: '三、本年度办理结果', level: 0, heading: true },
    outcome('disclose', '（一）予以公开', 1),
    outcome('partial', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', 1),
    // 2019 条例第十四条至第十六条
    { key: 'refuse', label: '（三）不予公开', level: 1, heading: true },
    outcome('refuse_state_secret', '1.属于国家秘密'),
    outcome('refuse_law_forbids', '2.其他法律行政法规禁止公开'),
    outcome('refuse_three_security', '3.危及“三安全一稳定”'),
    outcome('refuse_third_party', '4.保护第三方合法权益'),
    outcome('refuse_internal_affairs', '5.属于三类内部事务信息'),
    outcome('refuse_process_info', '6.属于四类过程性信息'),
    outcome('refuse_enforcement_file', '7.属于行政执法案卷'),
    outcome('refuse_administrative_query', '8.属于行政查询事项'),
    // 2019 条例第三十六条第（四）（五）项、第三十八条、第三十条
    { key: 'unable', label: '（四）无法提供', level: 1, heading: true },
    outcome('unable_not_held', '1.本机关不掌握相关政府信息'),
    outcome('unable_needs_creation', '2.没有现成信息需要另行制作'),
    outcome('unable_unclear_after_correction', '3.补正后申请内容仍不明确'),
    // 2019 条例第三十九条、第三十六条第（六）项、第三十五条
    { key: 'decline', label: '（五）不予处理', level: 1, heading: true },
    outcome('decline_petition', '1.信访举报投诉类申请'),
    outcome('decline_repeat', '2.重复申请'),
    outcome('decline_publication', '3.要求提供公开出版物'),
    outcome('decline_mass_requests', '4.无正当理由大量反复申请'),
    outcome('decline_confirm_reissue', '5.要求行政机关确认或重新出具已获取信息'),
  ];
  if (otherHandling === 'split') {
    rows.push(
      // 2019 条例第三十条（逾期不补正）、国办函〔2020〕109号（逾期未缴费）
      { key: 'other_handling', label: '（六）其他处理', level: 1, heading: true },
      outcome('other_no_correction', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'),
      outcome('other_fee_unpaid', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'),
      outcome('other', '3.其他'),
    );
  } else {
    // The trial format prints （六）其他处理 as one row: the three 2021 leaves together.
    rows.push({
      key: 'other_handling',
      label: '（六）其他处理',
      level: 1,
      rule: { metric: 'requests.outcome', params: { outcome: ['other_no_correction', 'other_fee_unpaid', 'other'] } },
    });
  }
  return rows;
}

/** The rows whose sum is 三（七）总计: 21 leaves in 2021, 19 in the trial format. */
export function outcomeLeafKeys(otherHandling: 'single' | 'split'): string[] {
  return outcomeRows(otherHandling)
    .filter((r) => !r.heading)
    .map((r) => r.key);
}

export function table3(otherHandling: 'single' | 'split'): TableDef {
  const leaves = outcomeLeafKeys(otherHandling);
  const rows: RowDef[] = [
    {
      key: 'new_received',
      label: '一、本年新收政府信息公开申请数量',
      level: 0,
      rule: { metric: 'requests.received' },
    },
    {
      key: 'carried_over_in',
      label: '二、上年结转政府信息公开申请数量',
      level: 0,
      rule: { metric: 'requests.carriedIn' },
    },
    ...outcomeRows(otherHandling),
    { key: 'total', label: '（七）总计', level: 1, rule: { sum: leaves } },
    {
      key: 'carried_over_out',
      label: '四、结转下年度继续办理',
      level: 0,
      rule: { metric: 'requests.carriedOut' },
    },
  ];
  return {
    id: 't3',
    ref: '表三',
    title: '收到和处理政府信息公开申请情况',
    // The official top-left cell states the 勾稽 rule that check table3.balance enforces.
    stubLabel: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
    unit: '件',
    section: 'requests',
    columns: applicantColumns,
    rows,
  };
}

const RESULT_COLUMNS = [
  ['upheld', '结果维持'],
  ['corrected', '结果纠正'],
  ['other', '其他结果'],
  ['pending', '尚未审结'],
] as const;

function block(prefix: string, group: readonly string[], metric: (result: string) => CellRule): ColumnDef[] {
  const cols: ColumnDef[] = RESULT_COLUMNS.map(([result, label]) => ({
    key: `${prefix}_${result}`,
    label,
    group,
    rule: metric(result),
  }));
  cols.push({ key: `${prefix}_total`, label: '总计', group, rule: { sumCols: cols.map((c) => c.key) } });
  return cols;
}

/** Table 四: 行政复议 | 行政诉讼（未经复议直接起诉 | 复议后起诉）, five result columns each. */
export function table4(): TableDef {
  return {
    id: 't4',
    ref: '表四',
    title: '政府信息公开行政复议、行政诉讼情况',
    stubLabel: '',
    unit: '件',
    section: 'appeals',
    columns: [
      ...block('rc', ['行政复议'], (result) => ({ metric: 'requests.reconsideration', params: { result } })),
      ...block('direct', ['行政诉讼', '未经复议直接起诉'], (result) => ({
        metric: 'requests.litigation',
        params: { route: 'direct', result },
      })),
      ...block('after_rc', ['行政诉讼', '复议后起诉'], (result) => ({
        metric: 'requests.litigation',
        params: { route: 'after_reconsideration', result },
      })),
    ],
    // The official table has one row of figures and no row label.
    rows: [{ key: 'cases', label: '件数', level: 0, labelHidden: true }],
    notes: ['复议机关作共同被告的行政诉讼案件，只计原行政行为机关。'],
  };
}

/** §6.4 rules 1–5 for tables 三 and 四. */
export function requestChecks(otherHandling: 'single' | 'split'): CheckSpec[] {
  const leaves = outcomeLeafKeys(otherHandling);
  const blockTotal = (prefix: string, name: string): CheckSpec => ({
    kind: 'equation',
    rule: 'table4.blockTotal',
    severity: 'error',
    description: `${name}总计应等于结果维持、结果纠正、其他结果、尚未审结之和`,
    table: 't4',
    each: 'row',
    left: [{ col: `${prefix}_total` }],
    right: RESULT_COLUMNS.map(([result]) => ({ col: `${prefix}_${result}` })),
  });
  return [
    {
      kind: 'equation',
      rule: 'table3.balance',
      severity: 'error',
      description: '一+二 应等于 三（七）+四（本列数据的勾稽关系）',
      table: 't3',
      each: 'col',
      left: [{ row: 'new_received' }, { row: 'carried_over_in' }],
      right: [{ row: 'total' }, { row: 'carried_over_out' }],
    },
    {
      kind: 'equation',
      rule: 'table3.applicantTotal',
      severity: 'error',
      description: '总计应等于自然人与5类法人或其他组织之和',
      table: 't3',
      each: 'row',
      left: [{ col: 'total' }],
      right: APPLICANT_KEYS.map((col) => ({ col })),
    },
    {
      kind: 'equation',
      rule: 'table3.outcomeTotal',
      severity: 'error',
      description: `（七）总计应等于${leaves.length}项办理结果之和`,
      table: 't3',
      each: 'col',
      left: [{ row: 'total' }],
      right: leaves.map((row) => ({ row })),
    },
    {
      kind: 'equation',
      rule: 'table3.carryOver',
      severity: 'warning',
      description: '二、上年结转数应等于上一年度报告的四、结转下年度继续办理数',
      table: 't3',
      each: 'col',
      left: [{ row: 'carried_over_in' }],
      right: [{ row: 'carried_over_out', year: 'previous' }],
    },
    blockTotal('rc', '行政复议'),
    blockTotal('direct', '行政诉讼（未经复议直接起诉）'),
    blockTotal('after_rc', '行政诉讼（复议后起诉）'),
  ];
}

/** §6.4 rule 8: narrative warnings shared by the 2019 and 2021 formats. */
export const narrativeChecks: CheckSpec[] = [
  { kind: 'textLength', rule: 'narrative.length', severity: 'warning', section: 'overview', maxChars: 1000 },
  { kind: 'textNotRepeated', rule: 'narrative.repeat', severity: 'warning', section: 'problems', threshold: 0.8 },
];
