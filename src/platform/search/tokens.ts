import { isWordUnit } from './normalize.ts';

/**
 * Recall tokens: overlapping character bigrams of every run of word characters, plus the run's
 * last character alone. A query of n ≥ 2 characters is the phrase of its n − 1 bigrams, which
 * matches exactly where the query occurs as a substring (positions are consecutive only inside a
 * run, and a bigram spanning two runs is never emitted). A one-character query is a prefix query
 * on the first character: every occurrence of a character is either followed by another (a bigram
 * starting with it) or ends its run (the lone last character).
 *
 * Bigrams rather than single characters because a bigram's posting list is far shorter: `低保`
 * reads one short list instead of the lists of 低 and 保 (each in most documents) with positions.
 */
export function gramTokens(folded: string): string {
  const n = folded.length;
  // Each unit yields at most one bigram (2 units, 4 with surrogates) plus a space.
  let buf = new Uint16Array(n * 3 + 16);
  let len = 0;
  let i = 0;
  const push = (a: number, b: number): void => {
    if (len + (b - a) + 1 > buf.length) {
      const bigger = new Uint16Array(buf.length * 2 + (b - a) + 1);
      bigger.set(buf.subarray(0, len));
      buf = bigger;
    }
    if (len > 0) buf[len++] = 0x20;
    for (let k = a; k < b; k++) buf[len++] = folded.charCodeAt(k);
  };
  while (i < n) {
    if (!isWordUnit(folded.charCodeAt(i))) {
      i++;
      continue;
    }
    let start = i;
    let next = charEnd(folded, start);
    while (next < n && isWordUnit(folded.charCodeAt(next))) {
      const after = charEnd(folded, next);
      push(start, after);
      start = next;
      next = after;
    }
    push(start, next);
    i = next;
  }
  return decoder.decode(buf.subarray(0, len));
}

/** The bigrams of one folded run, in order (a one-character run gives that character). */
export function runGrams(run: string): string[] {
  return gramTokens(run)
    .split(' ')
    .filter(Boolean)
    .filter((_, i, all) => all.length === 1 || i < all.length - 1);
}

/** Number of characters (code points) in a run. */
export function charLength(run: string): number {
  let n = 0;
  for (let i = 0; i < run.length; i = charEnd(run, i)) n++;
  return n;
}

function charEnd(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return i + 2;
  }
  return i + 1;
}

const decoder = new TextDecoder('utf-16le');
