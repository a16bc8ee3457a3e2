import type { MigrationSet } from '../storage/migrate.ts';
import type { ModuleManifest } from '../platform/module.ts';
import { buildRegistry } from '../platform/registry.ts';
import { modules } from './modules.ts';

/** Every migration of the given modules (default: the platform's), in one set (sorted by name when run). */
export function allMigrations(list: readonly ModuleManifest[] = modules): MigrationSet {
  return buildRegistry(list).migrations;
}
