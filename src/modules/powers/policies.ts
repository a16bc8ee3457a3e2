import { definePolicy, withRole, withRoleAtRoot } from '../../platform/authz/policy.ts';

/**
 * Who may do what with the power list. Staff of the district read it (scoped to the org subtrees
 * where they hold their role); the disclosure office, the administrator and the service centre's
 * managers change it for the orgs under their grant. The categories are the district's, one list
 * for everyone: changed only with a grant at the root (like the settings).
 */
type OrgSubject = { orgPath: string } | undefined;

export const POWERS_VIEW_ROLES = ['office', 'admin', 'hall_manager', 'window', 'supervisor', 'auditor'] as const;
export const POWERS_MANAGE_ROLES = ['office', 'admin', 'hall_manager'] as const;

export const powersPolicy = definePolicy({
  'powers.view': withRole<OrgSubject>(...POWERS_VIEW_ROLES),
  'powers.manage': withRole<OrgSubject>(...POWERS_MANAGE_ROLES),
  'powers.categories': withRoleAtRoot(...POWERS_MANAGE_ROLES),
});
