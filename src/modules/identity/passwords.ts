import argon2 from 'argon2';

/**
 * argon2id with the library's defaults (64 MiB, 3 passes, 4 lanes — OWASP's recommended floor).
 * Hashing is deliberately slow, so it always runs before a transaction opens, never inside one.
 */
export function hashPassword(password: string, memoryKib: number): Promise<string> {
  // The memory cost comes from the configuration (`argon2MemoryKib`, default 64 MiB) of the app
  // that hashes: verification reads the cost from the hash itself.
  return argon2.hash(password, { type: argon2.argon2id, memoryCost: memoryKib, timeCost: 3, parallelism: 1 });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

const dummies = new Map<number, Promise<string>>();
/** Spend the same time on an unknown user name as on a wrong password (no user enumeration). */
export async function burnVerify(password: string, memoryKib: number): Promise<void> {
  // A cache of one derived constant per memory cost (not state: the same input gives the same hash's cost).
  let dummy = dummies.get(memoryKib);
  if (!dummy) {
    dummy = hashPassword('gongkai-timing-equaliser', memoryKib);
    dummies.set(memoryKib, dummy);
  }
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
