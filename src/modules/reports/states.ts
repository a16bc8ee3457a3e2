/**
 * The life of an annual report, as data. A report nobody has started is `not_started` (no row);
 * the org drafts it, submits it to the disclosure office (2019 条例第四十九条: departments and
 * townships file with the government's disclosure office), which returns it with comments or
 * accepts it — acceptance publishes it on the portal's 政府信息公开年报 column.
 */
import type { TransitionTable } from '../../platform/workflow/transitions.ts';
import { REPORT_STATUS_LABELS, type ReportStatus } from './types.ts';

export type ReportEvent = 'edit' | 'submit' | 'return' | 'accept';

export const REPORT_TRANSITIONS: TransitionTable<ReportStatus, ReportEvent> = {
  // Editing the narrative of a submitted or accepted report is refused until it is returned.
  edit: { from: ['not_started', 'draft', 'returned'], to: 'draft', label: '编辑报告正文' },
  // Errors in the §6.4 checks block submission (checked by the command); warnings do not.
  submit: { from: ['not_started', 'draft', 'returned'], to: 'submitted', label: '报送' },
  return: { from: ['submitted'], to: 'returned', label: '退回修改' },
  accept: { from: ['submitted'], to: 'accepted', label: '审核通过并发布' },
};

export const STATUS_LABELS: Partial<Record<ReportStatus, string>> = REPORT_STATUS_LABELS;

export const EVENT_LABELS: Record<ReportEvent | 'import', string> = {
  edit: '编辑正文',
  submit: '报送',
  return: '退回修改',
  accept: '审核通过并发布',
  import: '导入',
};
