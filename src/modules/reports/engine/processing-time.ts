/**
 * Processing-time statistics, exact at every level of the cascade: a median cannot be summed from
 * the departments' medians, so the district's figures are computed from every request's own
 * duration in the whole subtree. Durations are the requests module's (working days from the legal
 * receipt date to the decision, pauses for correction, consultation and fee payment removed).
 *
 * The requests module provides them through its index.ts as `processingTimes` (the interface
 * below; src/modules/requests/processing-times.ts).
 */
import type { Queryable } from '../../../storage/db.ts';

export interface RequestDuration {
  id: string;
  orgId: number;
  /** Working days from the legal receipt date to the final decision, pauses removed. */
  workingDays: number;
  decidedOn: string;
  /** Masked (no applicant names or ID numbers): what a reviewer reads. */
  label: string;
  href: string;
}

export interface PendingRequest {
  id: string;
  orgId: number;
  receivedOn: string;
  /** Working days elapsed up to `asOf`, pauses removed. */
  workingDaysElapsed: number;
  dueOn: string | null;
  label: string;
  href: string;
}

export interface ProcessingTimeSource {
  /** Requests of these orgs whose final outcome was decided in `year`. */
  durations(db: Queryable, q: { orgIds: readonly number[]; year: number }): Promise<RequestDuration[]>;
  /** Requests of these orgs still open at `asOf`, oldest legal receipt date first. */
  oldestPending(db: Queryable, q: { orgIds: readonly number[]; asOf: string; limit: number }): Promise<PendingRequest[]>;
}

declare module '../../../platform/module.ts' {
  interface Ports {
    /** The requests module's working-day durations, for the report's processing-time panel and chart. */
    processingTimes: ProcessingTimeSource;
  }
}

export interface ProcessingStats {
  count: number;
  median: number | null;
  mean: number | null;
  /** Nearest-rank 90th percentile: the smallest duration at or above which 10 % of requests lie. */
  p90: number | null;
  max: number | null;
  oldestPending: PendingRequest[];
}

/** Exact statistics of a list of durations (one per request). */
export function durationStats(days: readonly number[]): Omit<ProcessingStats, 'oldestPending'> {
  const n = days.length;
  if (!n) return { count: 0, median: null, mean: null, p90: null, max: null };
  const sorted = [...days].sort((a, b) => a - b);
  // n >= 1 here, so every index below is within sorted.
  const median = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  const mean = Math.round((sorted.reduce((a, b) => a + b, 0) / n) * 10) / 10;
  const p90 = sorted[Math.ceil(0.9 * n) - 1]!;
  return { count: n, median, mean, p90, max: sorted[n - 1]! };
}

/** The statistics of these orgs' requests decided in `year` (undefined without a source: an app without the requests module). */
export async function processingStats(
  source: ProcessingTimeSource | undefined,
  db: Queryable,
  orgIds: readonly number[],
  year: number,
  asOf: string,
): Promise<ProcessingStats | undefined> {
  if (!source) return undefined;
  const [durations, pending] = await Promise.all([source.durations(db, { orgIds, year }), source.oldestPending(db, { orgIds, asOf, limit: 10 })]);
  return { ...durationStats(durations.map((d) => d.workingDays)), oldestPending: pending.slice(0, 10) };
}
