import { definePolicy, everyone, signedIn, withRole, anyOf } from '../../platform/authz/policy.ts';

/**
 * Administrators manage users within their subtree (a user belongs where their org is); anyone
 * may try to log in; a signed-in user may change their own password.
 */
export const identityPolicy = definePolicy({
  'identity.login': everyone,
  'identity.logout': signedIn,
  'identity.change-own-password': signedIn,
  'users.view': anyOf(withRole('admin'), withRole('auditor')),
  'users.manage': withRole<{ orgPath: string } | undefined>('admin'),
});
