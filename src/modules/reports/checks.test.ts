import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bigramJaccard, checkReport, narrativeLength, passes, runChecks } from './checks.ts';
import { computeReport, national2014, national2019, national2021, OUTCOME_KEYS } from './formats/index.ts';
import { fakeSources } from './formats/fixtures/fake-sources.ts';
import { HONGJIANG, SEED_2016 } from './formats/fixtures/seed-2016.ts';
import { createReport, getCell, withCell } from './report-model.ts';
import type { CheckResult, Report } from './report-model.ts';

function seedReport(blanks: 'as printed' | 'zero'): Report {
  return createReport({
    format: national2014,
    org: HONGJIANG,
    year: 2016,
    value: (_t, row) => {
      const v = SEED_2016[row];
      return v === null && blanks === 'zero' ? 0 : v;
    },
  });
}

const ORG = { code: '000014349', name: '测试区人民政府' };

async function report2021(year = 2021, texts?: Record<string, string>): Promise<Report> {
  const { report, unresolved } = await computeReport({ format: national2021, org: ORG, year, sources: fakeSources(), texts });
  assert.deepEqual(unresolved, []);
  return report;
}

const rules = (rs: CheckResult[]) => [...new Set(rs.map((r) => r.rule))].sort();
const only = (rs: CheckResult[], rule: string) => rs.filter((r) => r.rule === rule);

test("a report with the seed's 2016 figures passes every check of the old format", () => {
  const r = seedReport('zero');
  assert.equal(getCell(r, 'stats', 'published_total', 'value'), 6105);
  assert.deepEqual(runChecks(r), []);
});

test('the seed as printed, with blanks, fails only rule 9, naming every blank cell', () => {
  const results = runChecks(seedReport('as printed'));
  assert.deepEqual(rules(results), ['cells.numeric']);
  const blanks = Object.entries(SEED_2016)
    .filter(([, v]) => v === null)
    .map(([k]) => k);
  assert.equal(results.length, blanks.length);
  assert.deepEqual(results.map((r) => r.cells[0]!.row).sort(), blanks.sort());
  const one = results.find((r) => r.cells[0]!.row === 'staff_part_time');
  assert.equal(one?.message, '统计表「(三)从事政府信息公开工作人数员·2、兼职人员数」为空，应填写数字（没有的填 0）');
  assert.deepEqual(one?.cells, [{ table: 'stats', row: 'staff_part_time', col: 'value', found: null }]);
});

test('each old-format sum of §6.1 is checked, naming the total and its parts', () => {
  const base = seedReport('zero');
  const cases: Array<[string, string, number, string]> = [
    ['old.received', 'received_fax', 1, 'received'],
    ['old.completed', 'completed_extended', 2, 'completed'],
    ['old.answered', 'answer_not_exist', 1, 'answered'],
    ['old.refused', 'refuse_privacy', 1, 'answer_refuse'],
    ['old.reconsideration', 'reconsideration_upheld', 1, 'reconsideration'],
    ['old.litigation', 'litigation_corrected', 1, 'litigation'],
  ];
  for (const [rule, part, value, total] of cases) {
    const results = runChecks(withCell(base, 'stats', part, 'value', value));
    const hit = only(results, rule);
    assert.equal(hit.length, 1, `${rule}: ${JSON.stringify(results)}`);
    assert.equal(hit[0]!.severity, 'error');
    assert.equal(hit[0]!.cells[0]!.row, total);
    assert.ok(
      hit[0]!.cells.some((c) => c.row === part && c.found === value),
      rule,
    );
  }
  const r = only(runChecks(withCell(base, 'stats', 'received_fax', 'value', 1)), 'old.received')[0]!;
  assert.equal(r.message, '统计表「(一)收到申请数」应为 1，实为 0（(一)收到申请数应等于当面、传真、网络、信函申请数之和）');
  assert.deepEqual(r.cells[0], { table: 'stats', row: 'received', col: 'value', expected: 1, found: 0 });
});

test('a channel row above 主动公开政府信息数 is an error naming both cells', () => {
  const r = runChecks(withCell(seedReport('zero'), 'stats', 'channel_weibo', 'value', 7000));
  const hit = only(r, 'old.channelNotAboveTotal');
  assert.equal(hit.length, 1);
  assert.equal(
    hit[0]!.message,
    '统计表「(二)通过不同渠道和方式公开政府信息的情况·3、政务微博公开政府信息数」为 7000，超过统计表「(一)主动公开政府信息数(不同渠道和方式公开相同的信息列为1条)」的 6105（各渠道公开数不应超过主动公开政府信息数（同一信息多渠道公开只计1条））',
  );
  assert.deepEqual(
    hit[0]!.cells.map((c) => [c.row, c.found]),
    [
      ['channel_weibo', 7000],
      ['published_total', 6105],
    ],
  );
  // Several channels may each equal the total: the same item on every channel counts once in the total.
  const all = ['channel_gazette', 'channel_weibo', 'channel_wechat', 'channel_other'].reduce(
    (rep, k) => withCell(rep, 'stats', k, 'value', 6105),
    seedReport('zero'),
  );
  assert.deepEqual(runChecks(all), []);
  assert.equal(only(runChecks(withCell(seedReport('zero'), 'stats', 'press_conferences_heads', 'value', 2)), 'old.subsetNotAboveTotal').length, 1);
});

test("a consistent 2021 report passes; without last year's report the year-on-year checks are listed as not run", async () => {
  const r = await report2021();
  const { results, skipped } = checkReport(r);
  assert.deepEqual(results, []);
  assert.deepEqual(skipped.map((s) => s.rule).sort(), ['narrative.repeat', 'table2.inForceContinuity', 'table3.carryOver']);
});

test('table 三: 一+二 = 三（七）+四 per applicant column (rule 1)', async () => {
  const r = withCell(withCell(await report2021(), 't3', 'new_received', 'research', 4), 't3', 'new_received', 'total', null);
  const base = await report2021();
  const fixedTotal = withCell(r, 't3', 'new_received', 'total', (getCell(base, 't3', 'new_received', 'total') ?? 0) + 4);
  const hit = only(runChecks(fixedTotal), 'table3.balance');
  assert.equal(hit.length, 2); // the 科研机构 column and the 总计 column
  const research = hit.find((h) => h.cells[0]!.col === 'research');
  assert.ok(research);
  assert.equal(
    research.message,
    '表三「申请人情况·法人或其他组织·科研机构」列不符合：一+二 应等于 三（七）+四（本列数据的勾稽关系）；左边为 6（4 + 2），右边为 2（0 + 2）',
  );
  assert.deepEqual(
    research.cells.map((c) => [c.row, c.found]),
    [
      ['new_received', 4],
      ['carried_over_in', 2],
      ['total', 0],
      ['carried_over_out', 2],
    ],
  );
  assert.deepEqual(rules(runChecks(fixedTotal)), ['table3.balance']);
});

test('table 三: 总计 = the six applicant columns in every row (rule 2)', async () => {
  const base = await report2021();
  const r = withCell(base, 't3', 'decline_repeat', 'total', (getCell(base, 't3', 'decline_repeat', 'total') ?? 0) + 1);
  const hit = only(runChecks(r), 'table3.applicantTotal');
  assert.equal(hit.length, 1);
  assert.equal(hit[0]!.cells[0]!.row, 'decline_repeat');
  assert.equal(hit[0]!.cells[0]!.col, 'total');
  assert.equal(hit[0]!.cells[0]!.expected, getCell(base, 't3', 'decline_repeat', 'total'));
  assert.match(hit[0]!.message, /^表三「（五）不予处理·2\.重复申请」「申请人情况·总计」列应为 \d+，实为 \d+（总计应等于自然人与5类法人或其他组织之和）$/);
  assert.equal(hit[0]!.cells.length, 7);
});

test('table 三: （七）总计 = the 21 leaves (rule 3), naming all 22 cells', async () => {
  const base = await report2021();
  let r = withCell(base, 't3', 'total', 'natural', (getCell(base, 't3', 'total', 'natural') ?? 0) - 1);
  r = withCell(r, 't3', 'carried_over_out', 'natural', (getCell(base, 't3', 'carried_over_out', 'natural') ?? 0) + 1);
  r = withCell(r, 't3', 'total', 'total', (getCell(base, 't3', 'total', 'total') ?? 0) - 1);
  r = withCell(r, 't3', 'carried_over_out', 'total', (getCell(base, 't3', 'carried_over_out', 'total') ?? 0) + 1);
  const all = runChecks(r);
  assert.deepEqual(rules(all), ['table3.outcomeTotal']);
  const hit = only(all, 'table3.outcomeTotal');
  assert.deepEqual(
    hit.map((h) => h.cells[0]!.col),
    ['natural', 'total'],
  );
  assert.equal(hit[0]!.cells.length, 22);
  assert.deepEqual(
    hit[0]!.cells.slice(1).map((c) => c.row),
    [...OUTCOME_KEYS],
  );
  assert.match(hit[0]!.message, /（七）总计应等于21项办理结果之和/);
});

test('二 of this year = 四 of last year is a warning (rule 4), skipped when last year used the old format', async () => {
  const previous = await report2021(2021);
  const thisYear = await report2021(2022);
  assert.deepEqual(runChecks(thisYear, { previous }), []);
  const changed = withCell(previous, 't3', 'carried_over_out', 'commercial', 9);
  const hit = only(runChecks(thisYear, { previous: changed }), 'table3.carryOver');
  assert.equal(hit.length, 1);
  assert.equal(hit[0]!.severity, 'warning');
  assert.equal(
    hit[0]!.message,
    '表三「二、上年结转政府信息公开申请数量」「申请人情况·法人或其他组织·商业企业」列应为 9，实为 2（二、上年结转数应等于上一年度报告的四、结转下年度继续办理数）',
  );
  assert.deepEqual(hit[0]!.cells, [{ table: 't3', row: 'carried_over_in', col: 'commercial', expected: 9, found: 2 }]);
  assert.ok(passes(runChecks(thisYear, { previous: changed })));

  // 2019's previous report is in the 2014 format: no 表三 to compare with.
  const trial = (await computeReport({ format: national2019, org: ORG, year: 2019, sources: fakeSources() })).report;
  const old = seedReport('zero');
  const { results, skipped } = checkReport(trial, { previous: { ...old, year: 2018 } });
  assert.deepEqual(results, []);
  assert.ok(skipped.some((s) => s.rule === 'table3.carryOver' && s.reason.includes('cn-2014')));
});

test("table 四: each block's 总计 = 维持 + 纠正 + 其他 + 尚未审结 (rule 5)", async () => {
  const r = withCell(await report2021(), 't4', 'cases', 'direct_pending', 3);
  const hit = only(runChecks(r), 'table4.blockTotal');
  assert.equal(hit.length, 1);
  assert.equal(
    hit[0]!.message,
    '表四「行政诉讼·未经复议直接起诉·总计」列应为 3，实为 0（行政诉讼（未经复议直接起诉）总计应等于结果维持、结果纠正、其他结果、尚未审结之和）',
  );
  assert.deepEqual(
    hit[0]!.cells.map((c) => c.col),
    ['direct_total', 'direct_upheld', 'direct_corrected', 'direct_other', 'direct_pending'],
  );
});

test('table 二: 现行有效 continuity is a warning (rule 6)', async () => {
  const previous = await report2021(2021);
  const r = withCell(await report2021(2022), 't2_1', 'normative_docs', 'repealed', 10);
  const hit = only(runChecks(r, { previous }), 'table2.inForceContinuity');
  assert.equal(hit.length, 1);
  assert.equal(hit[0]!.severity, 'warning');
  assert.equal(
    hit[0]!.message,
    '表二（第二十条第（一）项）「行政规范性文件」「现行有效件数」列应为 36，实为 44（现行有效件数应等于上一年度现行有效件数加本年制发件数减本年废止件数）',
  );
  assert.deepEqual(hit[0]!.cells, [
    { table: 't2_1', row: 'normative_docs', col: 'in_force', expected: 36, found: 44 },
    { table: 't2_1', row: 'normative_docs', col: 'issued', found: 6 },
    { table: 't2_1', row: 'normative_docs', col: 'repealed', found: 10 },
  ]);
});

test("an over-long 总体情况 and a near-copy of last year's 五 are warnings (rule 8)", async () => {
  const problems2021 =
    '一是政府信息公开工作机制仍需健全，部分单位对依申请公开办理流程不够熟悉。二是政策解读形式较为单一，图解、视频等解读方式运用不多。' +
    '下一步，我区将加强业务培训，规范依申请公开办理程序，丰富政策解读形式，提升政府信息公开工作质量。2021年共开展培训3次。';
  const copied = problems2021.replace('2021年共开展培训3次', '2022年共开展培训5次');
  const rewritten =
    '主要问题：基层政务公开标准化目录更新不及时，个别乡镇栏目长期空白；政务新媒体互动回应偏慢。' +
    '改进措施：建立目录季度核查机制，由区政务公开办逐月通报；明确新媒体留言两个工作日内答复，纳入年度考核。';
  const previous = await report2021(2021, { problems: problems2021, overview: '概述。' });
  const long = '我区坚持以公开为常态、不公开为例外。'.repeat(60);
  const r = await report2021(2022, { problems: copied, overview: long });
  const results = runChecks(r, { previous });
  assert.deepEqual(rules(results), ['narrative.length', 'narrative.repeat']);
  assert.ok(results.every((x) => x.severity === 'warning'));
  assert.equal(only(results, 'narrative.length')[0]!.message, `「一、总体情况」共 ${narrativeLength(long)} 字，超过约 1000 字的篇幅要求`);
  assert.match(
    only(results, 'narrative.repeat')[0]!.message,
    /^「五、存在的主要问题及改进情况」与2021年度报告高度相似（字符二元组 Jaccard 相似度 1\.00，阈值 0\.8），疑似照搬上一年度内容$/,
  );

  const fresh = await report2021(2022, { problems: rewritten, overview: '概述。' });
  assert.deepEqual(runChecks(fresh, { previous }), []);
});

test('character-bigram Jaccard separates copies from rewrites on the same topics', () => {
  const a =
    '一是政府信息公开工作机制仍需健全，部分单位对依申请公开办理流程不够熟悉。二是政策解读形式较为单一，图解、视频等解读方式运用不多。' +
    '下一步，我区将加强业务培训，规范依申请公开办理程序，丰富政策解读形式，提升政府信息公开工作质量。';
  // Same text, one sentence edited and the paragraphs swapped: still a copy.
  const edited =
    '下一步，我区将加强业务培训，规范依申请公开办理程序，丰富政策解读形式，提升政府信息公开工作质量。' +
    '一是政府信息公开工作机制还需健全，部分单位对依申请公开办理流程不够熟悉。二是政策解读形式较为单一，图解、视频等解读方式运用不多。';
  // Same topics (training, interpretation, requests), written anew.
  const paraphrase =
    '过去一年暴露出两方面不足：依申请公开答复文书格式不统一，个别答复引用条款不准确；政策解读多为文字稿，群众阅读量低。' +
    '今年将编制答复文书范本，组织全区业务骨干集中学习，并推行负责同志带头解读、图文和短视频同步发布。';
  const copy = bigramJaccard(a, edited);
  const rewrite = bigramJaccard(a, paraphrase);
  assert.ok(copy >= 0.8, `copy ${copy}`);
  assert.ok(rewrite < 0.3, `rewrite ${rewrite}`);
  assert.equal(bigramJaccard('2020年，无收取信息处理费情况。', '2021年，无收取信息处理费情况。'), 1);
});

test('every cell prints a number: blanks, negatives, fractions of a count and missing rows are errors (rule 9)', async () => {
  const base = await report2021();
  let r = withCell(base, 't3', 'disclose', 'research', null);
  r = withCell(r, 't2_6', 'penalty', 'decisions', -1);
  r = withCell(r, 't4', 'cases', 'rc_other', 0.5);
  r = withCell(r, 't2_8', 'admin_fees', 'amount', 12.3456); // 万元 may have decimals
  const t3 = r.tables.find((t) => t.id === 't3');
  assert.ok(t3);
  t3.rows = t3.rows.filter((x) => x.key !== 'decline_publication');
  t3.rows.push({ key: 'extra', label: '（八）自创行', cells: { natural: 1 } });
  const hit = only(runChecks(r), 'cells.numeric');
  const messages = hit.map((h) => h.message);
  assert.ok(messages.includes('表三「（一）予以公开」「申请人情况·法人或其他组织·科研机构」列为空，应填写数字（没有的填 0）'), messages.join('\n'));
  assert.ok(messages.includes('表二（第二十条第（六）项）「行政处罚」为 -1，不应为负数'), messages.join('\n'));
  assert.ok(messages.includes('表四「行政复议·其他结果」列为 0.5，单位为「件」的计数应为整数'), messages.join('\n'));
  assert.ok(messages.includes('表三「（五）不予处理·3.要求提供公开出版物」整行缺失'), messages.join('\n'));
  assert.ok(messages.includes('表三含格式中没有的行「（八）自创行」（extra）'), messages.join('\n'));
  assert.equal(hit.find((h) => h.message.endsWith('整行缺失'))?.cells.length, 7);
  assert.ok(!messages.some((m) => m.includes('行政事业性收费')));
});

test("a signed column may be negative (the trial's 本年增/减)", async () => {
  const { report } = await computeReport({
    format: national2019,
    org: ORG,
    year: 2020,
    sources: fakeSources({ 'powers.penalty.itemChange': -12 }),
  });
  assert.equal(getCell(report, 't2_6', 'penalty', 'change'), -12);
  assert.deepEqual(only(runChecks(report), 'cells.numeric'), []);
});

test('a report checked against a format that does not cover its year is an error', () => {
  const r = { ...seedReport('zero'), year: 2021 };
  const hit = only(runChecks(r), 'format.year');
  assert.equal(hit.length, 1);
  assert.match(hit[0]!.message, /^2021年度报告不适用格式/);
  assert.deepEqual(
    runChecks({ ...r, format: 'nope' }).map((x) => x.rule),
    ['format.unknown'],
  );
});

test("the trial format's item counts must continue last year's (a warning)", async () => {
  const first = (
    await computeReport({
      format: national2019,
      org: ORG,
      year: 2019,
      sources: fakeSources({ 'powers.penalty.itemsAtPreviousYearEnd': 2618, 'powers.penalty.itemChange': -18 }),
    })
  ).report;
  const second = (await computeReport({ format: national2019, org: ORG, year: 2020, previous: first, sources: fakeSources() })).report;
  assert.deepEqual(runChecks(second, { previous: first }), []);
  const hit = only(runChecks(withCell(second, 't2_6', 'penalty', 'previous_count', 2618), { previous: first }), 'table2.itemContinuity');
  assert.equal(hit.length, 1);
  assert.equal(hit[0]!.severity, 'warning');
  assert.equal(
    hit[0]!.message,
    '表二（第二十条第（六）项）「行政处罚」「上一年项目数量」列应为 2600，实为 2618（上一年项目数量应等于上一年度报告的上一年项目数量加本年增/减）',
  );
});
