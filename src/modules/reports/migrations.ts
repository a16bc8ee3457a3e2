import type { Kysely, Migration } from 'kysely';
import { withId } from '../../storage/migration-kit.ts';

export const reportsMigrations: Record<string, Migration> = {
  '2026-11-27-50-reports-create': {
    async up(db: Kysely<any>) {
      await withId(db, db.schema.createTable('report_concerns'))
        .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('raised_on', 'text', (c) => c.notNull())
        .addColumn('is_hot', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('report_concerns_org').on('report_concerns').columns(['org_id', 'raised_on']).execute();

      await withId(db, db.schema.createTable('report_activities'))
        .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('held_on', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('leader_present', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('channel', 'text')
        .addColumn('concern_id', 'integer', (c) => c.references('report_concerns.id'))
        .addColumn('policy_title', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('policy_ref', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('policy_item_id', 'integer')
        .addColumn('participants', 'integer')
        .addColumn('outcome', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      // The report counts by kind and year for many orgs at once (grouped by org).
      await db.schema.createIndex('report_activities_kind_date').on('report_activities').columns(['kind', 'held_on', 'org_id']).execute();
      await db.schema.createIndex('report_activities_org').on('report_activities').columns(['org_id', 'held_on']).execute();

      await withId(db, db.schema.createTable('report_facts'))
        .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', 'real', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('entered_at', 'text', (c) => c.notNull())
        .addColumn('entered_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('report_facts_year').on('report_facts').columns(['year', 'org_id', 'key', 'id']).execute();

      await withId(db, db.schema.createTable('annual_reports'))
        .addColumn('org_id', 'integer', (c) => c.references('orgs.id'))
        .addColumn('parent_org_id', 'integer', (c) => c.references('orgs.id'))
        .addColumn('org_code', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('org_name', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('narrative', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('narrative_updated_at', 'text')
        .addColumn('narrative_updated_by', 'text')
        .addColumn('snapshot', 'text')
        .addColumn('submitted_at', 'text')
        .addColumn('submitted_by', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('decided_by', 'text')
        .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('published_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // One report per platform org and year (external reports have no org_id; checked by name).
      await db.schema.createIndex('annual_reports_year').on('annual_reports').columns(['year', 'org_id']).unique().execute();
      await db.schema.createIndex('annual_reports_parent').on('annual_reports').columns(['year', 'parent_org_id']).execute();

      await withId(db, db.schema.createTable('annual_report_events'))
        .addColumn('report_id', 'integer', (c) => c.notNull().references('annual_reports.id'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema.createIndex('annual_report_events_report').on('annual_report_events').columns(['report_id', 'id']).execute();
    },
  },
};
