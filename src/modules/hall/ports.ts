import type { Queryable } from '../../storage/db.ts';
import { networkOn } from './repo.ts';

/** The service centre and the three-level network over an org's subtree on 31 December of a year (services.md §2). */
export interface NetworkCounts {
  /** 政务服务分中心. */
  branchCentres: number;
  /** Townships, towns and streets with a 便民服务中心 / all of them. */
  centres: { with: number; of: number };
  /** Villages and communities with a 便民服务站 / all of them. */
  stations: { with: number; of: number };
}

export interface NetworkCountsPort {
  summary(db: Queryable, orgId: number, year: number): Promise<NetworkCounts>;
}

declare module '../../platform/module.ts' {
  interface Ports {
    /** 服务网络 counts (provided by the hall module). */
    networkCounts: NetworkCountsPort;
  }
}

/** The hall module's implementation of the port: the network on 31 December of the year. */
export const networkCounts: NetworkCountsPort = {
  async summary(db, orgId, year) {
    const f = await networkOn(db, orgId, `${year}-12-31`);
    return f ?? { branchCentres: 0, centres: { with: 0, of: 0 }, stations: { with: 0, of: 0 } };
  },
};
