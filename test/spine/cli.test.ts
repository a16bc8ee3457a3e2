import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { TEST_ENGINE, TEST_DATABASE_URL } from '../support/db.ts';

const run = promisify(execFile);
const BIN = new URL('../../bin/gongkai.js', import.meta.url).pathname;
let env: NodeJS.ProcessEnv;
let cleanup: () => Promise<void>;

/** The CLI runs in its own process against a real database of the engine under test. */
before(async () => {
  if (TEST_ENGINE === 'postgres') {
    const name = `gk_cli_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(TEST_DATABASE_URL);
    u.pathname = `/${name}`;
    env = { ...process.env, GONGKAI_DATABASE_URL: u.toString(), GONGKAI_SECRET: 'x'.repeat(40), GONGKAI_ARGON2_MEMORY_KIB: '4096' };
    cleanup = async () => {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-cli-'));
    env = { ...process.env, GONGKAI_DATABASE_URL: join(dir, 'g.db'), GONGKAI_ARGON2_MEMORY_KIB: '4096' };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
});
after(() => cleanup());

async function gongkai(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [BIN, ...args], { env, timeout: 120_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

test('gongkai calendar add 2016-09-30 15 prints 2016-10-26 (National Day week skipped, 8–9 Oct make-up days counted)', async () => {
  const r = await gongkai('calendar', 'add', '2016-09-30', '15');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), '2016-10-26');
  assert.equal((await gongkai('calendar', 'is-workday', '2016-10-08')).stdout.trim(), 'true');
  assert.equal((await gongkai('calendar', 'is-workday', '2016-10-03')).stdout.trim(), 'false');
});

test('a date with no official schedule is marked provisional', async () => {
  const r = await gongkai('calendar', 'add', '2027-09-30', '5');
  // 国庆节 1–3 October computed from the 办法, 2 and 3 October a weekend → 补假 4 and 5 October.
  assert.equal(r.stdout.trim(), '2027-10-12 provisional');
});

test('gongkai calendar import-notice YEAR FILE enters a notice in one step (a dry run first); a bad line is named', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-notice-'));
  try {
    const file = join(dir, 'notice.txt');
    writeFileSync(file, '国务院办公厅关于2028年部分节假日安排的通知\n一、元旦：1月1日（周六）至3日（周一）放假，共3天。\n');
    assert.equal((await gongkai('calendar', 'add', '2027-12-31', '1')).stdout.trim(), '2028-01-04 provisional'); // 元旦 on a Saturday → 补假 Monday 3 January
    const dry = await gongkai('calendar', 'import-notice', '2028', file, '--dry-run');
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /2028: dry run, nothing written \(《国务院办公厅关于2028年部分节假日安排的通知》\)/);
    assert.match(dry.stdout, /元旦: off 2028-01-01\.\.2028-01-03/);
    assert.equal((await gongkai('calendar', 'add', '2027-12-31', '1')).stdout.trim(), '2028-01-04 provisional');
    const done = await gongkai('calendar', 'import-notice', '2028', file);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, /2028: notice entered/);
    assert.equal((await gongkai('calendar', 'add', '2027-12-31', '1')).stdout.trim(), '2028-01-04');
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, '一、元旦：1月1日放假，共1天。\n二、春节：1月25日至2月31日放假，共8天。\n');
    const refused = await gongkai('calendar', 'import-notice', '2029', bad);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /FILE: 第2行：“2月31日”不是有效日期/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an invalid date or org on the CLI exits non-zero naming the argument', async () => {
  const r = await gongkai('calendar', 'add', '2016-02-30', '3');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /DATE: not a valid date/);
  const o = await gongkai('org', 'add', '某局', '--kind', 'department', '--parent', '不存在的机构');
  assert.equal(o.code, 2);
  assert.match(o.stderr, /--parent: no such org/);
});

test('demo, org and user commands work end to end and the audit chain verifies; a hand edit is named', async () => {
  const demo = await gongkai('demo');
  assert.equal(demo.code, 0, demo.stderr);
  assert.match(demo.stdout, /Hongjiang@2016/);
  const again = await gongkai('demo');
  assert.match(again.stdout, /演示数据已存在/);
  assert.equal((await gongkai('org', 'add', '洪江区统计局', '--kind', 'department', '--parent', '洪江区管理委员会', '--code', '000014349')).code, 0);
  const bad = await gongkai('org', 'add', '洪江区审计局', '--kind', 'department', '--parent', '洪江区管理委员会', '--code', '000014348');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /code: 组织机构代码校验码错误/);
  assert.equal((await gongkai('org', 'move', '常青乡均冲村', '横岩乡')).code, 0);
  const list = await gongkai('org', 'list', '--under', '横岩乡');
  assert.match(list.stdout, /均冲村/);
  assert.equal((await gongkai('user', 'add', 'clerk', '--name', '测试', '--org', '常青乡', '--role', 'handler', '--password', 'a-long-password-1')).code, 0);
  assert.equal((await gongkai('user', 'passwd', 'clerk', '--password', 'another-long-pass-2')).code, 0);
  assert.equal((await gongkai('user', 'disable', 'clerk')).code, 0);
  assert.equal((await gongkai('calendar', 'set', '2027-10-01', 'holiday', '国庆节')).code, 0);
  const ok = await gongkai('audit', 'verify');
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /audit chain intact: \d+ entries/);

  // Edit one row by hand, as an intruder with database access would.
  if (TEST_ENGINE === 'postgres') {
    const c = new pg.Client({ connectionString: env.GONGKAI_DATABASE_URL });
    await c.connect();
    await c.query(`update audit_log set actor_name = 'nobody' where seq = 5`);
    await c.end();
  } else {
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(env.GONGKAI_DATABASE_URL!);
    db.prepare(`update audit_log set actor_name = 'nobody' where seq = 5`).run();
    db.close();
  }
  const broken = await gongkai('audit', 'verify');
  assert.equal(broken.code, 1);
  assert.match(broken.stderr, /BROKEN at entry #5: entry #5 was altered/);
});
