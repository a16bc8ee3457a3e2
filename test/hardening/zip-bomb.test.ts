import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { testServer, type TestServer } from '../support/app.ts';
import { HttpClient } from '../support/http.ts';
import { multipartBody } from '../support/hardening.ts';
import { demoProcessDatabase, gongkai, type ProcessDb } from '../support/process.ts';
import { measure, xlsxBomb } from '../support/zip-bomb.ts';
import type { TestApp } from '../support/app.ts';

/**
 * Zip bombs at every door that opens a zip from outside (issue 9): posted over real HTTP to the
 * report import and as a catalogue attachment, and given to each CLI importer. Each is refused with
 * the file named, in under a second, without the process's memory growing by the bomb.
 */
const MiB = 1024 * 1024;
let s: TestServer;
let base: string;
let honest: Buffer;
let liar: Buffer;

before(async () => {
  s = await testServer({ demo: true });
  await s.server.fastify.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(s.server.fastify.server.address() as AddressInfo).port}`;
  honest = await xlsxBomb();
  liar = await xlsxBomb({ declared: 1024 });
});
after(() => s?.close());

const db = () => s.app.database.db;
const count = async (table: 'annual_reports' | 'audit_log' | 'cat_attachments') =>
  Number((await db().selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);

async function upload(c: HttpClient, path: string, name: string, bytes: Buffer, fields: Record<string, string> = {}) {
  const { payload, contentType } = multipartBody({ ...fields, _csrf: await c.csrf('/admin') }, [{ field: 'file', name, bytes }]);
  return c.request('POST', path, payload, { 'content-type': contentType });
}

const REFUSED = /文件《(bomb|liar)\.xlsx》解压后超过 100 MB 的上限（[^）]+），已拒绝/;

test('three 1 GiB bombs posted at once to /admin/reports/import are each refused in under a second, and memory stays put', async () => {
  const office = new HttpClient(base);
  await office.login('office');
  const [reports, audit] = [await count('annual_reports'), await count('audit_log')];
  // Warm the route once (its modules load on first use), then measure.
  const first = await upload(office, '/admin/reports/import', 'bomb.xlsx', honest);
  assert.equal(first.status, 400);
  assert.match(first.body, /文件《bomb\.xlsx》解压后超过 100 MB 的上限（2 个条目声明解压后共 1 GB），已拒绝/);
  const m = await measure(() => Promise.all([honest, liar, liar].map((b, i) => upload(office, '/admin/reports/import', i ? 'liar.xlsx' : 'bomb.xlsx', b))));
  for (const r of m.result!) {
    assert.equal(r.status, 400);
    assert.match(r.body, REFUSED);
  }
  assert.match(m.result![1]!.body, /而文件声明它只有 1 KB/);
  assert.ok(m.ms < 1000, `three bombs took ${m.ms} ms`);
  assert.ok(m.rssGrowth < 100 * MiB, `RSS grew ${(m.rssGrowth / MiB).toFixed(0)} MB`);
  assert.equal(await count('annual_reports'), reports);
  assert.equal(await count('audit_log'), audit);
});

test('a bomb uploaded as a catalogue attachment is refused before anything reads its text', async () => {
  const editor = new HttpClient(base);
  await editor.login('editor');
  const draft = await editor.post('/admin/catalogue', {
    orgId: 2,
    columnId: 1,
    title: '附件炸弹测试',
    body: '正文',
    formedOn: '2026-11-20',
    topic: '综合政务/政务公开',
    genre: '通知',
    _csrf: await editor.csrf('/admin'),
  });
  assert.equal(draft.status, 303, draft.body.slice(0, 300));
  const id = /\/admin\/catalogue\/(\d+)/.exec(draft.location!)![1];
  const before = await count('cat_attachments');
  // Content sniffing calls it an XLSX (its [Content_Types].xml says so): without the guard, the
  // attachment's text reader would inflate its 1 GiB sheet.
  const m = await measure(() => upload(editor, `/admin/catalogue/${id}/attachments`, '名册.xlsx', liar));
  assert.equal(m.result!.status, 400);
  assert.match(
    m.result!.body,
    /文件《名册\.xlsx》解压后超过 100 MB 的上限（解压到条目“xl\/worksheets\/sheet1\.xml”时已超过上限，而文件声明它只有 1 KB），已拒绝/,
  );
  assert.ok(m.ms < 1000, `${m.ms} ms`);
  assert.ok(m.rssGrowth < 100 * MiB, `RSS grew ${(m.rssGrowth / MiB).toFixed(0)} MB`);
  assert.equal(await count('cat_attachments'), before);
});

test('the CLI importers refuse a bomb with the message, and the limit is the setting', { timeout: 600_000 }, async () => {
  let p: (ProcessDb & { app: TestApp }) | undefined;
  try {
    p = await demoProcessDatabase();
    const file = join(p.dir, 'bomb.xlsx');
    writeFileSync(file, liar);
    const check = await gongkai(p.env, 'report', 'check', file);
    assert.equal(check.code, 1, check.stderr);
    assert.match(check.stdout, /文件《bomb\.xlsx》解压后超过 100 MB 的上限/);
    const report = await gongkai(p.env, 'report', 'import', file);
    assert.equal(report.code, 1, report.stderr);
    assert.match(report.stdout, /文件《bomb\.xlsx》解压后超过 100 MB 的上限/);
    const catalogue = await gongkai(p.env, 'import', 'catalogue', file);
    assert.equal(catalogue.code, 1, catalogue.stderr);
    assert.match(catalogue.stderr, /文件《bomb\.xlsx》解压后超过 100 MB 的上限/);
    // GONGKAI_ZIP_MAX_BYTES reaches the command's context: a 2 MB bomb against a 1 MB limit.
    const small = join(p.dir, 'small.xlsx');
    writeFileSync(small, await xlsxBomb({ inflated: 2 * MiB, declared: 1024 }));
    const requests = await gongkai({ ...p.env, GONGKAI_ZIP_MAX_BYTES: String(MiB) }, 'import', 'requests', small);
    assert.equal(requests.code, 2, requests.stderr);
    assert.match(requests.stderr, /文件《small\.xlsx》解压后超过 1 MB 的上限/);
    const checkSmall = await gongkai({ ...p.env, GONGKAI_ZIP_MAX_BYTES: String(MiB) }, 'report', 'check', small);
    assert.match(checkSmall.stdout, /文件《small\.xlsx》解压后超过 1 MB 的上限/);
    assert.equal(
      (await gongkai(p.env, 'report', 'check', small)).stdout.includes('解压后超过'),
      false,
      'under the default limit the same file is merely not a report',
    );
  } finally {
    await p?.drop();
  }
});
