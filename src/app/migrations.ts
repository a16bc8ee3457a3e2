import type { MigrationSet } from '../storage/migrate.ts';
import { modules } from './modules.ts';

/** Every migration of the platform services and the modules, in one set (sorted by name when run). */
export function allMigrations(): MigrationSet {
  const all: MigrationSet = {};
  for (const m of modules) {
    for (const [name, mig] of Object.entries(m.migrations ?? {})) {
      if (all[name]) throw new Error(`duplicate migration name ${name} (module ${m.name})`);
      all[name] = mig;
    }
  }
  return all;
}
