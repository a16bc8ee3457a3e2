import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkCalendar } from '../../platform/calendar/working-days.ts';
import { publicationDue, isOnTime, urgency, dueSoonHorizon } from './deadlines.ts';

const cal = new WorkCalendar();

test('publication is due 20 working days after the formed date, skipping the National Day week and counting its make-up Saturdays', () => {
  // Formed Friday 2016-09-30: 1–7 Oct are off, Sat 8 and Sun 9 Oct are make-up working days.
  const d = publicationDue(cal, '2016-09-30');
  assert.equal(d.dueOn, '2016-11-02');
  assert.equal(d.provisional, false);
  assert.equal(publicationDue(cal, '2016-03-01').dueOn, '2016-03-29');
});

test('an item published on its due date is on time; a day later it is late', () => {
  assert.equal(isOnTime('2016-10-26', '2016-10-26'), true);
  assert.equal(isOnTime('2016-10-27', '2016-10-26'), false);
});

test('an unpublished item is due soon within the warning window and late after its due date', () => {
  assert.equal(urgency(cal, '2016-10-26', '2016-10-27', 5), 'late');
  assert.equal(urgency(cal, '2016-10-26', '2016-10-20', 5), 'due_soon');
  assert.equal(urgency(cal, '2016-10-26', '2016-10-10', 5), 'ok');
  assert.equal(dueSoonHorizon(cal, '2016-10-20', 5), '2016-10-27');
});
