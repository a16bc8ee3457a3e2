import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { durationStats, processingStats, type ProcessingTimeSource, type RequestDuration, type PendingRequest } from './processing-time.ts';

test('median, mean and P90 are exact: even counts take the mean of the two middle values, P90 is the nearest rank', () => {
  assert.deepEqual(durationStats([]), { count: 0, median: null, mean: null, p90: null, max: null });
  assert.deepEqual(durationStats([7]), { count: 1, median: 7, mean: 7, p90: 7, max: 7 });
  assert.deepEqual(durationStats([20, 1, 3, 10]), { count: 4, median: 6.5, mean: 8.5, p90: 20, max: 20 });
  // Ten values 1..10: the 90th percentile by nearest rank is the 9th smallest.
  assert.equal(durationStats([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]).p90, 9);
});

test('the statistics are order-free and bounded by the data (property)', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 200 }), (days) => {
      const a = durationStats(days);
      const b = durationStats([...days].reverse());
      assert.deepEqual(a, b);
      const min = Math.min(...days);
      assert.ok(a.median! >= min && a.median! <= a.max!);
      assert.ok(a.p90! >= a.median! || Math.abs(a.p90! - a.median!) < 1);
      assert.ok(days.filter((d) => d <= a.p90!).length >= Math.ceil(0.9 * days.length));
    }),
  );
});

test("a district's median is computed from every request of its subtree, not from its departments' medians", async () => {
  // Department A: 1, 2, 3 (median 2); department B: 10, 20 (median 15). Mean of medians 8.5;
  // the district's true median of 1, 2, 3, 10, 20 is 3.
  const rows: RequestDuration[] = [
    ...[1, 2, 3].map((d, i) => ({ id: `a${i}`, orgId: 11, workingDays: d, decidedOn: '2025-03-01', label: `A-${i}`, href: '#' })),
    ...[10, 20].map((d, i) => ({ id: `b${i}`, orgId: 12, workingDays: d, decidedOn: '2025-04-01', label: `B-${i}`, href: '#' })),
  ];
  const pending: PendingRequest[] = Array.from({ length: 14 }, (_, i) => ({
    id: `p${i}`,
    orgId: i % 2 ? 11 : 12,
    receivedOn: `2025-12-${String(10 + i).padStart(2, '0')}`,
    workingDaysElapsed: 30 - i,
    dueOn: null,
    label: `P-${i}`,
    href: '#',
  }));
  const source: ProcessingTimeSource = {
    async durations(_db, q) {
      return rows.filter((r) => q.orgIds.includes(r.orgId));
    },
    async oldestPending(_db, q) {
      return pending
        .filter((p) => q.orgIds.includes(p.orgId))
        .sort((a, b) => (a.receivedOn < b.receivedOn ? -1 : 1))
        .slice(0, q.limit);
    },
  };
  const db = undefined as never;
  const district = (await processingStats(source, db, [10, 11, 12], 2025, '2025-12-31'))!;
  assert.equal(district.median, 3);
  assert.equal(district.mean, 7.2);
  assert.equal(district.p90, 20);
  assert.equal(district.oldestPending.length, 10);
  assert.equal(district.oldestPending[0]!.receivedOn, '2025-12-10');
  const a = (await processingStats(source, db, [11], 2025, '2025-12-31'))!;
  const b = (await processingStats(source, db, [12], 2025, '2025-12-31'))!;
  assert.deepEqual([a.median, b.median], [2, 15]);
  assert.notEqual(district.median, (a.median! + b.median!) / 2);
});
