import type { Queryable } from '../../storage/db.ts';

/**
 * The one door this module needs from outside: telling people about their account. A lock is
 * told to the account's owner and to the administrators of its org; how it reaches them (the
 * requests module's outbox for an SMS or e-mail gateway, a district's own messaging) is provided by
 * another module's manifest (the requests module's outbox). Unwired, the audit trail and the dashboard still tell them.
 */
export interface AccountNotice {
  user: { id: number; username: string; displayName: string; orgId: number | null };
  /** Who is told: the account's owner, or the administrators of its org. */
  audience: 'owner' | 'admins';
  subject: string;
  /** Plain text; no client addresses. */
  body: string;
}

export interface AccountNotifier {
  send(db: Queryable, n: AccountNotice, at: Date): Promise<void>;
}

declare module '../../platform/module.ts' {
  interface Ports {
    /** Optional: an app without a provider still tells people through the audit trail and the dashboard. */
    accountNotifier?: AccountNotifier;
  }
}
