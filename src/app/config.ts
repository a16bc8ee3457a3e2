import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { configSchema, envName, type Config } from '../platform/config.ts';
import { engineOf, sqliteFileOf } from '../storage/db.ts';

export class ConfigError extends Error {}

/**
 * Read the configuration once, from the environment (GONGKAI_*), plus overrides from the command
 * line. An invalid value stops the start with the key named and why.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Record<keyof Config, unknown>> = {}): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const v = env[envName(key)];
    if (v !== undefined && v !== '') raw[key] = v;
  }
  Object.assign(raw, Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)));
  const r = configSchema.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.map((i) => {
      const key = String(i.path[0] ?? '');
      return `  ${envName(key)}: ${i.message}${raw[key] !== undefined && key !== 'secret' ? ` (got ${JSON.stringify(raw[key])})` : ''}`;
    });
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return r.data;
}

/**
 * The secret for session and form tokens: configured, or generated once and kept beside the
 * SQLite file (for PostgreSQL deployments it must be configured).
 */
export function resolveSecret(config: Config): string {
  if (config.secret) return config.secret;
  const dir =
    engineOf(config.databaseUrl) === 'sqlite' && sqliteFileOf(config.databaseUrl) !== ':memory:' ? dirname(sqliteFileOf(config.databaseUrl)) : resolve('data');
  const file = resolve(dir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
