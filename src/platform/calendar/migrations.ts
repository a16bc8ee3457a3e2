import type { Kysely, Migration } from 'kysely';

export const calendarMigrations: Record<string, Migration> = {
  '2026-11-27-02-calendar-create': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('calendar_overrides')
        .addColumn('date', 'text', (c) => c.primaryKey())
        .addColumn('workday', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('calendar_years')
        .addColumn('year', 'integer', (c) => c.primaryKey())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('loaded_at', 'text', (c) => c.notNull())
        .addColumn('loaded_by', 'text', (c) => c.notNull())
        .execute();
    },
  },
  // The year of the State Council notice a day was entered from (calendar.import-notice), null for a
  // local adjustment: entering a year's notice again replaces that notice's days, never local ones.
  '2026-12-04-20-calendar-notice-year': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('calendar_overrides').addColumn('notice_year', 'integer').execute();
    },
  },
};
