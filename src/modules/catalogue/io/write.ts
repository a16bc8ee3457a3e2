import ExcelJS from 'exceljs';
import type { Queryable } from '../../../storage/db.ts';
import { FIELDS, guardCell, type FieldKey } from './format.ts';
import { CHANNEL_LABELS, DISCLOSURE_LABELS, VALIDITY_LABELS, type Channel } from '../types.ts';
import type { FileFormat } from './read.ts';

/**
 * Export the catalogue in the import format (docs/catalogue-import.md), so an export re-imports
 * unchanged. Streams in pages of rows; CSV cells that a spreadsheet would run as a formula get a
 * leading apostrophe (removed again on import).
 */
export interface ExportOptions {
  /** Only published items (default) or every state. */
  all?: boolean;
  year?: number;
  orgIds?: number[];
}

type Rec = Record<FieldKey, string | boolean | Array<Record<string, string>>>;

export async function* exportRecords(db: Queryable, opts: ExportOptions = {}, pageSize = 2000): AsyncGenerator<Rec[]> {
  let after = 0;
  for (;;) {
    let q = db
      .selectFrom('cat_items as i')
      .innerJoin('orgs as o', 'o.id', 'i.org_id')
      .leftJoin('cat_columns as c', 'c.id', 'i.column_id')
      .leftJoin('cat_items as s', 's.id', 'i.successor_id')
      .select([
        'i.id',
        'i.index_no',
        'i.title',
        'i.summary',
        'i.body_html',
        'i.doc_no',
        'i.formed_on',
        'i.published_on',
        'i.topic',
        'i.genre',
        'i.assort',
        'i.keywords',
        'i.disclosure',
        'i.validity',
        'i.effective_on',
        'i.validity_changed_on',
        'i.is_normative',
        'i.is_rule',
        'o.code as org_code',
        'o.name as org_name',
        'c.key as column_key',
        's.index_no as successor',
      ])
      .where('i.id', '>', after)
      .orderBy('i.id')
      .limit(pageSize);
    if (!opts.all) q = q.where('i.state', '=', 'published');
    if (opts.year) q = q.where('i.published_on', '>=', `${opts.year}-01-01`).where('i.published_on', '<=', `${opts.year}-12-31`);
    if (opts.orgIds) q = q.where('i.org_id', 'in', opts.orgIds.length ? opts.orgIds : [-1]);
    const rows = await q.execute();
    if (!rows.length) return;
    const ids = rows.map((r) => Number(r.id));
    const chans = await db
      .selectFrom('cat_item_channels')
      .select(['item_id', 'channel', 'published_on', 'reference', 'medium'])
      .where('item_id', 'in', ids)
      .orderBy('id')
      .execute();
    const byItem = new Map<number, Array<Record<string, string>>>();
    for (const c of chans) {
      const list = byItem.get(Number(c.item_id)) ?? [];
      list.push({ channel: c.channel, publishedOn: c.published_on, reference: c.reference, medium: c.medium });
      byItem.set(Number(c.item_id), list);
    }
    yield rows.map((r) => ({
      indexNo: r.index_no ?? '',
      title: r.title,
      summary: r.summary,
      body: r.body_html,
      org: r.org_code ?? r.org_name,
      docNo: r.doc_no,
      formedOn: r.formed_on,
      publishedOn: r.published_on ?? '',
      column: r.column_key ?? '',
      topic: r.topic,
      genre: r.genre,
      assort: r.assort,
      keywords: r.keywords,
      disclosure: DISCLOSURE_LABELS[r.disclosure],
      validity: VALIDITY_LABELS[r.validity],
      effectiveOn: r.effective_on ?? '',
      validityChangedOn: r.validity_changed_on ?? '',
      normative: Number(r.is_normative) === 1,
      rule: Number(r.is_rule) === 1,
      channels: byItem.get(Number(r.id)) ?? [],
      successor: r.successor ?? '',
    }));
    const last = ids.at(-1);
    if (last === undefined) return;
    after = last;
  }
}

function flat(v: Rec[FieldKey]): string {
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v))
    return v
      .map((c) =>
        [c.channel, c.publishedOn, c.reference, c.medium]
          .map((x) => (x ?? '').replace(/[:;：；]/g, ' '))
          .join(':')
          .replace(/:+$/, ''),
      )
      .join('; ');
  return v;
}

function csvCell(s: string): string {
  const g = guardCell(s);
  return /[",\r\n]/.test(g) ? `"${g.replace(/"/g, '""')}"` : g;
}

export async function exportCatalogue(db: Queryable, format: FileFormat, write: (chunk: string | Buffer) => void, opts: ExportOptions = {}): Promise<number> {
  let n = 0;
  if (format === 'jsonl') {
    for await (const page of exportRecords(db, opts)) {
      write(`${page.map((r) => JSON.stringify(r)).join('\n')}\n`);
      n += page.length;
    }
    return n;
  }
  if (format === 'csv') {
    write(`\uFEFF${FIELDS.map(([k]) => k).join(',')}\r\n`);
    for await (const page of exportRecords(db, opts)) {
      write(`${page.map((r) => FIELDS.map(([k]) => csvCell(flat(r[k]))).join(',')).join('\r\n')}\r\n`);
      n += page.length;
    }
    return n;
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('目录');
  ws.addRow(FIELDS.map(([k]) => k));
  for await (const page of exportRecords(db, opts)) {
    for (const r of page) ws.addRow(FIELDS.map(([k]) => guardCell(flat(r[k]))));
    n += page.length;
  }
  write(Buffer.from(await wb.xlsx.writeBuffer()));
  return n;
}

export { CHANNEL_LABELS, type Channel };
