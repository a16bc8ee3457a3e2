import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkCalendar, explainNotable, hasOfficialSchedule } from './working-days.ts';

const cal = new WorkCalendar();

test('a request received on Friday 2016-09-30 is due on the 15th working day, 2016-10-26', () => {
  const r = cal.addWorkdays('2016-09-30', 15);
  assert.equal(r.date, '2016-10-26');
  assert.equal(r.provisional, false);
  const lines = explainNotable(r.notable);
  assert.ok(lines.includes('2016-10-01 至 2016-10-07 国庆节'.concat('，不计')), lines.join('\n'));
  assert.ok(
    lines.some((l) => l.startsWith('2016-10-08') && l.includes('调休上班') && l.endsWith('计入')),
    lines.join('\n'),
  );
});

test('make-up working days count and holidays do not', () => {
  assert.equal(cal.isWorkday('2016-10-08'), true); // Saturday, 调休
  assert.equal(cal.isWorkday('2016-10-03'), false); // National Day week
  assert.equal(cal.isWorkday('2015-09-03'), false); // the 2015 parade day off
  assert.equal(cal.isWorkday('2016-10-15'), false); // ordinary Saturday
});

test('a year with no official schedule is counted on weekends and the holidays of the 办法, and marked provisional', () => {
  assert.equal(hasOfficialSchedule(2016), true);
  assert.equal(hasOfficialSchedule(2099), false);
  const r = cal.addWorkdays('2099-12-30', 3);
  assert.equal(r.provisional, true);
  assert.equal(r.date, '2100-01-05'); // 31 Dec, (Fri 1 Jan 元旦, weekend), 4 and 5 Jan
  assert.deepEqual(r.provisionalYears, [2099, 2100]);
});

test('overrides win over the package, and a year entered in full is no longer provisional', () => {
  const c = new WorkCalendar({ overrides: new Map([['2099-01-01', { workday: false, reason: '元旦' }]]), loadedYears: new Set([2099]) });
  assert.equal(c.isWorkday('2099-01-01'), false);
  assert.equal(c.day('2099-01-01').reason, '元旦');
  assert.equal(c.addWorkdays('2098-12-31', 1).date, '2099-01-02');
  assert.equal(c.addWorkdays('2099-03-02', 1).provisional, false);
});

test('working days in a range count both ends', () => {
  assert.equal(cal.workdaysInRange('2016-10-10', '2016-10-14'), 5);
  assert.equal(cal.workdaysInRange('2016-10-01', '2016-10-09'), 2);
});
