/**
 * Organisation codes. Two national formats are in use; both carry a check character.
 * - 组织机构代码 (GB 11714-1997): 8 body characters [0-9A-Z] + 1 check character (0-9 or X).
 * - 统一社会信用代码 (GB 32100-2015): 18 characters from 0-9 and A–Y without I, O, Z, S, V;
 *   characters 9–17 are the organisation's 组织机构代码 (body + its own check character), and the
 *   18th is the check character of the whole.
 */
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function orgCharValue(c: string): number {
  if (/[0-9]/.test(c)) return c.charCodeAt(0) - 48;
  if (/[A-Z]/.test(c)) return c.charCodeAt(0) - 55;
  return -1;
}

/** The check character of an 8-character 组织机构代码 body. */
export function orgCodeCheck(body: string): string {
  let sum = 0;
  for (const [i, w] of ORG_WEIGHTS.entries()) sum += orgCharValue(body.charAt(i)) * w;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** The check character of the first 17 characters of a 统一社会信用代码. */
export function usccCheck(body17: string): string {
  let sum = 0;
  for (const [i, w] of USCC_WEIGHTS.entries()) sum += USCC_CHARS.indexOf(body17.charAt(i)) * w;
  return USCC_CHARS.charAt((31 - (sum % 31)) % 31);
}

export type CodeCheck = { ok: true; kind: 'org' | 'uscc'; orgCode: string } | { ok: false; reason: string };

/** Validate either kind of code; returns the 9-character 组织机构代码 it carries. */
export function checkOrgCode(raw: string): CodeCheck {
  const code = raw.trim().toUpperCase();
  if (code.length === 9) {
    if (!/^[0-9A-Z]{8}[0-9X]$/.test(code)) return { ok: false, reason: '组织机构代码应为8位数字或大写字母加1位校验码' };
    const want = orgCodeCheck(code.slice(0, 8));
    return code[8] === want ? { ok: true, kind: 'org', orgCode: code } : { ok: false, reason: `组织机构代码校验码错误（应为 ${want}）` };
  }
  if (code.length === 18) {
    if ([...code].some((c) => !USCC_CHARS.includes(c))) return { ok: false, reason: '统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V）' };
    const want = usccCheck(code.slice(0, 17));
    if (code[17] !== want) return { ok: false, reason: `统一社会信用代码校验码错误（应为 ${want}）` };
    const inner = code.slice(8, 17);
    if (!/^[0-9A-Z]{8}[0-9X]$/.test(inner) || inner[8] !== orgCodeCheck(inner.slice(0, 8))) {
      return { ok: false, reason: '统一社会信用代码第9–17位不是有效的组织机构代码' };
    }
    return { ok: true, kind: 'uscc', orgCode: inner };
  }
  return { ok: false, reason: '机构代码应为9位组织机构代码或18位统一社会信用代码' };
}

/** Build a valid code from a body (demo data, tests). */
export function makeOrgCode(body8: string): string {
  return body8 + orgCodeCheck(body8);
}

/** 统一社会信用代码 for a government body: 登记管理部门 1 (机构编制), 机构类别 1 (机关), region, org code. */
export function makeUscc(regionCode6: string, orgBody8: string, category = '11'): string {
  const body = category + regionCode6 + makeOrgCode(orgBody8);
  return body + usccCheck(body);
}
