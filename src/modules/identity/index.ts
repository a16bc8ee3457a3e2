/** Users, roles and sessions: the only door other modules use. */
export type { User } from './types.ts';
export { addUser } from './commands/add-user.ts';
export { setPassword } from './commands/set-password.ts';
export { setUserDisabled } from './commands/set-user-disabled.ts';
export { unlockUser } from './commands/unlock-user.ts';
export type { AccountNotifier, AccountNotice } from './ports.ts';
export { listLockedUsers } from './repo.ts';
export { grantRole, revokeRole } from './commands/grant-role.ts';
export { login, logout, type LoginResult } from './commands/login.ts';
export { actorForSession } from './sessions.ts';
export { findUserByName, findUserById, listUsers, grantsOf, toUser } from './repo.ts';

import { defineModule } from '../../platform/module.ts';
import { lazyBlock } from '../../platform/web/blocks.ts';
import { identityMigrations } from './migrations.ts';
import { identityPolicy } from './policies.ts';
import { identityAudit } from './labels.ts';

/** Users, roles on org subtrees, sessions and logins. */
export const identityModule = defineModule({
  name: 'identity',
  audit: identityAudit,
  migrations: identityMigrations,
  policies: identityPolicy,
  routes: async () => (await import('./http/routes.ts')).identityRoutes(),
  nav: {
    admin: [
      { group: '系统管理', href: '/admin/users', label: '用户与角色', action: 'users.view', order: 820 },
      { group: '系统管理', href: '/admin/account', label: '修改密码', action: 'identity.change-own-password', order: 890 },
    ],
  },
  blocks: {
    dashboard: [
      lazyBlock('identity.own-lock', 4, async () => (await import('./http/routes.ts')).ownLockBlock),
      lazyBlock('identity.locked', 5, async () => (await import('./http/routes.ts')).lockedAccountsBlock),
    ],
  },
  demo: { order: 20, load: async (ctx) => (await import('./demo.ts')).loadDemoUsers(ctx) },
});
