import { definePolicy, withRole } from '../../platform/authz/policy.ts';

/**
 * Who does what in 电子监察 (services.md §3), each scoped to the org subtree of the grant; a
 * subject is `{ orgPath }` of the responsible department. Supervisors (监察人员) see everything in
 * their scope, clear signals and issue 督办; the responsible department's staff read its signals and
 * answer its notices; auditors read.
 */
const DEPARTMENT = ['hall_manager', 'window', 'office', 'admin'] as const;

export const supervisionPolicy = definePolicy({
  'supervision.view': withRole<{ orgPath: string } | undefined>('supervisor', 'auditor', ...DEPARTMENT),
  'supervision.read': withRole<{ orgPath: string } | undefined>('supervisor', ...DEPARTMENT),
  'supervision.clear': withRole<{ orgPath: string } | undefined>('supervisor', 'admin'),
  'supervision.notice.issue': withRole<{ orgPath: string } | undefined>('supervisor'),
  'supervision.notice.answer': withRole<{ orgPath: string } | undefined>(...DEPARTMENT),
  'supervision.notice.decide': withRole<{ orgPath: string } | undefined>('supervisor'),
});
