import { z, type ZodType, type ZodTypeDef } from 'zod';
import type { Kysely, Migration } from 'kysely';
import type { Queryable } from '../../storage/db.ts';
import { defineCommand } from '../command.ts';
import { definePolicy, signedIn, withRoleAtRoot } from '../authz/policy.ts';
import { ValidationError, NotFoundError } from '../../kernel/errors.ts';
import { zodIssues } from '../command.ts';

/**
 * Settings the district edits in the back office (not deployment config, which is env):
 * site identity, and every rule the domain notes mark as local practice (本地口径) — each with
 * the national default, the basis, and a flag so the UI can say "local practice".
 */
export interface SettingDef<T> {
  key: string;
  group: string;
  label: string;
  help: string;
  schema: ZodType<T, ZodTypeDef, unknown>;
  default: T;
  /** True for a rule no national text settles (本地口径). */
  local?: boolean;
}

/** Typed identity: a module lists its settings in its manifest (`settings: [...]`). */
export function defineSetting<T>(def: SettingDef<T>): SettingDef<T> {
  return def;
}

/** The settings of one app, by group then key (the settings page's order). */
export function sortedSettings(defs: Iterable<SettingDef<unknown>>): SettingDef<unknown>[] {
  return [...defs].sort((a, b) => a.group.localeCompare(b.group) || a.key.localeCompare(b.key));
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string;
}

declare module '../../storage/schema.ts' {
  interface DB {
    settings: SettingsTable;
  }
}

export const settingsMigrations: Record<string, Migration> = {
  '2026-11-27-02-settings-create': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen in time and sees the schema as it was, not the typed DB of today
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
    },
  },
};

/** The current value (stored, or the default). A stored value that no longer parses falls back to the default. */
export async function getSetting<T>(db: Queryable, def: SettingDef<T>): Promise<T> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', def.key).executeTakeFirst();
  if (!row) return def.default;
  const parsed = def.schema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : def.default;
}

export async function allSettings(
  db: Queryable,
  defs: Iterable<SettingDef<unknown>>,
): Promise<Array<{ def: SettingDef<unknown>; value: unknown; stored: boolean; updatedAt?: string; updatedBy?: string }>> {
  const rows = await db.selectFrom('settings').selectAll().execute();
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return sortedSettings(defs).map((def) => {
    const r = byKey.get(def.key);
    const parsed = r ? def.schema.safeParse(JSON.parse(r.value)) : undefined;
    return { def, value: parsed?.success ? parsed.data : def.default, stored: !!r, updatedAt: r?.updated_at, updatedBy: r?.updated_by };
  });
}

export const settingsPolicy = definePolicy({
  'settings.view': signedIn,
  // Settings are the district's local 口径 rules: changed only with a grant at the root.
  'settings.edit': withRoleAtRoot('admin', 'office'),
});

export const updateSetting = defineCommand({
  name: 'settings.update',
  input: z.object({ key: z.string().min(1), value: z.unknown() }),
  async handler(ctx, input) {
    ctx.authorize('settings.edit');
    const def = ctx.registry.settings.get(input.key);
    if (!def) throw new NotFoundError(`没有这项设置：${input.key}`);
    const parsed = def.schema.safeParse(input.value);
    if (!parsed.success)
      throw new ValidationError(
        zodIssues(parsed.error).map((i) => ({ field: i.field === '(input)' ? input.key : `${input.key}.${i.field}`, message: i.message })),
      );
    const before = await getSetting(ctx.tx, def);
    const row = { value: JSON.stringify(parsed.data), updated_at: ctx.clock.now().toISOString(), updated_by: ctx.actor.name };
    await ctx.tx
      .insertInto('settings')
      .values({ key: def.key, ...row })
      .onConflict((oc) => oc.column('key').doUpdateSet(row))
      .execute();
    return {
      result: { key: def.key, value: parsed.data },
      audit: { action: 'settings.update', subjectType: 'setting', subjectId: def.key, summary: { before, after: parsed.data } },
    };
  },
});
