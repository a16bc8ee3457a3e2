/** The agency tree: the only door other modules use. */
export type { Org, OrgKind } from './types.ts';
export { ORG_KINDS, ORG_KIND_LABELS } from './types.ts';
export { addOrg } from './commands/add-org.ts';
export { updateOrg } from './commands/update-org.ts';
export { moveOrg } from './commands/move-org.ts';
export { findOrg, findOrgById, listOrgs, childrenOf, subtreeIds, orgIdInScope, pathInScope, sortAsTree } from './repo.ts';
export { checkOrgCode, makeOrgCode, makeUscc } from './codes.ts';

import { defineModule } from '../../platform/module.ts';
import { orgsMigrations } from './migrations.ts';
import { orgsPolicy } from './policies.ts';
import { orgsAudit } from './labels.ts';

/** The agency tree every other module scopes its rows by. */
export const orgsModule = defineModule({
  name: 'orgs',
  audit: orgsAudit,
  migrations: orgsMigrations,
  policies: orgsPolicy,
  routes: async () => (await import('./http/routes.ts')).orgsRoutes(),
  nav: { admin: [{ group: '系统管理', href: '/admin/orgs', label: '机构管理', action: 'orgs.view', order: 810 }] },
  demo: { order: 10, load: async (ctx) => (await import('./demo.ts')).loadDemoOrgs(ctx) },
});
