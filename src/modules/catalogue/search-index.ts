import type { Queryable } from '../../storage/db.ts';
import { upsert, remove, type SearchDoc } from '../../platform/search/index.ts';
import { attachmentTexts, columnKeysUp, listColumns, type Column } from './repo.ts';
import type { CatItemsTable } from './types.ts';

/**
 * What the catalogue gives the search index: its public items (published, 主动公开). An item is
 * indexed in the transaction that publishes it or changes it, and removed in the one that
 * withdraws it, so search never shows what the catalogue does not. The index is derived data:
 * `gongkai reindex` rebuilds it from these same documents (allSearchDocs).
 */
type Row = Pick<CatItemsTable, 'title' | 'summary' | 'body_text' | 'doc_no' | 'org_id' | 'topic' | 'genre' | 'column_id' | 'validity' | 'published_on'> & {
  id: number;
};

export function toSearchDoc(r: Row, columns: Column[], attachmentText: string): SearchDoc {
  const publishedOn = r.published_on ?? '1900-01-01';
  return {
    id: Number(r.id),
    title: r.title,
    summary: r.summary,
    body: r.body_text,
    docNo: r.doc_no,
    attachmentText,
    org: Number(r.org_id),
    year: Number(publishedOn.slice(0, 4)),
    topic: r.topic,
    genre: r.genre,
    columns: columnKeysUp(columns, r.column_id === null ? null : Number(r.column_id)),
    validity: r.validity,
    publishedOn,
  };
}

const FIELDS = ['id', 'title', 'summary', 'body_text', 'doc_no', 'org_id', 'topic', 'genre', 'column_id', 'validity', 'published_on', 'is_public'] as const;

/** Bring the index in line with these items: public ones (re)indexed, the others removed. */
export async function syncSearch(tx: Queryable, itemIds: number[]): Promise<void> {
  if (!itemIds.length) return;
  const rows = await tx.selectFrom('cat_items').select(FIELDS).where('id', 'in', itemIds).execute();
  const pub = rows.filter((r) => Number(r.is_public) === 1);
  const gone = rows.filter((r) => Number(r.is_public) !== 1).map((r) => Number(r.id));
  const columns = await listColumns(tx, { fresh: true });
  const texts = await attachmentTexts(
    tx,
    pub.map((r) => Number(r.id)),
  );
  await remove(tx, gone);
  await upsert(
    tx,
    pub.map((r) => toSearchDoc({ ...r, id: Number(r.id) }, columns, (texts.get(Number(r.id)) ?? []).map((a) => a.text).join('\n'))),
  );
}

/** Every public item as search documents, in batches (for `gongkai reindex`). */
export async function* allSearchDocs(db: Queryable, batchSize = 2000): AsyncGenerator<SearchDoc[]> {
  const columns = await listColumns(db, { fresh: true });
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('cat_items').select(FIELDS).where('is_public', '=', 1).where('id', '>', after).orderBy('id').limit(batchSize).execute();
    const last = rows.at(-1);
    if (!last) return;
    const texts = await attachmentTexts(
      db,
      rows.map((r) => Number(r.id)),
    );
    yield rows.map((r) => toSearchDoc({ ...r, id: Number(r.id) }, columns, (texts.get(Number(r.id)) ?? []).map((a) => a.text).join('\n')));
    after = Number(last.id);
  }
}

export async function countPublic(db: Queryable): Promise<number> {
  const r = await db
    .selectFrom('cat_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('is_public', '=', 1)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
