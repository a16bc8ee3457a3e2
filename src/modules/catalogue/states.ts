import type { TransitionTable } from '../../platform/workflow/transitions.ts';
import type { ItemState } from './types.ts';

/**
 * The life of a catalogue item, as the seed's 《政府信息保密审查制度》 and 《主动公开制度》 run it:
 * an editor drafts and submits; a reviewer (保密审查) approves or returns it with a reason; approved
 * information is published; published information may be withdrawn with a reason, and a withdrawn
 * item reopened as a draft to correct and publish again (it keeps its 索引号, which is never reused).
 *
 * Every item passes 保密审查 before it is published (2019 条例第十七条：行政机关应当建立健全政府信息
 * 公开审查机制; 2008 条例第十四条). Each event is one command (commands/*.ts), audited.
 */
export type ItemEvent = 'submit' | 'approve' | 'return' | 'publish' | 'withdraw' | 'reopen';

export const ITEM_TRANSITIONS: TransitionTable<ItemState, ItemEvent> = {
  submit: { from: ['draft', 'returned'], to: 'submitted', label: '提交保密审查' },
  approve: { from: ['submitted'], to: 'approved', label: '审查通过' },
  return: { from: ['submitted'], to: 'returned', label: '退回修改' },
  publish: { from: ['approved'], to: 'published', label: '发布' },
  withdraw: { from: ['published'], to: 'withdrawn', label: '撤回' },
  reopen: { from: ['withdrawn'], to: 'draft', label: '重新编辑' },
};

export const STATE_LABELS: Record<ItemState, string> = {
  draft: '草稿',
  submitted: '待审查',
  returned: '已退回',
  approved: '审查通过',
  published: '已发布',
  withdrawn: '已撤回',
};

/** States whose content may be edited (a submitted item is frozen while it is being reviewed). */
export const EDITABLE_STATES: readonly ItemState[] = ['draft', 'returned'];

/** States in which publication is still owed: the timeliness lists watch these. */
export const OPEN_STATES: readonly ItemState[] = ['draft', 'submitted', 'returned', 'approved'];

export const EVENT_LABELS: Record<string, string> = {
  create: '新建',
  edit: '修改',
  import: '导入',
  attach: '上传附件',
  detach: '删除附件',
  channel: '登记发布渠道',
  redact: '遮盖个人信息',
  dismiss: '认定不属于个人信息',
  validity: '变更有效性',
  ...Object.fromEntries(Object.entries(ITEM_TRANSITIONS).map(([k, t]) => [k, t.label])),
};
