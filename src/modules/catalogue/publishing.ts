import { sql } from 'kysely';
import type { Tx } from '../../storage/db.ts';
import { ConflictError } from '../../kernel/errors.ts';
import { getSetting } from '../../platform/settings/settings.ts';
import { loadCalendar } from '../../platform/calendar/calendar.ts';
import { formatIndexNo, patternFor } from './index-number.ts';
import { indexPatternSetting } from './settings.ts';
import { publicationDue, isOnTime } from './deadlines.ts';
import type { Item } from './repo.ts';
import { assertNoOpenFindings } from './findings.ts';

/**
 * Take the next 索引号 serial for an org and year. The counter row is bumped with one upsert in
 * the publishing transaction: PostgreSQL locks the row until commit (a concurrent publisher waits
 * and then gets the next number), SQLite's BEGIN IMMEDIATE serialises writers. A rolled-back
 * publication never used its number; a committed one is never given again — not even after a
 * withdrawal (索引号 are permanent, disclosure.md §7).
 */
export async function nextSerial(tx: Tx, orgId: number, year: number): Promise<number> {
  const r = await tx
    .insertInto('cat_index_counters')
    .values({ org_id: orgId, year, last_serial: 1 })
    .onConflict((oc) => oc.columns(['org_id', 'year']).doUpdateSet({ last_serial: sql<number>`cat_index_counters.last_serial + 1` }))
    .returning('last_serial')
    .executeTakeFirstOrThrow();
  return Number(r.last_serial);
}

/** Move the counter past a serial already in use (imported numbers). */
export async function reserveSerial(tx: Tx, orgId: number, year: number, serial: number): Promise<void> {
  await tx
    .insertInto('cat_index_counters')
    .values({ org_id: orgId, year, last_serial: serial })
    .onConflict((oc) =>
      oc
        .columns(['org_id', 'year'])
        .doUpdateSet({ last_serial: sql<number>`case when cat_index_counters.last_serial < ${serial} then ${serial} else cat_index_counters.last_serial end` }),
    )
    .execute();
}

export async function assignIndexNo(
  tx: Tx,
  org: { id: number; code: string | null; orgCode: string | null },
  year: number,
): Promise<{ indexNo: string; serial: number }> {
  if (!org.orgCode || !org.code) throw new ConflictError('发布机构没有登记机构代码，无法生成索引号：请先在“机构管理”中填写组织机构代码或统一社会信用代码');
  const pattern = patternFor(await getSetting(tx, indexPatternSetting), org);
  // A number taken by an imported item is skipped, never issued twice.
  for (let tries = 0; tries < 1000; tries++) {
    const serial = await nextSerial(tx, org.id, year);
    const indexNo = formatIndexNo(pattern, { orgCode: org.orgCode, uscc: org.code, year, serial });
    const taken = await tx.selectFrom('cat_items').select('id').where('index_no', '=', indexNo).executeTakeFirst();
    if (!taken) return { indexNo, serial };
  }
  throw new ConflictError('无法生成不重复的索引号，请检查索引号规则');
}

/**
 * Publish an approved item today: 索引号 (once), 发布日期, on-time flag, the website channel. Every
 * publication of a reviewed item comes here, so the personal-data gate is here (findings.ts): 409
 * naming each open finding, and the transaction rolls back.
 */
export async function markPublished(
  tx: Tx,
  item: Item,
  at: { today: string; now: string; actorName: string },
): Promise<{ indexNo: string; onTime: boolean; dueOn: string }> {
  await assertNoOpenFindings(tx, item);
  const year = Number(at.today.slice(0, 4));
  const indexNo = item.indexNo ?? (await assignIndexNo(tx, { id: item.orgId, code: item.code, orgCode: item.orgCode }, year)).indexNo;
  const dueOn = item.dueOn ?? publicationDue(await loadCalendar(tx), item.formedOn).dueOn;
  const onTime = isOnTime(at.today, dueOn);
  const serialMatch = indexNo === item.indexNo ? {} : { index_year: year, index_serial: Number(/(\d+)$/.exec(indexNo)?.[1] ?? 0) };
  await tx
    .updateTable('cat_items')
    .set({
      state: 'published',
      is_public: item.disclosure === 'proactive' ? 1 : 0,
      index_no: indexNo,
      ...serialMatch,
      published_on: at.today,
      due_on: dueOn,
      on_time: onTime ? 1 : 0,
      published_by_name: at.actorName,
      published_at: at.now,
      withdraw_reason: null,
      updated_at: at.now,
    })
    .where('id', '=', item.id)
    .execute();
  if (item.disclosure === 'proactive') {
    // Published here = published on the government website (2019 条例第二十三条).
    const has = await tx.selectFrom('cat_item_channels').select('id').where('item_id', '=', item.id).where('channel', '=', 'website').executeTakeFirst();
    if (!has)
      await tx
        .insertInto('cat_item_channels')
        .values({ item_id: item.id, channel: 'website', published_on: at.today, reference: `/item/${indexNo}`, medium: '' })
        .execute();
  }
  return { indexNo, onTime, dueOn };
}
