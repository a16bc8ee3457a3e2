import argon2 from 'argon2';

/**
 * argon2id with the library's defaults (64 MiB, 3 passes, 4 lanes — OWASP's recommended floor).
 * Hashing is deliberately slow, so it always runs before a transaction opens, never inside one.
 */
let memoryCost = 65536;
/** Set once at start from the configuration (`argon2MemoryKib`). */
export function configurePasswordHashing(opts: { memoryKib: number }): void {
  memoryCost = opts.memoryKib;
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, memoryCost, timeCost: 3, parallelism: 1 });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** Spend the same time on an unknown user name as on a wrong password (no user enumeration). */
export async function burnVerify(password: string): Promise<void> {
  dummy ??= hashPassword('gongkai-timing-equaliser');
  await verifyPassword(await dummy, password);
}

/** Password rules: long enough, not trivially guessable. */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < 10) return '密码至少10个字符';
  if (password.length > 200) return '密码不超过200个字符';
  if (/^\d+$/.test(password)) return '密码不能全是数字';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名';
  return null;
}
