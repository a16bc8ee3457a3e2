import { test } from 'node:test';
import assert from 'node:assert/strict';
import chineseDays from 'chinese-days';
import { addDays } from '../../kernel/dates.ts';
import { statutoryDaysOf, festivalsOf } from './statutory.ts';
import { WorkCalendar, explainNotable } from './working-days.ts';

const cal = new WorkCalendar();
/** Each day with its reason, and the lunar day where the article names one. */
const off = (year: number) =>
  [...statutoryDaysOf(year).values()].map((d) => `${d.date} ${d.reason}${/（/.test(d.basis) ? ` ${d.basis.replace(/^.*》/, '')}` : ''}`).sort();

test("2027's public holidays are computed from the lunar calendar and the 清明 term (第二条), with 补假 for weekend days (第六条)", () => {
  // The lunar and solar-term dates come from the library; the expected list is checked against it.
  const chuyi = chineseDays.getSolarDateFromLunar('2027-01-01').date;
  assert.equal(chuyi, '2027-02-06');
  assert.equal(chineseDays.getSolarTermDate(2027, 4, 'pure_brightness'), '2027-04-05');
  assert.equal(chineseDays.getSolarDateFromLunar('2027-05-05').date, '2027-06-09');
  assert.equal(chineseDays.getSolarDateFromLunar('2027-08-15').date, '2027-09-15');
  assert.equal(addDays(chuyi, -1), '2027-02-05'); // 除夕: the last day of the twelfth month
  assert.deepEqual(off(2027), [
    '2027-01-01 元旦', // a Friday: nothing owed
    '2027-02-05 春节 第二条（除夕）',
    '2027-02-06 春节 第二条（正月初一）', // Saturday
    '2027-02-07 春节 第二条（正月初二）', // Sunday
    '2027-02-08 春节 第二条（正月初三）',
    '2027-02-09 春节补假',
    '2027-02-10 春节补假',
    '2027-04-05 清明节',
    '2027-05-01 劳动节', // Saturday
    '2027-05-02 劳动节', // Sunday
    '2027-05-03 劳动节补假',
    '2027-05-04 劳动节补假',
    '2027-06-09 端午节',
    '2027-09-15 中秋节',
    '2027-10-01 国庆节',
    '2027-10-02 国庆节', // Saturday
    '2027-10-03 国庆节', // Sunday
    '2027-10-04 国庆节补假',
    '2027-10-05 国庆节补假',
  ]);
});

test('the festival days computed for 2025 and 2026 are days off in the State Council schedules the library carries', () => {
  // The same computation checked against years whose real schedule is known (the amended 办法 applies from 2025).
  for (const year of [2025, 2026]) {
    for (const f of festivalsOf(year)) {
      for (const d of f.days) assert.equal(chineseDays.isHoliday(d.date), true, `${year} ${f.festival} ${d.date}`);
    }
  }
});

test('a festival day on another festival (中秋 on 国庆, 2028) is owed a day too; the days owed follow the festival', () => {
  const d = statutoryDaysOf(2028);
  assert.equal(chineseDays.getSolarDateFromLunar('2028-08-15').date, '2028-10-03');
  assert.equal(d.get('2028-10-03')?.festival, '国庆节');
  assert.equal(d.get('2028-10-04')?.reason, '国庆节补假'); // 1 October is a Sunday
  assert.equal(d.get('2028-10-05')?.reason, '中秋节补假');
  assert.equal(d.get('2028-10-06'), undefined);
  assert.equal(d.get('2028-01-03')?.reason, '元旦补假'); // Saturday 1 January → Monday 3 January
});

test('before 2025 (other rules) nothing is computed', () => {
  assert.equal(statutoryDaysOf(2003).size, 0);
  assert.equal(cal.day('2003-01-01').workday, true);
  assert.equal(cal.day('2003-01-01').provisional, true);
});

test('a provisional year: 元旦 2027 is a day off marked provisional with the reason, and a deadline counted across it skips it', () => {
  const day = cal.day('2027-01-01');
  assert.equal(day.workday, false);
  assert.equal(day.kind, 'holiday');
  assert.equal(day.reason, '元旦');
  assert.equal(day.provisional, true);
  assert.match(day.basis ?? '', /全国年节及纪念日放假办法》第二条/);
  assert.match(day.provisionalReason ?? '', /2027年国务院放假安排尚未录入.*调休上班日每年由国务院办公厅通知确定/);
  // An ordinary day of the year says why it is provisional too: a Saturday may yet be a working day.
  assert.match(cal.day('2027-01-09').provisionalReason ?? '', /调休上班日/);
  assert.equal(cal.day('2026-12-31').provisionalReason, undefined);

  const r = cal.addWorkdays('2026-12-31', 1);
  assert.equal(r.date, '2027-01-04'); // Friday 1 January off, then the weekend
  assert.equal(r.provisional, true);
  assert.deepEqual(r.provisionalYears, [2027]);
  assert.deepEqual(explainNotable(r.notable), ['2027-01-01 至 2027-01-03 元旦、周末，不计']);
  // Across the Spring Festival and its 补假: Thursday 4 February + 1 → Thursday 11 February.
  assert.equal(cal.addWorkdays('2027-02-04', 1).date, '2027-02-11');
});

test('a year entered by the administrators is not computed: their days stand alone', () => {
  const c = new WorkCalendar({ overrides: new Map(), loadedYears: new Set([2027]) });
  assert.equal(c.isWorkday('2027-01-01'), true);
  assert.equal(c.day('2027-01-01').provisional, false);
});
