/**
 * The reporting cascade. Each body that files a report (a "unit") counts its own records and
 * those of the bodies under it that do not report themselves (villages, communities, branch
 * centres: see settings.ts); a parent's report is its own figures plus its child units' reports
 * — the district = the district government's own work + departments + townships/streets.
 */
import type { Org, OrgKind } from '../../orgs/index.ts';

export interface ReportingUnit {
  org: Org;
  /** Orgs whose records count in this unit's own figures: itself and its non-reporting descendants. */
  members: number[];
  /** The reporting units directly below it. */
  children: ReportingUnit[];
}

/**
 * The unit tree under `rootId` (the root always reports, whatever its kind). `orgs` must hold the
 * root's whole subtree; other orgs are ignored.
 */
export function reportingTree(orgs: readonly Org[], rootId: number, reportingKinds: readonly OrgKind[]): ReportingUnit {
  const root = orgs.find((o) => o.id === rootId);
  if (!root) throw new Error(`org ${rootId} not in the list`);
  const inTree = orgs.filter((o) => o.path.startsWith(root.path)).sort((a, b) => a.depth - b.depth || a.sortOrder - b.sortOrder || a.id - b.id);
  const units = new Map<number, ReportingUnit>();
  /** org id → the unit its records count in */
  const home = new Map<number, ReportingUnit>();
  for (const o of inTree) {
    const parentUnit = o.id === root.id ? undefined : home.get(o.parentId ?? -1);
    if (o.id === root.id || reportingKinds.includes(o.kind)) {
      const u: ReportingUnit = { org: o, members: [o.id], children: [] };
      units.set(o.id, u);
      home.set(o.id, u);
      parentUnit?.children.push(u);
    } else if (parentUnit) {
      parentUnit.members.push(o.id);
      home.set(o.id, parentUnit);
    }
  }
  return units.get(root.id)!;
}

/** Every unit of the tree, parents before children. */
export function flattenUnits(u: ReportingUnit): ReportingUnit[] {
  return [u, ...u.children.flatMap(flattenUnits)];
}

/** The unit an org's records count in, within a tree (undefined when outside it). */
export function unitOf(tree: ReportingUnit, orgId: number): ReportingUnit | undefined {
  for (const u of flattenUnits(tree)) if (u.members.includes(orgId)) return u;
  return undefined;
}

/** Statutory due date of a report for year Y (2019 条例第四十九条; 2008 条例第三十一条). */
export function reportDueDate(year: number, kind: OrgKind, isDistrictRoot: boolean): { date: string; basis: string } {
  // Reports on years up to 2018 fell due while the 2008 条例 was in force (the 2019 条例 took
  // effect 2019-05-15): every agency publishes by 31 March (2008 条例第三十一条).
  if (year <= 2018) return { date: `${year + 1}-03-31`, basis: '2008年条例第三十一条：每年3月31日前公布' };
  if (isDistrictRoot || kind === 'government') {
    // The county-level government's report (summarising its departments and townships): 20 February.
    return { date: `${year + 1}-02-20`, basis: '2019年条例第四十九条及国务院办公厅年度报告通知：县级人民政府2月20日前公布' };
  }
  // Departments, townships and street offices file with the disclosure office by 31 January.
  return { date: `${year + 1}-01-31`, basis: '2019年条例第四十九条：部门及乡镇（街道）1月31日前报送并公布' };
}
