/** Users, roles and sessions: the only door other modules use. */
export type { User } from './types.ts';
export { identityPolicy } from './policies.ts';
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
export { identityMigrations } from './migrations.ts';
export { configurePasswordHashing } from './passwords.ts';
