import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { testServer, type TestServer, type TestClient } from '../support/app.ts';
import { findForm, formValues, leaksInternals, multipartBody, pageMessage, stateOf } from '../support/hardening.ts';
import { gongkai } from '../support/process.ts';
import { ANONYMOUS, systemActor } from '../../src/platform/context.ts';
import { execute } from '../../src/platform/command.ts';
import { isAppError } from '../../src/kernel/errors.ts';
import { readRecords, type FileFormat } from '../../src/modules/catalogue/io/read.ts';
import { importCommand } from '../../src/modules/catalogue/commands/import-items.ts';
import { importRequests } from '../../src/modules/requests/commands/import-requests.ts';
import { importReport } from '../../src/modules/reports/commands/import-report.ts';
import { generateReport } from '../../src/modules/reports/engine/generate.ts';
import { reportToJson, reportToCsv, reportToXlsx } from '../../src/modules/reports/io/index.ts';

/**
 * Fuzzing (issue 6, item 3), property-based with fast-check: every public form of the route table
 * and every import format (catalogue, requests ledger, annual report) takes arbitrary input without
 * a server error, without a stack trace or internal message in what it answers, and a refusal
 * writes nothing (the audit head and every table's row count are unchanged; the only thing a
 * refused login or tracking attempt may leave is its own security audit entry). Inputs start from
 * a valid record and mutate it, so the fuzzing reaches past the first validation step.
 */

let s: TestServer;
before(async () => {
  s = await testServer({ demo: true, config: { rateLimitForms: 1_000_000, rateLimitLogin: 1_000_000, rateLimitSearch: 1_000_000 } });
});
after(() => s?.close());

const db = () => s.app.database.db;
const RUNS = Number(process.env.GONGKAI_FUZZ_RUNS ?? 40);

/** Hostile strings: markup, SQL, traversal, control and odd Unicode, very long. */
const NASTY = [
  '<script>window.__pwned=1</script>',
  '"><img src=x onerror=alert(1)>',
  "' OR '1'='1' --",
  "'; DROP TABLE requests; --",
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00',
  '\u0000\u0001\u001f',
  '\ud800',
  '\u202e\u2066',
  '𠮷𩸽',
  '{{constructor.constructor("return process")()}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection payload, meant literally
  '${7*7}',
  '__proto__',
  '-1',
  '1e309',
  '2026-02-30',
  'ＡＢＣ１２３',
  ' ',
];
const anyText = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 1000, maxLength: 6000 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
);

/** The public forms of the route table and what each starts from (a valid submission). */
async function publicForms(): Promise<
  Array<{ url: string; fields: string[]; base: Record<string, string>; client: () => Promise<TestClient>; securityAudit: string[] }>
> {
  const routes = s.server.routes.filter((r) => r.method === 'POST' && (r.action === 'public' || s.app.registry.policies.can(ANONYMOUS, r.action)));
  const tracked = await db()
    .selectFrom('requests')
    .select(['query_code', 'applicant_name'])
    .where('state', '=', 'correction_requested')
    .executeTakeFirstOrThrow();
  const trackingClient = async () => {
    const c = s.client();
    const r = await c.post('/requests/track', { code: tracked.query_code, who: tracked.applicant_name }, { csrf: await c.token() });
    assert.ok(r.status === 200 || r.status === 303, `tracking: ${r.status}`);
    return c;
  };
  const plain = async () => s.client();
  const known: Record<string, { page: string; client: () => Promise<TestClient>; base: Record<string, string>; securityAudit: string[] }> = {
    '/admin/login': {
      page: '/admin/login',
      client: plain,
      base: { username: 'office', password: 'Hongjiang@2016' },
      securityAudit: ['identity.login-failed', 'identity.login-throttled'],
    },
    '/requests/apply': {
      page: '/requests/apply',
      client: plain,
      base: {
        orgId: '1',
        applicantType: 'natural',
        applicantName: '模糊测试',
        idType: 'resident_id',
        idNumber: '431202198504120032',
        phone: '13700001111',
        infoName: '道路改造计划',
        deliveryForm: 'electronic',
        deliveryChannel: 'online',
        step: 'submit',
      },
      securityAudit: [],
    },
    '/requests/track': {
      page: '/requests/track',
      client: plain,
      base: { code: tracked.query_code, who: tracked.applicant_name },
      securityAudit: ['requests.track-failed', 'requests.track-locked', 'requests.track'],
    },
    '/requests/track/correct': { page: '/requests/track/view', client: trackingClient, base: { text: '补正：所需信息为道路改造计划全文' }, securityAudit: [] },
  };
  const out = [];
  for (const r of routes) {
    const k = known[r.url];
    assert.ok(k, `a public form the fuzzer does not know: ${r.method} ${r.url} (add where its form is and a valid submission)`);
    const c = await k.client();
    const form = findForm((await c.get(k.page)).body, r.url);
    assert.ok(form, `the form of ${r.url} is on ${k.page}`);
    const fields = Object.keys(formValues(form)).filter((f) => f !== '_csrf');
    out.push({
      url: r.url,
      fields: [...new Set([...fields, ...Object.keys(k.base)])],
      base: { ...formValues(form), ...k.base },
      client: k.client,
      securityAudit: k.securityAudit,
    });
  }
  return out;
}

/** What a refusal may change: nothing, except its own security audit entries. */
async function assertNothingWritten(before: Awaited<ReturnType<typeof stateOf>>, allowedAudit: string[], what: string): Promise<void> {
  const after = await stateOf(db());
  const { audit_log: a0, ...rest0 } = before.counts;
  const { audit_log: a1, ...rest1 } = after.counts;
  assert.deepEqual(rest1, rest0, `${what}: a refusal changed row counts`);
  if (after.head !== before.head) {
    const seq = Number(before.head.split(':')[0]);
    const added = await db().selectFrom('audit_log').select('action').where('seq', '>', seq).execute();
    assert.ok(
      added.every((x) => allowedAudit.includes(x.action)),
      `${what}: a refusal was audited as ${added.map((x) => x.action).join(', ')}`,
    );
    assert.equal(a1! - a0!, added.length);
  }
}

test('every public form takes arbitrary input without a server error or a stack trace, and a refusal writes nothing', async () => {
  const forms = await publicForms();
  assert.ok(forms.length >= 4, `found ${forms.length} public forms`);
  for (const f of forms) {
    const client = await f.client();
    const csrf = await client.token();
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          changed: fc.dictionary(fc.constantFrom(...f.fields), anyText, { maxKeys: 6 }),
          dropped: fc.subarray(f.fields),
          extra: fc.dictionary(
            fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', '_csrf[]', 'orgId[]', 'a'.repeat(300)), fc.string({ maxLength: 12 })),
            anyText,
            { maxKeys: 3 },
          ),
          repeated: fc.option(fc.constantFrom(...f.fields), { nil: undefined }),
          encoding: fc.constantFrom('form', 'form', 'form', 'json', 'multipart', 'garbage'),
          csrf: fc.constantFrom('valid', 'valid', 'valid', 'valid', 'missing', 'wrong'),
          freshKey: fc.boolean(),
        }),
        async (p) => {
          const body: Record<string, string> = { ...f.base };
          for (const d of p.dropped) delete body[d];
          Object.assign(body, p.changed);
          if ('idempotencyKey' in f.base || f.url === '/requests/apply')
            if (p.freshKey && !('idempotencyKey' in p.changed)) body.idempotencyKey = `fuzz${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
          const pairs = [...Object.entries(body), ...Object.entries(p.extra)];
          if (p.repeated) pairs.push([p.repeated, String(body[p.repeated] ?? 'x')]);
          if (p.csrf !== 'missing') pairs.push(['_csrf', p.csrf === 'valid' ? csrf : 'x'.repeat(csrf.length)]);
          let payload: string | Buffer;
          let type: string;
          if (p.encoding === 'json') {
            payload = JSON.stringify(Object.fromEntries(pairs));
            type = 'application/json';
          } else if (p.encoding === 'multipart') {
            const m = multipartBody(Object.fromEntries(pairs));
            payload = m.payload;
            type = m.contentType;
          } else if (p.encoding === 'garbage') {
            payload = Buffer.from(pairs.map(([k, v]) => `${k}=${v}`).join('&%%'), 'latin1');
            type = 'application/x-www-form-urlencoded';
          } else {
            payload = new URLSearchParams(pairs).toString();
            type = 'application/x-www-form-urlencoded';
          }
          const before = await stateOf(db());
          const r = await client.request('POST', f.url, { payload, headers: { 'content-type': type } });
          assert.ok(r.status < 500, `${f.url} answered ${r.status}: ${pageMessage(r.body)}`);
          assert.equal(leaksInternals(r.body), null, `${f.url} leaked internals`);
          if (r.status >= 400) await assertNothingWritten(before, f.securityAudit, f.url);
        },
      ),
      { numRuns: RUNS, seed: Number(process.env.GONGKAI_FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
  }
});

// ——— import formats ————————————————————————————————————————————————————————————————————————

const CATALOGUE_JSONL = [
  '{"title":"关于做好2016年城乡低保工作的通知","org":"洪江区管理委员会办公室","docNo":"洪管办发〔2016〕12号","formedOn":"2016-03-01","publishedOn":"2016-03-04","column":"zfwj","topic":"民政、扶贫、救灾/社会福利","genre":"通知","body":"<p>各乡（街道）、区直各单位：……</p>"}',
  '{"title":"洪江区2016年第一季度财政收支情况","org":"区财政局","formedOn":"2016-04-12","column":"czxx","genre":"报告"}',
].join('\n');
const CATALOGUE_CSV =
  'title,org,formedOn,publishedOn,column,genre,normative,channels\n关于印发《洪江区城乡低保管理办法》的通知,区管委办,2025-02-10,2025-02-14,gfxwj,通知,是,website:2025-02-14; gazette:2025-03-10:洪江区管委公报2025年第3期\n';
const LEDGER_CSV =
  'ref,org,applicant_type,applicant_name,id_number,phone,channel,received_on,info,events,outcome,decided_on\nF-1,洪江区管理委员会,natural,张三,431202198504120032,13700001111,in_person,2025-03-03,城区道路改造计划,extend 2025-03-20 20; delivered 2025-04-10,disclose,2025-04-08\n';

async function xlsxOf(csv: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const line of csv.trim().split('\n')) ws.addRow(line.split(','));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Mutations of a valid file: text edits, truncation, duplicated lines, JSON values swapped, byte flips. */
function mutated(seed: Buffer, text: boolean): fc.Arbitrary<Buffer> {
  const asText = seed.toString('utf8');
  const edits = text
    ? [
        fc
          .tuple(fc.nat({ max: asText.length }), fc.nat({ max: 40 }), anyText)
          .map(([at, del, ins]) => Buffer.from(asText.slice(0, at) + ins + asText.slice(at + del))),
        fc.nat({ max: asText.length }).map((at) => Buffer.from(asText.slice(0, at))),
        fc.nat({ max: 5 }).map((i) => {
          const lines = asText.split('\n');
          lines.splice(i % lines.length, 0, lines[i % lines.length]!);
          return Buffer.from(lines.join('\n'));
        }),
        fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 2 })).map(([i, v]) => {
          const lines = asText.split('\n').map((l) => {
            try {
              const o = JSON.parse(l) as Record<string, unknown>;
              const keys = Object.keys(o);
              if (keys.length) o[keys[i % keys.length]!] = v;
              return JSON.stringify(o);
            } catch {
              return l;
            }
          });
          return Buffer.from(lines.join('\n'));
        }),
      ]
    : [];
  return fc.oneof(
    ...edits,
    fc.array(fc.tuple(fc.nat({ max: seed.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((flips) => {
      const b = Buffer.from(seed);
      for (const [i, v] of flips) b[i] = v;
      return b;
    }),
    fc.nat({ max: seed.length }).map((n) => seed.subarray(0, n)),
    fc.uint8Array({ maxLength: 2000 }).map((u) => Buffer.from(u)),
  );
}

interface Importer {
  name: string;
  files: Array<{ name: string; format: string; seed: Buffer; text: boolean }>;
  run(file: { name: string; format: string; bytes: Buffer }): Promise<unknown>;
}

async function importers(): Promise<Importer[]> {
  const g = await generateReport(s.app.context(systemActor()), 7, 2025);
  const rename = (json: string) => {
    const o = JSON.parse(json) as { org: { code: string; name: string } };
    o.org = { code: '', name: '洪江区模糊测试局' };
    return JSON.stringify(o, null, 1);
  };
  const reportJson = rename(reportToJson(g.report));
  return [
    {
      name: 'catalogue import (--all-or-nothing)',
      files: [
        { name: 'items.jsonl', format: 'jsonl', seed: Buffer.from(CATALOGUE_JSONL), text: true },
        { name: 'items.csv', format: 'csv', seed: Buffer.from(CATALOGUE_CSV), text: true },
        { name: 'items.xlsx', format: 'xlsx', seed: await xlsxOf(CATALOGUE_CSV), text: false },
      ],
      async run(f) {
        const { records, problems } = await readRecords(f.bytes, f.format as FileFormat);
        return execute(s.system, importCommand(), {
          source: { name: f.name, sha256: 'f'.repeat(64), format: f.format },
          records,
          readProblems: problems,
          allOrNothing: true,
          origin: 'import',
        });
      },
    },
    {
      name: 'requests ledger import',
      files: [
        { name: 'ledger.csv', format: 'csv', seed: Buffer.from(LEDGER_CSV), text: true },
        {
          name: 'ledger.jsonl',
          format: 'jsonl',
          seed: Buffer.from(
            JSON.stringify({ ref: 'F-2', org: '洪江区管理委员会', applicant_type: 'natural', channel: 'email', received_on: '2025-05-06', info: '预算公开' }) +
              '\n',
          ),
          text: true,
        },
        { name: 'ledger.xlsx', format: 'xlsx', seed: await xlsxOf(LEDGER_CSV), text: false },
      ],
      run: (f) => execute(s.system, importRequests, { filename: f.name, content: new Uint8Array(f.bytes) }),
    },
    {
      name: 'annual report import',
      files: [
        { name: 'report.json', format: 'json', seed: Buffer.from(reportJson), text: true },
        {
          name: 'report.csv',
          format: 'csv',
          seed: Buffer.from(reportToCsv({ ...g.report, org: { code: '', name: '洪江区模糊测试局' } } as typeof g.report, g.format)),
          text: true,
        },
        { name: 'report.xlsx', format: 'xlsx', seed: await reportToXlsx(g.report, g.format), text: false },
      ],
      run: (f) => execute(s.system, importReport, { fileName: f.name, contentBase64: f.bytes.toString('base64'), parentOrgId: 1 }),
    },
  ];
}

test('every import format takes arbitrary and damaged files: refused with reasons or imported whole, never a crash or a partial write', async () => {
  const failures: string[] = [];
  for (const imp of await importers()) {
    for (const file of imp.files) {
      const d = await fc.check(
        fc.asyncProperty(mutated(file.seed, file.text), async (bytes) => {
          const before = await stateOf(db());
          try {
            await imp.run({ name: file.name, format: file.format, bytes });
          } catch (e) {
            assert.ok(
              isAppError(e),
              `not a refusal but ${String((e as Error)?.stack ?? e)
                .split('\n')
                .slice(0, 3)
                .join(' | ')}`,
            );
            assert.equal(
              leaksInternals(String((e as Error).message) + JSON.stringify((e as { issues?: unknown }).issues ?? [])),
              null,
              'internals in the message',
            );
            await assertNothingWritten(before, [], `${imp.name} ${file.name}`);
          }
        }),
        { numRuns: Math.ceil(RUNS / 2), seed: Number(process.env.GONGKAI_FUZZ_SEED ?? Date.now() % 2 ** 31) },
      );
      // Every file format is tried even when one fails, so one report names every weak spot.
      if (d.failed)
        failures.push(
          `${imp.name} ${file.name} (seed ${d.seed}, counterexample of ${(d.counterexample?.[0] as Buffer | undefined)?.length ?? '?'} bytes): ${(d.errorInstance as Error | undefined)?.message ?? 'failed'}`,
        );
    }
  }
  assert.deepEqual(failures, []);
});

test('the report upload form refuses damaged files with reasons, not a server error, and stores nothing', async () => {
  const office = s.client();
  await office.login('office');
  const csrf = await office.token();
  const [reports] = (await importers()).slice(2);
  assert.ok(reports, 'the report importer is the third');
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...reports.files).chain((f) => mutated(f.seed, f.text).map((bytes) => ({ f, bytes }))),
      async ({ f, bytes }) => {
        const before = await stateOf(db());
        const m = multipartBody({ _csrf: csrf, parentOrgId: '1' }, [{ field: 'file', name: f.name, bytes }]);
        const r = await office.request('POST', '/admin/reports/import', { payload: m.payload, headers: { 'content-type': m.contentType } });
        assert.ok(r.status < 500, `${r.status}: ${pageMessage(r.body)}`);
        assert.equal(leaksInternals(r.body), null);
        if (r.status !== 303) await assertNothingWritten(before, [], 'report upload');
      },
    ),
    { numRuns: Math.ceil(RUNS / 2) },
  );
});

test('the import commands of the CLI refuse damaged files with reasons and a non-zero exit, without a stack trace', { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-fuzz-'));
  const broken = (name: string, bytes: Buffer) => {
    const p = join(dir, `fuzz-${process.pid}-${name}`);
    writeFileSync(p, bytes);
    return p;
  };
  const env = { ...process.env, GONGKAI_DATABASE_URL: s.db.url, GONGKAI_SECRET: 's'.repeat(40), GONGKAI_LOG_LEVEL: 'silent' };
  const xlsx = await xlsxOf(CATALOGUE_CSV);
  const cases: Array<[string, string[]]> = [
    ['catalogue import, truncated XLSX', ['import', 'catalogue', '--all-or-nothing', broken('items.xlsx', xlsx.subarray(0, xlsx.length >> 1))]],
    [
      'requests import, impossible date and SQL in a cell',
      [
        'import',
        'requests',
        broken('ledger.csv', Buffer.from(LEDGER_CSV.replace('2025-03-03', '2025-02-30').replace('natural', "'; DROP TABLE requests; --"))),
      ],
    ],
    [
      'report import, malformed JSON',
      ['report', 'import', broken('report.json', Buffer.from('{"schemaVersion":1,"org":{"name":"<script>"},"year":"二〇二五","tables":[{"id":"../../etc"}]'))],
    ],
    ['report check, binary CSV', ['report', 'check', broken('report.csv', Buffer.from('\u0000\u00ff,"unterminated\n'))]],
  ];
  const runs = await Promise.all(cases.map(([, args]) => gongkai(env, ...args)));
  rmSync(dir, { recursive: true, force: true });
  const failures: string[] = [];
  for (const [i, r] of runs.entries()) {
    const what = cases[i]![0];
    const out = r.stdout + r.stderr;
    if (r.code === 0) failures.push(`${what}: exit 0`);
    if (leaksInternals(out)) failures.push(`${what}: shows internals: ${out.slice(0, 300)}`);
    if (!out.trim()) failures.push(`${what}: no reason given`);
  }
  assert.deepEqual(failures, []);
});
