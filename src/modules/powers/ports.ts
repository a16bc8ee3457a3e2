import type { Queryable } from '../../storage/db.ts';

/** 权力清单 figures over an org's subtree (services.md §1; the seed's section (一)3). */
export interface PowerCounts {
  /** Category name → powers standing on 31 December of the year (保留 or 新增, not cancelled or merged away). */
  byCategory: Record<string, number>;
  /** Powers cancelled (取消) in the year. */
  cancelled: number;
  /** Powers delegated (下放) to townships and streets in the year; of them handled there fully (全程办理) or by proxy (代办). */
  delegated: number;
  delegatedFull: number;
  delegatedProxy: number;
}

export interface PowerCountsPort {
  summary(db: Queryable, orgId: number, year: number): Promise<PowerCounts>;
}

declare module '../../platform/module.ts' {
  interface Ports {
    /** 权力清单 counts (provided by the powers module). */
    powerCounts: PowerCountsPort;
  }
}
