import { z } from 'zod';
import { defineCommand, type CommandContext } from '../../../platform/command.ts';
import { ForbiddenError, ValidationError } from '../../../kernel/errors.ts';
import { isIsoDate } from '../../../kernel/dates.ts';
import { listOrgs, type Org } from '../../orgs/index.ts';
import { listCategories } from '../repo.ts';
import { orderBasis } from '../basis.ts';
import { exportPowerRecords } from '../import/write.ts';
import { ATTRIBUTE_KEYS, COLUMNS, HEADER_OF, splitTargets, type ColumnKey, type PowerRecord } from '../import/format.ts';
import {
  BODY_KIND_LABELS,
  BODY_KINDS,
  DELEGATE_MODE_LABELS,
  DELEGATE_MODES,
  DISPOSITION_KINDS,
  DISPOSITION_LABELS,
  TERMINAL,
  type BodyKind,
  type DelegateMode,
  type DispositionKind,
} from '../types.ts';
import { codeCheck, historyProblems } from './common.ts';

/**
 * Import the list a district keeps in Excel (import/format.ts): XLSX, CSV or JSONL, one row per
 * disposition. Every row is checked and every problem reported by line and field; **all or
 * nothing** — one problem and nothing is written. A power whose code is already on the list is
 * accepted only when the file says exactly what the list holds (so importing a file twice, or an
 * export, changes nothing); anything else about an existing code is a problem. One import is one
 * command: one transaction, one audit entry with the counts and the file's hash. The demo loads
 * its thousands of powers through this same command.
 */
export interface ImportProblem {
  line: number;
  field: string;
  message: string;
}

export interface ImportProgress {
  phase: 'checking' | 'writing';
  done: number;
  total: number;
}

export interface ImportResult {
  rows: number;
  powers: number;
  dispositions: number;
  unchanged: number;
}

/** The refusal of a whole file: each problem with its line and field (a ValidationError for the pipeline). */
export class PowerImportError extends ValidationError {
  constructor(readonly problems: ImportProblem[]) {
    super(problems.map((p) => ({ field: `第${p.line}行 ${p.field}`, message: p.message })));
  }
}

const inputSchema = z.object({
  source: z.object({ name: z.string().max(255), sha256: z.string().regex(/^[0-9a-f]{64}$/), format: z.string().max(10) }),
  records: z.array(z.object({ line: z.number().int(), data: z.record(z.string()) })),
  readProblems: z.array(z.object({ line: z.number().int(), field: z.string(), message: z.string() })).default([]),
});

const LIMITS: Partial<Record<ColumnKey, number>> = {
  name: 200,
  body: 100,
  legalBasis: 4000,
  feeBasis: 2000,
  procedure: 4000,
  timeLimit: 200,
  supervisionPhone: 40,
  note: 500,
};

const byLabel = <K extends string>(labels: Record<K, string>) => new Map(Object.entries(labels).map(([k, v]) => [v as string, k as K]));
const KIND_OF = byLabel(DISPOSITION_LABELS);
const BODY_OF = byLabel(BODY_KIND_LABELS);
const MODE_OF = byLabel(DELEGATE_MODE_LABELS);
for (const k of DISPOSITION_KINDS) KIND_OF.set(k, k);
for (const k of BODY_KINDS) BODY_OF.set(k, k);
for (const k of DELEGATE_MODES) MODE_OF.set(k, k);

interface Disp {
  line: number;
  kind: DispositionKind;
  onDate: string;
  targetCode: string;
  delegateOrgs: Org[];
  mode: DelegateMode | null;
  note: string;
}

interface Group {
  code: string;
  line: number;
  org?: Org;
  categoryId?: number;
  attrs: Record<string, string>;
  bodyKind?: BodyKind;
  rows: Array<{ line: number; data: Record<string, string> }>;
  disps: Disp[];
}

export function importPowersCommand(onProgress: (p: ImportProgress) => void = () => {}) {
  return defineCommand({
    name: 'powers.import',
    input: inputSchema,
    async handler(ctx, input) {
      ctx.authorize('powers.manage');
      const problems: ImportProblem[] = [...input.readProblems];
      const { groups, unchanged } = await check(ctx, input.records, problems, onProgress);
      if (problems.length) throw new PowerImportError(problems.sort((a, b) => a.line - b.line));
      const result = { ...(await write(ctx, groups, input.records.length, onProgress)), unchanged };
      return {
        result,
        audit: {
          action: 'powers.import',
          subjectType: 'power_import',
          subjectId: input.source.sha256.slice(0, 16),
          summary: { file: input.source.name, sha256: input.source.sha256, format: input.source.format, ...result },
        },
      };
    },
  });
}

async function check(
  ctx: CommandContext,
  records: Array<{ line: number; data: Record<string, string> }>,
  problems: ImportProblem[],
  onProgress: (p: ImportProgress) => void,
) {
  const orgs = await listOrgs(ctx.tx, { includeInactive: true });
  const orgBy = new Map<string, Org>();
  for (const o of orgs) for (const k of [o.name, o.shortName, o.code, o.orgCode, String(o.id)]) if (k && !orgBy.has(k)) orgBy.set(k, o);
  const categories = await listCategories(ctx.tx);
  const catBy = new Map(categories.map((c) => [c.name, c]));
  const codes = await codeCheck(ctx.tx);
  const allowed = new Map<number, boolean>();
  const fail = (line: number, key: ColumnKey | '(行)', message: string) => problems.push({ line, field: key === '(行)' ? key : HEADER_OF[key], message });

  // Rows by 权力编码, in the order codes first appear.
  const groups = new Map<string, Group>();
  for (const rec of records) {
    const code = (rec.data.code ?? '').trim();
    if (!code) {
      fail(rec.line, 'code', '缺少权力编码');
      continue;
    }
    let g = groups.get(code);
    if (!g) {
      g = { code, line: rec.line, attrs: {}, rows: [], disps: [] };
      groups.set(code, g);
    }
    g.rows.push(rec);
  }

  let done = 0;
  for (const g of groups.values()) {
    const [first, ...rest] = g.rows;
    if (!first) continue;
    const d = first.data;
    const v = (k: ColumnKey) => (d[k] ?? '').trim();
    for (const [k, max] of Object.entries(LIMITS) as Array<[ColumnKey, number]>) if (v(k).length > max) fail(first.line, k, `不超过${max}个字`);
    if (!codes.ok(g.code)) fail(first.line, 'code', codes.message(g.code));
    if (v('name').length < 2) fail(first.line, 'name', v('name') ? '权力名称至少2个字' : '缺少权力名称');
    const cat = catBy.get(v('category'));
    if (!cat)
      fail(
        first.line,
        'category',
        v('category')
          ? `职权类别“${v('category')}”不在类别表中（可选：${categories
              .filter((c) => c.active)
              .map((c) => c.name)
              .join('、')}）`
          : '缺少职权类别',
      );
    else if (!cat.active) fail(first.line, 'category', `职权类别“${cat.name}”已停用`);
    else g.categoryId = cat.id;
    if (v('body').length < 2) fail(first.line, 'body', '缺少实施主体');
    const bk = BODY_OF.get(v('bodyKind'));
    if (!bk) fail(first.line, 'bodyKind', `实施主体性质“${v('bodyKind')}”应为 法定机关、授权组织 或 受委托组织`);
    else g.bodyKind = bk;
    if (!v('legalBasis')) fail(first.line, 'legalBasis', '缺少设定依据');
    if (v('supervisionPhone') && !/^[0-9０-９()（）\-－+\s、,，/]+$/.test(v('supervisionPhone')))
      fail(first.line, 'supervisionPhone', '监督电话只能含数字、括号、连字符和分隔号');
    const org = orgBy.get(v('org'));
    if (!org) fail(first.line, 'org', v('org') ? `找不到所属部门“${v('org')}”（可用名称、简称或机构代码）` : '缺少所属部门');
    else {
      if (!allowed.has(org.id)) allowed.set(org.id, ctx.can('powers.manage', { orgPath: org.path }));
      // Outside the actor's grant: refused as a whole, like any change there.
      if (!allowed.get(org.id)) throw new ForbiddenError(`第${first.line}行 所属部门：无权为“${org.name}”导入权力`);
      g.org = org;
    }
    for (const k of ATTRIBUTE_KEYS) g.attrs[k] = v(k);
    for (const r of rest)
      for (const k of ATTRIBUTE_KEYS) {
        const x = (r.data[k] ?? '').trim();
        if (x && x !== g.attrs[k]) fail(r.line, k, `与同一权力编码的第${first.line}行不一致（后面的行可留空或照抄）`);
      }
    for (const r of g.rows) {
      const x = (k: ColumnKey) => (r.data[k] ?? '').trim();
      const kind = KIND_OF.get(x('kind'));
      if (!kind) {
        fail(r.line, 'kind', x('kind') ? `处置情况“${x('kind')}”应为 保留、新增、调整合并、取消 或 下放` : '缺少处置情况');
        continue;
      }
      if (!isIsoDate(x('onDate'))) {
        fail(r.line, 'onDate', x('onDate') ? `处置日期“${x('onDate')}”应为 YYYY-MM-DD 的有效日期` : '缺少处置日期');
        continue;
      }
      if (x('note').length > 500) continue;
      const mode = x('mode') ? MODE_OF.get(x('mode')) : null;
      if (mode === undefined) fail(r.line, 'mode', `下放方式“${x('mode')}”应为 全程办理 或 代办`);
      const targets = kind === 'delegate' ? splitTargets(x('target')) : [];
      const delegateOrgs: Org[] = [];
      for (const t of targets) {
        const o = orgBy.get(t);
        if (!o) fail(r.line, 'target', `找不到下放单位“${t}”`);
        else delegateOrgs.push(o);
      }
      g.disps.push({
        line: r.line,
        kind,
        onDate: x('onDate'),
        targetCode: kind === 'merge' ? x('target') : '',
        delegateOrgs,
        mode: mode ?? null,
        note: x('note'),
      });
      if (kind !== 'merge' && kind !== 'delegate' && x('target')) fail(r.line, 'target', '只有调整合并或下放才填写合并至/下放至');
    }
    if (++done % 500 === 0) onProgress({ phase: 'checking', done, total: groups.size });
  }

  // Codes already on the list: the file must say exactly what the list holds.
  const known = new Map<string, { terminal: string | null }>();
  const fileCodes = [...groups.keys()];
  const existingRecords = new Map<string, PowerRecord[]>();
  for (let i = 0; i < fileCodes.length; i += 500) {
    const chunk = fileCodes.slice(i, i + 500);
    for await (const page of exportPowerRecords(ctx.tx, { codes: chunk }, 500))
      for (const r of page) existingRecords.set(r.code, [...(existingRecords.get(r.code) ?? []), r]);
  }
  // Merge targets outside the file.
  const targetCodes = [
    ...new Set(
      [...groups.values()].flatMap((g) => g.disps.filter((d) => d.kind === 'merge' && d.targetCode && !groups.has(d.targetCode)).map((d) => d.targetCode)),
    ),
  ];
  for (let i = 0; i < targetCodes.length; i += 500) {
    const rows = await ctx.tx
      .selectFrom('powers as p')
      .leftJoin('power_dispositions as d', (j) => j.onRef('d.power_id', '=', 'p.id').on('d.kind', 'in', [...TERMINAL]))
      .select(['p.code', 'd.on_date'])
      .where('p.code', 'in', targetCodes.slice(i, i + 500))
      .execute();
    for (const r of rows) known.set(r.code, { terminal: r.on_date ?? null });
  }
  const terminalInFile = (g: Group) => g.disps.find((d) => TERMINAL.includes(d.kind))?.onDate ?? null;

  for (const g of groups.values()) {
    // The history, in order, by the same rules as the form.
    let last: { kind: DispositionKind; onDate: string } | undefined;
    for (const d of g.disps) {
      let mergedInto: { id: number } | null | 'missing' | 'self' = null;
      if (d.targetCode) {
        const inFile = groups.get(d.targetCode);
        mergedInto = d.targetCode === g.code ? 'self' : inFile || known.has(d.targetCode) ? { id: 0 } : 'missing';
        const end = inFile ? terminalInFile(inFile) : (known.get(d.targetCode)?.terminal ?? null);
        if (typeof mergedInto === 'object' && end && end <= d.onDate) fail(d.line, 'target', `“${d.targetCode}”已于${end}不在权力清单中，不能合并至它`);
      }
      for (const p of historyProblems(last, { kind: d.kind, onDate: d.onDate, mergedInto, mode: d.mode, delegateOrgs: d.delegateOrgs }))
        fail(d.line, p.field === 'mergedIntoCode' || p.field === 'delegateOrgIds' ? 'target' : (p.field as ColumnKey), p.message);
      last = { kind: d.kind, onDate: d.onDate };
    }
    const existing = existingRecords.get(g.code);
    if (existing && g.org && g.bodyKind) {
      const mine = canonical(g);
      if (JSON.stringify(mine) !== JSON.stringify(existing))
        fail(g.line, 'code', `编码“${g.code}”已在权力清单中，且与文件内容不同（已有的权力请在后台修改或登记调整）`);
      else g.rows = [];
    }
  }
  const all = [...groups.values()];
  return { groups: all.filter((g) => g.rows.length), unchanged: all.filter((g) => !g.rows.length).length };
}

/** A group as the export would write it (to compare with what the list holds). */
function canonical(g: Group): PowerRecord[] {
  return g.disps.map((d) => {
    const r: Record<string, string> = {
      name: g.attrs.name ?? '',
      category: g.attrs.category ?? '',
      code: g.code,
      body: g.attrs.body ?? '',
      bodyKind: g.bodyKind ? BODY_KIND_LABELS[g.bodyKind] : '',
      legalBasis: orderBasis(g.attrs.legalBasis ?? ''),
      feeBasis: g.attrs.feeBasis ?? '',
      procedure: g.attrs.procedure ?? '',
      timeLimit: g.attrs.timeLimit ?? '',
      supervisionPhone: g.attrs.supervisionPhone ?? '',
      org: g.org?.name ?? '',
      kind: DISPOSITION_LABELS[d.kind],
      onDate: d.onDate,
      target:
        d.kind === 'merge'
          ? d.targetCode
          : [...new Map(d.delegateOrgs.map((o) => [o.id, o])).values()]
              .sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id)
              .map((o) => o.name)
              .join('、'),
      mode: d.mode ? DELEGATE_MODE_LABELS[d.mode] : '',
      note: d.note,
    };
    return Object.fromEntries(COLUMNS.map(([k]) => [k, r[k] ?? ''])) as PowerRecord;
  });
}

async function write(ctx: CommandContext, groups: Group[], rows: number, onProgress: (p: ImportProgress) => void): Promise<Omit<ImportResult, 'unchanged'>> {
  const now = ctx.clock.now().toISOString();
  const idOf = new Map<string, number>();
  const CHUNK = 200;
  for (let i = 0; i < groups.length; i += CHUNK) {
    const chunk = groups.slice(i, i + CHUNK);
    const inserted = await ctx.tx
      .insertInto('powers')
      .values(
        chunk.map((g) => ({
          org_id: g.org!.id,
          category_id: g.categoryId!,
          name: g.attrs.name ?? '',
          code: g.code,
          body: g.attrs.body ?? '',
          body_kind: g.bodyKind!,
          legal_basis: orderBasis(g.attrs.legalBasis ?? ''),
          fee_basis: g.attrs.feeBasis ?? '',
          procedure: g.attrs.procedure ?? '',
          time_limit: g.attrs.timeLimit ?? '',
          supervision_phone: g.attrs.supervisionPhone ?? '',
          created_at: now,
          updated_at: now,
        })) as never,
      )
      .returning(['id', 'code'])
      .execute();
    for (const r of inserted) idOf.set(r.code, Number(r.id));
    onProgress({ phase: 'writing', done: Math.min(i + CHUNK, groups.length), total: groups.length });
  }
  // Merge targets already on the list.
  const outside = [...new Set(groups.flatMap((g) => g.disps.map((d) => d.targetCode).filter((c) => c && !idOf.has(c))))];
  for (let i = 0; i < outside.length; i += 500) {
    for (const r of await ctx.tx
      .selectFrom('powers')
      .select(['id', 'code'])
      .where('code', 'in', outside.slice(i, i + 500))
      .execute())
      idOf.set(r.code, Number(r.id));
  }
  const row = (powerId: number, d: Disp) => ({
    power_id: powerId,
    kind: d.kind,
    on_date: d.onDate,
    merged_into_id: d.targetCode ? (idOf.get(d.targetCode) ?? null) : null,
    delegate_mode: d.mode,
    note: d.note,
    recorded_at: now,
    recorded_by: ctx.actor.name,
  });
  let plain: ReturnType<typeof row>[] = [];
  const flush = async () => {
    for (let i = 0; i < plain.length; i += 500)
      await ctx.tx
        .insertInto('power_dispositions')
        .values(plain.slice(i, i + 500) as never)
        .execute();
    plain = [];
  };
  let dispositions = 0;
  for (const g of groups) {
    const pid = idOf.get(g.code)!;
    for (const d of g.disps) {
      dispositions++;
      if (!d.delegateOrgs.length) {
        plain.push(row(pid, d));
        continue;
      }
      // In file order: a history is read by (date, id).
      await flush();
      const r = await ctx.tx
        .insertInto('power_dispositions')
        .values(row(pid, d) as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      await ctx.tx
        .insertInto('power_delegations')
        .values([...new Set(d.delegateOrgs.map((o) => o.id))].map((org_id) => ({ disposition_id: Number(r.id), org_id })))
        .execute();
    }
  }
  await flush();
  return { rows, powers: groups.length, dispositions };
}
