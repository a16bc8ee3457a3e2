import type { Queryable } from '../../storage/db.ts';

/** 办件 figures of a year over an org's subtree (services.md §3; the seed: 564, none overdue, no yellow card). */
export interface CaseCounts {
  /** Cases accepted (受理) in the year. */
  total: number;
  /** Of them, finished after the promised limit or unfinished past it at year end. */
  overdue: number;
  /** Of them, cases that reached 预警 / 黄牌 / 红牌 (a signal dated on or before finish, or year end). */
  warning: number;
  yellow: number;
  red: number;
}

export interface CaseCountsPort {
  summary(db: Queryable, orgId: number, year: number): Promise<CaseCounts>;
}

declare module '../../platform/module.ts' {
  interface Ports {
    /** 办件 counts for the services summary and the annual report (provided by the cases module). */
    caseCounts: CaseCountsPort;
  }
}
