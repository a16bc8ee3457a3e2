import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../kernel/errors.ts';
import { fillLetter, formatCitation, letterPlaceholders, outcome, outcomesFor } from './outcomes.ts';

/** Table 三 of 国办公开办函〔2021〕30号, copied verbatim from disclosure.md §6.3. */
const TABLE_SAN = `
  （一）予以公开
  （二）部分公开（区分处理的，只计这一情形，不计其他情形）
  （三）不予公开  1.属于国家秘密 2.其他法律行政法规禁止公开 3.危及“三安全一稳定”
                  4.保护第三方合法权益 5.属于三类内部事务信息 6.属于四类过程性信息
                  7.属于行政执法案卷 8.属于行政查询事项
  （四）无法提供  1.本机关不掌握相关政府信息 2.没有现成信息需要另行制作 3.补正后申请内容仍不明确
  （五）不予处理  1.信访举报投诉类申请 2.重复申请 3.要求提供公开出版物
                  4.无正当理由大量反复申请 5.要求行政机关确认或重新出具已获取信息
  （六）其他处理  1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请
                  2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请
                  3.其他
`;

/** [row ref, label] for each leaf, in printed order: ('三（一）', '予以公开'), ('三（三）1', '属于国家秘密') … */
function leafRows(table: string): [string, string][] {
  const rows: [string, string][] = [];
  let group = '';
  for (const line of table
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const m = /^(（[一二三四五六七]）)(.*)$/.exec(line);
    let rest = line;
    if (m) {
      group = m[1]!;
      rest = m[2]!.trim();
      if (!/^\S+\s+1\./.test(rest)) {
        rows.push([`三${group}`, rest]); // a leaf group: （一）, （二）
        continue;
      }
      rest = rest.replace(/^\S+\s+/, '');
    }
    for (const item of rest.split(/\s+(?=\d\.)/)) {
      const im = /^(\d)\.(.+)$/.exec(item.trim());
      assert.ok(im, `unparsed: ${item}`);
      rows.push([`三${group}${im[1]}`, im[2]!]);
    }
  }
  return rows;
}

test('the 2019 outcomes are exactly the 21 leaf rows of table 三, with the labels as printed, in order', () => {
  const printed = leafRows(TABLE_SAN);
  assert.equal(printed.length, 21);
  const list = outcomesFor('2019');
  assert.equal(list.length, 21);
  assert.deepEqual(
    list.map((o) => [o.reportRow, o.label]),
    printed,
  );
  assert.equal(outcome('2019', 'refuse_three_security').label, '危及\u201c三安全一稳定\u201d');
  assert.equal(outcome('2019', 'partial').label, '部分公开（区分处理的，只计这一情形，不计其他情形）');
});

test('outcome keys are stable, unique ASCII', () => {
  for (const regime of ['2008', '2019'] as const) {
    const keys = outcomesFor(regime).map((o) => o.key);
    assert.equal(new Set(keys).size, keys.length);
    for (const k of keys) assert.match(k, /^[a-z][a-z0-9_]*$/);
  }
  assert.equal(outcome('2019', 'disclose').reportRow, '三（一）');
  assert.equal(outcome('2019', 'refuse_state_secret').reportRow, '三（三）1');
});

test('each 2019 outcome rests on the article the domain notes map it to', () => {
  const cites = (key: string) => formatCitation(outcome('2019', key).basis, { short: true });
  assert.equal(cites('disclose'), '《条例》第三十六条第（一）项、第三十六条第（二）项');
  assert.equal(cites('partial'), '《条例》第三十七条');
  assert.equal(cites('refuse_state_secret'), '《条例》第十四条、第三十六条第（三）项');
  assert.equal(cites('refuse_law_forbids'), '《条例》第十四条、第三十六条第（三）项');
  assert.equal(cites('refuse_three_security'), '《条例》第十四条、第三十六条第（三）项');
  assert.equal(cites('refuse_third_party'), '《条例》第十五条、第三十六条第（三）项');
  assert.equal(cites('refuse_internal_affairs'), '《条例》第十六条第一款、第三十六条第（三）项');
  assert.equal(cites('refuse_process_info'), '《条例》第十六条第二款、第三十六条第（三）项');
  assert.equal(cites('refuse_enforcement_file'), '《条例》第十六条第二款、第三十六条第（三）项');
  assert.equal(cites('refuse_administrative_query'), '《条例》第三十六条第（七）项');
  assert.equal(cites('unable_not_held'), '《条例》第三十六条第（四）项、第三十六条第（五）项');
  assert.equal(cites('unable_needs_creation'), '《条例》第三十八条');
  assert.equal(cites('unable_unclear_after_correction'), '《条例》第三十条');
  assert.equal(cites('decline_petition'), '《条例》第三十九条第一款');
  assert.equal(cites('decline_repeat'), '《条例》第三十六条第（六）项');
  assert.equal(cites('decline_publication'), '《条例》第三十九条第二款');
  assert.equal(cites('decline_mass_requests'), '《条例》第三十五条');
  assert.equal(cites('other_no_correction'), '《条例》第三十条');
  assert.equal(cites('other_fee_unpaid'), '《条例》第四十二条');
  // No article in the 条例: said so rather than invented.
  for (const k of ['decline_confirm_reissue', 'other']) {
    assert.deepEqual(outcome('2019', k).basis, []);
    assert.ok(outcome('2019', k).basisNote);
  }
});

test('every letter wording cites, in full, the articles it rests on', () => {
  for (const regime of ['2008', '2019'] as const)
    for (const o of outcomesFor(regime)) {
      assert.equal(o.letter, o.letters[0].text);
      for (const v of o.letters) if (v.basis.length) assert.ok(v.text.includes(formatCitation(v.basis)), `${regime} ${o.key}/${v.case}: ${v.text}`);
    }
  assert.equal(
    outcome('2019', 'refuse_state_secret').letter,
    '经审查，您申请公开的政府信息属于依法确定为国家秘密的政府信息。根据《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项的规定，本机关决定不予公开。',
  );
  assert.deepEqual(
    outcome('2019', 'unable_not_held').letters.map((v) => v.case),
    ['not_exist', 'not_this_agency'],
  );
});

test('the 2008 outcomes are the old table categories, with 不同意公开 split into its six reasons', () => {
  const list = outcomesFor('2008');
  assert.deepEqual(
    list.map((o) => o.label),
    [
      '属于已主动公开范围',
      '同意公开',
      '同意部分公开',
      '涉及国家秘密',
      '涉及商业秘密',
      '涉及个人隐私',
      '危及国家安全、公共安全、经济安全和社会稳定',
      '不是《条例》所指政府信息',
      '法律法规规定的其他情形',
      '不属于本行政机关公开',
      '申请信息不存在',
      '告知作出更改补充',
      '告知通过其他途径办理',
    ],
  );
  const refusals = list.filter((o) => o.reportRow === '三（三）4');
  assert.equal(refusals.length, 6);
  for (const o of refusals) assert.equal(o.group, '4、不同意公开答复数');
  assert.deepEqual(
    [...new Set(list.map((o) => o.reportRow))],
    ['三（三）1', '三（三）2', '三（三）3', '三（三）4', '三（三）5', '三（三）6', '三（三）7', '三（三）8'],
  );
  assert.equal(outcome('2008', 'not_exist').reportRowLabel, '6、申请信息不存在数');
});

test('each 2008 outcome rests on its article of the 2008 条例', () => {
  const cites = (key: string) => formatCitation(outcome('2008', key).basis, { short: true });
  assert.equal(cites('already_public'), '《条例》第二十一条第（一）项');
  assert.equal(cites('disclose'), '《条例》第二十一条第（一）项');
  assert.equal(cites('partial'), '《条例》第二十二条');
  assert.equal(cites('refuse_state_secret'), '《条例》第十四条第四款、第二十一条第（二）项');
  assert.equal(cites('refuse_commercial_secret'), '《条例》第十四条第四款、第二十三条、第二十一条第（二）项');
  assert.equal(cites('refuse_privacy'), '《条例》第十四条第四款、第二十三条、第二十一条第（二）项');
  assert.equal(cites('refuse_security_stability'), '《条例》第八条、第二十一条第（二）项');
  assert.equal(cites('refuse_not_government_information'), '《条例》第二条、第二十一条第（二）项');
  assert.equal(cites('refuse_other_law'), '《条例》第二十一条第（二）项');
  assert.equal(cites('not_this_agency'), '《条例》第二十一条第（三）项');
  assert.equal(cites('not_exist'), '《条例》第二十一条第（三）项');
  assert.equal(cites('correction'), '《条例》第二十一条第（四）项');
  assert.deepEqual(outcome('2008', 'other_route').basis, []);
  for (const o of outcomesFor('2008')) for (const c of o.basis) assert.equal(c.regime, '2008');
  for (const o of outcomesFor('2019')) for (const c of o.basis) assert.equal(c.regime, '2019');
});

test('the citation formatter writes articles, paragraphs and items as statutes do', () => {
  assert.equal(formatCitation({ regime: '2019', article: 36, item: 1 }), '《中华人民共和国政府信息公开条例》第三十六条第（一）项');
  assert.equal(formatCitation({ regime: '2019', article: 33, paragraph: 3 }), '《中华人民共和国政府信息公开条例》第三十三条第三款');
  assert.equal(
    formatCitation({ regime: '2008', article: 24, paragraph: 2 }, { withInstrument: true }),
    '《中华人民共和国政府信息公开条例》（国务院令第492号）第二十四条第二款',
  );
  assert.equal(formatCitation({ regime: '2019', article: 10 }), '《中华人民共和国政府信息公开条例》第十条');
  assert.equal(formatCitation({ regime: '2019', article: 20, item: 15 }), '《中华人民共和国政府信息公开条例》第二十条第（十五）项');
  assert.equal(formatCitation([]), '');
});

test('a letter is filled from its placeholders and refuses to go out with one missing', () => {
  const v = outcome('2019', 'unable_not_held').letters[1];
  assert.ok(v);
  assert.deepEqual(letterPlaceholders(v.text), ['理由', '机关名称', '联系方式']);
  const text = fillLetter(v.text, { 理由: '该信息由区自然资源局制作', 机关名称: '区自然资源局', 联系方式: '0745-1234567' });
  assert.ok(!text.includes('{'));
  assert.match(text, /负责公开该政府信息的行政机关为区自然资源局/);
  assert.throws(
    () => fillLetter(v.text, { 理由: 'x' }),
    (e: unknown) => e instanceof ValidationError && e.issues.map((i) => i.field).join() === '机关名称,联系方式',
  );
});

test('an unknown outcome key is refused', () => {
  assert.throws(() => outcome('2019', 'already_public'), ValidationError);
  assert.throws(() => outcome('2008', 'refuse_third_party'), ValidationError);
});
