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

// ——— the implementation (provided by the powers module) —————————————————————————————————————

import { countChanges, listCategories, pathOf, standingByCategory } from './repo.ts';

/**
 * The seed's section (一)3 from the records: powers standing on 31 December by category (every
 * category of the list, 0 included), and the year's 取消 and 下放 (全程办理 / 代办), over the org's
 * subtree. An org that does not exist counts nothing.
 */
export const powerCounts: PowerCountsPort = {
  async summary(db, orgId, year) {
    const path = await pathOf(db, orgId);
    const categories = await listCategories(db);
    if (!path)
      return {
        byCategory: Object.fromEntries(categories.filter((c) => c.active).map((c) => [c.name, 0])),
        cancelled: 0,
        delegated: 0,
        delegatedFull: 0,
        delegatedProxy: 0,
      };
    const standing = await standingByCategory(db, path, `${year}-12-31`);
    const byCategory: Record<string, number> = {};
    for (const c of categories) if (c.active || standing.get(c.id)) byCategory[c.name] = standing.get(c.id) ?? 0;
    const [cancelled, delegatedFull, delegatedProxy] = await Promise.all([
      countChanges(db, { path, year, kinds: ['cancel'] }),
      countChanges(db, { path, year, kinds: ['delegate'], mode: 'full' }),
      countChanges(db, { path, year, kinds: ['delegate'], mode: 'proxy' }),
    ]);
    return { byCategory, cancelled, delegated: delegatedFull + delegatedProxy, delegatedFull, delegatedProxy };
  },
};
