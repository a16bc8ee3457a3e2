import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toTraditional, toSimplified } from './script.ts';

test('the 繁體 view converts characters without rewriting mainland terms', () => {
  // 信息 stays 信息 (the Taiwan-phrase preset would make it 資訊).
  assert.equal(toTraditional('政府信息公开工作年度报告'), '政府信息公開工作年度報告');
  assert.equal(toTraditional('洪江区行政复议'), '洪江區行政複議');
});

test('traditional text from the seed folds back to simplified', () => {
  assert.equal(toSimplified('洪江區2016年信息公開年度報告'), '洪江区2016年信息公开年度报告');
  assert.equal(toSimplified('行政複議'), '行政复议');
});
