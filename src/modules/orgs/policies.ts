import { definePolicy, signedIn, withRole } from '../../platform/authz/policy.ts';
import type { Org } from './types.ts';

/** Staff see the agency tree; administrators change it, within the subtree they administer. */
export const orgsPolicy = definePolicy({
  'orgs.view': signedIn,
  'orgs.manage': withRole<Pick<Org, 'orgPath'> | undefined>('admin'),
});
