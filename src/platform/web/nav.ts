/**
 * Navigation entries modules contribute: the portal's main menu and the back office's side menu
 * (each back-office entry names the policy action that decides whether the user sees it).
 */
export interface PortalNavItem {
  href: string;
  label: string;
  order: number;
}

export interface AdminNavItem {
  group: string;
  href: string;
  label: string;
  action: string;
  order: number;
}

const portal: PortalNavItem[] = [{ href: '/', label: '首页', order: 0 }];
const admin: AdminNavItem[] = [];

export function addPortalNav(...items: PortalNavItem[]): void {
  for (const i of items) if (!portal.some((p) => p.href === i.href)) portal.push(i);
  portal.sort((a, b) => a.order - b.order);
}

export function addAdminNav(...items: AdminNavItem[]): void {
  for (const i of items) if (!admin.some((p) => p.href === i.href)) admin.push(i);
  admin.sort((a, b) => a.order - b.order);
}

export function portalNav(): readonly PortalNavItem[] {
  return portal;
}

export function adminNav(): readonly AdminNavItem[] {
  return admin;
}
