/**
 * The power list's file layout (XLSX, CSV, JSONL alike): one row per disposition, the columns below
 * with their Chinese headers (JSONL: the same names as keys). A power with several changes takes
 * several rows with the same 权力编码, oldest first; its attributes are read from its first row
 * (later rows repeat them or leave them blank). A district's usual sheet — one row per power with
 * its status — is the special case of one row each. The export writes exactly this layout, every
 * attribute repeated on each row, so an export re-imports unchanged.
 *
 * | 列 | 内容 |
 * |---|---|
 * | 权力名称 | required, 2–200 字 |
 * | 职权类别 | a category of the list (业务设置 → 职权类别), by name |
 * | 权力编码 | unique, opaque; must match the province's pattern (setting 权力编码规则) |
 * | 实施主体 | the implementing body |
 * | 实施主体性质 | 法定机关 / 授权组织 / 受委托组织 |
 * | 设定依据 | one basis a line, highest authority first (re-ordered if not) |
 * | 收费依据及标准, 办理流程, 办理时限, 监督电话 | text |
 * | 所属部门 | an org of the tree: its name, short name or code |
 * | 处置情况 | 保留 / 新增 / 调整合并 / 取消 / 下放 |
 * | 处置日期 | YYYY-MM-DD |
 * | 合并至/下放至 | 调整合并: the 权力编码 it merged into; 下放: the townships/streets, by name, separated by 、 |
 * | 下放方式 | 下放: 全程办理 or 代办 |
 * | 说明 | a note on the change |
 */
export const COLUMNS = [
  ['name', '权力名称'],
  ['category', '职权类别'],
  ['code', '权力编码'],
  ['body', '实施主体'],
  ['bodyKind', '实施主体性质'],
  ['legalBasis', '设定依据'],
  ['feeBasis', '收费依据及标准'],
  ['procedure', '办理流程'],
  ['timeLimit', '办理时限'],
  ['supervisionPhone', '监督电话'],
  ['org', '所属部门'],
  ['kind', '处置情况'],
  ['onDate', '处置日期'],
  ['target', '合并至/下放至'],
  ['mode', '下放方式'],
  ['note', '说明'],
] as const;

export type ColumnKey = (typeof COLUMNS)[number][0];
export type PowerRecord = Record<ColumnKey, string>;
export const HEADER_OF = Object.fromEntries(COLUMNS) as Record<ColumnKey, string>;

/** The attributes of a power (the same on every row of one code). */
export const ATTRIBUTE_KEYS: readonly ColumnKey[] = [
  'name',
  'category',
  'body',
  'bodyKind',
  'legalBasis',
  'feeBasis',
  'procedure',
  'timeLimit',
  'supervisionPhone',
  'org',
];

const ALIASES: Record<string, ColumnKey> = {
  ...Object.fromEntries(COLUMNS.map(([k, h]) => [h, k])),
  ...Object.fromEntries(COLUMNS.map(([k]) => [k, k])),
  事项名称: 'name',
  权力事项名称: 'name',
  权力类别: 'category',
  类别: 'category',
  编码: 'code',
  事项编码: 'code',
  依据: 'legalBasis',
  法律依据: 'legalBasis',
  收费标准: 'feeBasis',
  流程: 'procedure',
  时限: 'timeLimit',
  部门: 'org',
  实施部门: 'org',
  合并至: 'target',
  下放至: 'target',
};

export function columnOfHeader(h: string): ColumnKey | undefined {
  return ALIASES[h.trim()];
}

/** Spreadsheets run a cell beginning with = + - @ as a formula: exports prefix an apostrophe… */
export function guardCell(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}
/** …and imports take it off again. */
export function unguardCell(s: string): string {
  return /^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s;
}

/** Delegation targets are written separated by 、 (or ，, ；). */
export function splitTargets(s: string): string[] {
  return s
    .split(/[、,，;；]/)
    .map((x) => x.trim())
    .filter(Boolean);
}
