import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidIdNumber, luhnValid, scanText, maskPersonalData, personalSpans, redactText, redactHtml, findingKey } from './personal-data.ts';

// 11010519491231002X is the GB 11643 worked example; its check character is X.
test('an 18-digit ID number is flagged only when its GB 11643 check character is right', () => {
  assert.equal(isValidIdNumber('11010519491231002X'), true);
  assert.equal(isValidIdNumber('110105194912310021'), false);
  const f = scanText('申请人张某，身份证号11010519491231002X，另一个110105194912310021。', '正文');
  assert.deepEqual(
    f.map((x) => [x.kind, x.detail]),
    [['id_number', '110105********002X']],
  );
});

test('mobile numbers are flagged in the usual written forms and masked', () => {
  const f = scanText('联系电话：13812345678，或 +86 139-1234-5678；座机0745-7631001不算。', '正文');
  assert.deepEqual(
    f.filter((x) => x.kind === 'mobile').map((x) => x.detail),
    ['138****5678', '139****5678'],
  );
});

test('bank card numbers are flagged only when the Luhn check passes, grouped or not', () => {
  assert.equal(luhnValid('6222021234567890128'), true);
  const f = scanText('低保金打入账户 6222 0212 3456 7890 128，另 6222021234567890127 校验不符。', '附件');
  assert.deepEqual(
    f.filter((x) => x.kind === 'bank_card').map((x) => x.detail),
    ['6222***********0128'],
  );
});

test('文号, dates and amounts are not personal data', () => {
  assert.deepEqual(scanText('洪管发〔2016〕12号，2016年10月26日，发放低保金1234.5万元，项目编号20160000000012345。', '正文'), []);
});

test('audit text is masked', () => {
  assert.equal(maskPersonalData('身份证11010519491231002X 手机13812345678'), '身份证110105********002X 手机138****5678');
});

test('遮盖 masks each kind by its rule, only the finding asked for, in text and in the markup', () => {
  const text = '身份证号430102198003150018，手机13807451234，卡号6222 0212 3456 7890 128，热线13900001111。';
  const spans = personalSpans(text);
  assert.deepEqual(
    spans.map((x) => [x.kind, x.masked]),
    [
      ['id_number', '430102********0018'],
      ['mobile', '138****1234'],
      ['mobile', '139****1111'],
      ['bank_card', '6222***********0128'],
    ],
  );
  let out = text;
  for (const x of spans.filter((y) => y.value !== '13900001111')) out = redactText(out, x.key);
  assert.equal(out, '身份证号430102********0018，手机138****1234，卡号6222***********0128，热线13900001111。');
  assert.deepEqual(
    scanText(out, '正文').map((f) => f.detail),
    ['139****1111'],
    'what was masked is no longer found',
  );
  const html = '<p title="13807451234">联系电话<b>13807451234</b></p>';
  assert.equal(redactHtml(html, findingKey('mobile', '13807451234')), '<p title="138****1234">联系电话<b>138****1234</b></p>', 'an attribute is masked too');
});

test('two numbers that mask alike are two findings', () => {
  const f = scanText('13812341234 与 13899991234', '正文');
  assert.deepEqual(
    f.map((x) => x.detail),
    ['138****1234', '138****1234'],
  );
  assert.notEqual(f[0]?.key, f[1]?.key);
});
