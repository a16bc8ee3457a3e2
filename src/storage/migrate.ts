import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import type { Db } from './db.ts';

/**
 * Migrations are owned by modules and named `YYYY-MM-DD-NN-module-what` so that one sorted list
 * orders them across modules. Runs on start and by `gongkai migrate`.
 */
export type MigrationSet = Record<string, Migration>;

const NAME = /^\d{4}-\d{2}-\d{2}-\d{2}-[a-z0-9-]+$/;

export function checkMigrationNames(set: MigrationSet): void {
  for (const name of Object.keys(set)) {
    if (!NAME.test(name)) throw new Error(`migration name must look like 2026-11-27-01-module-what: ${name}`);
  }
}

export async function migrateToLatest(db: Db, migrations: MigrationSet): Promise<{ applied: string[] }> {
  checkMigrationNames(migrations);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Modules are developed side by side; a module's migration dated before another's that is
    // already applied is still applied (each module's own order is what matters).
    allowUnorderedMigrations: true,
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const err = result.error instanceof Error ? result.error : new Error(String(result.error));
    // No migration named: the migrator refused before running any (a recorded migration missing from the code).
    err.message = failed ? `migration ${failed.migrationName} failed: ${err.message}` : `migrations not run: ${err.message}`;
    throw err;
  }
  return { applied: (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
