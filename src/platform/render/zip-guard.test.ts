import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { Document, Packer, Paragraph } from 'docx';
import { DEFAULT_ZIP_LIMITS, guardZip, ZipFormatError, ZipLimitError } from './zip-guard.ts';
import { readWorkbook } from './sheet.ts';
import { deflatedZeros, GiB, manyEntries, measure, writeZip, xlsxBomb } from '../../../test/support/zip-bomb.ts';

const MiB = 1024 * 1024;

async function refused(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => assert.fail('expected a refusal'),
    (x: unknown) => x,
  );
  assert.ok(e instanceof ZipLimitError, String(e));
  assert.equal(e.issues[0]!.field, 'file');
  return e.issues[0]!.message;
}

test('a 1 GiB bomb that declares its size is refused from the central directory, before anything is inflated', async () => {
  const bomb = await xlsxBomb();
  assert.ok(bomb.length < 1.1 * MiB, `the bomb is small (${bomb.length} bytes)`);
  const m = await measure(() => guardZip(bomb, 'bomb.xlsx', DEFAULT_ZIP_LIMITS));
  assert.ok(m.error instanceof ZipLimitError);
  assert.equal(m.error.issues[0]!.message, '文件《bomb.xlsx》解压后超过 100 MB 的上限（2 个条目声明解压后共 1 GB），已拒绝');
  assert.ok(m.ms < 1000, `${m.ms} ms`);
  assert.ok(m.rssGrowth < 100 * MiB, `RSS grew ${m.rssGrowth} bytes`);
});

test('a bomb whose header says 1 KB is stopped by the running count as soon as it passes the limit, in bounded memory', async () => {
  const bomb = await xlsxBomb({ declared: 1024 });
  const m = await measure(() => guardZip(bomb, 'bomb.xlsx', DEFAULT_ZIP_LIMITS));
  assert.ok(m.error instanceof ZipLimitError, String(m.error));
  assert.equal(
    m.error.issues[0]!.message,
    '文件《bomb.xlsx》解压后超过 100 MB 的上限（解压到条目“xl/worksheets/sheet1.xml”时已超过上限，而文件声明它只有 1 KB），已拒绝',
  );
  assert.ok(m.ms < 1000, `${m.ms} ms`);
  assert.ok(m.rssGrowth < 100 * MiB, `RSS grew ${m.rssGrowth} bytes`);
  // Three at once: each stops at the limit, none holds what it inflated.
  const three = await measure(() => Promise.all([1, 2, 3].map(() => refused(guardZip(bomb, 'bomb.xlsx', DEFAULT_ZIP_LIMITS)))));
  assert.equal(three.result?.length, 3);
  assert.ok(three.ms < 1000, `${three.ms} ms`);
  assert.ok(three.rssGrowth < 100 * MiB, `RSS grew ${three.rssGrowth} bytes`);
});

test('the limit counts every entry together, stored ones and entries sharing one piece of data too', async () => {
  const limits = { maxBytes: 2 * MiB, maxEntries: 1000 };
  const oneMeg = await deflatedZeros(1.5 * MiB);
  // Two entries of 1.5 MB, each declared 1 KB: the second one passes the 2 MB total.
  const two = writeZip([
    { name: 'a.xml', data: oneMeg, declared: 1024 },
    { name: 'b.xml', data: oneMeg, declared: 1024 },
  ]);
  assert.match(await refused(guardZip(two, 'two.xlsx', limits)), /解压到条目“b\.xml”时已超过上限/);
  // A stored entry inflates to its own length, whatever it declares.
  const stored = writeZip([{ name: 'big.bin', data: Buffer.alloc(3 * MiB), method: 0, declared: 10 }]);
  assert.match(await refused(guardZip(stored, 'stored.docx', limits)), /big\.bin/);
  // Overlapping entries (the central directory points ten times at one local entry) count ten times.
  const half = await deflatedZeros(MiB / 2);
  const overlap = writeZip([
    { name: 'x0', data: half, declared: 1 },
    ...Array.from({ length: 9 }, (_, i) => ({ name: `x${i + 1}`, data: half, declared: 1, sameDataAs: 0 })),
  ]);
  assert.match(await refused(guardZip(overlap, 'overlap.xlsx', limits)), /解压到条目“x4”时已超过上限/);
});

test('more entries than allowed is refused from the directory alone, with the counts named', async () => {
  assert.equal(
    await refused(guardZip(manyEntries(1001), '名册.xlsx', DEFAULT_ZIP_LIMITS)),
    '文件《名册.xlsx》包含 1001 个压缩条目，超过 1000 个的上限，已拒绝',
  );
  await guardZip(manyEntries(1000), '名册.xlsx', DEFAULT_ZIP_LIMITS);
});

test('ZIP64 archives are read through their ZIP64 records: honest small ones pass, a 5 GiB declaration is refused', async () => {
  const text = Buffer.from('<x>公开</x>');
  const small = writeZip([{ name: 'a.xml', data: deflateRawSync(text), declared: text.length, zip64: true }], { zip64: true });
  const verified = await guardZip(small, 'z64.xlsx', DEFAULT_ZIP_LIMITS);
  assert.equal(await (await JSZip.loadAsync(verified)).file('a.xml')!.async('string'), '<x>公开</x>');
  const huge = writeZip([{ name: 'a.xml', data: await deflatedZeros(MiB), declared: 5 * GiB, zip64: true }], { zip64: true });
  assert.match(await refused(guardZip(huge, 'z64.xlsx', DEFAULT_ZIP_LIMITS)), /声明解压后共 5 GB/);
  // 0xFFFF entries in the EOCD without the ZIP64 records is not an archive the guard reads.
  const broken = Buffer.from(small);
  broken.writeUInt32LE(0, broken.length - 42); // the locator's signature
  await assert.rejects(guardZip(broken, 'z64.xlsx', DEFAULT_ZIP_LIMITS), ZipFormatError);
});

test('the libraries open the archive the guard verified: entries past the declared count never reach them', async () => {
  const t = Buffer.from('x');
  // The EOCD declares one entry; a second central entry follows (jszip would read it too).
  const sly = writeZip(
    [
      { name: 'ok.xml', data: t, method: 0, declared: 1 },
      { name: 'bomb.xml', data: await deflatedZeros(8 * MiB), declared: 1 },
    ],
    { declaredCount: 1 },
  );
  const verified = await guardZip(sly, 'sly.xlsx', { maxBytes: 2 * MiB, maxEntries: 10 });
  assert.deepEqual(Object.keys((await JSZip.loadAsync(verified)).files), ['ok.xml']);
});

test('real workbooks and documents pass unchanged in content: exceljs and jszip read the verified archive', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.addRow(['编号', '申请人']);
  for (let i = 1; i <= 500; i++) ws.addRow([`YSQ-${i}`, `申请人${i}`]);
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
  const read = await readWorkbook(xlsx, '台账.xlsx', DEFAULT_ZIP_LIMITS);
  assert.ok(read);
  assert.equal(read.worksheets[0]!.getRow(501).getCell(2).value, '申请人500');
  const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('洪江区政务公开工作要点')] }] }));
  const zip = await JSZip.loadAsync(await guardZip(docx, '要点.docx', DEFAULT_ZIP_LIMITS));
  assert.match(await zip.file('word/document.xml')!.async('string'), /洪江区政务公开工作要点/);
  // Not a zip at all, or a truncated one: unreadable (the importers say so in their words), not a limit.
  assert.equal(await readWorkbook(Buffer.from('编号,申请人\n'.repeat(10)), 'a.xlsx'), undefined);
  assert.equal(await readWorkbook(xlsx.subarray(0, xlsx.length - 30), 'a.xlsx'), undefined);
  await assert.rejects(readWorkbook(await xlsxBomb({ declared: 1024 }), 'bomb.xlsx'), ZipLimitError);
});
