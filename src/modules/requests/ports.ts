import type { Queryable } from '../../storage/db.ts';

/**
 * The two doors this module needs from outside, as small interfaces (after Kysely's `Dialect`):
 * a notifier (SMS and e-mail gateways differ per district) and a search over already-published
 * items (the catalogue's search, wired in `src/app/modules.ts` when that module is present).
 */

export interface Notification {
  /** The applicant (by their contact details) or staff of an org (by org id). */
  to: { kind: 'applicant'; phone?: string; email?: string } | { kind: 'staff'; orgId: number; orgName: string };
  subject: string;
  /** Plain text, no ID numbers. */
  body: string;
  requestId?: number;
}

export interface Notifier {
  send(db: Queryable, n: Notification, at: Date): Promise<void>;
}

/**
 * The default notifier keeps each message in `request_outbox` for a gateway to deliver (an SMS
 * service, an SMTP relay): sending is outside this process, and nothing reaches a log.
 */
export const outboxNotifier: Notifier = {
  async send(db, n, at) {
    const rows: { channel: 'sms' | 'email' | 'staff'; recipient: string }[] = [];
    if (n.to.kind === 'staff') rows.push({ channel: 'staff', recipient: `org:${n.to.orgId}` });
    else {
      if (n.to.phone) rows.push({ channel: 'sms', recipient: n.to.phone });
      if (n.to.email) rows.push({ channel: 'email', recipient: n.to.email });
    }
    for (const r of rows)
      await db
        .insertInto('request_outbox')
        .values({
          request_id: n.requestId ?? null,
          channel: r.channel,
          recipient: r.recipient,
          subject: n.subject,
          body: n.body,
          created_at: at.toISOString(),
          sent_at: null,
        })
        .execute();
  },
};

/** A notifier that remembers what it was asked to send (tests). */
export function recordingNotifier(): Notifier & { sent: Notification[] } {
  const sent: Notification[] = [];
  return {
    sent,
    async send(_db, n) {
      sent.push(n);
    },
  };
}

declare module '../../platform/module.ts' {
  interface Ports {
    /** Where the requests module's notifications go (the outbox; tests record them). */
    notifier: Notifier;
  }
}
