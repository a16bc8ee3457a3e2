import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { runChecks } from '../checks.ts';
import {
  computeReport,
  createFormatRegistry,
  loadFormat,
  national2014,
  national2019,
  national2021,
  nationalFormats,
  nationalRegistry,
} from '../formats/index.ts';
import type { ReportFormat } from '../formats/index.ts';
import { fakeSources } from '../formats/fixtures/fake-sources.ts';
import { HONGJIANG, SEED_2016 } from '../formats/fixtures/seed-2016.ts';
import { createReport, reportSchema, withCell } from '../report-model.ts';
import type { Report } from '../report-model.ts';
import { parseCsvRecords, parseFigure, parseReportCsv, parseReportJson, parseReportXlsx, reportToCsv, reportToJson, reportToXlsx } from './index.ts';
import type { ParseProblem, ParseResult } from './index.ts';

const ORG = { code: '000014349', name: '测试区人民政府' };
const TEXTS = {
  overview: '2021年，我区坚持“公开为常态、不公开为例外”，全年主动公开政府信息6105条。\n第二段，含逗号,和"引号"。',
  problems: '一是……；二是……。',
  other: '2021年，无收取信息处理费情况。',
};

async function computed(format: ReportFormat, year: number, manual: Record<string, number> = {}): Promise<Report> {
  const { report } = await computeReport({ format, org: ORG, year, sources: fakeSources(manual), texts: TEXTS });
  return report;
}

function seed(): Report {
  return createReport({ format: national2014, org: HONGJIANG, year: 2016, value: (_t, r) => SEED_2016[r] });
}

function ok(r: ParseResult): Report {
  assert.ok(r.ok, r.ok ? '' : r.problems.map((p) => p.message).join('\n'));
  return r.report;
}

test('CSV round-trips every national format, with blanks, decimals, negatives and multi-line text', async () => {
  const reports = [
    seed(),
    await computed(national2019, 2020, { 'powers.penalty.itemChange': -12, 'procurement.amount': 1234.5678 }),
    await computed(national2021, 2021, { 'fees.administrativeCharges': 0.35 }),
  ];
  for (const r of reports) {
    const csv = reportToCsv(r);
    assert.ok(csv.startsWith('\uFEFF格式,'));
    assert.deepEqual(ok(parseReportCsv(csv)), r, r.format);
  }
});

test('the CSV layout is the documented one: information, sections, then one block per table', async () => {
  const csv = reportToCsv(await computed(national2021, 2021)).slice(1);
  const lines = csv.split('\r\n');
  assert.deepEqual(lines.slice(0, 5), [
    '格式,cn-2021,中华人民共和国政府信息公开工作年度报告（国办公开办函〔2021〕30号）',
    '机关代码,000014349',
    '机关名称,测试区人民政府',
    '年度,2021',
    '数据格式版本,1',
  ]);
  assert.ok(lines.includes('章节,overview,一、总体情况'));
  const t3 = lines.indexOf('表,t3,收到和处理政府信息公开申请情况');
  assert.ok(t3 > 0);
  assert.equal(
    lines[t3 + 1],
    '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）,单位,申请人情况·自然人,申请人情况·法人或其他组织·商业企业,申请人情况·法人或其他组织·科研机构,申请人情况·法人或其他组织·社会公益组织,申请人情况·法人或其他组织·法律服务机构,申请人情况·法人或其他组织·其他,申请人情况·总计',
  );
  assert.match(lines[t3 + 2]!, /^一、本年新收政府信息公开申请数量,件,\d+,\d+,\d+,\d+,\d+,\d+,\d+$/);
  assert.equal(lines[t3 + 4], '三、本年度办理结果,,,,,,,,');
  const old = reportToCsv(seed()).slice(1).split('\r\n');
  assert.ok(old.includes('统计指标,单位,统计数'));
  assert.ok(old.includes('(一)主动公开政府信息数(不同渠道和方式公开相同的信息列为1条),条,6105'));
  assert.ok(old.includes('2、兼职人员数,人,'));
});

test('XLSX round-trips every national format, one sheet per table', async () => {
  const reports = [
    seed(),
    await computed(national2019, 2020, { 'powers.penalty.itemChange': -12 }),
    await computed(national2021, 2021, { 'fees.administrativeCharges': 0.35 }),
  ];
  for (const r of reports) {
    const buf = await reportToXlsx(r);
    assert.deepEqual(ok(await parseReportXlsx(buf)), r, r.format);
  }
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await reportToXlsx(reports[2]!)) as unknown as ArrayBuffer);
  assert.deepEqual(
    wb.worksheets.map((w) => w.name),
    ['报告', '表二（第二十条第（一）项）', '表二（第二十条第（五）项）', '表二（第二十条第（六）项）', '表二（第二十条第（八）项）', '表三', '表四'],
  );
  // Figures are numbers in the sheet, not text.
  assert.equal(typeof wb.getWorksheet('表三')?.getRow(3).getCell(3).value, 'number');
});

test('JSON round-trips and matches docs/report-json.schema.json', async () => {
  const r = await computed(national2021, 2021);
  const checked = { ...r, checks: runChecks(withCell(r, 't4', 'cases', 'rc_total', 99)) };
  assert.deepEqual(ok(parseReportJson(reportToJson(checked))), checked);
  assert.equal(JSON.parse(reportToJson(checked)).schemaVersion, 1);

  type Validate = ((data: unknown) => boolean) & { errors?: unknown };
  let compile: ((schema: unknown) => Validate) | undefined;
  try {
    // ajv arrives with fastify; the schema must hold for any JSON Schema 2020-12 validator.
    const mod = (await import('ajv/dist/2020.js')) as unknown as { default: new (o: object) => { compile: (s: unknown) => Validate } };
    const ajv = new mod.default({ strict: true, allErrors: true });
    compile = (s) => ajv.compile(s);
  } catch {
    compile = undefined;
  }
  if (!compile) return;
  const validate = compile(JSON.parse(readFileSync(new URL('../../../../docs/report-json.schema.json', import.meta.url), 'utf8')));
  for (const sample of [checked, seed(), await computed(national2019, 2019)]) {
    assert.equal(validate(JSON.parse(reportToJson(sample))), true, JSON.stringify(validate.errors));
  }
  // The JSON Schema and the zod schema refuse the same broken documents.
  const broken: unknown[] = [
    { ...checked, schemaVersion: 2 },
    { ...checked, extra: 1 },
    { ...checked, year: 2021.5 },
    { ...checked, org: { code: 'x' } },
    { ...checked, checks: [{ rule: 'x', severity: 'fatal', message: 'm', cells: [] }] },
    JSON.parse(JSON.stringify(checked).replace('"natural":', '"natural":"3","was":')),
  ];
  for (const b of broken) {
    assert.equal(validate(b), false, JSON.stringify(b).slice(0, 80));
    assert.equal(reportSchema.safeParse(b).success, false);
  }
});

test('a JSON cell that is not a number is named by table, row and column', async () => {
  const r = await computed(national2021, 2021);
  const raw = JSON.parse(reportToJson(r));
  raw.tables.find((t: { id: string }) => t.id === 't3').rows.find((x: { key: string }) => x.key === 'disclose').cells.natural = '五';
  raw.tables.find((t: { id: string }) => t.id === 't3').rows = raw.tables
    .find((t: { id: string }) => t.id === 't3')
    .rows.filter((x: { key: string }) => x.key !== 'partial');
  const res = parseReportJson(JSON.stringify(raw));
  assert.equal(res.ok, false);
  const problems = res.ok ? [] : res.problems;
  assert.deepEqual(
    problems.map((p) => [p.code, p.table, p.row, p.col, p.found]),
    [['not_a_number', 't3', '（一）予以公开', 'natural', '"五"']],
  );
  // Once the shape is right, the comparison with the format finds the missing row.
  raw.tables.find((t: { id: string }) => t.id === 't3').rows.find((x: { key: string }) => x.key === 'disclose').cells.natural = 5;
  const res2 = parseReportJson(raw);
  assert.deepEqual(res2.ok ? [] : res2.problems.map((p) => [p.code, p.row]), [['missing_row', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）']]);
});

function replaceLine(csv: string, startsWith: string, replacement: string | null): string {
  const lines = csv.split('\r\n');
  const i = lines.findIndex((l) => l.startsWith(startsWith));
  assert.ok(i >= 0, startsWith);
  if (replacement === null) lines.splice(i, 1);
  else lines[i] = replacement;
  return lines.join('\r\n');
}

test('a malformed CSV lists every problem, each naming table, row, column, expected and found', async () => {
  let csv = reportToCsv(await computed(national2021, 2021));
  // 1. a non-numeric figure; 2. a figure with a stray word; 3. an unknown row label; 4. a missing row;
  // 5. a wrong unit; 6. a figure on a heading row; 7. an unknown column; 8. a table left out.
  csv = replaceLine(csv, '（一）予以公开,', '（一）予以公开,件,3,二,0,0,1,0,4');
  csv = replaceLine(csv, '2.重复申请,', '2.重复申请,件,1,0,0,0,0,0,约1');
  csv = replaceLine(csv, '3.要求提供公开出版物,', '3.要求提供公开的出版物,件,0,0,0,0,0,0,0');
  csv = replaceLine(csv, '1.信访举报投诉类申请,', null);
  csv = replaceLine(csv, '行政处罚,', '行政处罚,元,3');
  csv = replaceLine(csv, '三、本年度办理结果,', '三、本年度办理结果,,9,,,,,,');
  csv = replaceLine(csv, '信息内容,单位,本年处理决定数量', '信息内容,单位,本年处理决定数量,本年撤销数量');
  const lines = csv.split('\r\n');
  const t4 = lines.indexOf('表,t4,政府信息公开行政复议、行政诉讼情况');
  lines.splice(t4, 3);
  csv = lines.join('\r\n');

  const res = parseReportCsv(csv);
  assert.equal(res.ok, false);
  const problems: ParseProblem[] = res.ok ? [] : res.problems;
  const find = (code: string, row?: string) => problems.find((p) => p.code === code && (row === undefined || p.row === row));

  const nan = find('not_a_number', '（一）予以公开');
  assert.deepEqual(
    { table: nan?.table, col: nan?.col, expected: nan?.expected, found: nan?.found },
    { table: 't3', col: '申请人情况·法人或其他组织·商业企业', expected: '数字', found: '二' },
  );
  assert.match(nan?.message ?? '', /^第\d+行：表三「（一）予以公开」「申请人情况·法人或其他组织·商业企业」列应为数字，实为「二」$/);
  assert.equal(find('not_a_number', '2.重复申请')?.found, '约1');
  assert.equal(find('unknown_row')?.row, '3.要求提供公开的出版物');
  assert.match(find('unknown_row')?.message ?? '', /表三没有行「3\.要求提供公开的出版物」/);
  const missing = problems.filter((p) => p.code === 'missing_row').map((p) => p.row);
  assert.deepEqual(missing, ['1.信访举报投诉类申请', '3.要求提供公开出版物']);
  const unit = find('unit_mismatch');
  assert.deepEqual([unit?.table, unit?.row, unit?.expected, unit?.found], ['t2_6', '行政处罚', '件', '元']);
  const heading = find('heading_has_value');
  assert.deepEqual([heading?.row, heading?.col, heading?.found], ['三、本年度办理结果', '申请人情况·自然人', '9']);
  const col = find('unknown_column');
  assert.deepEqual([col?.table, col?.col], ['t2_5', '本年撤销数量']);
  assert.deepEqual(find('missing_table')?.table, 't4');
  assert.equal(problems.length, 9, problems.map((p) => p.message).join('\n'));
  for (const p of problems) assert.ok(p.message.length > 8);
});

test('reading by label tolerates full-width punctuation, thousands separators, units and reordered columns', async () => {
  const r = seed();
  let csv = reportToCsv(r);
  csv = csv.replace(
    '(一)主动公开政府信息数(不同渠道和方式公开相同的信息列为1条),条,6105',
    '（一）主动公开政府信息数（不同渠道和方式公开相同的信息列为1条）,条,"6,105"',
  );
  csv = csv.replace('四、行政复议数量,件,2', '四、行政复议数量,件,2件');
  assert.deepEqual(ok(parseReportCsv(csv)), r);

  const t = reportToCsv(await computed(national2021, 2021));
  const lines = t.split('\r\n');
  const i = lines.findIndex((l) => l.startsWith('表,t2_1,'));
  const swap = (l: string) => {
    const f = l.split(',');
    [f[2], f[4]] = [f[4]!, f[2]!];
    return f.join(',');
  };
  for (let k = i + 1; k <= i + 3; k++) lines[k] = swap(lines[k]!);
  assert.deepEqual(ok(parseReportCsv(lines.join('\r\n'))), ok(parseReportCsv(t)));
});

test('the two 「(三)其他情形数」 rows of the old table are told apart by their order', () => {
  const r = withCell(seed(), 'stats', 'litigation_other', 'value', 0);
  const back = ok(parseReportCsv(reportToCsv(r)));
  const rows = back.tables[0]!.rows;
  assert.equal(rows.find((x) => x.key === 'reconsideration_other')?.cells.value, 2);
  assert.equal(rows.find((x) => x.key === 'litigation_other')?.cells.value, 0);
});

test('missing or wrong report information is reported, and the caller may supply it', async () => {
  const csv = reportToCsv(await computed(national2021, 2021));
  const noMeta = csv.replace(/机关名称,[^\r]*\r\n/, '').replace('年度,2021', '年度,二〇二一');
  const res = parseReportCsv(noMeta);
  assert.deepEqual(res.ok ? [] : res.problems.map((p) => p.code), ['missing_meta', 'bad_meta']);
  assert.ok(parseReportCsv(noMeta, { org: ORG, year: 2021 }).ok);
  const unknown = parseReportCsv(csv.replace('格式,cn-2021', '格式,cn-2099'));
  assert.deepEqual(unknown.ok ? [] : unknown.problems.map((p) => [p.code, p.found]), [['unknown_format', 'cn-2099']]);
  const truncated = parseReportCsv(`${csv}"unterminated`);
  assert.deepEqual(truncated.ok ? [] : truncated.problems.map((p) => p.code), ['syntax']);
});

test('an XLSX with a text figure and a missing row is reported like a CSV, with sheet and row', async () => {
  const buf = await reportToXlsx(await computed(national2021, 2021));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('表三');
  assert.ok(ws);
  ws.getRow(4).getCell(3).value = 'N/A';
  ws.spliceRows(6, 1);
  const res = await parseReportXlsx(Buffer.from(await wb.xlsx.writeBuffer()));
  assert.equal(res.ok, false);
  const problems = res.ok ? [] : res.problems;
  assert.deepEqual(
    problems.map((p) => [p.code, p.table, p.row, p.col ?? null, p.found ?? null, p.at ?? null]),
    [
      ['not_a_number', 't3', '二、上年结转政府信息公开申请数量', '申请人情况·自然人', 'N/A', '工作表「表三」第4行'],
      ['missing_row', 't3', '（一）予以公开', null, null, '工作表「表三」第1行'],
    ],
  );
});

test("a provincial variant's extra table goes through CSV and XLSX like the national ones", async () => {
  const json = JSON.parse(readFileSync(new URL('../formats/fixtures/test-province-2022.format.json', import.meta.url), 'utf8'));
  const loaded = loadFormat(json, nationalRegistry);
  assert.ok(loaded.ok);
  const registry = createFormatRegistry([...nationalFormats, loaded.format]);
  const { report } = await computeReport({
    format: loaded.format,
    org: ORG,
    year: 2023,
    sources: fakeSources({ 'procurement.projects': 4, 'procurement.amount': 88.5 }),
  });
  const csv = reportToCsv(report, loaded.format);
  assert.ok(csv.includes('表,t2_9,第二十条第（九）项'));
  assert.deepEqual(ok(parseReportCsv(csv, { registry })), report);
  assert.deepEqual(ok(await parseReportXlsx(await reportToXlsx(report, loaded.format), { registry })), report);
  assert.deepEqual(runChecks(report, { registry }), []);
});

test('figures read as printed: units, separators, full-width digits; dashes and blanks are blanks', () => {
  assert.equal(parseFigure('13件', '件'), 13);
  assert.equal(parseFigure('8万元', '万元'), 8);
  assert.equal(parseFigure('１２', '件'), 12);
  assert.equal(parseFigure('1,234.5', '万元'), 1234.5);
  assert.equal(parseFigure('-3', '项'), -3);
  assert.equal(parseFigure('—', '件'), null);
  assert.equal(parseFigure('', '件'), null);
  assert.equal(parseFigure(7, '件'), 7);
  assert.equal(parseFigure('12条', '件'), 'invalid');
  assert.equal(parseFigure('1,23', '件'), 'invalid');
  assert.equal(parseFigure('三', '件'), 'invalid');
});

test('CSV records keep quoted commas, quotes and line breaks, and know their line', () => {
  const { records } = parseCsvRecords('\uFEFFa,"b,c"\r\n"x\r\ny","say ""hi"""\r\n\r\nlast');
  assert.deepEqual(
    records.map((r) => [r.fields, r.at]),
    [
      [['a', 'b,c'], '第1行'],
      [['x\r\ny', 'say "hi"'], '第2行'],
      [[''], '第4行'],
      [['last'], '第5行'],
    ],
  );
});

test('text that a spreadsheet would run as a formula is written inert and read back unchanged', async () => {
  const r = await computeReport({
    format: national2021,
    org: ORG,
    year: 2021,
    sources: fakeSources(),
    texts: { overview: '=HYPERLINK("http://evil.example","点此")', problems: '-一是……', other: "'普通文字" },
  });
  const csv = reportToCsv(r.report);
  assert.ok(csv.includes(`"'=HYPERLINK(""http://evil.example"",""点此"")"`));
  assert.ok(csv.includes("\r\n'-一是……\r\n"));
  assert.deepEqual(ok(parseReportCsv(csv)), r.report);
});
