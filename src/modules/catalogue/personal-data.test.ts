import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidIdNumber, luhnValid, scanText, maskPersonalData } from './personal-data.ts';

// 11010519491231002X is the GB 11643 worked example; its check character is X.
test('an 18-digit ID number is flagged only when its GB 11643 check character is right', () => {
  assert.equal(isValidIdNumber('11010519491231002X'), true);
  assert.equal(isValidIdNumber('110105194912310021'), false);
  const f = scanText('申请人张某，身份证号11010519491231002X，另一个110105194912310021。', '正文');
  assert.deepEqual(f.map((x) => [x.kind, x.detail]), [['id_number', '110105********002X']]);
});

test('mobile numbers are flagged in the usual written forms and masked', () => {
  const f = scanText('联系电话：13812345678，或 +86 139-1234-5678；座机0745-7631001不算。', '正文');
  assert.deepEqual(f.filter((x) => x.kind === 'mobile').map((x) => x.detail), ['138****5678', '139****5678']);
});

test('bank card numbers are flagged only when the Luhn check passes, grouped or not', () => {
  assert.equal(luhnValid('6222021234567890128'), true);
  const f = scanText('低保金打入账户 6222 0212 3456 7890 128，另 6222021234567890127 校验不符。', '附件');
  assert.deepEqual(f.filter((x) => x.kind === 'bank_card').map((x) => x.detail), ['6222***********0128']);
});

test('文号, dates and amounts are not personal data', () => {
  assert.deepEqual(scanText('洪管发〔2016〕12号，2016年10月26日，发放低保金1234.5万元，项目编号20160000000012345。', '正文'), []);
});

test('audit text is masked', () => {
  assert.equal(maskPersonalData('身份证11010519491231002X 手机13812345678'), '身份证110105********002X 手机138****5678');
});
