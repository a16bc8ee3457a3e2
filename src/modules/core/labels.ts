import type { AuditVocabulary } from '../../platform/audit/vocabulary.ts';

/** How the platform's own entries read: the calendar and the settings (issue 15, item 8). */
export const coreAudit: AuditVocabulary = {
  actions: {
    'calendar.set': '调整工作日',
    'calendar.year': '确认全年放假安排',
    'calendar.import-notice': '录入国务院放假通知',
    'settings.update': '修改业务设置',
  },
  subjects: {
    calendar_day: { label: '日期' },
    calendar_year: { label: '年度放假安排' },
    // Titles of settings come from the registry's setting labels (the audit page reads them there).
    setting: { label: '业务设置', href: () => '/admin/settings' },
    job: { label: '定时任务' },
  },
  fields: { dayKind: '类型', source: '依据', dates: '日期', changed: '变更的期限' },
  values: { kind: { workday: '工作日', holiday: '休息日', official: '法定节假日' } },
};
