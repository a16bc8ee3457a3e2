import type { AuditVocabulary } from '../../platform/audit/vocabulary.ts';
import { CHANNEL_LABELS, DISCLOSURE_LABELS, VALIDITY_LABELS } from './types.ts';
import { EVENT_LABELS, ITEM_TRANSITIONS } from './states.ts';

/** How the catalogue's audit entries read (issue 15, item 8). */
export const catalogueAudit: AuditVocabulary = {
  actions: {
    'catalogue.create': '新建信息',
    'catalogue.update': '修改信息',
    'catalogue.import': '导入信息',
    'catalogue.attach': '上传附件',
    'catalogue.detach': '删除附件',
    'catalogue.channel.add': '登记发布渠道',
    'catalogue.channel.remove': '删除发布渠道',
    'catalogue.column.add': '新增栏目',
    'catalogue.column.update': '修改栏目',
    'catalogue.redact': '遮盖个人信息',
    'catalogue.dismiss_finding': '认定不属于个人信息',
    'catalogue.validity': '变更有效性',
    'catalogue.due.recompute': '重算公开期限',
    ...Object.fromEntries(Object.entries(ITEM_TRANSITIONS).map(([k, t]) => [`catalogue.${k}`, t.label])),
  },
  subjects: {
    catalogue_item: {
      label: '信息',
      async titles(db, ids) {
        const rows = await db.selectFrom('cat_items').select(['id', 'title', 'index_no']).where('id', 'in', ids.map(Number).filter(Number.isInteger)).execute();
        return new Map(rows.map((r) => [String(r.id), r.index_no ? `${r.title}（${r.index_no}）` : r.title]));
      },
      href: (id) => `/admin/catalogue/${id}`,
    },
    catalogue_column: {
      label: '栏目',
      async titles(db, ids) {
        const rows = await db.selectFrom('cat_columns').select(['id', 'name']).where('id', 'in', ids.map(Number).filter(Number.isInteger)).execute();
        return new Map(rows.map((r) => [String(r.id), r.name]));
      },
    },
    catalogue_import: { label: '信息导入批次' },
    file: { label: '附件' },
  },
  fields: {
    formedOn: '成文日期',
    dueOn: '公开期限',
    publishedOn: '发布日期',
    changedOn: '变更日期',
    successorId: '替代文件',
    validity: '有效性',
    disclosure: '公开方式',
    channel: '发布渠道',
    docNo: '文号',
    indexNo: '索引号',
    columnId: '栏目',
    summary: '内容概述',
    event: '操作',
    version: '版本',
    imported: '导入条数',
    rejected: '退回条数',
  },
  values: {
    validity: VALIDITY_LABELS,
    disclosure: DISCLOSURE_LABELS,
    channel: CHANNEL_LABELS,
    event: EVENT_LABELS,
  },
};
