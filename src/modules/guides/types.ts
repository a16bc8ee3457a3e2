import type { Generated } from 'kysely';

/** Levels of the item tree (services.md §1): 主项 → 子项 → 业务办理项. */
export const ITEM_LEVELS = ['main', 'sub', 'task'] as const;
export type ItemLevel = (typeof ITEM_LEVELS)[number];
export const ITEM_LEVEL_LABELS: Record<ItemLevel, string> = { main: '主项', sub: '子项', task: '业务办理项' };

/** 业务办理项 kinds (new / change / renew / cancel …, services.md §1). */
export const TASK_KINDS = ['新办', '变更', '延续', '注销', '补办', '其他'] as const;

/** 事项类型: the categories of power an item belongs to (services.md §1; the list of the power list). */
export const ITEM_TYPES = ['行政许可', '非行政许可审批', '行政确认', '行政给付', '行政征收', '行政奖励', '行政裁决', '其他行政权力', '公共服务'] as const;

/** 网上办理深度 (the depth the national platform's guides state). */
export const ONLINE_DEPTHS = ['全程网办', '网上预审', '网上申请', '仅线下'] as const;

export interface ServiceItemsTable {
  id: Generated<number>;
  parent_id: number | null;
  level: ItemLevel;
  /** Opaque code, unique (e.g. HJ-XK-0001-01). */
  code: string;
  name: string;
  /** 业务办理项 kind (新办/变更/…); '' for 主项 and 子项. */
  kind: string;
  item_type: string;
  /** The competent department (org tree). */
  org_id: number;
  /** 绿色通道 for major projects (services.md §2). */
  green_channel: number;
  /** 并联审批: one window accepts, these departments handle in the back office (JSON array of org ids). */
  parallel: number;
  parallel_org_ids: string;
  /** Individuals, businesses or both (for the portal's life-event browse). */
  audience: string;
  /** Folded (simplified, lower-case) name, code and department, for the portal search in either script. */
  search_text: string;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

/** One version of an item's guide (办事指南); a new version is a command, old ones are kept. */
export interface GuideVersionsTable {
  id: Generated<number>;
  item_id: number;
  version: number;
  effective_from: string;
  implementing_body: string;
  legal_basis: string;
  conditions: string;
  procedure: string;
  legal_days: number;
  promised_days: number;
  fee_charged: number;
  /** Standard in fen (null when it varies or is not charged). */
  fee_fen: number | null;
  fee_basis: string;
  place: string;
  hours: string;
  visits: number;
  online_depth: string;
  must_online: number;
  consult_phone: string;
  complaint_phone: string;
  /** JSON: Array<{ name, counts }>. */
  special_steps: string;
  result_doc: string;
  /** JSON: Material[]. */
  materials: string;
  note: string;
  created_at: string;
  created_by: string;
}

/** Uploaded forms and samples of materials: checked by content, stored here. */
export interface GuideFilesTable {
  id: Generated<number>;
  sha256: string;
  filename: string;
  mime: string;
  size: number;
  content: Uint8Array;
  created_at: string;
  created_by: string;
}

/** 主题 and 人生事件 (data): kind 'theme' | 'event'; audience '' | 'individual' | 'business'. */
export interface GuideTagsTable {
  id: Generated<number>;
  kind: string;
  audience: string;
  name: string;
  sort_order: number;
}

export interface GuideItemTagsTable {
  item_id: number;
  tag_id: number;
}

declare module '../../storage/schema.ts' {
  interface DB {
    service_items: ServiceItemsTable;
    guide_versions: GuideVersionsTable;
    guide_files: GuideFilesTable;
    guide_tags: GuideTagsTable;
    guide_item_tags: GuideItemTagsTable;
  }
}

/** A required material (申请材料) of a guide version. */
export interface Material {
  name: string;
  /** 来源 (申请人自备, 政府部门核发 …). */
  source: string;
  /** 份数 and 原件/复印件, as text. */
  copies: string;
  note: string;
  /** A form the applicant fills: it needs a blank form (格式文本) and a filled-in sample (示范文本). */
  needsForm: boolean;
  formFileId: number | null;
  sampleFileId: number | null;
}

export interface SpecialStep {
  name: string;
  /** Whether its time counts toward the time limit (false: 不计时). */
  counts: boolean;
}
