import { z } from 'zod';
import { defineSetting } from '../../platform/settings/settings.ts';

/**
 * 权力编码规则 (services.md §1: "codes are opaque strings validated by a per-province pattern"): a
 * regular expression every power's code must match. The default only asks for a code without
 * spaces; a province sets its own — Guizhou's `XK` + 5-digit main item + 3-digit sub-item is
 * `^XK\d{5}\d{3}$`.
 */
export const DEFAULT_CODE_PATTERN = '^\\S{1,64}$';

export const codePatternSetting = defineSetting({
  key: 'powers.codePattern',
  group: '权力清单',
  label: '权力编码规则',
  help: '权力编码须符合的正则表达式（本省口径）。默认只要求编码不含空格、不超过64个字符；例如贵州省“XK+5位主项编码+3位子项编码”写作 ^XK\\d{5}\\d{3}$。',
  schema: z
    .string()
    .trim()
    .min(1, '请填写编码规则')
    .max(200, '编码规则不超过200个字符')
    .refine((s) => compiles(s), '不是有效的正则表达式'),
  default: DEFAULT_CODE_PATTERN,
  local: true,
});

function compiles(s: string): boolean {
  try {
    new RegExp(s, 'u');
    return true;
  } catch {
    return false;
  }
}

/** The code check, as a function of the stored pattern (an invalid stored pattern falls back to the default). */
export function codeChecker(pattern: string): (code: string) => boolean {
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'u');
  } catch {
    re = new RegExp(DEFAULT_CODE_PATTERN, 'u');
  }
  return (code) => code.length <= 64 && re.test(code);
}

export function codeMessage(code: string, pattern: string): string {
  return `编码“${code}”不符合本省权力编码规则（${pattern}）`;
}
