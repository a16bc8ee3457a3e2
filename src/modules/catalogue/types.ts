import type { Generated } from 'kysely';

/**
 * The catalogue's tables (主动公开目录). Dates are `YYYY-MM-DD` text, instants ISO-8601 UTC text,
 * booleans 0/1, JSON as text — the storage conventions of `storage/schema.ts`.
 */

/** Workflow states (see states.ts). Stable ASCII keys; labels in STATE_LABELS. */
export const ITEM_STATES = ['draft', 'submitted', 'returned', 'approved', 'published', 'withdrawn'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

/** 公开方式 (2019 条例第十九条、第二十七条、第十四条至第十六条). */
export const DISCLOSURES = ['proactive', 'on_request', 'not_public'] as const;
export type Disclosure = (typeof DISCLOSURES)[number];
export const DISCLOSURE_LABELS: Record<Disclosure, string> = { proactive: '主动公开', on_request: '依申请公开', not_public: '不予公开' };

/** 有效性. */
export const VALIDITIES = ['valid', 'expired', 'repealed'] as const;
export type Validity = (typeof VALIDITIES)[number];
export const VALIDITY_LABELS: Record<Validity, string> = { valid: '有效', expired: '失效', repealed: '废止' };

/**
 * Channels of proactive disclosure (2008 条例第十五条; 2019 条例第二十三条): the report counts an item
 * once in total and once per channel (docs/report-formats.md, `catalogue.published`).
 */
export const CHANNELS = ['website', 'gazette', 'weibo', 'wechat', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, string> = { website: '政府网站', gazette: '政府公报', weibo: '政务微博', wechat: '政务微信', other: '其他方式' };
/** What "other" covers (press, radio, TV, other internet media). */
export const OTHER_MEDIA = ['报刊', '广播', '电视', '其他互联网媒体', '公开栏', '新闻发布会'] as const;

export interface CatItemsTable {
  id: Generated<number>;
  /** 发布机构. */
  org_id: number;
  column_id: number | null;
  state: ItemState;
  /** 1 when published and 主动公开: what the portal, feeds, API and search show. */
  is_public: number;
  /** 索引号: assigned on publication, permanent, never reused. */
  index_no: string | null;
  index_year: number | null;
  index_serial: number | null;
  title: string;
  /** 内容概述 (≤ 100 characters). */
  summary: string;
  /** Sanitised rich text. */
  body_html: string;
  /** The body as plain text (search, personal-data scan, feeds). */
  body_text: string;
  /** 文号. */
  doc_no: string;
  /** 成文日期. */
  formed_on: string;
  /** 发布日期. */
  published_on: string | null;
  /** Publication due: 20 working days after formed_on (2019 条例第二十六条). */
  due_on: string | null;
  due_provisional: number;
  /** Set on publication: published_on ≤ due_on. */
  on_time: number | null;
  /** 主题分类 key, `综合政务/政务公开`. */
  topic: string;
  /** 体裁. */
  genre: string;
  /** 组配分类 (e.g. 政策文件, 工作动态, 计划总结). */
  assort: string;
  /** 关键词, separated by spaces or 、. */
  keywords: string;
  disclosure: Disclosure;
  validity: Validity;
  /** 施行日期 (may be empty). */
  effective_on: string | null;
  /** Date the 有效性 changed to 失效 or 废止. */
  validity_changed_on: string | null;
  /** 行政规范性文件. */
  is_normative: number;
  /** 规章. */
  is_rule: number;
  /** A replaced or repealed item points to the item that replaces it. */
  successor_id: number | null;
  version: number;
  /** JSON: personal-data findings of the last scan (before review). */
  findings: string | null;
  return_reason: string | null;
  withdraw_reason: string | null;
  created_by: number | null;
  created_by_name: string;
  submitted_by: number | null;
  submitted_at: string | null;
  reviewed_by: number | null;
  reviewed_by_name: string | null;
  reviewed_at: string | null;
  /** approved | returned */
  review_decision: string | null;
  published_by_name: string | null;
  published_at: string | null;
  /** web | import | demo */
  source: string;
  created_at: string;
  updated_at: string;
}

export interface CatItemHistoryTable {
  id: Generated<number>;
  item_id: number;
  version: number;
  at: string;
  actor_id: number | null;
  actor_name: string;
  /** create | edit | submit | approve | return | publish | withdraw | reopen | validity | attach | detach | channel | import */
  event: string;
  state: ItemState;
  reason: string | null;
  /** JSON snapshot of the content fields after a create/edit/import (the version). */
  snapshot: string | null;
}

export interface CatItemChannelsTable {
  id: Generated<number>;
  item_id: number;
  channel: Channel;
  published_on: string;
  /** 公报期号, a post's link, a newspaper's date and page… */
  reference: string;
  /** For `other`: 报刊, 广播, 电视… */
  medium: string;
}

export interface CatAttachmentsTable {
  id: Generated<number>;
  item_id: number;
  sort_order: number;
  file_name: string;
  mime: string;
  /** pdf | docx | xlsx | image */
  kind: string;
  size: number;
  sha256: string;
  /** Extracted text (searchable, scanned for personal data). */
  text: string;
  /** JSON: hidden sheets, document metadata, comments, tracked changes. */
  flags: string;
  created_at: string;
  created_by_name: string;
}

export interface CatColumnsTable {
  id: Generated<number>;
  parent_id: number | null;
  /** Stable ASCII key (URL: /column/KEY). */
  key: string;
  name: string;
  sort_order: number;
  /** items | guide | link */
  kind: string;
  href: string;
  description: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface CatIndexCountersTable {
  org_id: number;
  year: number;
  last_serial: number;
}

/** A finding of the personal-data scan resolved before publication (commands/findings.ts). */
export interface CatFindingResolutionsTable {
  id: Generated<number>;
  item_id: number;
  /** Finding.key: the kind and a hash of the number (or of the attachment's flag). */
  finding_key: string;
  kind: string;
  /** Where it was found: 正文, 标题, 附件《…》. */
  location: string;
  /** The masked form shown to reviewers. */
  detail: string;
  /** redacted | dismissed */
  decision: string;
  reason: string;
  /** The item's version the decision was taken on (a redaction's new version). */
  version: number;
  actor_id: number | null;
  actor_name: string;
  at: string;
}

declare module '../../storage/schema.ts' {
  interface DB {
    cat_items: CatItemsTable;
    cat_item_history: CatItemHistoryTable;
    cat_item_channels: CatItemChannelsTable;
    cat_attachments: CatAttachmentsTable;
    cat_columns: CatColumnsTable;
    cat_index_counters: CatIndexCountersTable;
    cat_finding_resolutions: CatFindingResolutionsTable;
  }
}
