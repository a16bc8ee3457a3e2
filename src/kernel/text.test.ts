import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldText } from './text.ts';

test('an imported field becomes text whatever the file put there, never an exception', () => {
  assert.equal(fieldText(undefined), '');
  assert.equal(fieldText(null), '');
  assert.equal(fieldText('  标题 '), '标题');
  assert.equal(fieldText(12), '12');
  assert.equal(fieldText(false), 'false');
  // JSON.parse('{"toString": 1}'): String() would throw "Cannot convert object to primitive value".
  const hostile = JSON.parse('{"toString": 1, "valueOf": 2}');
  assert.throws(() => String(hostile));
  assert.equal(fieldText(hostile), '{"toString":1,"valueOf":2}');
  assert.equal(fieldText([1, '二']), '[1,"二"]');
});
