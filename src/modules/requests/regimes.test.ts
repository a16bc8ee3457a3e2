import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../kernel/errors.ts';
import { allowsPause, chineseNumber, formatCitation, regimeFor, rulesFor } from './regimes.ts';

test('the revised 条例 (国务院令第711号) governs requests received from 2019-05-15; earlier ones keep 国务院令第492号', () => {
  assert.equal(regimeFor('2008-05-01'), '2008');
  assert.equal(regimeFor('2019-05-14'), '2008');
  assert.equal(regimeFor('2019-05-15'), '2019');
  assert.equal(regimeFor('2024-01-02'), '2019');
  assert.equal(rulesFor('2008').instrument, '国务院令第492号');
  assert.equal(rulesFor('2019').instrument, '国务院令第711号');
});

test('base days and maximum extensions are 15/15 under 2008 (Art. 24) and 20/20 under 2019 (Art. 33)', () => {
  const r08 = rulesFor('2008');
  const r19 = rulesFor('2019');
  assert.deepEqual([r08.baseDays, r08.maxExtensionDays, r19.baseDays, r19.maxExtensionDays], [15, 15, 20, 20]);
  assert.equal(formatCitation(r08.baseDaysBasis), '《中华人民共和国政府信息公开条例》第二十四条第二款');
  assert.equal(formatCitation(r19.extensionBasis), '《中华人民共和国政府信息公开条例》第三十三条第二款');
  assert.equal(formatCitation(r08.pauses.third_party!), '《中华人民共和国政府信息公开条例》第二十四条第三款');
  assert.equal(formatCitation(r19.pauses.other_agency!), '《中华人民共和国政府信息公开条例》第三十三条第三款');
  assert.equal(r19.correctionNoticeDays, 7);
  assert.equal(r08.correctionNoticeDays, null);
  assert.equal(r19.consultationReplyDays, 15);
  assert.equal(r08.consultationReplyDays, null);
});

test('consulting other agencies stops the clock only under the 2019 rules', () => {
  assert.equal(allowsPause('2008', 'other_agency'), false);
  assert.equal(allowsPause('2019', 'other_agency'), true);
  assert.equal(allowsPause('2008', 'third_party'), true);
});

test('article numbers are written the way statutes write them', () => {
  assert.deepEqual([1, 8, 10, 14, 20, 21, 36, 42, 56].map(chineseNumber), ['一', '八', '十', '十四', '二十', '二十一', '三十六', '四十二', '五十六']);
  assert.throws(() => chineseNumber(0), RangeError);
});

test('an invalid receipt date or regime is refused, naming the field', () => {
  assert.throws(
    () => regimeFor('2019-5-15'),
    (e: unknown) => e instanceof ValidationError && e.issues[0]?.field === 'receivedOn',
  );
  assert.throws(
    () => rulesFor('2020' as never),
    (e: unknown) => e instanceof ValidationError && e.issues[0]?.field === 'regime',
  );
});
