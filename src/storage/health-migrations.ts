import type { Kysely, Migration } from 'kysely';

/**
 * The health row: GET /healthz updates it in a transaction it always rolls back, to learn whether
 * the database can take a write (a read-only file or standby answers a read happily).
 */
export const healthMigrations: Record<string, Migration> = {
  '2026-12-04-01-platform-health-check': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('health_check')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('probes', 'integer', (c) => c.notNull())
        .execute();
      await db.insertInto('health_check').values({ id: 1, probes: 0 }).execute();
    },
  },
};
