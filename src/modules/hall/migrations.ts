import type { Kysely, Migration } from 'kysely';
import { blobType, withId } from '../../storage/migration-kit.ts';

/** The hall module's tables (services.md §2). Frozen: add a migration, never edit one. */
export const hallMigrations: Record<string, Migration> = {
  '2026-12-06-30-hall-create': {
    async up(db: Kysely<any>) {
      const text = (c: import('kysely').ColumnDefinitionBuilder) => c.notNull().defaultTo('');
      await withId(db, db.schema.createTable('hall_sites'))
        .addColumn('org_id', 'integer', (c) => c.notNull().unique().references('orgs.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('address', 'text', text)
        .addColumn('hours', 'text', text)
        .addColumn('phone', 'text', text)
        .addColumn('area_m2', 'integer')
        .addColumn('staff_count', 'integer')
        .addColumn('note', 'text', text)
        .addColumn('established_on', 'text', (c) => c.notNull())
        .addColumn('closed_on', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('hall_site_items')
        .addColumn('site_id', 'integer', (c) => c.notNull().references('hall_sites.id'))
        .addColumn('item_code', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('hall_site_items_pk', ['site_id', 'item_code'])
        .execute();

      await withId(db, db.schema.createTable('hall_windows'))
        .addColumn('centre_org_id', 'integer', (c) => c.notNull().references('orgs.id'))
        .addColumn('number', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('department_org_id', 'integer', (c) => c.notNull().references('orgs.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('chief_user_id', 'integer', (c) => c.references('users.id'))
        .addColumn('chief_name', 'text', text)
        .addColumn('green_channel', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('parallel', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('note', 'text', text)
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('hall_windows_number').on('hall_windows').columns(['centre_org_id', 'number']).unique().execute();
      await db.schema
        .createTable('hall_window_items')
        .addColumn('window_id', 'integer', (c) => c.notNull().references('hall_windows.id'))
        .addColumn('item_code', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('hall_window_items_pk', ['window_id', 'item_code'])
        .execute();
      await db.schema.createIndex('hall_window_items_code').on('hall_window_items').column('item_code').execute();
      await db.schema
        .createTable('hall_window_backoffice')
        .addColumn('window_id', 'integer', (c) => c.notNull().references('hall_windows.id'))
        .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
        .addPrimaryKeyConstraint('hall_window_backoffice_pk', ['window_id', 'org_id'])
        .execute();
      await withId(db, db.schema.createTable('hall_window_staff'))
        .addColumn('window_id', 'integer', (c) => c.notNull().references('hall_windows.id'))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('from_on', 'text', (c) => c.notNull())
        .addColumn('to_on', 'text')
        .execute();
      await db.schema.createIndex('hall_window_staff_window').on('hall_window_staff').columns(['window_id', 'user_id']).execute();
      await withId(db, db.schema.createTable('hall_letters'))
        .addColumn('window_id', 'integer', (c) => c.notNull().references('hall_windows.id'))
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('content', blobType(db), (c) => c.notNull())
        .addColumn('uploaded_at', 'text', (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('hall_letters_window').on('hall_letters').column('window_id').execute();
    },
  },
};
