import type { Queryable } from '../../storage/db.ts';

/**
 * How audit entries read for an auditor (issue 15, item 8): each module names its actions, its
 * subjects (and how to find a subject's title or number) and the fields of its summaries in
 * Chinese, in its manifest (`audit`); the registry gathers them. An entry is stored as it was
 * written (the hash chain covers it); only its reading is translated.
 */
export interface AuditSubject {
  /** What the subject is: 信息, 申请, 用户 … */
  label: string;
  /** Titles or numbers of the subjects with these ids (one query for a page of entries). */
  titles?: (db: Queryable, ids: readonly string[]) => Promise<Map<string, string>>;
  /** Where staff open the subject, when it has a page. */
  href?: (id: string) => string | undefined;
}

export interface AuditVocabulary {
  /** Action key → 操作 in Chinese, e.g. 'catalogue.create' → 新建信息. */
  actions?: Readonly<Record<string, string>>;
  subjects?: Readonly<Record<string, AuditSubject>>;
  /** Summary field key → its name, e.g. validity → 有效性. */
  fields?: Readonly<Record<string, string>>;
  /** Field key → machine value → label (states, kinds). */
  values?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface AuditVocabularyIndex {
  actions: ReadonlyMap<string, string>;
  subjects: ReadonlyMap<string, AuditSubject>;
  fields: ReadonlyMap<string, string>;
  values: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

/** Field names every module's summaries share. */
const COMMON_FIELDS: Record<string, string> = {
  before: '变更前',
  after: '变更后',
  title: '标题',
  name: '名称',
  shortName: '简称',
  kind: '类型',
  code: '编码',
  state: '状态',
  status: '状态',
  reason: '理由',
  note: '备注',
  orgId: '机构',
  parentId: '上级机构',
  year: '年度',
  on: '日期',
  date: '日期',
  count: '数量',
  username: '登录名',
  displayName: '姓名',
  grants: '角色',
  role: '角色',
  value: '取值',
  changes: '变更',
};

export function vocabularyIndex(parts: readonly AuditVocabulary[]): AuditVocabularyIndex {
  const actions = new Map<string, string>();
  const subjects = new Map<string, AuditSubject>();
  const fields = new Map<string, string>(Object.entries(COMMON_FIELDS));
  const values = new Map<string, Readonly<Record<string, string>>>();
  for (const p of parts) {
    for (const [k, v] of Object.entries(p.actions ?? {})) actions.set(k, v);
    for (const [k, v] of Object.entries(p.subjects ?? {})) subjects.set(k, v);
    for (const [k, v] of Object.entries(p.fields ?? {})) fields.set(k, v);
    for (const [k, v] of Object.entries(p.values ?? {})) values.set(k, { ...(values.get(k) ?? {}), ...v });
  }
  return { actions, subjects, fields, values };
}

/** An action as staff read it; an action no module names keeps its key (so nothing is hidden). */
export function actionLabel(v: AuditVocabularyIndex, action: string): string {
  return v.actions.get(action) ?? action;
}

function valueText(v: AuditVocabularyIndex, field: string, x: unknown): string {
  if (x === null || x === undefined || x === '') return '（空）';
  if (typeof x === 'boolean') return x ? '是' : '否';
  if (typeof x === 'string') return v.values.get(field)?.[x] ?? x;
  if (typeof x === 'number') return String(x);
  if (Array.isArray(x)) return x.map((e) => valueText(v, field, e)).join('、') || '（空）';
  if (typeof x === 'object') {
    const o = x as Record<string, unknown>;
    return Object.entries(o)
      .map(([k, e]) => `${v.fields.get(k) ?? k}：${valueText(v, k, e)}`)
      .join('，');
  }
  return String(x);
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * A stored summary (JSON text) as readable lines: `有效性：有效 → 废止` for a before/after pair,
 * `标题：…` for a plain field. Text that is not JSON is shown as it is.
 */
export function describeSummary(v: AuditVocabularyIndex, summary: string): string[] {
  let data: unknown;
  try {
    data = JSON.parse(summary);
  } catch {
    return summary ? [summary] : [];
  }
  if (!isObject(data)) return [valueText(v, '', data)];
  const out: string[] = [];
  const field = (k: string) => v.fields.get(k) ?? k;
  const pair = (k: string, before: unknown, after: unknown) => {
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    out.push(`${field(k)}：${valueText(v, k, before)} → ${valueText(v, k, after)}`);
  };
  const { before, after, ...rest } = data;
  if (isObject(before) || isObject(after)) {
    const b = isObject(before) ? before : {};
    const a = isObject(after) ? after : {};
    for (const k of new Set([...Object.keys(b), ...Object.keys(a)])) {
      if (isObject(before)) pair(k, b[k], a[k]);
      else out.push(`${field(k)}：${valueText(v, k, a[k])}`);
    }
  }
  for (const [k, x] of Object.entries(rest)) {
    if (isObject(x) && ('before' in x || 'after' in x)) pair(k, x.before, x.after);
    else if (k === 'changes' && isObject(x)) {
      for (const [ck, cx] of Object.entries(x)) {
        if (isObject(cx) && ('before' in cx || 'after' in cx)) pair(ck, cx.before, cx.after);
        else out.push(`${field(ck)}：${valueText(v, ck, cx)}`);
      }
    } else out.push(`${field(k)}：${valueText(v, k, x)}`);
  }
  return out;
}
