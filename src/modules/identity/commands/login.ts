import { z } from 'zod';
import { defineCommand } from '../../../platform/command.ts';
import type { AuditDraft } from '../../../platform/audit/audit.ts';
import { randomToken } from '../../../kernel/ids.ts';
import { loginInput } from '../schemas.ts';
import { burnVerify, verifyPassword } from '../passwords.ts';
import { findUserByName } from '../repo.ts';
import { sessionIdHash } from '../sessions.ts';

export type LoginResult = { ok: true; token: string; userId: number; expiresAt: string } | { ok: false };

/**
 * Log in. A wrong password, an unknown name, a disabled or a locked account all get the same
 * answer (no account enumeration); failures count toward a lockout after
 * `loginMaxFailures` in a row, for `lockoutMinutes`. The failure is committed and audited, so
 * this command returns `{ ok: false }` instead of throwing.
 */
export const login = defineCommand({
  name: 'identity.login',
  input: loginInput,
  async prepare(ctx, input) {
    const user = await findUserByName(ctx.db, input.username);
    const now = ctx.clock.now().toISOString();
    const usable = user && Number(user.disabled) === 0 && !(user.locked_until && user.locked_until > now);
    if (!usable) {
      await burnVerify(input.password, ctx.config.argon2MemoryKib);
      return { passwordOk: false };
    }
    return { passwordOk: await verifyPassword(user.password_hash, input.password) };
  },
  async handler(ctx, input, { passwordOk }): Promise<{ result: LoginResult; audit: AuditDraft[] }> {
    ctx.authorize('identity.login');
    const now = ctx.clock.now();
    const nowIso = now.toISOString();
    const user = await findUserByName(ctx.tx, input.username);
    if (!user) {
      return { result: { ok: false }, audit: [{ action: 'identity.login-failed', subjectType: 'user', subjectId: null, summary: { username: input.username.slice(0, 40), reason: 'unknown user' } }] };
    }
    const locked = user.locked_until !== null && user.locked_until > nowIso;
    if (!passwordOk || locked || Number(user.disabled) === 1) {
      const failures = Number(user.failed_logins) + (locked ? 0 : 1);
      const lockNow = !locked && failures >= ctx.config.loginMaxFailures;
      const lockedUntil = lockNow ? new Date(now.getTime() + ctx.config.lockoutMinutes * 60_000).toISOString() : user.locked_until;
      await ctx.tx.updateTable('users').set({ failed_logins: lockNow ? 0 : failures, locked_until: lockedUntil }).where('id', '=', user.id).execute();
      const reason = Number(user.disabled) === 1 ? 'disabled' : locked ? 'locked' : 'wrong password';
      return {
        result: { ok: false },
        audit: [
          { action: 'identity.login-failed', subjectType: 'user', subjectId: Number(user.id), orgId: user.org_id, summary: { username: user.username, reason, failures } },
          ...(lockNow ? [{ action: 'identity.locked', subjectType: 'user', subjectId: Number(user.id), orgId: user.org_id, summary: { until: lockedUntil } }] : []),
        ],
      };
    }
    const token = randomToken();
    const expiresAt = new Date(now.getTime() + ctx.config.sessionHours * 3_600_000).toISOString();
    await ctx.tx.insertInto('sessions').values({ id_hash: sessionIdHash(token), user_id: Number(user.id), created_at: nowIso, expires_at: expiresAt, last_seen_at: nowIso }).execute();
    await ctx.tx.updateTable('users').set({ failed_logins: 0, locked_until: null, last_login_at: nowIso }).where('id', '=', user.id).execute();
    // Expired sessions of this user are swept on each login.
    await ctx.tx.deleteFrom('sessions').where('user_id', '=', user.id).where('expires_at', '<=', nowIso).execute();
    return {
      result: { ok: true, token, userId: Number(user.id), expiresAt },
      audit: [{ action: 'identity.login', subjectType: 'user', subjectId: Number(user.id), orgId: user.org_id, summary: { username: user.username } }],
    };
  },
});

export const logout = defineCommand({
  name: 'identity.logout',
  input: z.object({ token: z.string().min(1) }),
  async handler(ctx, input) {
    ctx.authorize('identity.logout');
    await ctx.tx.deleteFrom('sessions').where('id_hash', '=', sessionIdHash(input.token)).execute();
    return { result: { ok: true }, audit: { action: 'identity.logout', subjectType: 'user', subjectId: ctx.actor.userId, summary: { username: ctx.actor.name } } };
  },
});
