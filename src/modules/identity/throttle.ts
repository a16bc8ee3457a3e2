import type { Queryable } from '../../storage/db.ts';
import type { Config } from '../../platform/config.ts';

/**
 * The login throttle, per (login name, client address). A stranger guessing a password slows
 * only their own address: after `loginThrottleAfter` failures it must wait 1 s, then 2 s, 4 s …
 * (capped at `lockoutMinutes`) before another attempt is even checked, while the owner at their
 * desk logs in as usual. The account itself locks only when the failures come from many addresses
 * (`accountFailures`), which one person with a forgotten password never produces.
 */
type ThrottleConfig = Pick<Config, 'loginThrottleAfter' | 'loginFailureWindowMinutes' | 'lockoutMinutes'>;

export function windowStart(config: ThrottleConfig, now: Date): string {
  return new Date(now.getTime() - config.loginFailureWindowMinutes * 60_000).toISOString();
}

/** Seconds this address must still wait before an attempt on this name is checked (0: none). */
export async function waitSeconds(db: Queryable, username: string, address: string, now: Date): Promise<number> {
  const row = await db.selectFrom('login_failures').select('blocked_until').where('username', '=', username).where('address', '=', address).executeTakeFirst();
  if (!row?.blocked_until) return 0;
  const ms = Date.parse(row.blocked_until) - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

/** Count one failure from this address on this name; returns the failures and the wait now due. */
export async function recordFailure(
  db: Queryable,
  config: ThrottleConfig,
  username: string,
  address: string,
  now: Date,
): Promise<{ failures: number; waitSeconds: number }> {
  const nowIso = now.toISOString();
  const since = windowStart(config, now);
  // Forgotten after a quiet window; swept here so the table holds only what still counts.
  await db.deleteFrom('login_failures').where('last_at', '<', since).execute();
  const row = await db
    .selectFrom('login_failures')
    .select(['failures', 'first_at'])
    .where('username', '=', username)
    .where('address', '=', address)
    .executeTakeFirst();
  const failures = (row ? Number(row.failures) : 0) + 1;
  const over = failures - config.loginThrottleAfter;
  const wait = over >= 0 ? Math.min(2 ** Math.min(over, 30), config.lockoutMinutes * 60) : 0;
  const blockedUntil = wait ? new Date(now.getTime() + wait * 1000).toISOString() : null;
  await db
    .insertInto('login_failures')
    .values({ username, address, failures, first_at: row?.first_at ?? nowIso, last_at: nowIso, blocked_until: blockedUntil })
    .onConflict((oc) => oc.columns(['username', 'address']).doUpdateSet({ failures, last_at: nowIso, blocked_until: blockedUntil }))
    .execute();
  return { failures, waitSeconds: wait };
}

/** Failures on this name within the window, and from how many addresses. */
export async function accountFailures(db: Queryable, config: ThrottleConfig, username: string, now: Date): Promise<{ failures: number; addresses: number }> {
  const r = await db
    .selectFrom('login_failures')
    .select((eb) => [eb.fn.sum<number | string>('failures').as('failures'), eb.fn.countAll<number | string>().as('addresses')])
    .where('username', '=', username)
    .where('last_at', '>=', windowStart(config, now))
    .executeTakeFirst();
  return { failures: Number(r?.failures ?? 0), addresses: Number(r?.addresses ?? 0) };
}

/** A successful login from an address clears that address's count (never the others'). */
export async function clearPair(db: Queryable, username: string, address: string): Promise<void> {
  await db.deleteFrom('login_failures').where('username', '=', username).where('address', '=', address).execute();
}

/** Unlocking (or a new password) starts the count afresh for every address. */
export async function clearAccount(db: Queryable, username: string): Promise<void> {
  await db.deleteFrom('login_failures').where('username', '=', username).execute();
}
