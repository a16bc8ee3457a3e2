import { sql, type Kysely, type Migration } from 'kysely';
import { withId } from '../../storage/migration-kit.ts';

/**
 * The catalogue's tables. Frozen: once shipped, a migration builds the same tables forever, so the
 * default columns are written out here rather than imported.
 */
const SEED_COLUMNS: Array<[string, string, string]> = [
  // The seed report's 《政府公开》 columns, in its order ("政务信息、依申请公开、规范性文件、部门动态、
  // 领导之窗、信息公开指南、政府公告、政府公报、政府文件、人事任免、财政信息").
  ['zwxx', '政务信息', 'items'],
  ['ysqgk', '依申请公开', 'items'],
  ['gfxwj', '规范性文件', 'items'],
  ['bmdt', '部门动态', 'items'],
  ['ldzc', '领导之窗', 'items'],
  ['gkzn', '信息公开指南', 'guide'],
  ['zfgg', '政府公告', 'items'],
  ['zfgb', '政府公报', 'items'],
  ['zfwj', '政府文件', 'items'],
  ['rsrm', '人事任免', 'items'],
  ['czxx', '财政信息', 'items'],
];

export const catalogueMigrations: Record<string, Migration> = {
  '2026-11-27-10-catalogue-create': {
    async up(db: Kysely<any>) {
      await withId(db, db.schema.createTable('cat_columns'))
        .addColumn('parent_id', 'integer', (c) => c.references('cat_columns.id'))
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('kind', 'text', (c) => c.notNull().defaultTo('items'))
        .addColumn('href', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await withId(db, db.schema.createTable('cat_items'))
        .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
        .addColumn('column_id', 'integer', (c) => c.references('cat_columns.id'))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('index_no', 'text', (c) => c.unique())
        .addColumn('index_year', 'integer')
        .addColumn('index_serial', 'integer')
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('body_html', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('body_text', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('doc_no', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('formed_on', 'text', (c) => c.notNull())
        .addColumn('published_on', 'text')
        .addColumn('due_on', 'text')
        .addColumn('due_provisional', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('on_time', 'integer')
        .addColumn('topic', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('genre', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('assort', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('keywords', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('disclosure', 'text', (c) => c.notNull().defaultTo('proactive'))
        .addColumn('validity', 'text', (c) => c.notNull().defaultTo('valid'))
        .addColumn('effective_on', 'text')
        .addColumn('validity_changed_on', 'text')
        .addColumn('is_normative', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('is_rule', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('successor_id', 'integer', (c) => c.references('cat_items.id'))
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('findings', 'text')
        .addColumn('return_reason', 'text')
        .addColumn('withdraw_reason', 'text')
        .addColumn('created_by', 'integer')
        .addColumn('created_by_name', 'text', (c) => c.notNull())
        .addColumn('submitted_by', 'integer')
        .addColumn('submitted_at', 'text')
        .addColumn('reviewed_by', 'integer')
        .addColumn('reviewed_by_name', 'text')
        .addColumn('reviewed_at', 'text')
        .addColumn('review_decision', 'text')
        .addColumn('published_by_name', 'text')
        .addColumn('published_at', 'text')
        .addColumn('source', 'text', (c) => c.notNull().defaultTo('web'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // The portal's lists: newest first within a column, an org, or everything public.
      await db.schema.createIndex('cat_items_public_column').on('cat_items').columns(['is_public', 'column_id', 'published_on', 'id']).execute();
      await db.schema.createIndex('cat_items_public_date').on('cat_items').columns(['is_public', 'published_on', 'id']).execute();
      await db.schema.createIndex('cat_items_org_published').on('cat_items').columns(['org_id', 'published_on']).execute();
      await db.schema.createIndex('cat_items_org_formed').on('cat_items').columns(['org_id', 'formed_on']).execute();
      await db.schema.createIndex('cat_items_state_due').on('cat_items').columns(['state', 'due_on']).execute();
      await db.schema.createIndex('cat_items_successor').on('cat_items').column('successor_id').execute();

      await withId(db, db.schema.createTable('cat_item_history'))
        .addColumn('item_id', 'integer', (c) => c.notNull().references('cat_items.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'integer')
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('snapshot', 'text')
        .execute();
      await db.schema.createIndex('cat_item_history_item').on('cat_item_history').columns(['item_id', 'id']).execute();

      await withId(db, db.schema.createTable('cat_item_channels'))
        .addColumn('item_id', 'integer', (c) => c.notNull().references('cat_items.id'))
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('published_on', 'text', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('medium', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema.createIndex('cat_item_channels_item').on('cat_item_channels').columns(['item_id', 'channel']).execute();

      await withId(db, db.schema.createTable('cat_attachments'))
        .addColumn('item_id', 'integer', (c) => c.notNull().references('cat_items.id'))
        .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('flags', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by_name', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('cat_attachments_item').on('cat_attachments').columns(['item_id', 'sort_order']).execute();

      // 索引号 serials: one row per org and year, bumped in the publishing transaction.
      await db.schema
        .createTable('cat_index_counters')
        .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('last_serial', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('cat_index_counters_pk', ['org_id', 'year'])
        .execute();

      const at = '2026-11-27T00:00:00.000Z';
      await db
        .insertInto('cat_columns')
        .values(
          SEED_COLUMNS.map(([key, name, kind], i) => ({
            parent_id: null,
            key,
            name,
            kind,
            sort_order: (i + 1) * 10,
            href: '',
            description: '',
            active: 1,
            created_at: at,
            updated_at: at,
          })),
        )
        .execute();
    },
  },
  /**
   * Covering indexes for the annual report's grouped counts (stats.ts, countMany): a roll-up over a
   * province's year of items reads only these, never a table row per item. And the 目录 filtered by
   * topic or genre, newest first, without a scan of every public item.
   */
  '2026-11-28-10-catalogue-indexes': {
    async up(db: Kysely<any>) {
      await sql`create index if not exists cat_items_public_topic on cat_items (is_public, topic, published_on, id)`.execute(db);
      await sql`create index if not exists cat_items_public_genre on cat_items (is_public, genre, published_on, id)`.execute(db);
      await sql`create index if not exists cat_items_report_published on cat_items (org_id, published_on, disclosure, state)`.execute(db);
      // 规章 and 规范性文件 (about 1 % of items): documentsIssued, …Repealed, …InForce, …Published.
      await sql`create index if not exists cat_items_report_documents on cat_items (org_id, formed_on, is_rule, is_normative, validity, validity_changed_on, disclosure, state, published_on) where is_rule = 1 or is_normative = 1`.execute(
        db,
      );
    },
  },
  /**
   * How each finding of the personal-data scan was resolved before publication (issue 9): 遮盖
   * (redacted, the platform masked it and made a new version) or 不属于个人信息 (dismissed, with the
   * reviewer's reason). Who, why, when, and on which version; the finding is named by its key (a
   * hash of the number, never the number) and shown by its masked form.
   */
  '2026-12-04-10-catalogue-finding-resolutions': {
    async up(db: Kysely<any>) {
      await withId(db, db.schema.createTable('cat_finding_resolutions'))
        .addColumn('item_id', 'integer', (c) => c.notNull().references('cat_items.id'))
        .addColumn('finding_key', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('location', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('actor_id', 'integer')
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('cat_finding_resolutions_item').on('cat_finding_resolutions').columns(['item_id', 'finding_key']).execute();
    },
  },
};
