import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as OpenCC from 'opencc-js';
import { NotFoundError, ValidationError } from '../../../kernel/errors.ts';
import {
  APPLICANT_KEYS,
  OUTCOME_KEYS,
  computeReport,
  createFormatRegistry,
  dataRows,
  findTable,
  formatForYear,
  loadFormat,
  national2014,
  national2019,
  national2021,
  nationalFormats,
  nationalRegistry,
  validateFormat,
} from './index.ts';
import type { CellRule, ReportFormat } from './index.ts';
import { fakeSources } from './fixtures/fake-sources.ts';
import { getCell } from '../report-model.ts';

const here = new URL('.', import.meta.url).pathname;
const SEED_DIR = '/work/shared/seed';
const DOMAIN = '/work/shared/domain/disclosure.md';

/** Character-level conversion as STACK.md prescribes: hk→cn then tw→cn, never the phrase presets. */
const toSimplified = (() => {
  const hk = OpenCC.Converter({ from: 'hk', to: 'cn' });
  const tw = OpenCC.Converter({ from: 'tw', to: 'cn' });
  return (s: string) => tw(hk(s));
})();

/** The seed table's row labels: figures, units and the header dropped, two-line labels joined. */
function seedLabels(text: string): string[] {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const labels: string[] = [];
  for (const l of lines.slice(3)) {
    if (/^\d+(\.\d+)?(件|人次|萬元|万元)?$/.test(l) || /^(萬元|万元|人次|件|條|条|次|人|個|个)$/.test(l)) continue;
    // A parenthesis not opening an enumeration — (不同渠道…) — continues the label above.
    if (/^\((?![一二三四五六七八九十]\))/.test(l)) labels[labels.length - 1] += l;
    else labels.push(l);
  }
  return labels;
}

test("the fixture is the seed report's table, byte for byte", { skip: !existsSync(SEED_DIR) }, () => {
  const file = readdirSync(SEED_DIR).find((f) => f.endsWith('.txt'));
  assert.ok(file);
  const seed = readFileSync(`${SEED_DIR}/${file}`, 'utf8');
  assert.equal(readFileSync(`${here}fixtures/seed-2016-table.txt`, 'utf8'), seed.slice(seed.indexOf('統計指標')));
});

test("the 2014–2018 format has the seed table's labels, converted to simplified script, row for row", () => {
  const seed = seedLabels(readFileSync(`${here}fixtures/seed-2016-table.txt`, 'utf8')).map(toSimplified);
  const ours = national2014.tables[0]!.rows.map((r) => r.label);
  assert.equal(ours.length, 65);
  assert.deepEqual(ours, seed);
  // Spot checks of the conversion and of punctuation kept as printed.
  assert.ok(ours.includes('(一)主动公开政府信息数(不同渠道和方式公开相同的信息列为1条)'));
  assert.ok(ours.includes('其中:主动公开规范性文件数'));
  assert.ok(ours.includes('(三)从事政府信息公开工作人数员'));
});

test('the 2014–2018 format uses the units §6.1 confirms', () => {
  const t = national2014.tables[0]!;
  const unit = (k: string) => t.rows.find((r) => r.key === k)?.unit;
  assert.equal(unit('published_total'), '条');
  assert.equal(unit('published_normative'), '条');
  assert.equal(unit('normative_issued'), '件');
  assert.equal(unit('fees'), '万元');
  assert.equal(unit('special_funds'), '万元');
  assert.equal(unit('staff_full_time'), '人');
  assert.equal(unit('trainees'), '人次');
  for (const r of dataRows(t)) assert.ok(r.unit, `${r.label} has a unit`);
});

const TABLE3_2021 = [
  '一、本年新收政府信息公开申请数量',
  '二、上年结转政府信息公开申请数量',
  '三、本年度办理结果',
  '（一）予以公开',
  '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
  '（三）不予公开',
  '1.属于国家秘密',
  '2.其他法律行政法规禁止公开',
  '3.危及“三安全一稳定”',
  '4.保护第三方合法权益',
  '5.属于三类内部事务信息',
  '6.属于四类过程性信息',
  '7.属于行政执法案卷',
  '8.属于行政查询事项',
  '（四）无法提供',
  '1.本机关不掌握相关政府信息',
  '2.没有现成信息需要另行制作',
  '3.补正后申请内容仍不明确',
  '（五）不予处理',
  '1.信访举报投诉类申请',
  '2.重复申请',
  '3.要求提供公开出版物',
  '4.无正当理由大量反复申请',
  '5.要求行政机关确认或重新出具已获取信息',
  '（六）其他处理',
  '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
  '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
  '3.其他',
  '（七）总计',
  '四、结转下年度继续办理',
];

test('the 2021 table 三 has exactly the rows of §6.3, with their exact labels', () => {
  const t3 = findTable(national2021, 't3');
  assert.ok(t3);
  assert.deepEqual(
    t3.rows.map((r) => r.label),
    TABLE3_2021,
  );
});

test('the 2021 table 三 rows match §6.3 as written in the domain notes', { skip: !existsSync(DOMAIN) }, () => {
  const doc = readFileSync(DOMAIN, 'utf8');
  const block = doc.slice(doc.indexOf('Table 三 columns'));
  const code = block.slice(block.indexOf('```') + 3, block.indexOf('```', block.indexOf('```') + 3));
  const labels = code
    .split('\n')
    .flatMap((l) => l.trim().split(/\s+/))
    .filter(Boolean);
  assert.deepEqual(
    findTable(national2021, 't3')?.rows.map((r) => r.label),
    labels,
  );
});

test('the 21 outcome leaves of 2021 carry the keys the requests module uses, in table order', () => {
  const t3 = findTable(national2021, 't3');
  assert.ok(t3);
  const leaves = dataRows(t3)
    .map((r) => r.key)
    .filter((k) => !['new_received', 'carried_over_in', 'total', 'carried_over_out'].includes(k));
  assert.deepEqual(leaves, [
    'disclose',
    'partial',
    'refuse_state_secret',
    'refuse_law_forbids',
    'refuse_three_security',
    'refuse_third_party',
    'refuse_internal_affairs',
    'refuse_process_info',
    'refuse_enforcement_file',
    'refuse_administrative_query',
    'unable_not_held',
    'unable_needs_creation',
    'unable_unclear_after_correction',
    'decline_petition',
    'decline_repeat',
    'decline_publication',
    'decline_mass_requests',
    'decline_confirm_reissue',
    'other_no_correction',
    'other_fee_unpaid',
    'other',
  ]);
  assert.deepEqual(leaves, [...OUTCOME_KEYS]);
  assert.deepEqual(
    t3.columns.map((c) => c.key),
    ['natural', 'commercial', 'research', 'social_welfare', 'legal_services', 'other_org', 'total'],
  );
  assert.deepEqual(
    [...APPLICANT_KEYS],
    t3.columns.slice(0, 6).map((c) => c.key),
  );
  // Each leaf asks the requests module for its own outcome, per applicant column.
  const disclose = t3.rows.find((r) => r.key === 'disclose');
  assert.deepEqual(disclose?.rule, { metric: 'requests.outcome', params: { outcome: 'disclose' } });
});

test('the trial format prints （六）其他处理 as one row and so sums 19 leaves', () => {
  const t3 = findTable(national2019, 't3');
  assert.ok(t3);
  const other = t3.rows.find((r) => r.key === 'other_handling');
  assert.equal(other?.heading, undefined);
  assert.deepEqual(other?.rule, {
    metric: 'requests.outcome',
    params: { outcome: ['other_no_correction', 'other_fee_unpaid', 'other'] },
  });
  const total = t3.rows.find((r) => r.key === 'total')?.rule as { sum: string[] };
  assert.equal(total.sum.length, 19);
  const total2021 = findTable(national2021, 't3')?.rows.find((r) => r.key === 'total')?.rule as { sum: string[] };
  assert.equal(total2021.sum.length, 21);
  // Table 二 of the trial has its own columns (§6.2).
  assert.deepEqual(
    findTable(national2019, 't2_1')?.columns.map((c) => c.label),
    ['本年新制作数量', '本年新公开数量', '对外公开总数量'],
  );
  assert.deepEqual(
    findTable(national2019, 't2_9')?.columns.map((c) => c.label),
    ['采购项目数量', '采购总金额'],
  );
});

test('table 四 has five result columns in each of its three blocks', () => {
  for (const f of [national2019, national2021]) {
    const t4 = findTable(f, 't4');
    assert.ok(t4);
    assert.equal(t4.columns.length, 15);
    assert.deepEqual(
      t4.columns.slice(0, 5).map((c) => c.label),
      ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'],
    );
    assert.deepEqual([...new Set(t4.columns.map((c) => (c.group ?? []).join('·')))], ['行政复议', '行政诉讼·未经复议直接起诉', '行政诉讼·复议后起诉']);
  }
});

test('the six sections of the 2019 and 2021 formats, with the prose ones marked', () => {
  for (const f of [national2019, national2021]) {
    assert.deepEqual(
      f.sections.map((s) => [s.title, s.kind]),
      [
        ['一、总体情况', 'prose'],
        ['二、主动公开政府信息情况', 'tables'],
        ['三、收到和处理政府信息公开申请情况', 'tables'],
        ['四、政府信息公开行政复议、行政诉讼情况', 'tables'],
        ['五、存在的主要问题及改进情况', 'prose'],
        ['六、其他需要报告的事项', 'prose'],
      ],
    );
  }
  assert.deepEqual(
    findTable(national2021, 't2_1')?.columns.map((c) => c.label),
    ['本年制发件数', '本年废止件数', '现行有效件数'],
  );
  assert.equal(findTable(national2021, 't2_8')?.columns[0]?.label, '本年收费金额（单位：万元）');
});

test('the format is chosen by report year: 2014–2018 old table, 2019–2020 trial, 2021 on current', () => {
  for (const y of [2014, 2016, 2018]) assert.equal(formatForYear(y).id, 'cn-2014');
  for (const y of [2019, 2020]) assert.equal(formatForYear(y).id, 'cn-2019');
  for (const y of [2021, 2022, 2035]) assert.equal(formatForYear(y).id, 'cn-2021');
  assert.throws(() => formatForYear(2013), NotFoundError);
});

test('every national format is valid: unique ASCII keys, a rule for every data cell, checks naming real cells', () => {
  for (const f of nationalFormats) assert.deepEqual(validateFormat(f), [], f.id);
  for (const f of nationalFormats) {
    for (const t of f.tables) {
      for (const r of t.rows) assert.match(r.key, /^[a-z][a-z0-9_]*$/);
      for (const c of t.columns) assert.match(c.key, /^[a-z][a-z0-9_]*$/);
    }
  }
});

test('a format with a dangling reference, a missing rule or a cycle is refused with each issue named', () => {
  const t3 = findTable(national2021, 't3');
  assert.ok(t3);
  const broken: ReportFormat = {
    ...national2021,
    id: 'broken',
    tables: national2021.tables.map((t) =>
      t.id !== 't3'
        ? t
        : {
            ...t,
            rows: t.rows.map((r) =>
              r.key === 'disclose'
                ? { ...r, rule: { sum: ['no_such_row'] } }
                : r.key === 'partial'
                  ? { ...r, rule: undefined }
                  : r.key === 'carried_over_in'
                    ? { ...r, rule: { sum: ['carried_over_out'] } }
                    : r.key === 'carried_over_out'
                      ? { ...r, rule: { sum: ['carried_over_in'] } }
                      : r,
            ),
          },
    ),
  };
  const issues = validateFormat(broken);
  assert.ok(
    issues.some((i) => i.includes('no_such_row')),
    issues.join('\n'),
  );
  assert.ok(
    issues.some((i) => i.includes('行 partial 列 natural 没有计算规则')),
    issues.join('\n'),
  );
  assert.ok(
    issues.some((i) => i.includes('循环引用')),
    issues.join('\n'),
  );
  assert.throws(() => createFormatRegistry([...nationalFormats, broken]), ValidationError);
});

test('two national formats may not claim the same year', () => {
  const overlap: ReportFormat = { ...national2019, id: 'cn-2019-bis', years: { from: 2020, to: 2021 } };
  assert.throws(() => createFormatRegistry([...nationalFormats, overlap]), /适用年度重叠/);
});

function rulesOf(f: ReportFormat): CellRule[] {
  const out: CellRule[] = [];
  const walk = (r: CellRule | undefined) => {
    if (!r) return;
    out.push(r);
    if ('add' in r) r.add.forEach(walk);
    if ('carry' in r) walk(r.fallback);
  };
  for (const t of f.tables) {
    for (const c of t.columns) walk(c.rule);
    for (const r of t.rows) {
      walk(r.rule);
      for (const x of Object.values(r.cells ?? {})) walk(x);
    }
  }
  return out;
}

test('every metric and manual key the formats use is documented in docs/report-formats.md', () => {
  const doc = readFileSync(new URL('../../../../docs/report-formats.md', import.meta.url), 'utf8');
  const metrics = new Set<string>();
  const manual = new Set<string>();
  for (const f of nationalFormats) {
    for (const r of rulesOf(f)) {
      if ('metric' in r) metrics.add(r.metric);
      if ('manual' in r) manual.add(r.manual);
    }
  }
  assert.ok(metrics.size >= 10);
  for (const m of metrics) assert.ok(doc.includes(`\`${m}\``), `metric ${m} is documented`);
  for (const m of manual) assert.ok(doc.includes(`\`${m}\``), `manual key ${m} is documented`);
});

test('a provincial variant is a data file: loaded, chosen by region, and computed like a national format', async () => {
  const json = JSON.parse(readFileSync(`${here}fixtures/test-province-2022.format.json`, 'utf8'));
  const loaded = loadFormat(json, nationalRegistry);
  assert.ok(loaded.ok, loaded.ok ? '' : loaded.issues.join('\n'));
  const registry = createFormatRegistry([...nationalFormats, loaded.format]);
  assert.equal(formatForYear(2023, { region: 'test-province', registry }).id, 'test-province-2022');
  assert.equal(formatForYear(2021, { region: 'test-province', registry }).id, 'cn-2021');
  assert.equal(formatForYear(2023, { registry }).id, 'cn-2021');
  assert.equal(formatForYear(2023, { region: 'elsewhere', registry }).id, 'cn-2021');

  const v = loaded.format;
  assert.deepEqual(v.sections.find((s) => s.key === 'proactive')?.tables, ['t2_1', 't2_5', 't2_6', 't2_8', 't2_9']);
  assert.ok(!v.checks.some((c) => c.rule === 'narrative.length'));
  assert.ok(v.checks.some((c) => c.rule === 'table3.balance'));

  const { report, unresolved } = await computeReport({
    format: v,
    org: { code: '000014349', name: '测试区' },
    year: 2023,
    sources: fakeSources({ 'procurement.projects': 12, 'procurement.amount': 345.67 }),
  });
  assert.deepEqual(unresolved, []);
  assert.equal(getCell(report, 't2_9', 'procurement', 'amount'), 345.67);
  assert.equal(getCell(report, 't2_9', 'procurement', 'projects'), 12);
});

test('a broken variant file is refused with every issue listed', () => {
  const r = loadFormat(
    {
      id: 'bad-variant',
      extends: 'cn-2021',
      title: 'x',
      basis: 'x',
      region: 'r',
      tables: [
        {
          id: 't9',
          ref: '表九',
          title: '表九',
          stubLabel: '',
          section: 'nowhere',
          columns: [{ key: 'v', label: '数' }],
          rows: [{ key: 'a', label: '甲', level: 0 }],
        },
      ],
    },
    nationalRegistry,
  );
  assert.equal(r.ok, false);
  const issues = r.ok ? [] : r.issues;
  assert.ok(
    issues.some((i) => i.includes('所属章节 nowhere 不存在')),
    issues.join('\n'),
  );
  assert.ok(
    issues.some((i) => i.includes('行 a 列 v 没有计算规则')),
    issues.join('\n'),
  );
  assert.equal(loadFormat({ id: 'x', extends: 'cn-1999', title: 'x', basis: 'x', region: 'r' }, nationalRegistry).ok, false);
});

test("computing asks each metric with the row's params merged with the column's, and sums by rule", async () => {
  const sources = fakeSources();
  const { report, unresolved } = await computeReport({
    format: national2021,
    org: { code: '000014349', name: '测试区' },
    year: 2021,
    sources,
  });
  assert.deepEqual(unresolved, []);
  assert.ok(
    sources.queries.some(
      (q) => q.name === 'requests.outcome' && q.params.outcome === 'refuse_state_secret' && q.params.applicant === 'commercial' && q.year === 2021,
    ),
  );
  assert.ok(sources.queries.some((q) => q.name === 'requests.litigation' && q.params.route === 'after_reconsideration' && q.params.result === 'pending'));
  // 总计 is the sum of the applicant columns; （七）总计 the sum of the 21 leaves.
  const t3 = report.tables.find((t) => t.id === 't3');
  const row = (k: string) => t3?.rows.find((r) => r.key === k)?.cells ?? {};
  const total = row('disclose').total;
  assert.equal(
    total,
    APPLICANT_KEYS.reduce((a, k) => a + (row('disclose')[k] ?? 0), 0),
  );
  assert.equal(
    row('total').natural,
    OUTCOME_KEYS.reduce((a, k) => a + (row(k).natural ?? 0), 0),
  );
  assert.equal(getCell(report, 't4', 'cases', 'rc_total'), 4);
});

test('a missing manual figure leaves the cell and every sum over it blank, and says what to enter', async () => {
  const sources = fakeSources();
  const { report, unresolved } = await computeReport({
    format: national2014,
    org: { code: '', name: '测试区' },
    year: 2016,
    sources: { metric: sources.metric, manual: (k) => (k === 'staff.partTime' ? undefined : 1) },
  });
  assert.deepEqual(unresolved, [{ table: 'stats', row: 'staff_part_time', col: 'value', reason: '需手工填报「staff.partTime」' }]);
  assert.equal(getCell(report, 'stats', 'staff_part_time', 'value'), null);
  assert.equal(getCell(report, 'stats', 'staff', 'value'), null);
  assert.equal(getCell(report, 'stats', 'staff_full_time', 'value'), 1);
});

test("a trial item count carries last year's count plus its change, or the entered count without last year's report", async () => {
  const org = { code: '000014349', name: '测试区' };
  const first = await computeReport({
    format: national2019,
    org,
    year: 2019,
    sources: fakeSources({ 'powers.licensing.itemsAtPreviousYearEnd': 168, 'powers.licensing.itemChange': -5 }),
  });
  assert.equal(getCell(first.report, 't2_5', 'licensing', 'previous_count'), 168);
  assert.equal(getCell(first.report, 't2_5', 'licensing', 'change'), -5);
  const second = await computeReport({
    format: national2019,
    org,
    year: 2020,
    previous: first.report,
    sources: fakeSources({ 'powers.licensing.itemsAtPreviousYearEnd': 999, 'powers.licensing.itemChange': 2 }),
  });
  assert.equal(getCell(second.report, 't2_5', 'licensing', 'previous_count'), 163);
});
