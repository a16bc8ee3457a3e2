import type { Generated } from 'kysely';
import type { Role } from '../../platform/authz/roles.ts';

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  /** The org the user works in (shown in the audit trail); grants decide what they may do. */
  org_id: number | null;
  disabled: number;
  failed_logins: number;
  locked_until: string | null;
  password_changed_at: string;
  last_login_at: string | null;
  created_at: string;
}

export interface RoleGrantsTable {
  id: Generated<number>;
  user_id: number;
  role: Role;
  org_id: number;
  granted_at: string;
  granted_by: string;
}

export interface SessionsTable {
  /** sha256 of the cookie token: a stolen database holds no usable session. */
  id_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

/** Failed logins from one client address on one login name (see the throttle in commands/login.ts). */
export interface LoginFailuresTable {
  /** The name as typed (lower-cased), known or not. */
  username: string;
  address: string;
  failures: number;
  first_at: string;
  last_at: string;
  /** No attempt from this address on this name is checked before this instant. */
  blocked_until: string | null;
}

declare module '../../storage/schema.ts' {
  interface DB {
    login_failures: LoginFailuresTable;
    users: UsersTable;
    role_grants: RoleGrantsTable;
    sessions: SessionsTable;
  }
}

export interface User {
  id: number;
  username: string;
  displayName: string;
  orgId: number | null;
  disabled: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
}
