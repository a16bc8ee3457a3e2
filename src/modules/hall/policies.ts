import { definePolicy, withRole } from '../../platform/authz/policy.ts';
import { ROLES } from '../../platform/authz/roles.ts';

/**
 * Who may do what in the hall module (services.md §2). Every staff role sees the sites and windows
 * of the org subtree it holds its role on (window staff and supervisors included); the centre's
 * managers, the 政务公开办 and administrators change them, within their subtree. A window's subject
 * is its centre's org, a site's subject its own org.
 */
type OrgSubject = { orgPath: string } | undefined;

export const hallPolicy = definePolicy({
  'hall.view': withRole<OrgSubject>(...ROLES),
  'hall.manage': withRole<OrgSubject>('hall_manager', 'office', 'admin'),
});
