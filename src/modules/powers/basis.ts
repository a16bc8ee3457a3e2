/**
 * 设定依据, highest authority first (services.md §1). Each basis is one line; lines are put in the
 * order of the legislative hierarchy (《立法法》: 法律 → 行政法规 → 地方性法规 → 部门规章 → 地方政府规章
 * → 规范性文件), as far as the title tells, keeping the written order among equals (a stable sort,
 * so sorting again changes nothing — an export re-imports unchanged).
 */
const PROVINCES =
  /^《?(北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门)/;
const LOCAL = /^《?[^》]*?(省|自治区|市|州|县|区)/;

export function authorityRank(line: string): number {
  const t = line.trim();
  const title = /《([^》]+)》/.exec(t)?.[1] ?? t;
  const local = PROVINCES.test(title) || LOCAL.test(title.replace(/^中华人民共和国/, ''));
  if (/^中华人民共和国.+法$/.test(title) || (/法$/.test(title) && !local && !/办法$/.test(title))) return 1;
  if (/(条例|规定|办法|细则)$/.test(title) && !local && /国务院令|^中华人民共和国.+条例$/.test(t + title)) return 2;
  if (local && /条例$/.test(title)) return 3;
  if (/(部|总局|委员会|署|局)令/.test(t) && !local) return 4;
  if (/(条例|规定|办法|细则)$/.test(title) && !local) return 2;
  if (local && /(规定|办法|细则)$/.test(title)) return 5;
  return 6;
}

export function basisLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

export function orderBasis(text: string): string {
  const lines = basisLines(text);
  return lines
    .map((l, i) => ({ l, i, r: authorityRank(l) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.l)
    .join('\n');
}
