import type { Queryable } from '../../storage/db.ts';

/**
 * The one door this module needs from outside: telling people about their account. A lock is
 * told to the account's owner and to the administrators of its org; how it reaches them (the
 * requests module's outbox for an SMS or e-mail gateway, a district's own messaging) is wired in
 * `src/app/modules.ts`. Unwired, the audit trail and the dashboard still tell them.
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

declare module '../../platform/context.ts' {
  interface Services {
    identityNotifier?: AccountNotifier;
  }
}
