import { definePolicy, withRole } from '../../platform/authz/policy.ts';
import { ROLES } from '../../platform/authz/roles.ts';

/**
 * 政务服务事项与办事指南: every member of staff may read the items and guides (they are public
 * anyway); the office, the administrator and the service centre's managers change them, each
 * within the org subtree of the grant (the subject is the item's competent department).
 */
export const guidesPolicy = definePolicy({
  'guides.view': withRole(...ROLES),
  'guides.manage': withRole<{ orgPath: string } | undefined>('office', 'admin', 'hall_manager'),
});
