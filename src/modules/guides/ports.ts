import type { IsoDate } from '../../kernel/dates.ts';
import type { Queryable } from '../../storage/db.ts';

/**
 * What the service-guide module (办事指南, services.md §1) offers the cases module: the terms of
 * the guide version in force on a date — a case is judged against the version in force when it
 * was accepted.
 */
export interface GuideTerms {
  guideId: number;
  versionId: number;
  /** 1, 2, … per guide. */
  version: number;
  effectiveFrom: IsoDate;
  /** 业务办理项 (or 子项) code, e.g. HJ-XK-0001-01. */
  itemCode: string;
  itemName: string;
  /** The competent department (org id). */
  orgId: number;
  /** 法定办结时限 and 承诺办结时限, working days. */
  legalDays: number;
  promisedDays: number;
  /** 特别程序 the guide lists; `counts: false` means its time is excluded from the time limit. */
  specialSteps: ReadonlyArray<{ name: string; counts: boolean }>;
  /** 收费: whether charged, the standard in yuan (null when it varies), and its basis. */
  fee: { charged: boolean; amountYuan: number | null; basis: string };
  /** 网上办理深度 as the guide states it (e.g. 全程网办, 网上预审, 仅线下). */
  onlineDepth: string;
  /** The guide says the item is handled online (a case recorded offline raises a signal). */
  mustHandleOnline: boolean;
  /** 到现场次数. */
  visits: number;
}

export interface GuideVersionsPort {
  /** The version in force on `date` for an item code; null when the item has no guide then. */
  inForce(db: Queryable, itemCode: string, date: IsoDate): Promise<GuideTerms | null>;
}

/** A guide the portal search shows above the catalogue's results. */
export interface GuideHit {
  itemCode: string;
  itemName: string;
  orgName: string;
  /** The guide's portal page. */
  href: string;
}

/**
 * What the guides module offers the portal search (the catalogue's /search page): guides whose
 * item name, code or department matches every word of the query, in either script (folded with
 * platform/search/normalize.ts). Optional: the search page works without it.
 */
export interface GuideSearchPort {
  search(db: Queryable, query: string, limit: number): Promise<GuideHit[]>;
}

declare module '../../platform/module.ts' {
  interface Ports {
    /** 办事指南: the guide version in force for an item on a date (provided by the guides module). */
    guideVersions: GuideVersionsPort;
    /** 办事指南 found by the portal search (provided by the guides module; optional). */
    guideSearch?: GuideSearchPort;
  }
}
