import { randomBytes, randomInt } from 'node:crypto';

/** URL-safe random token (session ids, CSRF secrets). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

// No 0/O, 1/I/L: codes are read aloud on the phone and typed from paper.
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A human-friendly code such as a request's query code: `prefix` + groups of 4. */
export function humanCode(length = 12, prefix = ''): string {
  let s = '';
  for (let i = 0; i < length; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return prefix + s.replace(/(.{4})(?=.)/g, '$1-');
}
