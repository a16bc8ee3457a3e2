import type { Generated } from 'kysely';

/**
 * The tables of the hall module (services.md §2): the sites of the service network — the district
 * centre (政务服务中心), its branch centres (分中心), the township/street centres (便民服务中心) and the
 * village/community stations (便民服务站), each hung on its org — and the centre's windows (窗口)
 * with their items, back-office departments, staff and authorisation letters (授权书).
 * Dates `YYYY-MM-DD` text, instants ISO-8601 UTC text, booleans 0/1.
 */
export const SITE_KINDS = ['hall', 'branch', 'centre', 'station'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

export const SITE_KIND_LABELS: Record<SiteKind, string> = {
  hall: '政务服务中心',
  branch: '政务服务分中心',
  centre: '便民服务中心（乡镇、街道）',
  station: '便民服务站（村、社区）',
};

export const WINDOW_KINDS = ['composite', 'single'] as const;
export type WindowKind = (typeof WINDOW_KINDS)[number];
export const WINDOW_KIND_LABELS: Record<WindowKind, string> = { composite: '综合窗口', single: '专业窗口' };

export interface HallSitesTable {
  id: Generated<number>;
  /** The org the site belongs to (one site per org). */
  org_id: number;
  kind: SiteKind;
  name: string;
  address: string;
  /** 办公时间. */
  hours: string;
  /** 办公电话 (an office line; never a person's mobile). */
  phone: string;
  /** 面积（平方米）. */
  area_m2: number | null;
  /** 工作人员数. */
  staff_count: number | null;
  /** Facts in words (e.g. 一楼设4个服务大厅). */
  note: string;
  established_on: string;
  /** The site stops counting on this day. */
  closed_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface HallSiteItemsTable {
  site_id: number;
  /** A service item code (the guides module owns the items; codes only here). */
  item_code: string;
}

export interface HallWindowsTable {
  id: Generated<number>;
  /** The centre (an org with a `hall` site) the window sits in. */
  centre_org_id: number;
  /** 窗口编号, unique in its centre. */
  number: string;
  name: string;
  /** The department the window belongs to. */
  department_org_id: number;
  kind: WindowKind;
  /** 首席代表: a user account, or only a name. */
  chief_user_id: number | null;
  chief_name: string;
  /** 绿色通道 (major projects). */
  green_channel: number;
  /** 并联审批: the window accepts, the listed departments handle in the back office. */
  parallel: number;
  note: string;
  created_at: string;
  updated_at: string;
}

export interface HallWindowItemsTable {
  window_id: number;
  item_code: string;
}

export interface HallWindowBackofficeTable {
  window_id: number;
  org_id: number;
}

export interface HallWindowStaffTable {
  id: Generated<number>;
  window_id: number;
  user_id: number;
  from_on: string;
  /** Null while assigned. */
  to_on: string | null;
}

export interface HallLettersTable {
  id: Generated<number>;
  window_id: number;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  content: Uint8Array;
  uploaded_at: string;
  uploaded_by: string;
}

declare module '../../storage/schema.ts' {
  interface DB {
    hall_sites: HallSitesTable;
    hall_site_items: HallSiteItemsTable;
    hall_windows: HallWindowsTable;
    hall_window_items: HallWindowItemsTable;
    hall_window_backoffice: HallWindowBackofficeTable;
    hall_window_staff: HallWindowStaffTable;
    hall_letters: HallLettersTable;
  }
}
