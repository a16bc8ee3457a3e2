import type { Generated } from 'kysely';

/**
 * The tables of the power list (权力清单, services.md §1). Dates `YYYY-MM-DD` text, instants
 * ISO-8601 UTC text, booleans 0/1. A power's current attributes live in `powers`; whether it stood
 * on a date is never stored: it is read from its disposition history (`power_dispositions`).
 */

/** 实施主体性质 (services.md §1: legal organ / authorised / entrusted organisation). */
export const BODY_KINDS = ['legal', 'authorised', 'entrusted'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];
export const BODY_KIND_LABELS: Record<BodyKind, string> = { legal: '法定机关', authorised: '授权组织', entrusted: '受委托组织' };

/** 处置情况 (services.md §1): kept, added, merged into another, cancelled, delegated to a township/street. */
export const DISPOSITION_KINDS = ['keep', 'add', 'merge', 'cancel', 'delegate'] as const;
export type DispositionKind = (typeof DISPOSITION_KINDS)[number];
export const DISPOSITION_LABELS: Record<DispositionKind, string> = { keep: '保留', add: '新增', merge: '调整合并', cancel: '取消', delegate: '下放' };
/** After these a power no longer stands; nothing may follow them. */
export const TERMINAL: readonly DispositionKind[] = ['merge', 'cancel'];
/** A power enters the list with one of these. */
export const OPENING: readonly DispositionKind[] = ['keep', 'add'];

/** 下放方式: handled fully at the township/street hall (全程办理) or on the applicant's behalf (代办). */
export const DELEGATE_MODES = ['full', 'proxy'] as const;
export type DelegateMode = (typeof DELEGATE_MODES)[number];
export const DELEGATE_MODE_LABELS: Record<DelegateMode, string> = { full: '全程办理', proxy: '代办' };

export interface PowerCategoriesTable {
  id: Generated<number>;
  name: string;
  sort_order: number;
  active: number;
}

export interface PowersTable {
  id: Generated<number>;
  /** The department (the org tree) the power belongs to. */
  org_id: number;
  category_id: number;
  name: string;
  /** Opaque, unique; validated by the province's pattern (setting powers.codePattern). */
  code: string;
  /** 实施主体 */
  body: string;
  body_kind: BodyKind;
  /** 设定依据, one basis a line, highest authority first. */
  legal_basis: string;
  /** 收费依据及标准 */
  fee_basis: string;
  /** 办理流程 */
  procedure: string;
  /** 办理时限 */
  time_limit: string;
  /** 监督电话 (an office line: public) */
  supervision_phone: string;
  created_at: string;
  updated_at: string;
}

export interface PowerDispositionsTable {
  id: Generated<number>;
  power_id: number;
  kind: DispositionKind;
  /** The date the change took effect. */
  on_date: string;
  /** 调整合并: the power it was merged into. */
  merged_into_id: number | null;
  /** 下放: 全程办理 or 代办. */
  delegate_mode: DelegateMode | null;
  note: string;
  recorded_at: string;
  recorded_by: string;
}

/** 下放: the townships and streets a delegation went to. */
export interface PowerDelegationsTable {
  disposition_id: number;
  org_id: number;
}

declare module '../../storage/schema.ts' {
  interface DB {
    power_categories: PowerCategoriesTable;
    powers: PowersTable;
    power_dispositions: PowerDispositionsTable;
    power_delegations: PowerDelegationsTable;
  }
}
