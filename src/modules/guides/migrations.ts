import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely';
import { blobType, withId } from '../../storage/migration-kit.ts';

const THEMES = ['市场准入', '社会保障', '户籍', '住房', '教育', '民政', '医疗卫生', '交通出行'];
const EVENTS_PERSON = ['出生', '上学', '就业', '结婚', '置业', '退休', '身后'];
const EVENTS_BUSINESS = ['创业', '经营', '投资', '变更', '注销'];

export const guidesMigrations: Record<string, Migration> = {
  '2026-12-06-20-guides-create': {
    async up(db: Kysely<any>) {
      const text = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo('');
      await withId(db, db.schema.createTable('service_items'))
        .addColumn('parent_id', 'integer', (c) => c.references('service_items.id'))
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', text)
        .addColumn('item_type', 'text', text)
        .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
        .addColumn('green_channel', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('parallel', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('parallel_org_ids', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('audience', 'text', text)
        .addColumn('search_text', 'text', text)
        .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('service_items_parent').on('service_items').column('parent_id').execute();
      await db.schema.createIndex('service_items_org').on('service_items').column('org_id').execute();
      await withId(db, db.schema.createTable('guide_versions'))
        .addColumn('item_id', 'integer', (c) => c.notNull().references('service_items.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('effective_from', 'text', (c) => c.notNull())
        .addColumn('implementing_body', 'text', text)
        .addColumn('legal_basis', 'text', text)
        .addColumn('conditions', 'text', text)
        .addColumn('procedure', 'text', text)
        .addColumn('legal_days', 'integer', (c) => c.notNull())
        .addColumn('promised_days', 'integer', (c) => c.notNull())
        .addColumn('fee_charged', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('fee_fen', 'integer')
        .addColumn('fee_basis', 'text', text)
        .addColumn('place', 'text', text)
        .addColumn('hours', 'text', text)
        .addColumn('visits', 'integer', (c) => c.notNull())
        .addColumn('online_depth', 'text', text)
        .addColumn('must_online', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('consult_phone', 'text', text)
        .addColumn('complaint_phone', 'text', text)
        .addColumn('special_steps', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('result_doc', 'text', text)
        .addColumn('materials', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('note', 'text', text)
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', text)
        .addUniqueConstraint('guide_versions_item_version', ['item_id', 'version'])
        .addUniqueConstraint('guide_versions_item_effective', ['item_id', 'effective_from'])
        .execute();
      await withId(db, db.schema.createTable('guide_files'))
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('content', blobType(db), (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', text)
        .execute();
      await withId(db, db.schema.createTable('guide_tags'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('audience', 'text', text)
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
        .addUniqueConstraint('guide_tags_kind_audience_name', ['kind', 'audience', 'name'])
        .execute();
      await db.schema
        .createTable('guide_item_tags')
        .addColumn('item_id', 'integer', (c) => c.notNull().references('service_items.id'))
        .addColumn('tag_id', 'integer', (c) => c.notNull().references('guide_tags.id'))
        .addPrimaryKeyConstraint('guide_item_tags_pk', ['item_id', 'tag_id'])
        .execute();
      // The default themes and life events (data: a district edits them).
      const rows = [
        ...THEMES.map((name, i) => ({ kind: 'theme', audience: '', name, sort_order: i + 1 })),
        ...EVENTS_PERSON.map((name, i) => ({ kind: 'event', audience: 'individual', name, sort_order: i + 1 })),
        ...EVENTS_BUSINESS.map((name, i) => ({ kind: 'event', audience: 'business', name, sort_order: i + 1 })),
      ];
      await db.insertInto('guide_tags').values(rows).execute();
    },
  },
};
