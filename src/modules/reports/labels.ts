import type { AuditVocabulary } from '../../platform/audit/vocabulary.ts';
import { ACTIVITY_KIND_LABELS, REPORT_STATUS_LABELS } from './types.ts';

/** How the annual report's audit entries read (issue 15, item 8). */
export const reportsAudit: AuditVocabulary = {
  actions: {
    'reports.saveNarrative': '保存报告正文',
    'reports.submit': '报送年度报告',
    'reports.return': '退回修改',
    'reports.accept': '审核通过并发布',
    'reports.import': '导入年度报告',
    'reports.setFacts': '填报年度数据',
    'reports.recordActivity': '登记公开工作活动',
    'reports.updateActivity': '修改公开工作活动',
    'reports.deleteActivity': '删除公开工作活动',
    'reports.recordConcern': '登记公众关注事项',
  },
  subjects: {
    annual_report: {
      label: '年度报告',
      async titles(db, ids) {
        const rows = await db
          .selectFrom('annual_reports')
          .select(['id', 'org_name', 'year'])
          .where('id', 'in', ids.map(Number).filter(Number.isInteger))
          .execute();
        return new Map(rows.map((r) => [String(r.id), `${r.org_name}${r.year}年度报告`]));
      },
    },
    report_facts: {
      label: '年度数据',
      async titles(db, ids) {
        const pairs = ids.map((id) => id.split('/').map(Number)).filter((p) => p.length === 2 && p.every(Number.isInteger));
        const orgIds = [...new Set(pairs.map((p) => p[0]!))];
        const orgs = orgIds.length ? await db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', orgIds).execute() : [];
        const name = new Map(orgs.map((o) => [o.id, o.name]));
        return new Map(pairs.map(([o, y]) => [`${o}/${y}`, `${name.get(o!) ?? ''}${y}年度数据`]));
      },
    },
    report_activity: {
      label: '公开工作活动',
      async titles(db, ids) {
        const rows = await db.selectFrom('report_activities').select(['id', 'title']).where('id', 'in', ids.map(Number).filter(Number.isInteger)).execute();
        return new Map(rows.map((r) => [String(r.id), r.title]));
      },
    },
    report_concern: {
      label: '公众关注事项',
      async titles(db, ids) {
        const rows = await db.selectFrom('report_concerns').select(['id', 'title']).where('id', 'in', ids.map(Number).filter(Number.isInteger)).execute();
        return new Map(rows.map((r) => [String(r.id), r.title]));
      },
    },
  },
  fields: { heldOn: '日期', raisedOn: '提出日期', isHot: '热点', concernId: '关注事项', sections: '正文', comment: '意见' },
  values: { kind: ACTIVITY_KIND_LABELS, status: REPORT_STATUS_LABELS },
};
