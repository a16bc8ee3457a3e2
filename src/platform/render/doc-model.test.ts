import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../kernel/errors.ts';
import {
  OFFICIAL_PAGE,
  documentDate,
  layoutTable,
  paragraph,
  bold,
  pngSize,
  signatureDate,
  signatureLayout,
  textWidthChars,
  typeAreaWidthPt,
  mmToPt,
  type GridCell,
  type Table,
} from './doc-model.ts';
import { sampleLetter, sampleTableThree } from './samples.ts';

const cellAt = (t: Table, r: number, c: number): GridCell => {
  const s = layoutTable(t).slots[r]![c]!;
  assert.equal(s.kind, 'cell', `slot ${r},${c} should be a cell`);
  return s as GridCell;
};

test('merged cells of report table 三 land on the grid as a browser would place them', () => {
  const t = sampleTableThree();
  const g = layoutTable(t);
  assert.equal(g.columnCount, 10);
  assert.equal(g.headerRows, 3);
  assert.deepEqual(g.slots[0]![1], { kind: 'covered', row: 0, col: 0 }); // under the 2×3 corner cell
  assert.deepEqual(g.slots[2]![1], { kind: 'covered', row: 0, col: 0 });
  assert.equal(cellAt(t, 1, 2).text, '自然人');
  assert.equal(cellAt(t, 1, 2).rowSpan, 2);
  assert.deepEqual(g.slots[2]![2], { kind: 'covered', row: 1, col: 2 }); // 自然人 reaches down
  assert.equal(cellAt(t, 2, 3).text, '商业企业'); // the third header row starts after the covered slots
  assert.equal(cellAt(t, 1, 8).text, '其他');
  assert.equal(cellAt(t, 6, 1).text, '（二）部分公开（区分处理的，只计这一情形，不计其他情形）');
  assert.deepEqual(g.slots[6]![0], { kind: 'covered', row: 5, col: 0 }); // 三、本年度办理结果 spans 3 rows
  for (const row of g.slots) assert.equal(row.length, 10);
});

test('header cells are centred and bold, numbers right-aligned, text left-aligned', () => {
  const t = sampleTableThree();
  assert.equal(cellAt(t, 0, 2).align, 'center');
  assert.equal(cellAt(t, 0, 2).bold, true);
  assert.equal(cellAt(t, 3, 2).align, 'right');
  assert.equal(cellAt(t, 3, 2).isNumber, true);
  assert.equal(cellAt(t, 3, 0).align, 'left');
  assert.equal(cellAt(t, 3, 0).bold, false);
});

test('a number cell with decimals prints fixed decimals; null prints empty', () => {
  const t: Table = { kind: 'table', rows: [['收费'], [{ value: 100, decimals: 2 }], [null], [0.5]] };
  assert.equal(cellAt(t, 1, 0).text, '100.00');
  assert.equal(cellAt(t, 2, 0).text, '');
  assert.equal(cellAt(t, 3, 0).text, '0.5');
});

test('a row that does not fill the columns is rejected, naming the row', () => {
  const t: Table = {
    kind: 'table',
    rows: [
      ['a', 'b', 'c'],
      ['1', '2'],
    ],
  };
  assert.throws(
    () => layoutTable(t),
    (e: unknown) => e instanceof ValidationError && e.issues[0]!.field === 'table.rows[1]',
  );
});

test('a header cell merged down into the body is rejected: a repeated header must be whole', () => {
  const t: Table = { kind: 'table', headerRows: 1, rows: [[{ value: '项目', rowSpan: 2 }, '数量'], [1]] };
  assert.throws(
    () => layoutTable(t),
    (e: unknown) => e instanceof ValidationError && /表头/.test(e.message),
  );
});

test('a span running off the table or overlapping another cell is rejected', () => {
  assert.throws(() => layoutTable({ kind: 'table', headerRows: 0, rows: [[{ value: 'x', rowSpan: 3 }], ['y']] }), ValidationError);
  assert.throws(() => layoutTable({ kind: 'table', headerRows: 0, rows: [['a', { value: 'b', rowSpan: 2 }], [{ value: 'c', colSpan: 2 }]] }), ValidationError);
});

test('widths must give one positive number per column; without them the content decides', () => {
  assert.throws(() => layoutTable({ kind: 'table', widths: [1], rows: [['a', 'b']] }), ValidationError);
  const g = layoutTable({
    kind: 'table',
    rows: [
      ['序号', '申请内容'],
      [1, '关于老旧小区改造项目资金使用情况的申请'],
    ],
  });
  assert.ok(g.widths[1]! > g.widths[0]! * 3, `widths ${g.widths}`);
});

test('the signature date is written in full with no leading zeros (GB/T 9704 7.3.5)', () => {
  assert.equal(signatureDate('2021-03-05'), '2021年3月5日');
  assert.throws(() => signatureDate('2021-02-30'), ValidationError);
});

test('the date sits four characters from the right and the body is centred over it', () => {
  const at = signatureLayout('洪江区人民政府办公室', '2021年3月5日'); // 10 chars over 6
  assert.equal(at.dateRightChars, 4);
  assert.equal(at.bodyRightChars, 2);
  assert.equal(signatureLayout('办公室', '2021年3月5日').bodyRightChars, 5.5);
  assert.equal(signatureLayout('洪江区人民政府办公室洪江区人民政府办公室', '2021年3月5日').bodyRightChars, 0);
});

test('Han characters and full-width punctuation are one character wide, digits and Latin half', () => {
  assert.equal(textWidthChars('2021年'), 3);
  assert.equal(textWidthChars('〔2021〕'), 4);
  assert.equal(textWidthChars('“公开”'), 4);
});

test('the page follows GB/T 9704: A4, 156 mm type area, 22 lines of 28.95 pt', () => {
  assert.ok(Math.abs(typeAreaWidthPt() - mmToPt(156)) < 0.01);
  assert.ok(Math.abs(OFFICIAL_PAGE.linePitchPt - 28.99) < 0.01);
  assert.ok(typeAreaWidthPt('landscape') > typeAreaWidthPt('portrait'));
});

test('pngSize reads the IHDR and refuses anything else', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000002800000019008060000', 'hex');
  assert.deepEqual(pngSize(png), { width: 640, height: 400 });
  assert.throws(() => pngSize(Buffer.from('GIF89a................')), ValidationError);
});

test('builders turn strings and bold runs into runs', () => {
  assert.deepEqual(paragraph(['依据', bold('第三十六条')], { indent: false }), {
    kind: 'paragraph',
    runs: [{ text: '依据' }, { text: '第三十六条', bold: true }],
    indent: false,
  });
});

test('the file date defaults to the signature date, so the same model gives the same bytes', () => {
  assert.equal(documentDate(sampleLetter()).toISOString(), '2021-03-04T16:00:00.000Z');
  const when = new Date('2022-01-01T00:00:00Z');
  assert.equal(documentDate({ ...sampleLetter(), meta: { createdAt: when } }), when);
  assert.equal(documentDate({ title: 't', blocks: [] }).getTime(), 0);
});
