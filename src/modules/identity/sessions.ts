import { createHash } from 'node:crypto';
import type { Queryable } from '../../storage/db.ts';
import type { Actor } from '../../platform/context.ts';
import { grantsOf } from './repo.ts';

export function sessionIdHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The actor behind a session cookie, or null when the session is unknown, expired or its user
 * disabled. Read-only: sessions expire absolutely, so serving a page never writes.
 */
export async function actorForSession(db: Queryable, token: string, now: Date): Promise<Actor | null> {
  if (!token || token.length > 200) return null;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.username', 'users.display_name', 'users.disabled', 'sessions.expires_at'])
    .where('sessions.id_hash', '=', sessionIdHash(token))
    .executeTakeFirst();
  if (!row || Number(row.disabled) === 1 || row.expires_at <= now.toISOString()) return null;
  return { kind: 'user', userId: Number(row.id), name: row.username, grants: await grantsOf(db, Number(row.id)) };
}
