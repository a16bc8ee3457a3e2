import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { testApp, TEST_SECRET, type TestApp } from '../../../test/support/app.ts';
import { parseCsv } from './io/read.ts';

const run = promisify(execFile);
const BIN = new URL('../../../bin/gongkai.js', import.meta.url).pathname;
let t: TestApp;
let dir: string;
let env: NodeJS.ProcessEnv;

async function gk(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [BIN, ...args], { env, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

const count = async (where = '1 = 1') =>
  Number((await sql<{ n: number }>`select count(*) as n from cat_items where ${sql.raw(where)}`.execute(t.app.database.db)).rows[0]?.n);

before(async () => {
  t = await testApp({ demo: true });
  dir = mkdtempSync(join(tmpdir(), 'gk-cat-cli-'));
  env = { ...process.env, GONGKAI_DATABASE_URL: t.db.url, GONGKAI_SECRET: TEST_SECRET, GONGKAI_LOG_LEVEL: 'silent', GONGKAI_FILES_DIR: join(dir, 'files') };
});
after(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

test('export writes the 2016 catalogue as CSV in the import format, one row per item', async () => {
  const out = join(dir, '2016.csv');
  const r = await gk('export', 'catalogue', '--format', 'csv', '--year', '2016', '--out', out);
  assert.equal(r.code, 0, r.stderr);
  const rows = parseCsv(readFileSync(out, 'utf8'));
  assert.equal(rows.length, 6106);
  assert.equal(rows[0]?.cells[0], 'indexNo');
  assert.match(rows[1]?.cells[0] ?? '', /^[0-9A-Z]{9}\/2016-\d{5}$/);
});

test('a CSV import takes the good rows, reports each bad row by line and field, and renders payloads inert', async () => {
  const before = await count();
  const csv = [
    'title,org,formedOn,publishedOn,column,topic,genre,body,normative',
    '关于做好2016年秋季学校安全工作的通知,区教育局,2016-09-01,2016-09-05,zfwj,科技、教育/教育,通知,各学校：请做好安全工作。,否',
    '"<script>alert(1)</script>关于<img src=x onerror=alert(2)>的通知",区教育局,2016-09-02,2016-09-06,zfwj,,通知,"<p onclick=""alert(3)"">正文</p><script>alert(4)</script>",否',
    '日期不对的通知,区教育局,2016-13-45,,zfwj,,通知,正文,否',
    '机构不存在的通知,不存在局,2016-09-02,,zfwj,,通知,正文,否',
    '草稿一条,区教育局,2016-09-03,,zfwj,,通知,正文,是',
  ].join('\n');
  const file = join(dir, 'in.csv');
  writeFileSync(file, csv);
  const r = await gk('import', 'catalogue', file);
  assert.equal(r.code, 1, 'some rows were rejected');
  assert.match(r.stderr, /第4行 formedOn（成文日期）：成文日期“2016-13-45”应为 YYYY-MM-DD/);
  assert.match(r.stderr, /第5行 org（发布机构）：找不到发布机构“不存在局”/);
  assert.match(r.stdout, /导入 3 条（其中已发布 2 条），拒绝 2 条，共 5 条/);
  assert.equal(await count(), before + 3);
  const x = await t.app.database.db
    .selectFrom('cat_items')
    .select(['title', 'body_html', 'index_no', 'state'])
    .where('title', 'like', '%alert(1)%')
    .executeTakeFirstOrThrow();
  assert.equal(x.state, 'published');
  assert.match(x.index_no!, /\/2016-\d{5}$/);
  assert.doesNotMatch(x.body_html, /script|onclick/);
  const audit = await t.app.database.db
    .selectFrom('audit_log')
    .select('summary')
    .where('action', '=', 'catalogue.import')
    .orderBy('seq', 'desc')
    .executeTakeFirstOrThrow();
  const s = JSON.parse(audit.summary);
  assert.equal(s.imported, 3);
  assert.equal(s.rejected, 2);
  assert.match(s.sha256, /^[0-9a-f]{64}$/);
});

test('with --all-or-nothing one bad record keeps the whole file out', async () => {
  const before = await count();
  const file = join(dir, 'aon.jsonl');
  writeFileSync(
    file,
    [
      JSON.stringify({ title: '好的一条', org: '区教育局', formedOn: '2016-10-01', genre: '通知' }),
      '{not json',
      JSON.stringify({ title: '另一条', org: '区教育局', formedOn: '2016-10-02', summary: '字'.repeat(101) }),
    ].join('\n'),
  );
  const r = await gk('import', 'catalogue', file, '--all-or-nothing');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /第2行 \(行\)：不是有效的 JSON/);
  assert.match(r.stderr, /第3行 summary（内容概述）：内容概述有 101 个字/);
  assert.equal(await count(), before);
});

test('re-importing exported items is refused by index number: an index number is never given twice', async () => {
  const rows = parseCsv(readFileSync(join(dir, '2016.csv'), 'utf8'));
  const out = join(dir, 'again.csv');
  writeFileSync(
    out,
    rows
      .slice(0, 4)
      .map((r) => r.cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(','))
      .join('\n'),
  );
  const r = await gk('import', 'catalogue', out);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /第2行 indexNo（索引号）：索引号 .* 已被使用/);
  assert.match(r.stdout, /导入 0 条/);
});

test('an XLSX with Chinese headers imports, and reindex rebuilds the search index with a count', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('目录');
  ws.addRow(['名称', '发布机构', '成文日期', '发布日期', '栏目', '体裁', '正文', '发布渠道']);
  ws.addRow([
    '关于调整城乡低保标准的通知',
    '区财政局',
    '2025-03-03',
    '2025-03-05',
    'zfwj',
    '通知',
    '自2025年4月起调整低保标准。',
    'website:2025-03-05; gazette:2025-04-10:2025年第4期',
  ]);
  const file = join(dir, 'in.xlsx');
  writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  const r = await gk('import', 'catalogue', file);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /导入 1 条/);
  const ch = await t.app.database.db
    .selectFrom('cat_item_channels as c')
    .innerJoin('cat_items as i', 'i.id', 'c.item_id')
    .select(['c.channel', 'c.reference'])
    .where('i.title', '=', '关于调整城乡低保标准的通知')
    .orderBy('c.id')
    .execute();
  assert.deepEqual(
    ch.map((c) => c.channel),
    ['website', 'gazette'],
  );
  const x = await gk('reindex');
  assert.equal(x.code, 0, x.stderr);
  assert.match(x.stdout, new RegExp(`已重建检索索引：${await count('is_public = 1')} 条`));
});
