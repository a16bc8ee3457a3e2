import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays } from '../../kernel/dates.ts';
import { ValidationError } from '../../kernel/errors.ts';
import { WorkCalendar } from '../../platform/calendar/working-days.ts';
import {
  computeClock,
  consultationReplyDeadline,
  correctionNoticeDeadline,
  correctionPeriodEnds,
  feePaymentDeadline,
  isDueWithin,
  isOverdue,
  workdaysLeft,
  type ClockResult,
  type RunningClock,
} from './deadlines.ts';
import { allowsPause, regimeFor, rulesFor } from './regimes.ts';

const cal = new WorkCalendar();

function running(r: ClockResult): RunningClock {
  assert.equal(r.status, 'running', r.explain.join('\n'));
  return r as RunningClock;
}

function rejects(fn: () => unknown, field: string, message?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ValidationError, String(e));
    const hit = e.issues.find((i) => i.field === field);
    assert.ok(hit, `expected an issue on ${field}, got ${JSON.stringify(e.issues)}`);
    if (message) assert.match(hit.message, message);
    return true;
  });
}

// ── The known example (disclosure.md §2) ──

test('a request received on Friday 2016-09-30 under the 2008 rules is due on 2016-10-26, and the explanation shows why', () => {
  const r = running(computeClock(cal, { receivedOn: '2016-09-30' }));
  assert.equal(r.regime, '2008');
  assert.equal(r.start, '2016-09-30');
  assert.equal(r.baseDays, 15);
  assert.equal(r.due, '2016-10-26');
  assert.equal(r.answerBy, '2016-10-26');
  assert.equal(r.extendedDue, undefined);
  assert.equal(r.provisional, false);
  assert.deepEqual(r.provisionalYears, []);
  const text = r.explain.join('\n');
  assert.match(text, /国务院令第492号/);
  assert.match(text, /第二十四条第二款/);
  assert.match(text, /收到申请之日：2016-09-30.*当日不计入/);
  assert.ok(r.explain.includes('2016-10-01 至 2016-10-07 国庆节，不计'), text);
  assert.ok(r.explain.includes('2016-10-08 国庆节调休上班（星期六），计入'), text);
  assert.ok(r.explain.includes('2016-10-09 国庆节调休上班（星期日），计入'), text);
  assert.match(text, /答复期限届满日：2016-10-26/);
});

// ── Which rules apply (disclosure.md §1) ──

test('requests received on 2019-05-14 follow the 2008 rules and those received on 2019-05-15 the 2019 rules', () => {
  assert.equal(regimeFor('2019-05-14'), '2008');
  assert.equal(regimeFor('2019-05-15'), '2019');

  const before = running(computeClock(cal, { receivedOn: '2019-05-14' }));
  assert.equal(before.regime, '2008');
  assert.equal(before.baseDays, 15);
  assert.equal(before.maxExtensionDays, 15);
  // Tue 14 May + 15 working days: 15–17, 20–24, 27–31 May, 3–4 Jun.
  assert.equal(before.due, '2019-06-04');

  const after = running(computeClock(cal, { receivedOn: '2019-05-15' }));
  assert.equal(after.regime, '2019');
  assert.equal(after.baseDays, 20);
  assert.equal(after.maxExtensionDays, 20);
  // Wed 15 May + 20 working days, 端午 Fri 7 June off: the 20th is Thu 13 June.
  assert.equal(after.due, '2019-06-13');
  assert.match(after.explain.join('\n'), /国务院令第711号.*第三十三条第二款/);
});

test('each regime allows the pauses its text allows: third party in both, other agencies from 2019 only', () => {
  assert.equal(allowsPause('2008', 'third_party'), true);
  assert.equal(allowsPause('2008', 'other_agency'), false);
  assert.equal(allowsPause('2019', 'third_party'), true);
  assert.equal(allowsPause('2019', 'other_agency'), true);
  assert.deepEqual(rulesFor('2019').pauses.other_agency, { regime: '2019', article: 33, paragraph: 3 });
  rejects(
    () => computeClock(cal, { receivedOn: '2016-09-30', pauses: [{ from: '2016-10-10', to: '2016-10-12', kind: 'other_agency' }] }),
    'pauses[0].kind',
    /第三方/,
  );
});

test('a regime override is honoured and flagged when it differs from the receipt date', () => {
  const r = running(computeClock(cal, { receivedOn: '2019-05-14', regime: '2019' }));
  assert.equal(r.regime, '2019');
  assert.equal(r.baseDays, 20);
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0]!, /国务院令第492号/);
  rejects(() => computeClock(cal, { receivedOn: '2019-05-14', regime: '2020' as never }), 'regime');
});

// ── Correction (disclosure.md §3) ──

test('a correction restarts the clock from the day the corrected request is received', () => {
  const r = running(computeClock(cal, { receivedOn: '2019-05-15', correction: { noticeOn: '2019-05-20', correctedOn: '2019-05-27' } }));
  assert.equal(r.start, '2019-05-27');
  // Mon 27 May + 20 working days (端午 7 June off): 28–31 May (4), 3–6 Jun (8), 10–14 (13), 17–21 (18), 24–25 (20).
  assert.equal(r.due, '2019-06-25');
  const text = r.explain.join('\n');
  assert.match(text, /2019-05-20 告知申请人作出补正（条例第三十条）/);
  assert.match(text, /2019-05-27 收到补正后的申请：答复期限自该日重新计算/);
  assert.match(text, /收到补正申请之日后第20个工作日/);
  assert.deepEqual(r.warnings, []);
});

test('under the 2008 rules a correction restarts the clock too, and the explanation says this is local practice', () => {
  const r = running(computeClock(cal, { receivedOn: '2016-09-30', correction: { noticeOn: '2016-10-10', correctedOn: '2016-10-17' } }));
  assert.equal(r.start, '2016-10-17');
  // Mon 17 Oct + 15 working days: 18–21 (4), 24–28 (9), 31 Oct–4 Nov (14), 7 Nov (15).
  assert.equal(r.due, '2016-11-07');
  assert.match(r.explain.join('\n'), /第二十一条第（四）项未规定期限如何计算；本地口径/);
});

test('while the corrected request has not arrived no deadline runs, and the correction period end is given', () => {
  const r = computeClock(cal, { receivedOn: '2019-05-15', correction: { noticeOn: '2019-05-20' } });
  assert.equal(r.status, 'awaiting_correction');
  assert.equal(r.due, null);
  assert.equal(r.start, null);
  // Mon 20 May + 15 working days: 21–24 (4), 27–31 (9), 3–6 Jun (13), 10–11 Jun (15).
  assert.equal(r.status === 'awaiting_correction' && r.correctionPeriodEnds, '2019-06-11');
  const custom = computeClock(cal, { receivedOn: '2019-05-15', correction: { noticeOn: '2019-05-20', periodDays: 10 } });
  assert.equal(custom.status === 'awaiting_correction' && custom.correctionPeriodEnds, '2019-06-03');
});

test('a 2019 correction notice later than 7 working days after receipt is flagged (Art. 30)', () => {
  assert.equal(correctionNoticeDeadline(cal, '2019-05-15')?.date, '2019-05-24');
  assert.equal(correctionNoticeDeadline(cal, '2016-09-30'), null);
  const r = running(computeClock(cal, { receivedOn: '2019-05-15', correction: { noticeOn: '2019-05-27', correctedOn: '2019-05-28' } }));
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0]!, /晚于收到申请后7个工作日（2019-05-24）/);
});

test('a correction dated before the receipt is refused, naming the field', () => {
  rejects(() => computeClock(cal, { receivedOn: '2019-05-15', correction: { noticeOn: '2019-05-10' } }), 'correction.noticeOn');
  rejects(() => computeClock(cal, { receivedOn: '2019-05-15', correction: { noticeOn: '2019-05-20', correctedOn: '2019-05-17' } }), 'correction.correctedOn');
  rejects(() => computeClock(cal, { receivedOn: '2019-05-15', correction: {} }), 'correction');
});

// ── Pauses for consultation (disclosure.md §2, local 口径) ──

test('a consultation spanning a weekend moves the due date by its working days only', () => {
  // Mon 1 July 2019: no holidays until National Day; 20 working days end Mon 29 July.
  assert.equal(running(computeClock(cal, { receivedOn: '2019-07-01' })).due, '2019-07-29');
  // Sent Fri 5 July, reply Tue 9 July: Fri, Mon, Tue = 3 working days; Sat and Sun add nothing.
  const r = running(computeClock(cal, { receivedOn: '2019-07-01', pauses: [{ from: '2019-07-05', to: '2019-07-09', kind: 'third_party' }] }));
  assert.equal(r.pausedWorkdays, 3);
  assert.equal(r.due, '2019-08-01');
  assert.match(r.explain.join('\n'), /2019-07-05 至 2019-07-09 征求第三方意见，其间3个工作日不计入答复期限（条例第三十三条第三款.*顺延3个工作日/);
});

test('parallel consultations do not take the same working day out twice', () => {
  const r = running(
    computeClock(cal, {
      receivedOn: '2019-07-01',
      pauses: [
        { from: '2019-07-08', to: '2019-07-10', kind: 'third_party' },
        { from: '2019-07-09', to: '2019-07-12', kind: 'other_agency' },
      ],
    }),
  );
  // 8–12 July: 5 distinct working days.
  assert.equal(r.pausedWorkdays, 5);
  assert.equal(r.due, '2019-08-05');
  assert.match(r.explain.join('\n'), /其中2个工作日与另一征求意见重叠，不重复扣除/);
});

test('a consultation without a reply is counted to the 15-working-day reply limit and marked as an estimate (2019)', () => {
  const r = running(computeClock(cal, { receivedOn: '2019-07-01', pauses: [{ from: '2019-07-05', kind: 'other_agency' }] }));
  assert.equal(r.hasPendingConsultation, true);
  // 5 July + 15 working days = 26 July; 5–26 July holds 16 working days (both ends included).
  assert.equal(r.pausedWorkdays, 16);
  assert.match(r.explain.join('\n'), /尚未回复.*第三十四条/);
  rejects(() => computeClock(cal, { receivedOn: '2016-09-30', pauses: [{ from: '2016-10-10', kind: 'third_party' }] }), 'pauses[0].to');
});

test('a reply dated before its consultation is refused', () => {
  rejects(() => computeClock(cal, { receivedOn: '2019-07-01', pauses: [{ from: '2019-07-09', to: '2019-07-05', kind: 'third_party' }] }), 'pauses[0].to');
});

// ── Extension ──

test('an extension defaults to the maximum, and more than the maximum is refused with the article', () => {
  const r08 = running(computeClock(cal, { receivedOn: '2016-09-30', extension: {} }));
  assert.equal(r08.extensionDays, 15);
  // 26 Oct + 15 working days: 27–28 Oct (2), 31 Oct–4 Nov (7), 7–11 (12), 14–16 (15).
  assert.equal(r08.extendedDue, '2016-11-16');
  assert.equal(r08.answerBy, '2016-11-16');
  assert.equal(r08.due, '2016-10-26');
  assert.match(r08.explain.join('\n'), /延长答复期限15个工作日（条例第二十四条第二款/);

  assert.equal(running(computeClock(cal, { receivedOn: '2019-07-01', extension: { days: 20 } })).extensionDays, 20);
  assert.equal(running(computeClock(cal, { receivedOn: '2019-07-01', extension: { days: 5 } })).extendedDue, '2019-08-05');
  rejects(() => computeClock(cal, { receivedOn: '2016-09-30', extension: { days: 16 } }), 'extension.days', /最长不得超过15个工作日.*第二十四条第二款/);
  rejects(() => computeClock(cal, { receivedOn: '2019-07-01', extension: { days: 21 } }), 'extension.days', /最长不得超过20个工作日.*第三十三条第二款/);
  rejects(() => computeClock(cal, { receivedOn: '2019-07-01', extension: { days: 0 } }), 'extension.days');
});

// ── Art. 35 ──

test('a reasonable later deadline (Art. 35) becomes the date to answer by, only under the 2019 rules and only if later', () => {
  const r = running(computeClock(cal, { receivedOn: '2019-07-01', reasonableDeadline: '2019-09-30' }));
  assert.equal(r.due, '2019-07-29');
  assert.equal(r.reasonableDeadline, '2019-09-30');
  assert.equal(r.answerBy, '2019-09-30');
  assert.match(r.explain.join('\n'), /第三十五条/);
  rejects(() => computeClock(cal, { receivedOn: '2019-07-01', reasonableDeadline: '2019-07-20' }), 'reasonableDeadline', /须晚于/);
  rejects(() => computeClock(cal, { receivedOn: '2016-09-30', reasonableDeadline: '2016-12-30' }), 'reasonableDeadline', /第三十五条/);
});

// ── Provisional years ──

test('a due date in 2027, a year the package has no official schedule for, is provisional and names 2027', () => {
  const r = running(computeClock(cal, { receivedOn: '2026-12-10' }));
  // No schedule for 2027 yet: 元旦 (Fri 1 January) is known from the 办法 and skipped; the date stays provisional.
  assert.equal(r.due, '2027-01-08');
  assert.equal(r.provisional, true);
  assert.deepEqual(r.provisionalYears, [2027]);
  assert.ok(r.explain.includes('2027-01-01 至 2027-01-03 元旦、周末，不计'), r.explain.join('\n'));
  assert.match(r.explain.at(-1)!, /2027年的国务院节假日安排尚未载入.*放假办法.*调休上班日.*暂定/);

  // Once administrators enter 2027, the date is final.
  const loaded = new WorkCalendar({ overrides: new Map([['2027-01-01', { workday: false, reason: '元旦' }]]), loadedYears: new Set([2027]) });
  const final = running(computeClock(loaded, { receivedOn: '2026-12-10' }));
  assert.equal(final.due, '2027-01-08');
  assert.equal(final.provisional, false);
  assert.ok(final.explain.includes('2027-01-01 至 2027-01-03 元旦、周末，不计'), final.explain.join('\n'));
});

// ── Other limits ──

test('the correction period ends 15 working days after the notice by default, or the set number', () => {
  assert.equal(correctionPeriodEnds(cal, '2019-05-20').date, '2019-06-11');
  assert.equal(correctionPeriodEnds(cal, '2019-05-20', 10).date, '2019-06-03');
  rejects(() => correctionPeriodEnds(cal, '2019-05-20', 0), 'periodDays');
});

test('a consulted party has 15 working days; a silent co-producing agency consents, a silent third party leaves it to the office', () => {
  const agency = consultationReplyDeadline(cal, '2019-07-01', 'other_agency');
  assert.equal(agency?.date, '2019-07-22');
  assert.equal(agency?.silence, 'consent');
  assert.match(agency!.explain[0]!, /第三十四条/);
  const third = consultationReplyDeadline(cal, '2019-07-01', 'third_party');
  assert.equal(third?.silence, 'office_decides');
  assert.match(third!.explain[0]!, /第三十二条/);
  assert.equal(consultationReplyDeadline(cal, '2016-10-10', 'third_party', '2008'), null);
});

test('a fee is due 20 working days from the day after the notice, across National Day and its make-up Saturday', () => {
  // Notice received Thu 30 Sep 2021; 1–7 Oct off; Sat 9 Oct a make-up day.
  // 8, 9 (2), 11–15 (7), 18–22 (12), 25–29 (17), 1–3 Nov (20).
  const r = feePaymentDeadline(cal, '2021-09-30');
  assert.equal(r.date, '2021-11-03');
  assert.ok(
    r.explain.some((l) => l.startsWith('2021-10-09') && l.includes('计入')),
    r.explain.join('\n'),
  );
  assert.match(r.explain[0]!, /国办函〔2020〕109号/);
});

test('follow-up predicates count working days left, zero on the day, negative once overdue', () => {
  assert.equal(workdaysLeft(cal, '2016-09-30', '2016-10-26'), 15);
  assert.equal(workdaysLeft(cal, '2016-10-03', '2016-10-10'), 3); // from a holiday: 8 (Sat, make-up), 9 (Sun, make-up), 10
  assert.equal(workdaysLeft(cal, '2016-10-26', '2016-10-26'), 0);
  assert.equal(workdaysLeft(cal, '2016-10-28', '2016-10-26'), -2);
  assert.equal(isOverdue('2016-10-26', '2016-10-26'), false);
  assert.equal(isOverdue('2016-10-27', '2016-10-26'), true);
  assert.equal(isDueWithin(cal, '2016-10-21', '2016-10-26', 3), true); // 24, 25, 26
  assert.equal(isDueWithin(cal, '2016-10-20', '2016-10-26', 3), false); // 4 left
  assert.equal(isDueWithin(cal, '2016-10-27', '2016-10-26', 3), false); // overdue is not "due within"
});

test('an invalid date is refused, naming the field', () => {
  rejects(() => computeClock(cal, { receivedOn: '2016-02-30' }), 'receivedOn');
  rejects(() => computeClock(cal, { receivedOn: '2019-07-01', pauses: [{ from: '7/5', to: '2019-07-09', kind: 'third_party' }] }), 'pauses[0].from');
  rejects(() => workdaysLeft(cal, 'today', '2016-10-26'), 'today');
});

test('a consultation sent on the day of receipt takes out only the days after it, since that day is not counted anyway', () => {
  const r = running(computeClock(cal, { receivedOn: '2019-07-01', pauses: [{ from: '2019-07-01', to: '2019-07-02', kind: 'third_party' }] }));
  assert.equal(r.pausedWorkdays, 1);
  assert.equal(r.due, '2019-07-30');
  assert.match(r.explain.join('\n'), /2019-07-01及以前本不计时/);
});

test('a consultation begun after the deadline ran out, or answered after its 15 days, is flagged for review', () => {
  const late = running(computeClock(cal, { receivedOn: '2019-07-01', pauses: [{ from: '2019-07-31', to: '2019-08-01', kind: 'third_party' }] }));
  assert.ok(
    late.warnings.some((w) => w.includes('答复期限已于 2019-07-29 届满')),
    late.warnings.join('\n'),
  );
  const slow = running(computeClock(cal, { receivedOn: '2019-07-01', pauses: [{ from: '2019-07-02', to: '2019-07-30', kind: 'third_party' }] }));
  assert.ok(
    slow.warnings.some((w) => w.includes('晚于发出后15个工作日（2019-07-23）')),
    slow.warnings.join('\n'),
  );
});

test('for any receipt date 2008–2026, the due date is a working day exactly baseDays + paused working days after the start', () => {
  fc.assert(
    fc.property(
      fc.date({ min: new Date('2008-05-01T00:00:00Z'), max: new Date('2026-06-30T00:00:00Z'), noInvalidDate: true }),
      fc.integer({ min: 1, max: 25 }),
      fc.integer({ min: 0, max: 12 }),
      fc.integer({ min: 0, max: 15 }),
      (d, offset, length, ext) => {
        const receivedOn = d.toISOString().slice(0, 10);
        const from = addDays(receivedOn, offset);
        const to = addDays(from, length);
        const r = running(computeClock(cal, { receivedOn, pauses: [{ from, to, kind: 'third_party' }], ...(ext ? { extension: { days: ext } } : {}) }));
        const rules = rulesFor(r.regime);
        assert.equal(cal.isWorkday(r.due), true);
        assert.equal(r.pausedWorkdays, cal.workdaysInRange(from, to));
        assert.equal(workdaysLeft(cal, receivedOn, r.due), rules.baseDays + r.pausedWorkdays);
        if (ext) assert.equal(workdaysLeft(cal, r.due, r.extendedDue!), ext);
        assert.equal(r.provisional, false);
      },
    ),
    { numRuns: 300 },
  );
});
