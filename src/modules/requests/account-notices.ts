import type { AccountNotifier } from '../identity/index.ts';
import { findOrgById } from '../orgs/index.ts';
import { outboxNotifier } from './ports.ts';

/**
 * The identity module's `accountNotifier` port, through this module's outbox: a locked account is
 * told to its org's staff mailbox (the gateway delivers it). Staff accounts hold no phone or
 * e-mail of their own, so the owner is told on their dashboard at their next login (identity's
 * own block) and by the administrators.
 */
export const accountNotices: AccountNotifier = {
  async send(db, n, at) {
    if (n.audience !== 'admins' || n.user.orgId === null) return;
    const org = await findOrgById(db, n.user.orgId);
    await outboxNotifier.send(db, { to: { kind: 'staff', orgId: n.user.orgId, orgName: org?.name ?? '' }, subject: n.subject, body: n.body }, at);
  },
};
