import { z } from 'zod';
import { defineCommand } from '../../../platform/command.ts';
import type { AuditDraft } from '../../../platform/audit/audit.ts';
import { randomToken } from '../../../kernel/ids.ts';
import { loginInput } from '../schemas.ts';
import { burnVerify, verifyPassword } from '../passwords.ts';
import { findUserByName } from '../repo.ts';
import { sessionIdHash } from '../sessions.ts';
import { waitSeconds, recordFailure, accountFailures, clearPair } from '../throttle.ts';
import type { CommandContext } from '../../../platform/command.ts';
import type { UsersTable } from '../types.ts';

/** Tell the owner and the administrators of the account's org (through the wired notifier, if any). */
async function tellLocked(
  ctx: CommandContext,
  user: Pick<UsersTable, 'username' | 'display_name' | 'org_id'> & { id: number },
  until: string,
  seen: { failures: number; addresses: number },
) {
  const notifier = ctx.ports.accountNotifier;
  if (!notifier) return;
  const who = { id: Number(user.id), username: user.username, displayName: user.display_name, orgId: user.org_id === null ? null : Number(user.org_id) };
  const when = until.slice(0, 16).replace('T', ' ');
  const minutes = ctx.config.loginFailureWindowMinutes;
  await notifier.send(
    ctx.tx,
    {
      user: who,
      audience: 'owner',
      subject: '您的账户已被暂时锁定',
      body: `${user.display_name}：您的账户 ${user.username} 在 ${minutes} 分钟内有 ${seen.failures} 次登录失败，来自 ${seen.addresses} 个不同的网络地址，已被锁定至 ${when}（UTC）。如非本人操作，请联系系统管理员解锁并修改密码。`,
    },
    ctx.clock.now(),
  );
  await notifier.send(
    ctx.tx,
    {
      user: who,
      audience: 'admins',
      subject: `账户 ${user.username} 已被暂时锁定`,
      body: `账户 ${user.username}（${user.display_name}）在 ${minutes} 分钟内有 ${seen.failures} 次登录失败，来自 ${seen.addresses} 个不同的网络地址，已被锁定至 ${when}（UTC）。可在管理后台首页或用 gongkai user unlock ${user.username} 解锁。`,
    },
    ctx.clock.now(),
  );
}

export type LoginResult = { ok: true; token: string; userId: number; expiresAt: string } | { ok: false; retryAfterSeconds?: number };

/**
 * Log in. A wrong password, an unknown name, a disabled or a locked account all get the same
 * answer (no account enumeration). Failures are counted per (name, client address) — see
 * `throttle.ts`: the guessing address is slowed, the owner elsewhere is not; the account locks
 * only after `loginMaxFailures` failures from at least `loginLockAddresses` addresses within the
 * window, for `lockoutMinutes` or until an administrator unlocks it, and its owner and the
 * administrators are told. A throttled attempt is refused before its password is even checked
 * (`retryAfterSeconds`). Failures are committed and audited, so this returns `{ ok: false }`
 * instead of throwing.
 */
export const login = defineCommand({
  name: 'identity.login',
  input: loginInput,
  async prepare(ctx, input) {
    const now = ctx.clock.now();
    if ((await waitSeconds(ctx.db, input.username, input.address, now)) > 0) return { passwordOk: false, throttled: true };
    const user = await findUserByName(ctx.db, input.username);
    const usable = user && Number(user.disabled) === 0 && !(user.locked_until && user.locked_until > now.toISOString());
    if (!usable) {
      await burnVerify(input.password, ctx.config.argon2MemoryKib);
      return { passwordOk: false, throttled: false };
    }
    return { passwordOk: await verifyPassword(user.password_hash, input.password), throttled: false };
  },
  async handler(ctx, input, { passwordOk }): Promise<{ result: LoginResult; audit: AuditDraft[] }> {
    ctx.authorize('identity.login');
    const now = ctx.clock.now();
    const nowIso = now.toISOString();
    const user = await findUserByName(ctx.tx, input.username);
    const subject = { subjectType: 'user', subjectId: user ? Number(user.id) : null, orgId: user?.org_id ?? null };
    // Judged again inside the transaction: two attempts racing past `prepare` are both refused.
    const wait = await waitSeconds(ctx.tx, input.username, input.address, now);
    if (wait > 0) {
      return {
        result: { ok: false, retryAfterSeconds: wait },
        audit: [{ action: 'identity.login-throttled', ...subject, summary: { username: input.username.slice(0, 40), retryAfterSeconds: wait } }],
      };
    }
    const locked = user?.locked_until != null && user.locked_until > nowIso;
    if (!user || !passwordOk || locked || Number(user.disabled) === 1) {
      const { failures } = await recordFailure(ctx.tx, ctx.config, input.username, input.address, now);
      const reason = !user ? 'unknown user' : Number(user.disabled) === 1 ? 'disabled' : locked ? 'locked' : 'wrong password';
      const audit: AuditDraft[] = [
        { action: 'identity.login-failed', ...subject, summary: { username: (user?.username ?? input.username).slice(0, 40), reason, failures } },
      ];
      if (user && !locked && Number(user.disabled) === 0) {
        const seen = await accountFailures(ctx.tx, ctx.config, user.username, now);
        if (seen.failures >= ctx.config.loginMaxFailures && seen.addresses >= ctx.config.loginLockAddresses) {
          const until = new Date(now.getTime() + ctx.config.lockoutMinutes * 60_000).toISOString();
          await ctx.tx.updateTable('users').set({ locked_until: until }).where('id', '=', user.id).execute();
          audit.push({
            action: 'identity.locked',
            ...subject,
            summary: { username: user.username, until, failures: seen.failures, addresses: seen.addresses },
          });
          await tellLocked(ctx, user, until, seen);
        }
      }
      return { result: { ok: false }, audit };
    }
    const token = randomToken();
    const expiresAt = new Date(now.getTime() + ctx.config.sessionHours * 3_600_000).toISOString();
    await ctx.tx
      .insertInto('sessions')
      .values({ id_hash: sessionIdHash(token), user_id: Number(user.id), created_at: nowIso, expires_at: expiresAt, last_seen_at: nowIso })
      .execute();
    await ctx.tx.updateTable('users').set({ failed_logins: 0, last_login_at: nowIso }).where('id', '=', user.id).execute();
    // This address has proved itself: its count starts afresh (other addresses keep theirs).
    await clearPair(ctx.tx, input.username, input.address);
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
    return {
      result: { ok: true },
      audit: { action: 'identity.logout', subjectType: 'user', subjectId: ctx.actor.userId, summary: { username: ctx.actor.name } },
    };
  },
});
