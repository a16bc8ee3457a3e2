import type { Queryable } from '../../storage/db.ts';
import { addDays, type IsoDate } from '../../kernel/dates.ts';
import { loadCalendar } from '../../platform/calendar/calendar.ts';
import type { WorkCalendar } from '../../platform/calendar/working-days.ts';
import { rulesFor } from './regimes.ts';
import { APPLICANT_TYPE_LABELS, type ApplicantType } from './applicants.ts';
import './types.ts';

/**
 * How long each request took, for the annual report's processing-time statistics (median, mean,
 * P90 and the oldest pending, exact at every level because they are computed from every request's
 * own duration, never from departments' medians). The reports module finds this object through
 * `index.ts` as `processingTimes`.
 *
 * A duration is the working days the agency had the request: from the legal receipt date — or,
 * under the 2019 rules, from the receipt of the corrected request, when the answer period restarts
 * (2019 条例第三十条) — to the decision, the day of receipt not counted (the 期间 rule), minus the
 * working days the clock stood still: consultation of a third party or another agency, from
 * sending to reply, both included (2019 条例第三十二条、第三十三条第二款; 2008 第二十四条第三款 for
 * third parties only), and the fee window, from the notice to payment (本地口径: the applicant,
 * not the agency, holds the request then).
 */
export type DurationRow = {
  id: number;
  org_id: number;
  query_code: string;
  regime: '2008' | '2019';
  applicant_type: ApplicantType;
  info_name: string;
  info_description: string;
  received_on: string | null;
  corrected_on: string | null;
  decided_on: string | null;
  due_on: string | null;
};

const COLUMNS = [
  'id',
  'org_id',
  'query_code',
  'regime',
  'applicant_type',
  'info_name',
  'info_description',
  'received_on',
  'corrected_on',
  'decided_on',
  'due_on',
] as const;

async function pausesOf(db: Queryable, ids: number[]): Promise<Map<number, Array<{ from: IsoDate; to: IsoDate | null; kind: string }>>> {
  const out = new Map<number, Array<{ from: IsoDate; to: IsoDate | null; kind: string }>>();
  if (!ids.length) return out;
  const add = (id: number, p: { from: IsoDate; to: IsoDate | null; kind: string }) => out.set(id, [...(out.get(id) ?? []), p]);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const [cons, fees] = await Promise.all([
      db.selectFrom('request_consultations').select(['request_id', 'kind', 'sent_on', 'replied_on']).where('request_id', 'in', chunk).execute(),
      db.selectFrom('request_fees').select(['request_id', 'notice_on', 'paid_on', 'lapsed_on']).where('request_id', 'in', chunk).execute(),
    ]);
    for (const c of cons) add(Number(c.request_id), { from: c.sent_on, to: c.replied_on, kind: c.kind });
    for (const f of fees) add(Number(f.request_id), { from: f.notice_on, to: f.paid_on ?? f.lapsed_on, kind: 'fee' });
  }
  return out;
}

/** Working days from the start of the answer period to `end`, pauses removed. */
export function workingDaysTaken(
  cal: WorkCalendar,
  r: Pick<DurationRow, 'regime' | 'received_on' | 'corrected_on'>,
  pauses: ReadonlyArray<{ from: IsoDate; to: IsoDate | null; kind: string }>,
  end: IsoDate,
): number {
  const start = (r.regime === '2019' && r.corrected_on ? r.corrected_on : r.received_on)!;
  let days = cal.workdaysAfter(start, end);
  const rules = rulesFor(r.regime);
  const counted = new Set<IsoDate>();
  for (const p of pauses) {
    if (p.kind !== 'fee' && !rules.pauses[p.kind as keyof typeof rules.pauses]) continue;
    const to = p.to && p.to < end ? p.to : end;
    // Only days inside the period (after the start, up to the end), each once when pauses overlap.
    for (let d = p.from; d <= to; d = addDays(d, 1)) {
      if (d > start && !counted.has(d) && cal.isWorkday(d)) {
        counted.add(d);
        days -= 1;
      }
    }
  }
  return Math.max(0, days);
}

const label = (r: DurationRow) => `${r.query_code}｜${APPLICANT_TYPE_LABELS[r.applicant_type]}｜${(r.info_name || r.info_description).slice(0, 30)}`;

export const processingTimes = {
  /** Requests of these orgs whose final outcome was decided in `year`. */
  async durations(db: Queryable, q: { orgIds: readonly number[]; year: number }) {
    if (!q.orgIds.length) return [];
    const rows = (await db
      .selectFrom('requests')
      .select([...COLUMNS])
      .where('org_id', 'in', [...q.orgIds])
      .where('decided_on', '>=', `${q.year}-01-01`)
      .where('decided_on', '<=', `${q.year}-12-31`)
      .where('received_on', 'is not', null)
      .execute()) as DurationRow[];
    const [cal, pauses] = await Promise.all([
      loadCalendar(db),
      pausesOf(
        db,
        rows.map((r) => Number(r.id)),
      ),
    ]);
    return rows.map((r) => ({
      id: String(r.id),
      orgId: Number(r.org_id),
      workingDays: workingDaysTaken(cal, r, pauses.get(Number(r.id)) ?? [], r.decided_on!),
      decidedOn: r.decided_on!,
      label: label(r),
      href: `/admin/requests/${Number(r.id)}`,
    }));
  },
  /** Requests of these orgs open at `asOf` (received, not yet decided then), oldest legal receipt date first. */
  async oldestPending(db: Queryable, q: { orgIds: readonly number[]; asOf: string; limit: number }) {
    if (!q.orgIds.length) return [];
    const rows = (await db
      .selectFrom('requests')
      .select([...COLUMNS])
      .where('org_id', 'in', [...q.orgIds])
      .where('received_on', '<=', q.asOf)
      .where((eb) => eb.or([eb('decided_on', 'is', null), eb('decided_on', '>', q.asOf)]))
      .orderBy('received_on')
      .orderBy('id')
      .limit(q.limit)
      .execute()) as DurationRow[];
    const [cal, pauses] = await Promise.all([
      loadCalendar(db),
      pausesOf(
        db,
        rows.map((r) => Number(r.id)),
      ),
    ]);
    return rows.map((r) => ({
      id: String(r.id),
      orgId: Number(r.org_id),
      receivedOn: r.received_on!,
      workingDaysElapsed: workingDaysTaken(cal, r, pauses.get(Number(r.id)) ?? [], q.asOf),
      dueOn: r.due_on,
      label: label(r),
      href: `/admin/requests/${Number(r.id)}`,
    }));
  },
};
