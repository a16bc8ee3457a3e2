import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { Queryable } from '../../../storage/db.ts';
import type { Scope } from '../../../platform/authz/policy.ts';
import { historiesOf, scoped, type PowerRow } from '../repo.ts';
import { BODY_KIND_LABELS, DELEGATE_MODE_LABELS, DISPOSITION_LABELS } from '../types.ts';
import { COLUMNS, guardCell, type PowerRecord } from './format.ts';
import type { FileFormat } from './read.ts';

/**
 * The power list in its import layout (import/format.ts): a row per disposition, oldest first,
 * the power's attributes on every row; powers in category order, then by code. Streams pages.
 */
export async function* exportPowerRecords(
  db: Queryable,
  opts: { scope?: Scope; codes?: readonly string[] } = {},
  pageSize = 1000,
): AsyncGenerator<PowerRecord[]> {
  let offset = 0;
  for (;;) {
    let q = db
      .selectFrom('powers as p')
      .innerJoin('orgs as o', 'o.id', 'p.org_id')
      .innerJoin('power_categories as c', 'c.id', 'p.category_id')
      .select([
        'p.id',
        'o.name as org_name',
        'c.name as category',
        'p.name',
        'p.code',
        'p.body',
        'p.body_kind',
        'p.legal_basis',
        'p.fee_basis',
        'p.procedure',
        'p.time_limit',
        'p.supervision_phone',
      ])
      .where(opts.scope ? scoped('p.org_id', opts.scope) : sql<boolean>`1 = 1`)
      .orderBy('c.sort_order')
      .orderBy('c.id')
      .orderBy('p.code')
      .limit(pageSize)
      .offset(offset);
    if (opts.codes) q = q.where('p.code', 'in', opts.codes.length ? [...opts.codes] : ['']);
    const rows = await q.execute();
    if (!rows.length) return;
    const histories = await historiesOf(
      db,
      rows.map((r) => Number(r.id)),
    );
    const out: PowerRecord[] = [];
    for (const r of rows) {
      const attrs = {
        name: r.name,
        category: r.category,
        code: r.code,
        body: r.body,
        bodyKind: BODY_KIND_LABELS[r.body_kind as PowerRow['bodyKind']] ?? r.body_kind,
        legalBasis: r.legal_basis,
        feeBasis: r.fee_basis,
        procedure: r.procedure,
        timeLimit: r.time_limit,
        supervisionPhone: r.supervision_phone,
        org: r.org_name,
      };
      for (const d of histories.get(Number(r.id)) ?? [])
        out.push({
          ...attrs,
          kind: DISPOSITION_LABELS[d.kind],
          onDate: d.onDate,
          target: d.kind === 'merge' ? (d.mergedIntoCode ?? '') : d.kind === 'delegate' ? d.delegatedTo.map((o) => o.name).join('、') : '',
          mode: d.mode ? DELEGATE_MODE_LABELS[d.mode] : '',
          note: d.note,
        });
    }
    yield out;
    offset += rows.length;
  }
}

function csvCell(s: string): string {
  const g = guardCell(s);
  return /[",\r\n]/.test(g) ? `"${g.replace(/"/g, '""')}"` : g;
}

/** Write the export; returns the number of rows. CSV carries a byte-order mark (Excel on Chinese Windows). */
export async function exportPowers(db: Queryable, format: FileFormat, write: (chunk: string | Buffer) => void, opts: { scope?: Scope } = {}): Promise<number> {
  let n = 0;
  if (format === 'jsonl') {
    for await (const page of exportPowerRecords(db, opts)) {
      write(`${page.map((r) => JSON.stringify(Object.fromEntries(COLUMNS.map(([k, h]) => [h, r[k]])))).join('\n')}\n`);
      n += page.length;
    }
    return n;
  }
  if (format === 'csv') {
    write(`\uFEFF${COLUMNS.map(([, h]) => csvCell(h)).join(',')}\r\n`);
    for await (const page of exportPowerRecords(db, opts)) {
      write(`${page.map((r) => COLUMNS.map(([k]) => csvCell(r[k])).join(',')).join('\r\n')}\r\n`);
      n += page.length;
    }
    return n;
  }
  const wb = new ExcelJS.Workbook();
  wb.created = wb.modified = new Date(0);
  const ws = wb.addWorksheet('权力清单', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(COLUMNS.map(([, h]) => h));
  ws.getRow(1).font = { bold: true };
  for await (const page of exportPowerRecords(db, opts)) {
    for (const r of page) ws.addRow(COLUMNS.map(([k]) => guardCell(r[k])));
    n += page.length;
  }
  write(Buffer.from(await wb.xlsx.writeBuffer()));
  return n;
}
