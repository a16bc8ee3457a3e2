import type { AuditVocabulary } from '../../platform/audit/vocabulary.ts';
import { ORG_KIND_LABELS } from './types.ts';

/** How the agency tree's entries read (issue 15, item 8). */
export const orgsAudit: AuditVocabulary = {
  actions: { 'orgs.add': '新增机构', 'orgs.update': '修改机构信息', 'orgs.move': '调整上级机构' },
  subjects: {
    org: {
      label: '机构',
      async titles(db, ids) {
        const rows = await db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', ids.map(Number).filter(Number.isInteger)).execute();
        return new Map(rows.map((r) => [String(r.id), r.name]));
      },
      href: (id) => `/admin/orgs/${id}`,
    },
  },
  fields: {
    address: '地址',
    postcode: '邮编',
    phone: '电话',
    fax: '传真',
    email: '电子邮箱',
    website: '网址',
    officeHours: '办公时间',
    disclosureOffice: '信息公开工作机构',
    sortOrder: '排序',
  },
  values: { kind: ORG_KIND_LABELS },
};
