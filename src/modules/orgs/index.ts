/** The agency tree: the only door other modules use. */
export type { Org, OrgKind } from './types.ts';
export { ORG_KINDS, ORG_KIND_LABELS } from './types.ts';
export { orgsPolicy } from './policies.ts';
export { addOrg } from './commands/add-org.ts';
export { updateOrg } from './commands/update-org.ts';
export { moveOrg } from './commands/move-org.ts';
export { findOrg, findOrgById, listOrgs, childrenOf, subtreeIds, orgIdInScope, pathInScope, sortAsTree } from './repo.ts';
export { checkOrgCode, makeOrgCode, makeUscc } from './codes.ts';
export { orgsMigrations } from './migrations.ts';
