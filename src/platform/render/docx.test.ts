import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '../../kernel/errors.ts';
import { renderDocx } from './docx.ts';
import { heading, type DocModel } from './doc-model.ts';
import { sampleLetter, sampleLongTable, sampleReport, sampleTableThree } from './samples.ts';

// A DOCX is a zip of XML parts; the checks read word/document.xml and friends as Word would.
const dir = mkdtempSync(join(tmpdir(), 'gongkai-docx-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function parts(doc: DocModel): Promise<(name: string) => string> {
  const file = join(dir, `d${n++}.docx`);
  writeFileSync(file, await renderDocx(doc));
  return (name) => execFileSync('unzip', ['-p', file, name], { encoding: 'utf8', maxBuffer: 64 << 20 });
}
/** The visible text of a part: all w:t contents joined. */
const textOf = (xml: string): string => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
const paragraphs = (xml: string): string[] => xml.match(/<w:p>[\s\S]*?<\/w:p>|<w:p [\s\S]*?<\/w:p>/g) ?? [];
const tables = (xml: string): string[] => xml.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? [];
const rowsOf = (tbl: string): string[] => tbl.match(/<w:tr>[\s\S]*?<\/w:tr>/g) ?? [];
const cellsOf = (tr: string): string[] => tr.match(/<w:tc>[\s\S]*?<\/w:tc>/g) ?? [];

test('the letter carries its title, number, addressee, legal basis, body and date as text', async () => {
  const part = await parts(sampleLetter());
  const text = textOf(part('word/document.xml'));
  for (const s of [
    '洪江区人民政府办公室',
    '政府信息公开申请答复告知书',
    '洪政公开告〔2021〕3号',
    '张三：',
    '第三十六条第（一）项',
    '特此告知。',
    '2021年3月5日',
  ]) {
    assert.ok(text.includes(s), `missing ${s}`);
  }
  const core = part('docProps/core.xml');
  assert.match(core, /<dc:title>洪江区人民政府办公室政府信息公开申请答复告知书<\/dc:title>/);
  assert.match(core, /<dc:creator>洪江区人民政府办公室<\/dc:creator>/);
});

test('Chinese is mapped to 仿宋 and Latin to Times New Roman, with zh-CN as the East-Asian language', async () => {
  const styles = (await parts(sampleLetter()))('word/styles.xml');
  const defaults = /<w:rPrDefault>([\s\S]*?)<\/w:rPrDefault>/.exec(styles)?.[1] ?? '';
  assert.match(defaults, /<w:rFonts w:ascii="Times New Roman" w:cs="Times New Roman" w:eastAsia="仿宋" w:hAnsi="Times New Roman"\/>/);
  assert.match(defaults, /<w:sz w:val="32"\/>/); // 3号 = 16 pt
  assert.match(defaults, /w:eastAsia="zh-CN"/);
  assert.match(styles, /<w:spacing w:line="580" w:lineRule="exact"\/>/); // 28.95 pt, 22 lines a page
  const style = (id: string): string => new RegExp(`<w:style w:type="paragraph" w:styleId="${id}">[\\s\\S]*?</w:style>`).exec(styles)?.[0] ?? '';
  assert.match(style('Title'), /w:eastAsia="宋体"/);
  assert.match(style('Title'), /<w:sz w:val="44"\/>/); // 2号
  assert.match(style('Heading1'), /w:eastAsia="黑体"/);
  assert.match(style('Heading2'), /w:eastAsia="楷体"/);
  assert.match(style('Heading1'), /<w:keepNext\/>/);
});

test('body paragraphs indent their first line two characters; the addressee line does not', async () => {
  const doc = (await parts(sampleLetter()))('word/document.xml');
  const ps = paragraphs(doc);
  const addressee = ps.find((p) => textOf(p) === '张三：') ?? '';
  const body = ps.find((p) => textOf(p).startsWith('本机关于')) ?? '';
  assert.match(body, /<w:ind w:firstLine="640" w:firstLineChars="200"\/>/);
  assert.match(body, /<w:jc w:val="both"\/>/);
  assert.doesNotMatch(addressee, /firstLineChars/);
});

test('bold runs stay bold', async () => {
  const doc = (await parts(sampleLetter()))('word/document.xml');
  assert.match(doc, /<w:r><w:rPr><w:b\/><w:bCs\/><\/w:rPr><w:t xml:space="preserve">《中华人民共和国政府信息公开条例》第三十六条第（一）项<\/w:t><\/w:r>/);
});

test('the signature is right-aligned: date four characters in, body centred over it', async () => {
  const ps = paragraphs((await parts(sampleLetter()))('word/document.xml'));
  const date = ps.find((p) => textOf(p) === '2021年3月5日') ?? '';
  const body = ps.filter((p) => textOf(p) === '洪江区人民政府办公室').at(-1) ?? '';
  assert.match(date, /<w:ind w:right="1280"\/>/); // 4 × 16 pt × 20
  assert.match(date, /<w:jc w:val="right"\/>/);
  assert.match(body, /<w:ind w:right="640"\/>/); // 10 characters over 6: 2 characters in
  assert.match(body, /<w:keepNext\/>/);
});

test('table 三 keeps its three header rows repeating and its merged cells on a 10-column grid', async () => {
  const doc = (await parts({ title: '表', blocks: [sampleTableThree()] }))('word/document.xml');
  const [tbl] = tables(doc);
  assert.ok(tbl);
  assert.equal((tbl.match(/<w:gridCol /g) ?? []).length, 10);
  const rows = rowsOf(tbl);
  assert.equal(rows.length, 9);
  rows.forEach((tr, r) => {
    assert.equal(/<w:tblHeader\/>/.test(tr), r < 3, `row ${r} header flag`);
    assert.match(tr, /<w:cantSplit\/>/);
    // Every row covers the whole grid: a cell counts its gridSpan, vertical-merge continuations included.
    const width = cellsOf(tr).reduce((sum, tc) => sum + Number(/<w:gridSpan w:val="(\d+)"\/>/.exec(tc)?.[1] ?? 1), 0);
    assert.equal(width, 10, `row ${r} spans ${width} columns`);
  });
  const corner = cellsOf(rows[0]!)[0]!;
  assert.match(corner, /<w:gridSpan w:val="2"\/><w:vMerge w:val="restart"\/>/);
  assert.ok(textOf(corner).startsWith('（本列数据的勾稽关系为'));
  for (const r of [1, 2]) assert.match(cellsOf(rows[r]!)[0]!, /<w:gridSpan w:val="2"\/><w:vMerge w:val="continue"\/>/);
  const natural = cellsOf(rows[1]!)[1]!;
  assert.equal(textOf(natural), '自然人');
  assert.match(natural, /<w:vMerge w:val="restart"\/>/);
  assert.match(cellsOf(rows[2]!)[1]!, /<w:vMerge w:val="continue"\/>/);
  assert.equal(textOf(cellsOf(rows[2]!)[2]!), '商业企业');
});

test('numbers are right-aligned and money keeps two decimals', async () => {
  const [tbl] = tables((await parts({ title: '表', blocks: [sampleLongTable(2)] }))('word/document.xml'));
  assert.ok(tbl);
  const fee = cellsOf(rowsOf(tbl)[1]!)[4]!;
  assert.equal(textOf(fee), '100.00');
  assert.match(fee, /<w:jc w:val="right"\/>/);
});

test('a 300-row table has one repeated header row and all 300 rows', async () => {
  const [tbl] = tables((await parts({ title: '表', blocks: [sampleLongTable(300)] }))('word/document.xml'));
  assert.ok(tbl);
  const rows = rowsOf(tbl);
  assert.equal(rows.length, 301);
  assert.equal(rows.filter((r) => r.includes('<w:tblHeader/>')).length, 1);
  assert.equal(textOf(cellsOf(rows[300]!)[0]!), '300');
});

test('pages are A4 with the GB/T 9704 margins and odd/even page numbers', async () => {
  const part = await parts(sampleReport({ longRows: 3 }));
  const doc = part('word/document.xml');
  assert.match(doc, /<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"\/>/);
  assert.match(doc, /<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
  assert.match(doc, /<w:footerReference w:type="default"/);
  assert.match(doc, /<w:footerReference w:type="even"/);
  assert.match(part('word/settings.xml'), /<w:evenAndOddHeaders\/>/);
  const footers = [part('word/footer1.xml'), part('word/footer2.xml')].join('');
  assert.match(footers, /PAGE/);
  assert.match(footers, /<w:jc w:val="right"\/>/);
  assert.match(footers, /<w:jc w:val="left"\/>/);
});

test('landscape swaps the page', async () => {
  const doc = (await parts({ title: '宽表', orientation: 'landscape', blocks: [sampleTableThree()] }))('word/document.xml');
  assert.match(doc, /<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
});

test('headings use Word heading styles, so the navigation pane sees the structure', async () => {
  const doc = (await parts({ title: 't', blocks: [heading(1, '一、总体情况'), heading(2, '（一）主动公开')] }))('word/document.xml');
  assert.match(doc, /<w:pStyle w:val="Heading1"\/>[\s\S]*?一、总体情况/);
  assert.match(doc, /<w:pStyle w:val="Heading2"\/>[\s\S]*?（一）主动公开/);
});

test('an image goes in as a PNG part with its alternative text', async () => {
  const png = Buffer.from(
    '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
    'hex',
  );
  const part = await parts({ title: '图', blocks: [{ kind: 'image', png, alt: '办理结果柱状图', widthMm: 100 }] });
  assert.ok(part('word/media/image1.png').length > 0);
  assert.match(part('word/document.xml'), /<wp:docPr [^>]*descr="办理结果柱状图"/);
});

test('an invalid table is refused', async () => {
  await assert.rejects(renderDocx({ title: 't', blocks: [{ kind: 'table', rows: [['a', 'b'], ['c']] }] }), ValidationError);
});
