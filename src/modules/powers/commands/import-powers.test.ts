import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { testApp, type TestApp } from '../../../../test/support/app.ts';
import { auditHead } from '../../../../test/support/hardening.ts';
import { xlsxBomb } from '../../../../test/support/zip-bomb.ts';

const MiB = 1024 * 1024;
import { execute } from '../../../platform/command.ts';
import { updateSetting } from '../../../platform/settings/settings.ts';
import { importPowersCommand, PowerImportError, type ImportResult } from './import-powers.ts';
import { readPowerFile, type FileFormat } from '../import/read.ts';
import { exportPowers } from '../import/write.ts';
import { COLUMNS } from '../import/format.ts';

/**
 * The import of the list a district keeps in Excel: every problem by line and field and nothing
 * written; an unknown category and a code that fails the province's pattern refused by name; an
 * export re-imports unchanged (into an empty list: the same export again; into the same list:
 * nothing changes); an XLSX goes through the zip guard.
 */
let t: TestApp;
before(async () => {
  t = await testApp({ demo: true });
});
after(() => t?.close());

const HEAD = COLUMNS.map(([, h]) => h).join(',');
function csv(rows: string[]): Buffer {
  return Buffer.from(`${HEAD}\r\n${rows.join('\r\n')}\r\n`);
}
function line(o: Partial<Record<string, string>>): string {
  const v: Record<string, string> = {
    name: '对测试行为的处罚',
    category: '行政处罚',
    code: 'T-0001',
    body: '洪江区商务局',
    bodyKind: '法定机关',
    legalBasis: '《中华人民共和国行政处罚法》第八条',
    feeBasis: '',
    procedure: '',
    timeLimit: '',
    supervisionPhone: '0745-7631502',
    org: '洪江区商务局',
    kind: '新增',
    onDate: '2026-10-01',
    target: '',
    mode: '',
    note: '',
    ...o,
  };
  return COLUMNS.map(([k]) => (/[",\n]/.test(v[k] ?? '') ? `"${(v[k] ?? '').replace(/"/g, '""')}"` : (v[k] ?? ''))).join(',');
}

async function importFile(bytes: Buffer, format: FileFormat, name = `powers.${format}`): Promise<ImportResult> {
  const { records, problems } = await readPowerFile(bytes, format, { fileName: name });
  return execute(t.system, importPowersCommand(), {
    source: { name, sha256: createHash('sha256').update(bytes).digest('hex'), format },
    records,
    readProblems: problems,
  });
}

async function refused(bytes: Buffer, format: FileFormat = 'csv'): Promise<Array<{ line: number; field: string; message: string }>> {
  const db = t.app.database.db;
  const head = await auditHead(db);
  const before = await db
    .selectFrom('powers')
    .select((e) => e.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  let problems: Array<{ line: number; field: string; message: string }> = [];
  await assert.rejects(
    () => importFile(bytes, format),
    (e: unknown) => {
      if (!(e instanceof PowerImportError)) return false;
      problems = e.problems;
      return true;
    },
  );
  assert.equal(await auditHead(db), head, 'a refused import writes no audit entry');
  assert.deepEqual(
    await db
      .selectFrom('powers')
      .select((e) => e.fn.countAll().as('n'))
      .executeTakeFirstOrThrow(),
    before,
    'and no power',
  );
  return problems;
}

const has = (ps: Array<{ line: number; field: string; message: string }>, line: number, field: string, re: RegExp) =>
  assert.ok(
    ps.some((p) => p.line === line && p.field === field && re.test(p.message)),
    `expected line ${line} ${field} ~ ${re}; got ${JSON.stringify(ps)}`,
  );

test('every bad row is named by its line and field, and nothing of the file is written', async () => {
  const ps = await refused(
    csv([
      line({ code: 'T-0001' }), // good
      line({ code: 'T-0002', category: '行政监督' }), // unknown category
      line({ code: 'T-0003', onDate: '2026-13-01' }),
      line({ code: 'T-0004', org: '洪江区不存在局' }),
      line({ code: 'T-0005', kind: '调整合并', target: 'NO-SUCH' }),
      line({ code: 'T-0006', kind: '下放', target: '洪江区常青乡人民政府' }),
      line({ code: 'T-0007', bodyKind: '上级机关' }),
      line({ code: 'T-0001', kind: '取消', onDate: '2026-09-01' }), // before the row above it
      line({ code: 'T-0008', name: '对测试行为的另一处罚' }),
      line({ code: 'T-0008', name: '改了名称', kind: '取消', onDate: '2026-11-01' }),
    ]),
  );
  has(ps, 3, '职权类别', /“行政监督”不在类别表中/);
  has(ps, 4, '处置日期', /YYYY-MM-DD/);
  has(ps, 5, '所属部门', /找不到所属部门/);
  has(ps, 6, '合并至/下放至', /找不到要合并至的权力/);
  has(ps, 7, '下放方式', /全程办理或代办/);
  has(ps, 8, '实施主体性质', /法定机关、授权组织 或 受委托组织/);
  has(ps, 9, '处置日期', /不能早于上一次调整/);
  has(ps, 11, '权力名称', /与同一权力编码的第10行不一致/);
  assert.ok(!ps.some((p) => p.line === 2), 'the good row has no problem');
});

test('a code that fails the province pattern (a setting: Guizhou ^XK\\d{5}\\d{3}$) is refused naming 编码; a matching one is taken', async () => {
  await execute(t.system, updateSetting, { key: 'powers.codePattern', value: '^XK\\d{5}\\d{3}$' });
  try {
    const ps = await refused(csv([line({ code: 'XK00012001' }), line({ code: 'XK-12-001', name: '对另一测试行为的处罚' })]));
    has(ps, 3, '权力编码', /编码“XK-12-001”不符合本省权力编码规则/);
    assert.equal(ps.length, 1);
    const r = await importFile(csv([line({ code: 'XK00012001' })]), 'csv');
    assert.equal(r.powers, 1);
  } finally {
    await execute(t.system, updateSetting, { key: 'powers.codePattern', value: '^\\S{1,64}$' });
  }
});

test('an export re-imports unchanged: into an empty list the export comes back byte for byte (CSV, JSONL, XLSX), into the same list nothing changes', async () => {
  const db = t.app.database.db;
  const dump = async (format: FileFormat) => {
    const chunks: Buffer[] = [];
    await exportPowers(db, format, (c) => chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c)));
    return Buffer.concat(chunks);
  };
  const csvOut = await dump('csv');
  const jsonlOut = await dump('jsonl');
  const xlsxOut = await dump('xlsx');
  assert.ok(csvOut.toString('utf8').split('\r\n').length > 3400, 'the demo list: a row per disposition');
  // Into the same list: every power is already there, identical.
  const again = await importFile(jsonlOut, 'jsonl');
  assert.deepEqual([again.powers, again.dispositions], [0, 0]);
  assert.ok(again.unchanged > 3300);
  // Into an empty list.
  for (const [format, bytes] of [
    ['csv', csvOut],
    ['jsonl', jsonlOut],
    ['xlsx', xlsxOut],
  ] as const) {
    await db.deleteFrom('power_delegations').execute();
    await db.updateTable('power_dispositions').set({ merged_into_id: null }).execute();
    await db.deleteFrom('power_dispositions').execute();
    await db.deleteFrom('powers').execute();
    const r = await importFile(bytes, format);
    assert.ok(r.powers > 3300, `${format}: ${r.powers}`);
    if (format === 'xlsx') {
      const back = await readPowerFile(await dump('xlsx'), 'xlsx');
      const first = await readPowerFile(xlsxOut, 'xlsx');
      assert.deepEqual(back.records, first.records, 'xlsx: the same records');
    } else assert.ok((await dump(format)).equals(bytes), `${format}: the export after the import is the export before it`);
  }
});

test('an XLSX goes through the zip guard: a zip bomb is one problem for the file, nothing read', async () => {
  const bomb = await xlsxBomb({ inflated: 64 * MiB, declared: 1024 });
  const r = await readPowerFile(bomb, 'xlsx', { fileName: 'bomb.xlsx', zip: { maxBytes: 8 * MiB, maxEntries: 100 } });
  assert.equal(r.records.length, 0);
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0]?.field, '(文件)');
});
