import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, ConfigError } from '../../src/app/config.ts';

test('defaults give an embedded SQLite file under ./data', () => {
  const c = loadConfig({});
  assert.equal(c.databaseUrl, './data/gongkai.db');
  assert.equal(c.port, 3000);
  assert.equal(c.timeZone, 'Asia/Shanghai');
});

test('an invalid setting stops the start naming the variable and why', () => {
  assert.throws(
    () => loadConfig({ GONGKAI_PORT: 'eighty' }),
    (e: unknown) => e instanceof ConfigError && /GONGKAI_PORT: Expected number/.test((e as Error).message),
  );
  assert.throws(() => loadConfig({ GONGKAI_TIME_ZONE: 'Mars/Olympus' }), /GONGKAI_TIME_ZONE: unknown time zone/);
  assert.throws(
    () => loadConfig({ GONGKAI_SECRET: 'short' }),
    (e: unknown) => /GONGKAI_SECRET: must be at least 32 characters/.test((e as Error).message) && !/short/.test((e as Error).message),
  );
});
