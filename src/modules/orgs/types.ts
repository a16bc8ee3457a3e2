import type { Generated } from 'kysely';

/** Kinds of body in a district's agency tree. Keys are stable; labels in ORG_KIND_LABELS. */
export const ORG_KINDS = ['government', 'department', 'township', 'town', 'street', 'village', 'community', 'institution', 'service_centre'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  government: '区（县）人民政府 / 管委会',
  department: '政府工作部门',
  township: '乡',
  town: '镇',
  street: '街道办事处',
  village: '村',
  community: '社区',
  institution: '事业单位',
  service_centre: '政务服务分中心',
};

/** Which kinds may sit under which (the district cascade). */
export const ALLOWED_PARENTS: Record<OrgKind, Array<OrgKind | null>> = {
  government: [null],
  department: ['government'],
  township: ['government'],
  town: ['government'],
  street: ['government'],
  village: ['township', 'town'],
  community: ['street', 'town', 'township'],
  institution: ['government', 'department'],
  service_centre: ['government', 'department', 'institution', 'township', 'town', 'street'],
};

export interface OrgsTable {
  id: Generated<number>;
  parent_id: number | null;
  /** Materialised path of ids, `/1/4/`: subtree = path LIKE '/1/4/%'. */
  path: string;
  depth: number;
  name: string;
  short_name: string;
  kind: OrgKind;
  /** 9-character 组织机构代码 or 18-character 统一社会信用代码 (validated by checksum). */
  code: string | null;
  /** The 9-character 组织机构代码 carried by `code` (used in 索引号). */
  org_code: string | null;
  address: string;
  postcode: string;
  phone: string;
  fax: string;
  email: string;
  website: string;
  office_hours: string;
  /** The office that handles disclosure for this body (feeds the 信息公开指南). */
  disclosure_office: string;
  sort_order: number;
  active: number;
  created_at: string;
  updated_at: string;
}

declare module '../../storage/schema.ts' {
  interface DB {
    orgs: OrgsTable;
  }
}

export interface Org {
  id: number;
  parentId: number | null;
  path: string;
  depth: number;
  name: string;
  shortName: string;
  kind: OrgKind;
  code: string | null;
  orgCode: string | null;
  address: string;
  postcode: string;
  phone: string;
  fax: string;
  email: string;
  website: string;
  officeHours: string;
  disclosureOffice: string;
  sortOrder: number;
  active: boolean;
  /** The org's path, as policies expect a subject to carry it. */
  orgPath: string;
}
