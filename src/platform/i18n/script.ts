import * as OpenCC from 'opencc-js';

/**
 * Simplified ⇄ traditional script, character-level (opencc-js). The traditional form is the
 * Taiwan standard character set without Taiwan phrase substitution (`tw`, never `twp`, which
 * would rewrite 信息 and 发布会 into other usage). Folding to simplified uses `hk` then `tw`
 * so text from either region normalises to the same simplified string.
 */
export type Script = 'hans' | 'hant';

// Building a converter loads its dictionaries (~0.3 s): done on first use, not at import.
type Conv = (s: string) => string;
let toHant: Conv | undefined;
let hkToHans: Conv | undefined;
let twToHans: Conv | undefined;

export function toTraditional(s: string): string {
  const conv = toHant ?? OpenCC.Converter({ from: 'cn', to: 'tw' });
  toHant = conv;
  return conv(s);
}

export function toSimplified(s: string): string {
  const hk = hkToHans ?? OpenCC.Converter({ from: 'hk', to: 'cn' });
  hkToHans = hk;
  const tw = twToHans ?? OpenCC.Converter({ from: 'tw', to: 'cn' });
  twToHans = tw;
  return tw(hk(s));
}

export function convertScript(s: string, script: Script): string {
  return script === 'hant' ? toTraditional(s) : s;
}

export function langOf(script: Script): 'zh-Hans' | 'zh-Hant' {
  return script === 'hant' ? 'zh-Hant' : 'zh-Hans';
}
