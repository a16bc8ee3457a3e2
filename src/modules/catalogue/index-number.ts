/**
 * 索引号 (index numbers). The national default layout is `ORGCODE/YYYY-NNNNN`: the 9-character
 * 组织机构代码, the year, and a 5-digit serial reset each year, e.g. `000014349/2020-00072`
 * (政府信息公开目录系统实施指引; disclosure.md §7). Many sites use the 18-character 统一社会信用代码
 * or other layouts, so the pattern is a setting. An index number, once given, is permanent and
 * never reused (2008 条例第十九条 / 2019 条例第十二条: the catalogue is how information is found).
 *
 * Tokens: ORGCODE (9-character 组织机构代码), USCC (18-character code), YYYY (year), N… (the serial,
 * zero-padded to the number of Ns). Anything else is copied literally.
 */
export interface IndexParts {
  orgCode: string;
  uscc: string;
  year: number;
  serial: number;
}

const TOKEN = /ORGCODE|USCC|YYYY|N+/g;

/** Why a pattern is unusable, or null when it is fine. */
export function checkIndexPattern(pattern: string): string | null {
  if (!pattern || pattern.length > 60) return '索引号规则不能为空，且不超过60个字符';
  const tokens: string[] = pattern.match(TOKEN) ?? [];
  const serials = tokens.filter((t) => t.startsWith('N'));
  const [serial, ...more] = serials;
  if (serial === undefined || more.length) return '索引号规则必须含且只含一段流水号（如 NNNNN）';
  if (serial.length < 3 || serial.length > 8) return '流水号应为3至8位（如 NNNNN）';
  if (!tokens.includes('YYYY')) return '索引号规则必须含年份 YYYY（流水号按年编排）';
  if (!tokens.includes('ORGCODE') && !tokens.includes('USCC')) return '索引号规则必须含机构代码 ORGCODE 或 USCC（流水号按机关编排）';
  if (/[?#%\\\s]/.test(pattern.replace(TOKEN, ''))) return '索引号规则不能含空格或 ? # % \\ 字符（索引号用于网址）';
  return null;
}

export function formatIndexNo(pattern: string, p: IndexParts): string {
  return pattern.replace(TOKEN, (t) => {
    if (t === 'ORGCODE') return p.orgCode;
    if (t === 'USCC') return p.uscc;
    if (t === 'YYYY') return String(p.year);
    const s = String(p.serial);
    if (s.length > t.length) throw new RangeError(`流水号 ${p.serial} 超出规则 ${pattern} 的位数`);
    return s.padStart(t.length, '0');
  });
}

/**
 * Read the serial and year back from an index number written with this pattern and org (imported
 * historical numbers): the counter must move past them so they are never issued again.
 */
export function parseIndexNo(pattern: string, indexNo: string, org: { orgCode: string; uscc: string }): { year: number; serial: number } | null {
  let re = '';
  let last = 0;
  const groups: string[] = [];
  for (const m of pattern.matchAll(TOKEN)) {
    re += escapeRe(pattern.slice(last, m.index));
    const t = m[0];
    if (t === 'ORGCODE') re += escapeRe(org.orgCode);
    else if (t === 'USCC') re += escapeRe(org.uscc);
    else if (t === 'YYYY') {
      re += '(\\d{4})';
      groups.push('year');
    } else {
      re += `(\\d{${t.length},})`;
      groups.push('serial');
    }
    last = m.index + t.length;
  }
  re += escapeRe(pattern.slice(last));
  const m = new RegExp(`^${re}$`, 'i').exec(indexNo);
  if (!m) return null;
  const out = { year: 0, serial: 0 };
  for (const [i, g] of groups.entries()) out[g as 'year' | 'serial'] = Number(m[i + 1]);
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The pattern for an org: its own (by code or id) or the default. */
export function patternFor(
  setting: { default: string; byOrg: Record<string, string> },
  org: { id: number; code: string | null; orgCode: string | null },
): string {
  return (org.code && setting.byOrg[org.code]) || (org.orgCode && setting.byOrg[org.orgCode]) || setting.byOrg[String(org.id)] || setting.default;
}
