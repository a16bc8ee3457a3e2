import type { GuideSearchPort, GuideVersionsPort } from './ports.ts';
import { findItemByCode, searchItems, versionInForce } from './repo.ts';

/** The guideVersions port: the terms of the version in force on a date (services.md §1). */
export const guideVersions: GuideVersionsPort = {
  async inForce(db, itemCode, date) {
    const item = await findItemByCode(db, itemCode);
    if (!item) return null;
    const v = await versionInForce(db, item.id, date);
    if (!v) return null;
    return {
      guideId: item.id,
      versionId: v.id,
      version: v.version,
      effectiveFrom: v.effectiveFrom,
      itemCode: item.code,
      itemName: item.name,
      orgId: item.orgId,
      legalDays: v.legalDays,
      promisedDays: v.promisedDays,
      specialSteps: v.specialSteps.map((s) => ({ name: s.name, counts: s.counts })),
      fee: { charged: v.feeCharged, amountYuan: v.feeFen === null ? null : v.feeFen / 100, basis: v.feeBasis },
      onlineDepth: v.onlineDepth,
      mustHandleOnline: v.mustOnline,
      visits: v.visits,
    };
  },
};

/** The guideSearch port: the portal search's 办事指南 (either script). */
export const guideSearch: GuideSearchPort = {
  async search(db, query, limit) {
    const items = await searchItems(db, query, limit);
    return items.map((i) => ({ itemCode: i.code, itemName: i.name, orgName: i.orgName, href: guideHref(i.code) }));
  },
};

export function guideHref(code: string): string {
  return `/banshi/guide/${encodeURIComponent(code)}`;
}
