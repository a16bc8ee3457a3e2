import { defineMetric, type ManyQuery, type MetricDef, type MetricQuery, type MetricRecord } from '../../platform/stats/metrics.ts';
import { getSetting } from '../../platform/settings/settings.ts';
import type { Queryable } from '../../storage/db.ts';
import { findOrgById } from '../orgs/index.ts';
import { branchOpen, CENTRE_ORG_KINDS, covered, figuresOf, levelOrgs, STATION_ORG_KINDS, type LevelOrg } from './repo.ts';
import { percentOf, rateModeSetting } from './settings.ts';

/**
 * The hall module's figures for the annual report's narrative (services.md §2; the seed: 5 branch
 * centres; centres in all 3 townships and 4 streets; stations in 21 of the 38 villages and
 * communities, 55%). Each is computed from the org tree on 31 December of the year.
 *
 * Unlike a count of records, a network figure belongs to a subtree, not to one org's own rows:
 * `count` answers for the org's whole subtree (the district's count for the district), and
 * `countMany`, which the report's roll-up sums over a subtree, answers it only for the topmost orgs
 * of the set asked (the report's org), so the sum is the subtree's figure and nothing counts twice.
 * A rate is never summed from parts: it is computed from the subtree's raw counts, then truncated
 * (or rounded, the `hall.rateMode` setting).
 */
export const yearEnd = (year: number) => `${year}-12-31`;

type Figure = (orgs: LevelOrg[], date: string, db: Queryable) => Promise<number> | number;
type Lister = (orgs: LevelOrg[], date: string) => LevelOrg[];

const centresOf: Lister = (orgs) => orgs.filter((o) => CENTRE_ORG_KINDS.includes(o.kind));
const stationsOf: Lister = (orgs) => orgs.filter((o) => STATION_ORG_KINDS.includes(o.kind));

function networkMetric(name: string, describe: string, figure: Figure, list: Lister): MetricDef {
  const count = async (db: Queryable, q: MetricQuery): Promise<number> => {
    const org = await findOrgById(db, q.orgId);
    if (!org) return 0;
    return figure(await levelOrgs(db, org.path), yearEnd(q.year), db);
  };
  const def: MetricDef = {
    name,
    describe,
    count,
    async countMany(db: Queryable, q: ManyQuery) {
      // The topmost orgs of the set: those none of whose ancestors is in it.
      const orgs = q.orgIds
        ? (await Promise.all(q.orgIds.map((id) => findOrgById(db, id)))).filter((o) => !!o).map((o) => ({ id: o.id, path: o.path }))
        : (await db.selectFrom('orgs').select(['id', 'path']).where('parent_id', 'is', null).execute()).map((r) => ({ id: Number(r.id), path: r.path }));
      const ids = new Set(orgs.map((o) => o.id));
      const tops = orgs.filter(
        (o) =>
          !o.path
            .split('/')
            .filter(Boolean)
            .slice(0, -1)
            .some((a) => ids.has(Number(a))),
      );
      const byOrg = new Map<number, number>();
      for (const o of tops) byOrg.set(o.id, await count(db, { orgId: o.id, year: q.year, params: {} }));
      return q.params.map(() => byOrg);
    },
    async records(db, q, page) {
      const org = await findOrgById(db, q.orgId);
      if (!org) return { total: 0, rows: [] };
      const date = yearEnd(q.year);
      const all = list(await levelOrgs(db, org.path), date);
      const rows: MetricRecord[] = all.slice(page.offset, page.offset + page.limit).map((o) => ({
        id: String(o.id),
        label: `${o.name}${o.site ? '' : '（未登记网点）'}`,
        href: o.site ? `/admin/hall/sites/${o.site.id}` : `/admin/orgs/${o.id}`,
        date: o.site?.establishedOn,
      }));
      return { total: await count(db, q), rows };
    },
  };
  return defineMetric(def);
}

export const hallMetrics: readonly MetricDef[] = [
  networkMetric(
    'hall.branchCentres',
    '政务服务分中心数（年末运行的 service_centre 机构）',
    (orgs, date) => figuresOf(orgs, date).branchCentres,
    (orgs, date) => orgs.filter((o) => branchOpen(o, date)),
  ),
  networkMetric(
    'network.centresWith',
    '年末建有便民服务中心的乡、镇、街道数',
    (orgs, date) => figuresOf(orgs, date).centres.with,
    (orgs, date) => centresOf(orgs, date).filter((o) => covered(o, date)),
  ),
  networkMetric('network.centresOf', '乡、镇、街道总数（年末在用机构）', (orgs, date) => figuresOf(orgs, date).centres.of, centresOf),
  networkMetric(
    'network.stationsWith',
    '年末建有便民服务站的村、社区数',
    (orgs, date) => figuresOf(orgs, date).stations.with,
    (orgs, date) => stationsOf(orgs, date).filter((o) => covered(o, date)),
  ),
  networkMetric('network.stationsOf', '村、社区总数（年末在用机构）', (orgs, date) => figuresOf(orgs, date).stations.of, stationsOf),
  networkMetric(
    'network.stationsRate',
    '村、社区便民服务站建站率（百分数，按“取整方式”设置截尾或四舍五入）',
    async (orgs, date, db) => {
      const f = figuresOf(orgs, date).stations;
      return percentOf(f.with, f.of, await getSetting(db, rateModeSetting)) ?? 0;
    },
    (orgs, date) => stationsOf(orgs, date).filter((o) => covered(o, date)),
  ),
];
