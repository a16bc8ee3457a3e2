/**
 * The roles of the disclosure office's and the service centre's world. Each is granted on an org subtree: a township's
 * handler holds `handler` on the township and so acts on its villages too.
 * Keys are stable ASCII; labels are what staff read.
 */
export const ROLES = ['admin', 'office', 'editor', 'reviewer', 'handler', 'supervisor', 'auditor', 'window', 'hall_manager'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  office: '政务公开办',
  editor: '信息编辑',
  reviewer: '保密审查员',
  handler: '依申请公开承办人',
  supervisor: '监察人员',
  auditor: '审计员（只读）',
  window: '窗口人员',
  hall_manager: '政务服务中心管理人员',
};

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}
