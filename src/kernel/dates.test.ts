import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, isIsoDate, dayOfWeek, chineseDate, dateInZone, timeInZone } from './dates.ts';

test('isIsoDate accepts real dates and refuses impossible ones', () => {
  assert.equal(isIsoDate('2016-02-29'), true);
  assert.equal(isIsoDate('2017-02-29'), false);
  assert.equal(isIsoDate('2016-13-01'), false);
  assert.equal(isIsoDate('2016-1-01'), false);
});

test('addDays crosses months and years without time-zone drift', () => {
  assert.equal(addDays('2016-12-31', 1), '2017-01-01');
  assert.equal(addDays('2016-03-01', -1), '2016-02-29');
  assert.equal(dayOfWeek('2016-09-30'), 5);
});

test('dates print the Chinese way and take the Beijing calendar day', () => {
  assert.equal(chineseDate('2016-10-26'), '2016年10月26日');
  assert.equal(dateInZone(new Date('2016-09-30T17:00:00Z')), '2016-10-01');
});

test('timeInZone shows a stored UTC instant in Beijing time, across midnight', () => {
  assert.equal(timeInZone('2016-10-25T16:05:09.123Z'), '2016-10-26 00:05');
  assert.equal(timeInZone('2016-10-25T16:05:09.123Z', 'Asia/Shanghai', true), '2016-10-26 00:05:09');
  assert.equal(timeInZone('2016-10-25T16:05:09Z', 'UTC'), '2016-10-25 16:05');
  assert.equal(timeInZone('not a time'), 'not a time');
});
