import type { Kysely, Migration } from 'kysely';
import { withId } from '../../storage/migration-kit.ts';

export const orgsMigrations: Record<string, Migration> = {
  '2026-11-27-03-orgs-create': {
    async up(db: Kysely<any>) {
      await withId(db, db.schema.createTable('orgs'))
        .addColumn('parent_id', 'integer', (c) => c.references('orgs.id'))
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('depth', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('short_name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.unique())
        .addColumn('org_code', 'text')
        .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('postcode', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('fax', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('website', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('office_hours', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('disclosure_office', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('orgs_path').on('orgs').column('path').execute();
      await db.schema.createIndex('orgs_parent').on('orgs').columns(['parent_id', 'sort_order']).execute();
      await db.schema.createIndex('orgs_name').on('orgs').column('name').unique().execute();
    },
  },
};
