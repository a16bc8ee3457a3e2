import HKVariantsRev from 'opencc-js/dict/HKVariantsRev';
import TWVariantsRev from 'opencc-js/dict/TWVariantsRev';
import TSCharacters from 'opencc-js/dict/TSCharacters';
import CJKCompatibility from 'opencc-js/dict/CJK_Compatibility_Ideographs';

/**
 * Script folding for search: text and queries are both folded the same way, so a query in either
 * script finds text in either script.
 *
 * - Traditional → simplified, **character by character**: opencc's Hong Kong variants, then
 *   Taiwan variants, each followed by its traditional→simplified character table (the `hk→cn`
 *   then `tw→cn` chains without their phrase tables). Never the `twp` presets: they rewrite
 *   vocabulary (信息 → 資訊, 发布会 …), which would make a query match words it does not contain.
 *   Character-level mapping is one code point to one code point, so positions survive folding and
 *   a highlight found in folded text lands on the same characters of the original. A character
 *   with two simplified readings (乾 → 干) folds the same way on both sides, so matching stays exact.
 * - CJK compatibility ideographs → their unified forms (text pasted from old office software
 *   carries look-alikes that would otherwise never match).
 * - Full-width ASCII (ＡＢＣ１２３，ideographic space) → half-width; Latin → lower case.
 */
export interface Folded {
  /** The folded text. */
  text: string;
  /**
   * Where each UTF-16 unit of `text` came from in the source: origin[i] is the source index of the
   * character that produced text[i]; origin[text.length] is the source length. Null when folding
   * kept every character's length (the usual case), meaning folded index = source index.
   */
  origin: Uint32Array | null;
}

/** Folds a text and keeps the position mapping back to it. */
export function fold(source: string): Folded {
  const t = tables();
  const n = source.length;
  const out = new Uint16Array(n + 8);
  let len = 0;
  let origin: Uint32Array | null = null;
  let outBuf = out;
  for (let i = 0; i < n; i++) {
    const c = source.charCodeAt(i);
    // c is a UTF-16 unit and both tables have an entry for each of the 65,536.
    if (t.slow[c] === 0) {
      outBuf[len++] = t.bmp[c]!;
      if (origin) origin[len - 1] = i;
      continue;
    }
    // A surrogate pair or a character whose folded form has another length: slow path.
    let cp = c;
    let width = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const lo = source.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = ((c - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    const repl = t.special.get(cp) ?? String.fromCodePoint(cp);
    if (repl.length !== width && !origin) {
      origin = new Uint32Array(n * 2 + 2);
      for (let k = 0; k < len; k++) origin[k] = k;
    }
    if (len + repl.length > outBuf.length) {
      const bigger = new Uint16Array(outBuf.length * 2 + repl.length);
      bigger.set(outBuf.subarray(0, len));
      outBuf = bigger;
    }
    for (let k = 0; k < repl.length; k++) {
      outBuf[len] = repl.charCodeAt(k);
      if (origin) origin[len] = i;
      len++;
    }
    i += width - 1;
  }
  const text = decoder.decode(outBuf.subarray(0, len));
  if (origin) {
    origin[len] = n;
    return { text, origin: origin.slice(0, len + 1) };
  }
  return { text, origin: null };
}

/** Folds a text when no positions are needed (indexing). */
export function foldText(source: string): string {
  return fold(source).text;
}

/** Maps a folded index back to the source (see Folded.origin). */
export function sourceIndex(folded: Folded, i: number): number {
  // origin is never empty: it always ends with the source length.
  return folded.origin ? folded.origin[Math.min(i, folded.origin.length - 1)]! : i;
}

/**
 * Is this (folded) UTF-16 unit part of a searchable run? Han ideographs, kana, hangul, Latin
 * letters and digits are; punctuation, spaces and symbols separate runs. Surrogates count as
 * word characters (rare ideographs of the extension planes).
 */
export function isWordUnit(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x3400 && c <= 0x9fff) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0x3040 && c <= 0x30ff) ||
    (c >= 0xac00 && c <= 0xd7af) ||
    (c >= 0xd800 && c <= 0xdfff) ||
    (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7)
  );
}

/**
 * A query as the index sees it: folded, split on white space into terms that must all occur
 * (AND), each term split further at punctuation into runs of word characters. `"低保 资金"` →
 * `[['低保'], ['资金']]`; `"洪管发〔2016〕12号"` → `[['洪管发', '2016', '12号']]`.
 */
export function parseQuery(q: string): string[][] {
  const folded = foldText(q);
  const terms: string[][] = [];
  for (const raw of folded.split(/\s+/)) {
    const runs = wordRuns(raw).map(([s, e]) => raw.slice(s, e));
    if (runs.length) terms.push(runs);
  }
  return terms;
}

/** [start, end) of each maximal run of word characters in a folded text. */
export function wordRuns(text: string): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    if (isWordUnit(text.charCodeAt(i))) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      runs.push([start, i]);
      start = -1;
    }
  }
  if (start >= 0) runs.push([start, text.length]);
  return runs;
}

// ---------------------------------------------------------------------------------------------

interface Tables {
  /** BMP unit → folded unit (identity where nothing changes). */
  bmp: Uint16Array;
  /** 1 for units that need the slow path: high surrogates and entries of `special`. */
  slow: Uint8Array;
  /** Code points whose folded form is not a single BMP unit, or that are astral. */
  special: Map<number, string>;
}

const decoder = new TextDecoder('utf-16le');
let cached: Tables | null = null;

function tables(): Tables {
  if (cached) return cached;
  const parse = (dict: string): Map<string, string> => {
    const m = new Map<string, string>();
    for (const entry of dict.split('|')) {
      const [from, to] = entry.split(' ');
      if (from && to) m.set(from, to);
    }
    return m;
  };
  const hk = parse(HKVariantsRev);
  const tw = parse(TWVariantsRev);
  const ts = parse(TSCharacters);
  const compat = parse(CJKCompatibility);
  // hk→cn = HKVariantsRev then TSCharacters; tw→cn = TWVariantsRev then TSCharacters.
  const hk2cn = (ch: string): string => {
    const a = hk.get(ch) ?? ch;
    return ts.get(a) ?? a;
  };
  const tw2cn = (ch: string): string => {
    const a = tw.get(ch) ?? ch;
    return ts.get(a) ?? a;
  };
  const foldChar = (ch: string): string => tw2cn(hk2cn(compat.get(ch) ?? ch));

  const bmp = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) bmp[c] = c;
  for (let c = 0x41; c <= 0x5a; c++) bmp[c] = c + 32;
  for (let c = 0xff01; c <= 0xff5e; c++) {
    const half = c - 0xfee0;
    bmp[c] = half >= 0x41 && half <= 0x5a ? half + 32 : half;
  }
  bmp[0x3000] = 0x20;
  const special = new Map<number, string>();
  const sources = new Set<string>([...hk.keys(), ...tw.keys(), ...ts.keys(), ...compat.keys()]);
  for (const ch of sources) {
    const to = foldChar(ch);
    const cp = ch.codePointAt(0)!;
    if (to === ch) continue;
    if (ch.length === 1 && to.length === 1) bmp[cp] = to.charCodeAt(0);
    else special.set(cp, to);
  }
  const slow = new Uint8Array(0x10000);
  for (let c = 0xd800; c <= 0xdbff; c++) slow[c] = 1;
  for (const cp of special.keys()) if (cp < 0x10000) slow[cp] = 1;
  cached = { bmp, slow, special };
  return cached;
}
