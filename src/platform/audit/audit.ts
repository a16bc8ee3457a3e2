import { createHash } from 'node:crypto';
import type { Db, Tx } from '../../storage/db.ts';
import './types.ts';

/**
 * The audit trail: append-only and hash-chained. Each entry's hash covers its own fields and the
 * previous entry's hash, so editing, deleting or re-ordering any row breaks the chain from there
 * on, and `verify` names the first entry where it breaks. The head row (audit_head) holds the
 * last sequence number and hash: taking it with UPDATE … RETURNING serialises appends on
 * PostgreSQL (row lock) and SQLite (BEGIN IMMEDIATE) alike, so the chain never forks.
 */
export interface AuditDraft {
  action: string;
  subjectType: string;
  subjectId?: string | number | null;
  orgId?: number | null;
  /** Before/after summary. Commands mask personal data before it gets here. */
  summary?: Record<string, unknown>;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorId: number | null;
  actorName: string;
  orgId: number | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  summary: string;
  requestId: string;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  const canonical = JSON.stringify([e.seq, e.at, e.actorId, e.actorName, e.orgId, e.action, e.subjectType, e.subjectId, e.summary, e.requestId, e.prevHash]);
  return createHash('sha256').update(canonical).digest('hex');
}

export async function appendAudit(
  tx: Tx,
  who: { actorId: number | null; actorName: string; requestId: string; at: Date },
  drafts: AuditDraft[],
): Promise<number[]> {
  if (!drafts.length) return [];
  const head = await tx
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', drafts.length) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  let seq = head.seq - drafts.length;
  let prevHash = head.hash;
  const rows: AuditEntry[] = [];
  for (const d of drafts) {
    seq += 1;
    const base = {
      seq,
      at: who.at.toISOString(),
      actorId: who.actorId,
      actorName: who.actorName,
      orgId: d.orgId ?? null,
      action: d.action,
      subjectType: d.subjectType,
      subjectId: d.subjectId === undefined || d.subjectId === null ? null : String(d.subjectId),
      summary: JSON.stringify(d.summary ?? {}),
      requestId: who.requestId,
      prevHash,
    };
    const hash = entryHash(base);
    rows.push({ ...base, hash });
    prevHash = hash;
  }
  await tx
    .insertInto('audit_log')
    .values(
      rows.map((r) => ({
        seq: r.seq,
        at: r.at,
        actor_id: r.actorId,
        actor_name: r.actorName,
        org_id: r.orgId,
        action: r.action,
        subject_type: r.subjectType,
        subject_id: r.subjectId,
        summary: r.summary,
        request_id: r.requestId,
        prev_hash: r.prevHash,
        hash: r.hash,
      })),
    )
    .execute();
  await tx.updateTable('audit_head').set({ hash: prevHash }).where('id', '=', 1).execute();
  return rows.map((r) => r.seq);
}

export type VerifyResult = { ok: true; entries: number; headHash: string } | { ok: false; entries: number; seq: number; problem: string };

/** Recompute the chain; name the first entry that was altered, removed or inserted out of order. */
export async function verifyAudit(db: Db, onProgress?: (checked: number) => void): Promise<VerifyResult> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let after = 0;
  const BATCH = 5000;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(BATCH).execute();
    for (const r of rows) {
      if (r.seq !== expectedSeq) {
        return r.seq > expectedSeq
          ? { ok: false, entries: checked, seq: expectedSeq, problem: `entry #${expectedSeq} is missing (removed); the next entry present is #${r.seq}` }
          : { ok: false, entries: checked, seq: r.seq, problem: `entry #${r.seq} is out of order` };
      }
      const e: AuditEntry = {
        seq: r.seq,
        at: r.at,
        actorId: r.actor_id === null ? null : Number(r.actor_id),
        actorName: r.actor_name,
        orgId: r.org_id === null ? null : Number(r.org_id),
        action: r.action,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        summary: r.summary,
        requestId: r.request_id,
        prevHash: r.prev_hash,
        hash: r.hash,
      };
      if (e.prevHash !== prevHash) {
        // The previous entry's stored hash was rewritten (an edit covered up), or this entry was
        // inserted or moved here: either way the chain breaks between #seq-1 and #seq.
        return {
          ok: false,
          entries: checked,
          seq: e.seq === 1 ? 1 : e.seq - 1,
          problem:
            e.seq === 1
              ? 'entry #1 does not start the chain: it was altered or inserted'
              : `entry #${e.seq - 1} was altered, or #${e.seq} was inserted out of order: #${e.seq} does not follow #${e.seq - 1}`,
        };
      }
      if (entryHash(e) !== e.hash) {
        return { ok: false, entries: checked, seq: e.seq, problem: `entry #${e.seq} was altered: its content no longer matches its hash` };
      }
      prevHash = e.hash;
      expectedSeq += 1;
      checked += 1;
    }
    onProgress?.(checked);
    if (rows.length < BATCH) break;
    after = rows[rows.length - 1]!.seq; // a full batch: not empty
  }
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  if (!head) return { ok: false, entries: checked, seq: 0, problem: 'the audit head row is missing' };
  if (head.seq !== checked || head.hash !== prevHash) {
    return {
      ok: false,
      entries: checked,
      seq: checked + 1,
      problem: head.seq > checked ? `entries #${checked + 1}–#${head.seq} were removed from the end` : `the audit head does not match entry #${checked}`,
    };
  }
  return { ok: true, entries: checked, headHash: prevHash };
}
