import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionLabel, describeSummary, vocabularyIndex } from './vocabulary.ts';

const v = vocabularyIndex([
  {
    actions: { 'catalogue.validity': '变更有效性' },
    fields: { validity: '有效性', changedOn: '变更日期' },
    values: { validity: { valid: '有效', repealed: '废止' } },
  },
  { fields: { outcome: '答复结果' }, values: { state: { received: '已收到', decided: '已答复' } } },
]);

test('a before/after summary reads as field changes with labelled values', () => {
  assert.deepEqual(
    describeSummary(v, JSON.stringify({ before: { validity: 'valid', changedOn: null }, after: { validity: 'repealed', changedOn: '2025-02-04' } })),
    ['有效性：有效 → 废止', '变更日期：（空） → 2025-02-04'],
  );
});

test('nested pairs, plain fields and a changes map read the same way; unchanged fields are left out', () => {
  const lines = describeSummary(
    v,
    JSON.stringify({
      state: { before: 'received', after: 'decided' },
      outcome: 'disclose',
      changes: { 'staff.fullTime': { before: null, after: 2 } },
      same: { before: 1, after: 1 },
    }),
  );
  assert.deepEqual(lines, ['状态：已收到 → 已答复', '答复结果：disclose', 'staff.fullTime：（空） → 2']);
});

test('an after-only summary lists its fields; text that is not JSON is shown as it is', () => {
  assert.deepEqual(describeSummary(v, JSON.stringify({ after: { title: '关于……的通知' } })), ['标题：关于……的通知']);
  assert.deepEqual(describeSummary(v, 'plain'), ['plain']);
  assert.equal(actionLabel(v, 'catalogue.validity'), '变更有效性');
  assert.equal(actionLabel(v, 'unknown.thing'), 'unknown.thing');
});
