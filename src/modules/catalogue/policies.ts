import { definePolicy, withRole, withRoleAtRoot, anyOf } from '../../platform/authz/policy.ts';

/**
 * Who may do what with catalogue items, each scoped to the org subtrees where the role is held
 * (a township editor edits her township's items). The seed's division of labour: editors write
 * and submit, 保密审查员 review, the disclosure office (政务公开办) may do both — but nobody reviews
 * an item they wrote unless they hold the office role (checked in the review command, 409).
 */
type Subject = { orgPath: string } | undefined;

export const cataloguePolicy = definePolicy({
  'catalogue.view': anyOf<Subject>(withRole('editor', 'reviewer', 'office', 'admin', 'supervisor', 'auditor')),
  'catalogue.edit': withRole<Subject>('editor', 'office'),
  'catalogue.submit': withRole<Subject>('editor', 'office'),
  'catalogue.review': withRole<Subject>('reviewer', 'office'),
  'catalogue.publish': withRole<Subject>('reviewer', 'office', 'editor'),
  'catalogue.withdraw': withRole<Subject>('reviewer', 'office'),
  /** Validity (有效性) and channels of published items: bookkeeping, not new content. */
  'catalogue.maintain': withRole<Subject>('editor', 'office'),
  /** The portal's columns are the same for the whole district: a grant at the root (the district). */
  'catalogue.columns': withRoleAtRoot('office', 'admin'),
  'catalogue.import': withRole<Subject>('office'),
  'catalogue.export': withRole<Subject>('office', 'auditor'),
});

/** Holding the office role on the item's org lets one person both write and review (the seed's 政务公开办). */
export const officeOverride = withRole<{ orgPath: string }>('office');
