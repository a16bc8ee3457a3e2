import type { Generated } from 'kysely';

/**
 * The report module's tables. Activities (press conferences, interviews, interpretation articles,
 * responses, hearings, meetings, training) are recorded once, when they happen, and counted by the
 * report; per-year org facts (bodies, reading points, staff, funds, decision counts) are entered
 * with their history; annual reports are stored per org and year with their review status.
 */

/** Kinds of disclosure activity, keys stable; labels in ACTIVITY_KIND_LABELS. */
export const ACTIVITY_KINDS = ['press_conference', 'online_interview', 'interpretation', 'response', 'hearing', 'meeting', 'training'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const ACTIVITY_KIND_LABELS: Record<ActivityKind, string> = {
  press_conference: '新闻发布会',
  online_interview: '政府网站在线访谈',
  interpretation: '政策解读稿件',
  response: '回应公众关注',
  hearing: '听证会',
  meeting: '政府信息公开工作会议',
  training: '培训班',
};

/** Channels of a response to public concern (the old table's 二(二)4–5). */
export const RESPONSE_CHANNELS = ['website', 'social_media', 'other'] as const;
export type ResponseChannel = (typeof RESPONSE_CHANNELS)[number];
export const RESPONSE_CHANNEL_LABELS: Record<ResponseChannel, string> = {
  website: '政府网站',
  social_media: '政务微博、微信',
  other: '其他方式（新闻媒体、广播电视、现场等）',
};

export interface ReportActivitiesTable {
  id: Generated<number>;
  org_id: number;
  kind: ActivityKind;
  /** The day it took place (or the article was published). */
  held_on: string;
  title: string;
  /** Press conference / online interview: the principal leader (主要负责同志) took part. 0/1. */
  leader_present: number;
  /** Response: website | social_media | other. */
  channel: string | null;
  /** Response: the public concern it answers. */
  concern_id: number | null;
  /** Interpretation: the policy explained — its title, and its 索引号 or 文号. */
  policy_title: string;
  policy_ref: string;
  /** Interpretation: the catalogue item of the policy, when it is on the platform. */
  policy_item_id: number | null;
  /** Hearing participants, meeting attendees, training attendees (人次). */
  participants: number | null;
  /** Hearing: its outcome (听证结果). */
  outcome: string;
  notes: string;
  /** 0/1: removed records stay for the audit trail but count nowhere. */
  deleted: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

/** A public concern (公众关注热点或舆情); responses point to it, so several answers count once. */
export interface ReportConcernsTable {
  id: Generated<number>;
  org_id: number;
  title: string;
  raised_on: string;
  /** 0/1: flagged as 热点 or 重大舆情 (counts in 回应公众关注热点或重大舆情数). */
  is_hot: number;
  notes: string;
  created_at: string;
  created_by: string;
}

/**
 * Per-year org facts, append-only: the current value of (org, year, key) is its newest row, and
 * the older rows are the history (who entered what, when).
 */
export interface ReportFactsTable {
  id: Generated<number>;
  org_id: number;
  year: number;
  key: string;
  value: number;
  /** JSON array of names for list facts (the reading points). */
  detail: string;
  note: string;
  entered_at: string;
  entered_by: string;
}

export const REPORT_STATUSES = ['not_started', 'draft', 'submitted', 'returned', 'accepted'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  not_started: '未开始',
  draft: '草稿',
  submitted: '已报送',
  returned: '已退回修改',
  accepted: '已审核发布',
};

export interface AnnualReportsTable {
  id: Generated<number>;
  /** The org on the platform; null for an imported report of an agency not on the platform. */
  org_id: number | null;
  /** Where an imported external report rolls up (the org whose subtree includes it). */
  parent_org_id: number | null;
  /** The agency as named in the report (external reports; copied for platform orgs). */
  org_code: string;
  org_name: string;
  year: number;
  format: string;
  /** draft | submitted | returned | accepted (not_started = no row). */
  status: string;
  /** platform (computed here) | import (figures from a file). */
  source: string;
  /** JSON object: section key → text with placeholders. */
  narrative: string;
  narrative_updated_at: string | null;
  narrative_updated_by: string | null;
  /** JSON Report (docs/report-json.schema.json) frozen at submission, or the imported figures. */
  snapshot: string | null;
  submitted_at: string | null;
  submitted_by: string | null;
  decided_at: string | null;
  decided_by: string | null;
  /** The office's comments when it last returned the report. */
  comment: string;
  published_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The review history of a report (also in the audit trail; kept here to show beside it). */
export interface AnnualReportEventsTable {
  id: Generated<number>;
  report_id: number;
  at: string;
  actor: string;
  event: string;
  comment: string;
}

declare module '../../storage/schema.ts' {
  interface DB {
    report_activities: ReportActivitiesTable;
    report_concerns: ReportConcernsTable;
    report_facts: ReportFactsTable;
    annual_reports: AnnualReportsTable;
    annual_report_events: AnnualReportEventsTable;
  }
}
