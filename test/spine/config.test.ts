import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, ConfigError } from '../../src/app/config.ts';
import { productionProblem, publicUrlOf } from '../../src/platform/config.ts';
import { gongkai } from '../support/process.ts';

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

test('production refuses an unset or loopback public address, naming GONGKAI_PUBLIC_URL (issue 15, item 7)', () => {
  const dev = loadConfig({});
  assert.equal(productionProblem(dev, {}), null, 'a developer on loopback needs no public address');
  assert.equal(publicUrlOf(dev), 'http://localhost:3000');
  assert.match(productionProblem(dev, { NODE_ENV: 'production' }) ?? '', /GONGKAI_PUBLIC_URL 未设置/);
  const exposed = loadConfig({ GONGKAI_HOST: '0.0.0.0' });
  assert.match(productionProblem(exposed, {}) ?? '', /GONGKAI_PUBLIC_URL 未设置/, 'listening beyond loopback is production');
  for (const url of ['http://localhost:3000', 'http://127.0.0.1', 'http://[::1]:8080', 'http://gk.localhost'])
    assert.match(productionProblem(loadConfig({ GONGKAI_PUBLIC_URL: url }), { NODE_ENV: 'production' }) ?? '', /指向本机/, url);
  const ok = loadConfig({ GONGKAI_PUBLIC_URL: 'https://xxgk.hongjiang.gov.cn/', GONGKAI_HOST: '0.0.0.0' });
  assert.equal(productionProblem(ok, { NODE_ENV: 'production' }), null);
  assert.equal(publicUrlOf(ok), 'https://xxgk.hongjiang.gov.cn');
});

test('gongkai serve in production without GONGKAI_PUBLIC_URL exits 2 before listening', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-prod-'));
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      GONGKAI_DATABASE_URL: join(dir, 'gk.db'),
      GONGKAI_SECRET: 's'.repeat(40),
      GONGKAI_PORT: '0',
    };
    delete env.GONGKAI_PUBLIC_URL;
    const r = await gongkai(env, 'serve', '--no-demo');
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /GONGKAI_PUBLIC_URL 未设置/);
    assert.doesNotMatch(r.stdout, /已启动/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
