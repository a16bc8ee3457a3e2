import { z } from 'zod';
import { fieldText } from '../../../kernel/text.ts';
import { sql } from 'kysely';
import { defineCommand, type CommandContext } from '../../../platform/command.ts';
import { ValidationError } from '../../../kernel/errors.ts';
import { isIsoDate } from '../../../kernel/dates.ts';
import { loadCalendar } from '../../../platform/calendar/calendar.ts';
import { getSetting } from '../../../platform/settings/settings.ts';
import { upsert } from '../../../platform/search/index.ts';
import { listOrgs, type Org } from '../../orgs/index.ts';
import { listColumns, columnKeysUp } from '../repo.ts';
import { normaliseBody, htmlToText } from '../sanitize.ts';
import { genresSetting, topicsSetting, indexPatternSetting } from '../settings.ts';
import { formatIndexNo, parseIndexNo, patternFor } from '../index-number.ts';
import { publicationDue, isOnTime } from '../deadlines.ts';
import { reserveSerial } from '../publishing.ts';
import { summaryFromBody } from './common.ts';
import { scanText, tagsOf, maskPersonalData } from '../personal-data.ts';
import { describeFinding } from '../findings.ts';
import { boolOf, channelsOf, disclosureOf, validityOf, FIELD_LABELS, type ChannelEntry, type FieldKey, type RawRecord } from '../io/format.ts';
import type { Disclosure, Validity, ItemState } from '../types.ts';

/**
 * Import catalogue records (`gongkai import catalogue FILE`, and the demo). Every record is
 * checked; problems are reported by line and field. Good records are imported — or, with
 * `allOrNothing`, nothing is imported when any record has a problem. One import is one command:
 * one transaction and one audit entry with the counts and the file's hash.
 *
 * Records with a 发布日期 are historical publications (their 保密审查 happened where they came from):
 * they arrive published, with their own 索引号 or one assigned now, and are indexed for search in
 * the same transaction. Records without one arrive as drafts.
 */
export interface ImportProblem {
  line: number;
  field: string;
  message: string;
}

export interface ImportProgress {
  phase: 'checking' | 'writing' | 'indexing';
  done: number;
  total: number;
}

export interface ImportResult {
  total: number;
  imported: number;
  rejected: number;
  published: number;
  problems: ImportProblem[];
}

interface GoodRow {
  line: number;
  org: Org;
  columnId: number | null;
  indexNo: string | null;
  title: string;
  summary: string;
  bodyHtml: string;
  bodyText: string;
  docNo: string;
  formedOn: string;
  publishedOn: string | null;
  topic: string;
  genre: string;
  assort: string;
  keywords: string;
  disclosure: Disclosure;
  validity: Validity;
  effectiveOn: string | null;
  validityChangedOn: string | null;
  normative: boolean;
  rule: boolean;
  channels: ChannelEntry[];
  successor: string;
}

const str = fieldText;

const inputSchema = z.object({
  source: z.object({ name: z.string().max(255), sha256: z.string().regex(/^[0-9a-f]{64}$/), format: z.string().max(10) }),
  records: z.array(z.object({ line: z.number().int(), data: z.record(z.unknown()) })),
  /** Problems found while reading the file (unreadable lines): they count as rejected records. */
  readProblems: z.array(z.object({ line: z.number().int(), field: z.string(), message: z.string() })).default([]),
  allOrNothing: z.boolean().default(false),
  origin: z.enum(['import', 'demo']).default('import'),
});

export function importCommand(onProgress: (p: ImportProgress) => void = () => {}) {
  return defineCommand({
    name: 'catalogue.import',
    input: inputSchema,
    async handler(ctx, input) {
      ctx.authorize('catalogue.import');
      const total = input.records.length + input.readProblems.filter((p) => p.field === '(行)').length;
      const { good, problems } = await checkRecords(ctx, input.records, onProgress);
      problems.unshift(...input.readProblems);
      const rejectedLines = new Set(problems.filter((p) => p.field !== '(表头)').map((p) => p.line));
      if (input.allOrNothing && rejectedLines.size) {
        throw new ValidationError(problems.map((p) => ({ field: `第${p.line}行 ${p.field}`, message: p.message })));
      }
      const published = await writeRows(ctx, good, input.origin, onProgress);
      const result: ImportResult = { total, imported: good.length, rejected: rejectedLines.size, published, problems };
      return {
        result,
        audit: {
          action: 'catalogue.import',
          subjectType: 'catalogue_import',
          subjectId: input.source.sha256.slice(0, 16),
          summary: {
            file: input.source.name,
            sha256: input.source.sha256,
            format: input.source.format,
            total,
            imported: good.length,
            rejected: rejectedLines.size,
            published,
            allOrNothing: input.allOrNothing,
          },
        },
      };
    },
  });
}

async function checkRecords(ctx: CommandContext, records: RawRecord[], onProgress: (p: ImportProgress) => void) {
  const orgs = await listOrgs(ctx.tx, { includeInactive: true });
  const orgBy = new Map<string, Org>();
  for (const o of orgs) for (const k of [String(o.id), o.code, o.orgCode, o.name, o.shortName]) if (k && !orgBy.has(k)) orgBy.set(k, o);
  const columns = await listColumns(ctx.tx, { fresh: true });
  const colBy = new Map<string, (typeof columns)[number]>();
  for (const c of columns) for (const k of [c.key, c.name, String(c.id)]) if (!colBy.has(k)) colBy.set(k, c);
  const topics = await getSetting(ctx.tx, topicsSetting);
  const topicSet = new Set(topics.flatMap((t) => [t.name, ...t.children.map((c) => `${t.name}/${c}`)]));
  const genres = new Set(await getSetting(ctx.tx, genresSetting));
  const seenIndex = new Set<string>();
  const good: GoodRow[] = [];
  const problems: ImportProblem[] = [];
  const fileIndexNos = new Set(records.map((r) => str(r.data.indexNo)).filter(Boolean));
  // 索引号 already in the catalogue, among those the file brings.
  const existing = new Set<string>();
  const fileList = [...fileIndexNos];
  for (let i = 0; i < fileList.length; i += 500) {
    const rows = await ctx.tx
      .selectFrom('cat_items')
      .select('index_no')
      .where('index_no', 'in', fileList.slice(i, i + 500))
      .execute();
    for (const r of rows) existing.add(r.index_no!);
  }
  const successors = [...new Set(records.map((r) => str(r.data.successor)).filter((s) => s && !fileIndexNos.has(s)))];
  const knownSucc = new Set<string>();
  for (let i = 0; i < successors.length; i += 500) {
    const rows = await ctx.tx
      .selectFrom('cat_items')
      .select('index_no')
      .where('index_no', 'in', successors.slice(i, i + 500))
      .execute();
    for (const r of rows) knownSucc.add(r.index_no!);
  }

  let n = 0;
  for (const rec of records) {
    if (++n % 1000 === 0) onProgress({ phase: 'checking', done: n, total: records.length });
    const d = rec.data;
    const bad: ImportProblem[] = [];
    const fail = (field: FieldKey, message: string) => bad.push({ line: rec.line, field: `${field}（${FIELD_LABELS[field]}）`, message });
    const title = str(d.title);
    if (title.length < 2 || title.length > 200) fail('title', title ? '名称应为2至200个字' : '缺少名称');
    const orgRef = str(d.org);
    const org = orgBy.get(orgRef) ?? orgBy.get(orgRef.toUpperCase());
    if (!org) fail('org', orgRef ? `找不到发布机构“${orgRef}”（可用机构代码、名称或简称）` : '缺少发布机构');
    const formedOn = str(d.formedOn);
    if (!isIsoDate(formedOn)) fail('formedOn', formedOn ? `成文日期“${formedOn}”应为 YYYY-MM-DD 的有效日期` : '缺少成文日期');
    const publishedOn = str(d.publishedOn) || null;
    if (publishedOn && !isIsoDate(publishedOn)) fail('publishedOn', `发布日期“${publishedOn}”应为 YYYY-MM-DD 的有效日期`);
    else if (publishedOn && isIsoDate(formedOn) && publishedOn < formedOn) fail('publishedOn', '发布日期不能早于成文日期');
    const summary = str(d.summary);
    if (summary.length > 100) fail('summary', `内容概述有 ${summary.length} 个字，不能超过100个字`);
    const docNo = str(d.docNo);
    if (docNo.length > 60) fail('docNo', '文号不超过60个字');
    const colRef = str(d.column);
    const column = colRef ? colBy.get(colRef) : undefined;
    if (colRef && !column) fail('column', `找不到栏目“${colRef}”`);
    else if (column?.kind === 'link') fail('column', `栏目“${column.name}”是链接栏目，不能放信息`);
    const topic = str(d.topic);
    if (topic && !topicSet.has(topic)) fail('topic', `主题分类“${topic}”不在分类表中`);
    const genre = str(d.genre);
    if (genre && !genres.has(genre)) fail('genre', `体裁“${genre}”不在体裁分类中`);
    const disclosure = disclosureOf(str(d.disclosure));
    if (!disclosure) fail('disclosure', `公开方式“${str(d.disclosure)}”应为 主动公开、依申请公开 或 不予公开`);
    const validity = validityOf(str(d.validity));
    if (!validity) fail('validity', `有效性“${str(d.validity)}”应为 有效、失效 或 废止`);
    const effectiveOn = str(d.effectiveOn) || null;
    if (effectiveOn && !isIsoDate(effectiveOn)) fail('effectiveOn', `施行日期“${effectiveOn}”应为 YYYY-MM-DD`);
    const changedOn = str(d.validityChangedOn) || null;
    if (changedOn && !isIsoDate(changedOn)) fail('validityChangedOn', `失效废止日期“${changedOn}”应为 YYYY-MM-DD`);
    if (validity && validity !== 'valid' && !changedOn) fail('validityChangedOn', '失效或废止的信息须填写失效废止日期');
    const normative = boolOf(d.normative);
    if (normative === undefined) fail('normative', '行政规范性文件应填 是 或 否');
    const rule = boolOf(d.rule);
    if (rule === undefined) fail('rule', '规章应填 是 或 否');
    const ch = channelsOf(d.channels);
    if (!ch.ok) fail('channels', ch.message);
    else if (ch.value.length && !publishedOn) fail('channels', '未发布（无发布日期）的信息不能登记发布渠道');
    const indexNo = str(d.indexNo) || null;
    if (indexNo) {
      if (!publishedOn) fail('indexNo', '索引号在发布时生成：有索引号的记录须有发布日期');
      else if (existing.has(indexNo)) fail('indexNo', `索引号 ${indexNo} 已被使用（索引号不能重复）`);
      else if (seenIndex.has(indexNo)) fail('indexNo', `索引号 ${indexNo} 在文件中重复`);
      else if (!/^[^\s?#%\\]{3,80}$/.test(indexNo)) fail('indexNo', '索引号不能含空格或 ? # % \\ 字符');
    }
    const successor = str(d.successor);
    if (successor && !fileIndexNos.has(successor) && !knownSucc.has(successor)) fail('successor', `找不到索引号为 ${successor} 的替代文件`);
    if (publishedOn && org && !org.orgCode && !indexNo) fail('org', `发布机构“${org.name}”没有机构代码，无法生成索引号`);
    if (bad.length) {
      problems.push(...bad);
      continue;
    }
    if (indexNo) seenIndex.add(indexNo);
    const rawBody = typeof d.body === 'string' ? d.body : str(d.body);
    const bodyHtml = normaliseBody(rawBody);
    const bodyText = htmlToText(bodyHtml);
    if (publishedOn) {
      // An import publishes what has a 发布日期; the personal-data gate of 保密审查 holds here too
      // (findings.ts; 2019 条例第十五条): such a record is refused, naming each finding, and may come
      // in without its 发布日期, as a draft to review, redact and publish.
      const found = [
        ...scanText(title, FIELD_LABELS.title),
        ...scanText(summary || summaryFromBody(bodyText), FIELD_LABELS.summary),
        ...scanText(bodyText, FIELD_LABELS.body),
        ...scanText(tagsOf(bodyHtml), FIELD_LABELS.body),
        ...scanText(docNo, FIELD_LABELS.docNo),
      ];
      const byKey = new Map<string, (typeof found)[number]>();
      for (const f of found) {
        const m = byKey.get(f.key!);
        if (!m) byKey.set(f.key!, { ...f });
        else if (!m.where.split('、').includes(f.where)) m.where += `、${f.where}`;
      }
      const named = [...byKey.values()].map(describeFinding);
      if (named.length) {
        problems.push({
          line: rec.line,
          field: '(个人信息)',
          message: `“${maskPersonalData(title)}”含疑似个人信息，不能作为已发布信息导入（《政府信息公开条例》第十五条）：${named.join('；')}。请遮盖后重新导入，或去掉发布日期作为草稿导入，经保密审查处理后发布`,
        });
        continue;
      }
    }
    good.push({
      line: rec.line,
      org: org!,
      columnId: column?.id ?? null,
      indexNo,
      title,
      summary: summary || summaryFromBody(bodyText),
      bodyHtml,
      bodyText,
      docNo,
      formedOn,
      publishedOn,
      topic,
      genre,
      assort: str(d.assort).slice(0, 20),
      keywords: str(d.keywords).slice(0, 100),
      disclosure: disclosure!,
      validity: validity!,
      effectiveOn,
      validityChangedOn: validity === 'valid' ? null : changedOn,
      normative: normative!,
      rule: rule!,
      channels: ch.ok ? ch.value : [],
      successor,
    });
  }
  return { good, problems };
}

const ITEM_BATCH = 400;

async function writeRows(ctx: CommandContext, rows: GoodRow[], origin: 'import' | 'demo', onProgress: (p: ImportProgress) => void): Promise<number> {
  if (!rows.length) return 0;
  const tx = ctx.tx;
  const calendar = await loadCalendar(tx);
  const patterns = await getSetting(tx, indexPatternSetting);
  const columns = await listColumns(tx, { fresh: true });
  const now = ctx.clock.now().toISOString();
  // A year has ~250 distinct formed dates: compute each due date once.
  const dueMemo = new Map<string, ReturnType<typeof publicationDue>>();
  const dueOf = (d: string) => {
    let v = dueMemo.get(d);
    if (!v) {
      v = publicationDue(calendar, d);
      dueMemo.set(d, v);
    }
    return v;
  };

  // 索引号: imported numbers move their counter on; published records without one get the next
  // numbers of their org and year, reserved as a block with one atomic counter update per group.
  const need = new Map<string, GoodRow[]>();
  const reserve = new Map<string, { orgId: number; year: number; serial: number }>();
  for (const r of rows) {
    if (!r.publishedOn) continue;
    const year = Number(r.publishedOn.slice(0, 4));
    if (r.indexNo) {
      const p = r.org.orgCode ? parseIndexNo(patternFor(patterns, r.org), r.indexNo, { orgCode: r.org.orgCode, uscc: r.org.code ?? '' }) : null;
      if (p) {
        const k = `${r.org.id}/${p.year}`;
        if ((reserve.get(k)?.serial ?? 0) < p.serial) reserve.set(k, { orgId: r.org.id, year: p.year, serial: p.serial });
      }
    } else {
      const k = `${r.org.id}/${year}`;
      if (!need.has(k)) need.set(k, []);
      need.get(k)!.push(r);
    }
  }
  for (const v of reserve.values()) await reserveSerial(tx, v.orgId, v.year, v.serial);
  const taken = new Set(rows.map((r) => r.indexNo).filter((x): x is string => !!x));
  for (const group of need.values()) {
    group.sort((a, b) => (a.publishedOn! < b.publishedOn! ? -1 : a.publishedOn! > b.publishedOn! ? 1 : a.line - b.line));
    const [first] = group;
    if (!first) continue;
    const org = first.org;
    const year = Number(first.publishedOn!.slice(0, 4));
    const pattern = patternFor(patterns, org);
    let pending = group;
    while (pending.length) {
      const r = await tx
        .insertInto('cat_index_counters')
        .values({ org_id: org.id, year, last_serial: pending.length })
        .onConflict((oc) => oc.columns(['org_id', 'year']).doUpdateSet({ last_serial: sql<number>`cat_index_counters.last_serial + ${pending.length}` }))
        .returning('last_serial')
        .executeTakeFirstOrThrow();
      let serial = Number(r.last_serial) - pending.length;
      const candidates = pending.map((row) => ({
        row,
        indexNo: formatIndexNo(pattern, { orgCode: org.orgCode!, uscc: org.code ?? '', year, serial: ++serial }),
      }));
      const clash = new Set<string>();
      for (let i = 0; i < candidates.length; i += 500) {
        const slice = candidates.slice(i, i + 500).map((c) => c.indexNo);
        for (const x of await tx.selectFrom('cat_items').select('index_no').where('index_no', 'in', slice).execute()) clash.add(x.index_no!);
      }
      const retry: GoodRow[] = [];
      for (const { row, indexNo } of candidates) {
        if (clash.has(indexNo) || taken.has(indexNo)) retry.push(row);
        else {
          row.indexNo = indexNo;
          taken.add(indexNo);
        }
      }
      pending = retry;
    }
  }

  const ids: number[] = new Array(rows.length);
  const idOf = (i: number): number => {
    const id = ids[i];
    if (id === undefined) throw new Error(`catalogue import: row ${i} has no id`);
    return id;
  };
  let published = 0;
  for (let b = 0; b < rows.length; b += ITEM_BATCH) {
    const batch = rows.slice(b, b + ITEM_BATCH);
    const values = batch.map((r) => {
      const due = dueOf(r.formedOn);
      const state: ItemState = r.publishedOn ? 'published' : 'draft';
      if (state === 'published') published++;
      const serial = r.indexNo ? /(\d+)$/.exec(r.indexNo) : null;
      return {
        org_id: r.org.id,
        column_id: r.columnId,
        state,
        is_public: state === 'published' && r.disclosure === 'proactive' ? 1 : 0,
        index_no: r.indexNo,
        index_year: r.publishedOn ? Number(r.publishedOn.slice(0, 4)) : null,
        index_serial: serial ? Number(serial[1]) : null,
        title: r.title,
        summary: r.summary,
        body_html: r.bodyHtml,
        body_text: r.bodyText,
        doc_no: r.docNo,
        formed_on: r.formedOn,
        published_on: r.publishedOn,
        due_on: due.dueOn,
        due_provisional: due.provisional ? 1 : 0,
        on_time: r.publishedOn ? (isOnTime(r.publishedOn, due.dueOn) ? 1 : 0) : null,
        topic: r.topic,
        genre: r.genre,
        assort: r.assort,
        keywords: r.keywords,
        disclosure: r.disclosure,
        validity: r.validity,
        effective_on: r.effectiveOn,
        validity_changed_on: r.validityChangedOn,
        is_normative: r.normative ? 1 : 0,
        is_rule: r.rule ? 1 : 0,
        version: 1,
        created_by: ctx.actor.userId,
        created_by_name: ctx.actor.name,
        published_by_name: r.publishedOn ? ctx.actor.name : null,
        published_at: r.publishedOn ? now : null,
        source: origin,
        created_at: now,
        updated_at: now,
      };
    });
    // Multi-row INSERT … RETURNING gives the ids in the order of the VALUES list on both engines.
    const inserted = await tx.insertInto('cat_items').values(values).returning('id').execute();
    for (const [i, x] of inserted.entries()) ids[b + i] = Number(x.id);
    const history = batch.map((r, i) => ({
      item_id: idOf(b + i),
      version: 1,
      at: now,
      actor_id: ctx.actor.userId,
      actor_name: ctx.actor.name,
      event: 'import',
      // values is batch.map(…): same length, same order.
      state: values[i]!.state,
      reason: null,
      snapshot: JSON.stringify({
        title: r.title,
        summary: r.summary,
        docNo: r.docNo,
        formedOn: r.formedOn,
        publishedOn: r.publishedOn,
        indexNo: r.indexNo,
        topic: r.topic,
        genre: r.genre,
        validity: r.validity,
        line: r.line,
      }),
    }));
    await tx.insertInto('cat_item_history').values(history).execute();
    const channels = batch.flatMap((r, i) => {
      const list =
        r.channels.length || !r.publishedOn || r.disclosure !== 'proactive'
          ? r.channels
          : [{ channel: 'website' as const, publishedOn: r.publishedOn, reference: `/item/${r.indexNo}`, medium: '' }];
      return list.map((c) => ({ item_id: idOf(b + i), channel: c.channel, published_on: c.publishedOn, reference: c.reference, medium: c.medium }));
    });
    if (channels.length) await tx.insertInto('cat_item_channels').values(channels).execute();
    onProgress({ phase: 'writing', done: Math.min(b + ITEM_BATCH, rows.length), total: rows.length });
  }

  // Successor links, once every record of the file has an id.
  const withSucc = rows.map((r, i) => ({ r, id: idOf(i) })).filter((x) => x.r.successor);
  if (withSucc.length) {
    const byIndex = new Map<string, number>();
    for (const [i, r] of rows.entries()) if (r.indexNo) byIndex.set(r.indexNo, idOf(i));
    const outside = withSucc.map((x) => x.r.successor).filter((s) => !byIndex.has(s));
    for (let i = 0; i < outside.length; i += 500) {
      for (const x of await tx
        .selectFrom('cat_items')
        .select(['id', 'index_no'])
        .where('index_no', 'in', outside.slice(i, i + 500))
        .execute())
        byIndex.set(x.index_no!, Number(x.id));
    }
    for (const x of withSucc)
      await tx
        .updateTable('cat_items')
        .set({ successor_id: byIndex.get(x.r.successor) ?? null })
        .where('id', '=', x.id)
        .execute();
  }

  // The search index, in the same transaction (never shows what was rolled back).
  const docs = [];
  for (const [i, r] of rows.entries()) {
    if (!r.publishedOn || r.disclosure !== 'proactive') continue;
    docs.push({
      id: idOf(i),
      title: r.title,
      summary: r.summary,
      body: r.bodyText,
      docNo: r.docNo,
      attachmentText: '',
      org: r.org.id,
      year: Number(r.publishedOn.slice(0, 4)),
      topic: r.topic,
      genre: r.genre,
      columns: columnKeysUp(columns, r.columnId),
      validity: r.validity,
      publishedOn: r.publishedOn,
    });
  }
  for (let i = 0; i < docs.length; i += 2000) {
    await upsert(tx, docs.slice(i, i + 2000));
    onProgress({ phase: 'indexing', done: Math.min(i + 2000, docs.length), total: docs.length });
  }
  return published;
}
