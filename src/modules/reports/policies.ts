import { definePolicy, withRole } from '../../platform/authz/policy.ts';

/**
 * Who does what with annual reports. Each rule is scoped to the org subtrees where the role is
 * held: a township's editor drafts the township's report; the district office (政务公开办) reviews
 * every report below it and imports the reports of agencies not on the platform.
 */
export const reportsPolicy = definePolicy({
  /** Read reports, their figures and the records behind each figure. */
  'reports.view': withRole<{ orgPath: string } | undefined>('admin', 'office', 'editor', 'reviewer', 'handler', 'supervisor', 'auditor'),
  /** Draft the narrative and submit the report of an org (2019 条例第四十九条: each agency reports). */
  'reports.edit': withRole<{ orgPath: string } | undefined>('office', 'editor'),
  /** Return with comments or accept (publish) a submitted report: the disclosure office. */
  'reports.review': withRole<{ orgPath: string } | undefined>('office'),
  /** Record press conferences, interviews, interpretations, responses, hearings, meetings, training. */
  'reports.activities': withRole<{ orgPath: string } | undefined>('office', 'editor'),
  /** Enter per-year org facts (bodies, reading points, staff, funds, decision counts). */
  'reports.facts': withRole<{ orgPath: string } | undefined>('office'),
  /** Import the report of an agency not on the platform. */
  'reports.import': withRole<{ orgPath: string } | undefined>('office'),
});
