import { definePolicy, everyone, when, withRole } from '../../platform/authz/policy.ts';

/**
 * Who may do what with requests. Handlers see and act on the requests of their org subtree; the
 * disclosure office holds its role on the whole district and so sees all; supervisors and auditors
 * read. ID numbers and phones are shown unmasked only to a handler of the request's org (issue 4 §10).
 */
type OrgSubject = { orgPath: string } | undefined;

export const requestsPolicy = definePolicy({
  /** The public online form (2019 条例第二十七条：任何人都可以申请). */
  'requests.apply': everyone,
  /** The tracking page: anyone may look up a request with its code and the applicant's name or phone. */
  'requests.track': everyone,
  /** The applicant answering a correction notice online, once the tracking page has verified them. */
  'requests.correct-own': when<{ verifiedApplicant: boolean }>(everyone, (s) => s.verifiedApplicant === true),
  'requests.view': withRole<OrgSubject>('handler', 'office', 'supervisor', 'auditor'),
  'requests.intake': withRole<OrgSubject>('handler', 'office'),
  'requests.handle': withRole<OrgSubject>('handler', 'office'),
  'requests.personal': withRole<OrgSubject>('handler'),
  'requests.appeals.view': withRole<OrgSubject>('supervisor', 'office', 'handler', 'auditor'),
  'requests.appeals.manage': withRole<OrgSubject>('office', 'handler'),
  'requests.import': withRole<OrgSubject>('office'),
  'requests.remind': withRole<OrgSubject>('office'),
});
