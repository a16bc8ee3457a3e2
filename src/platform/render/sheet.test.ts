import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { renderCsv, renderDocumentXlsx, renderXlsx, UTF8_BOM } from './sheet.ts';
import type { Table } from './doc-model.ts';
import { sampleLongTable, sampleReport, sampleTableThree } from './samples.ts';

async function readBack(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  // exceljs declares its own `Buffer extends ArrayBuffer`; hand it the bytes' own ArrayBuffer slice.
  await wb.xlsx.load(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
  return wb;
}

test('each table becomes a sheet named after its caption', async () => {
  const wb = await readBack(await renderXlsx([sampleTableThree(), sampleLongTable(5)]));
  assert.deepEqual(
    wb.worksheets.map((w) => w.name),
    ['三、收到和处理政府信息公开申请情况', '2021年政府信息公开申请办理登记表'],
  );
});

test('numbers stay numbers, so a sum in Excel works; money carries a two-decimal format', async () => {
  const wb = await readBack(await renderXlsx([sampleTableThree(), sampleLongTable(5)]));
  const t3 = wb.worksheets[0]!;
  assert.equal(t3.getCell('C4').value, 12);
  assert.equal(t3.getCell('J4').value, 16);
  const reg = wb.worksheets[1]!;
  assert.equal(reg.getCell('A2').value, 1);
  assert.equal(reg.getCell('E2').value, 100);
  assert.equal(reg.getCell('E2').numFmt, '0.00');
  assert.equal(reg.getCell('C2').value, '关于洪江区第1号老旧小区改造项目资金使用情况的申请');
});

test('header rows are bold, frozen and printed on every page; merged cells stay merged', async () => {
  const ws = (await readBack(await renderXlsx([sampleTableThree()]))).worksheets[0]!;
  assert.equal(ws.getCell('A1').font?.bold, true);
  assert.equal(ws.getCell('D3').value, '商业企业');
  assert.equal(ws.getCell('D3').font?.bold, true);
  assert.notEqual(ws.getCell('C4').font?.bold, true);
  assert.equal(ws.views[0]?.state, 'frozen');
  assert.equal((ws.views[0] as { ySplit?: number }).ySplit, 3);
  assert.equal(ws.pageSetup.printTitlesRow, '1:3');
  // Merged: the covered cells read as the master's value.
  assert.equal(ws.getCell('B3').isMerged, true);
  assert.equal(ws.getCell('B3').master.address, 'A1');
  assert.equal(ws.getCell('J3').master.address, 'J2'); // 总计 spans two header rows
  assert.equal(ws.getCell('A7').master.address, 'A6'); // 三、本年度办理结果 spans three rows
});

test('column widths follow the table widths (about two units per Chinese character)', async () => {
  const ws = (await readBack(await renderXlsx([sampleTableThree()]))).worksheets[0]!;
  assert.equal(ws.getColumn(2).width, 22); // 10 characters
  assert.equal(ws.getColumn(3).width, 8); // 3 characters
});

test('sheet names are cleaned of characters Excel forbids, cut to 31, and made unique', async () => {
  const t = (caption?: string): Table => ({ kind: 'table', ...(caption ? { caption } : {}), rows: [['a'], [1]] });
  const wb = await readBack(await renderXlsx([t('表一：收费/减免情况'), t('表一：收费/减免情况'), t(), t('一'.repeat(40))]));
  assert.deepEqual(
    wb.worksheets.map((w) => w.name),
    // The full-width colon is fine in a sheet name; only the ASCII one is forbidden.
    ['表一：收费 减免情况', '表一：收费 减免情况（2）', '表3', '一'.repeat(31)],
  );
});

test('a document exports its tables with its author and date', async () => {
  const wb = await readBack(await renderDocumentXlsx(sampleReport({ longRows: 2 })));
  assert.equal(wb.worksheets.length, 2);
  assert.equal(wb.creator, '洪江区人民政府办公室');
  assert.equal(wb.created.toISOString(), '2022-01-19T16:00:00.000Z');
});

test('CSV starts with a UTF-8 byte-order mark and ends each record with CRLF', () => {
  const csv = renderCsv(sampleLongTable(2));
  assert.ok(csv.subarray(0, 3).equals(UTF8_BOM));
  const text = csv.subarray(3).toString('utf8');
  assert.equal(
    text,
    '序号,收到日期,申请内容,办理结果,收费（元）\r\n1,2021-01-01,关于洪江区第1号老旧小区改造项目资金使用情况的申请,予以公开,100.00\r\n2,2021-02-02,关于洪江区第2号老旧小区改造项目资金使用情况的申请,部分公开,0.00\r\n',
  );
});

test('CSV quotes fields holding commas, quotes or line breaks, doubling the quotes (RFC 4180)', () => {
  const csv = renderCsv({
    kind: 'table',
    rows: [
      ['内容', '数'],
      ['甲,乙', 1],
      ['他说"公开"', 2],
      ['第一行\n第二行', 3],
    ],
  });
  assert.equal(csv.subarray(3).toString('utf8'), '内容,数\r\n"甲,乙",1\r\n"他说""公开""",2\r\n"第一行\n第二行",3\r\n');
});

test('CSV leaves merged slots blank: the text sits in the top-left slot of the merge', () => {
  const lines = renderCsv(sampleTableThree()).subarray(3).toString('utf8').split('\r\n');
  assert.equal(lines[0], '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）,,申请人情况,,,,,,,');
  assert.equal(lines[1], ',,自然人,法人或其他组织,,,,,其他,总计');
  assert.equal(lines[6], ',（二）部分公开（区分处理的，只计这一情形，不计其他情形）,2,0,0,0,0,0,0,2');
});

test('CSV text that a spreadsheet would run as a formula is defused; negative numbers are not', () => {
  const csv = renderCsv({
    kind: 'table',
    rows: [
      ['内容', '数'],
      ['=HYPERLINK("http://x","点击")', -5],
      ['@SUM(A1)', 1],
      ['-1+2', 0],
      ['+86 电话', 0],
    ],
  });
  const lines = csv.subarray(3).toString('utf8').split('\r\n');
  assert.equal(lines[1], `"'=HYPERLINK(""http://x"",""点击"")",-5`);
  assert.equal(lines[2], "'@SUM(A1),1");
  assert.equal(lines[3], "'-1+2,0");
  assert.equal(lines[4], "'+86 电话,0");
});

test('XLSX stores formula-like text as text, not as a formula', async () => {
  const ws = (await readBack(await renderXlsx([{ kind: 'table', rows: [['内容'], ['=1+1']] }]))).worksheets[0]!;
  assert.equal(ws.getCell('A2').value, '=1+1');
  assert.equal(ws.getCell('A2').formula, undefined);
});
