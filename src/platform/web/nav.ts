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

/** The portal's first entry, before every module's (the home page). */
export const HOME_NAV: PortalNavItem = { href: '/', label: '首页', order: 0 };
