import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { WorkCalendar } from '../../platform/calendar/working-days.ts';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { processingTimes, workingDaysTaken } from './processing-times.ts';
import { findOrg, listOrgs } from '../orgs/index.ts';

const cal = new WorkCalendar();

test('a duration counts working days after the receipt day up to the decision, consultation and fee days removed', () => {
  const r = { regime: '2019' as const, received_on: '2025-03-03', corrected_on: null };
  // Tue 4 March … Fri 14 March: 9 working days.
  assert.equal(workingDaysTaken(cal, r, [], '2025-03-14'), 9);
  // A third party consulted Wed 5 – Fri 7 March (both included): 3 days do not count.
  assert.equal(workingDaysTaken(cal, r, [{ from: '2025-03-05', to: '2025-03-07', kind: 'third_party' }], '2025-03-14'), 6);
  // Overlapping pauses count each day once; a fee window open at the end stops at the end.
  assert.equal(
    workingDaysTaken(
      cal,
      r,
      [
        { from: '2025-03-05', to: '2025-03-07', kind: 'third_party' },
        { from: '2025-03-06', to: null, kind: 'fee' },
      ],
      '2025-03-14',
    ),
    1,
  );
  // Under 2008 consulting another agency did not stop the clock (第二十四条第三款: third parties only).
  assert.equal(workingDaysTaken(cal, { ...r, regime: '2008' }, [{ from: '2025-03-05', to: '2025-03-07', kind: 'other_agency' }], '2025-03-14'), 9);
  // Under 2019 a corrected request restarts the period from the corrected request's receipt.
  assert.equal(workingDaysTaken(cal, { ...r, corrected_on: '2025-03-10' }, [], '2025-03-14'), 4);
  // National Day week and its make-up Saturday (2025-09-28): 30 Sep → 10 Oct.
  assert.equal(workingDaysTaken(cal, { ...r, received_on: '2025-09-30' }, [], '2025-10-10'), 2);
});

let t: TestApp;
before(async () => {
  t = await testApp({ demo: true });
});
after(() => t?.close());

test('the demo district’s 2025 requests have durations for the report, and the pending ones are listed oldest first', async () => {
  const db = t.app.database.db;
  const root = (await findOrg(db, '洪江区'))!;
  const orgIds = (await listOrgs(db, { includeInactive: true })).filter((o) => o.path.startsWith(root.path)).map((o) => o.id);
  const decided = await db
    .selectFrom('requests')
    .select('id')
    .where('decided_on', '>=', '2025-01-01')
    .where('decided_on', '<=', '2025-12-31')
    .where('received_on', 'is not', null)
    .execute();
  const durations = await processingTimes.durations(db, { orgIds, year: 2025 });
  assert.equal(durations.length, decided.length);
  assert.ok(durations.length >= 20);
  assert.ok(durations.every((d) => Number.isInteger(d.workingDays) && d.workingDays >= 0 && d.workingDays <= 80 && d.href.startsWith('/admin/requests/')));
  assert.ok(!durations.some((d) => /\d{17}[\dX]/.test(d.label)), 'no ID numbers in the labels');
  const pending = await processingTimes.oldestPending(db, { orgIds, asOf: '2026-11-27', limit: 10 });
  assert.ok(pending.length >= 1);
  for (let i = 1; i < pending.length; i++) assert.ok(pending[i - 1]!.receivedOn <= pending[i]!.receivedOn);
});
