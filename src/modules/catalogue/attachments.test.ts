import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import ExcelJS from 'exceljs';
import { checkAttachment, storeFile, readStoredFile, storedPath } from './attachments.ts';
import { renderPdf, paragraph } from '../../platform/render/index.ts';
import { ValidationError } from '../../kernel/errors.ts';

const LIMITS = { maxBytes: 2 * 1024 * 1024, maxImageBytes: 512 * 1024 };
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ValidationError, String(e));
    assert.equal(e.issues[0]?.field, 'file');
    return e.issues[0]?.message ?? '';
  }
  assert.fail('expected a refusal');
}

test('a PDF is read for its Chinese text, with line breaks inside a sentence joined', async () => {
  const pdf = await renderPdf({
    title: '关于发放城乡低保资金的通知',
    blocks: [paragraph('各乡（街道）：现将行政复议有关事项通知如下。申请人身份证号11010519491231002X。')],
    meta: { author: '张晓燕' },
  });
  const a = await checkAttachment('低保通知.pdf', pdf, LIMITS);
  assert.equal(a.kind, 'pdf');
  assert.match(a.text, /关于发放城乡低保资金的通知/);
  assert.match(a.text, /行政复议/);
  assert.match(a.text, /11010519491231002X/);
  assert.deepEqual(a.flags, [{ kind: 'metadata', detail: '作者：张晓燕' }]);
});

test('a DOCX is read for its text, and its author, comments-free body and tracked changes are reported', async () => {
  const doc = new Document({
    creator: '李红梅',
    lastModifiedBy: '王建国',
    sections: [{ children: [new Paragraph({ children: [new TextRun('洪江区政务公开工作要点')] }), new Paragraph('联系人手机13812345678')] }],
  });
  const bytes = await Packer.toBuffer(doc);
  const a = await checkAttachment('要点.docx', bytes, LIMITS);
  assert.equal(a.kind, 'docx');
  assert.match(a.text, /洪江区政务公开工作要点\n联系人手机13812345678/);
  assert.deepEqual(
    a.flags.map((f) => f.detail),
    ['作者：李红梅', '最后修改者：王建国'],
  );
});

test('an XLSX is read cell by cell and a hidden sheet is flagged', async () => {
  const wb = new ExcelJS.Workbook();
  wb.creator = '';
  const s1 = wb.addWorksheet('低保名册');
  s1.addRow(['姓名', '金额']);
  s1.addRow(['张三', 320]);
  const s2 = wb.addWorksheet('身份证号');
  s2.state = 'hidden';
  s2.addRow(['11010519491231002X']);
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  const a = await checkAttachment('名册.xlsx', bytes, LIMITS);
  assert.equal(a.kind, 'xlsx');
  assert.match(a.text, /姓名\t金额\n张三\t320/);
  assert.match(a.text, /11010519491231002X/, 'hidden sheets are read too, so the scan sees them');
  assert.ok(a.flags.some((f) => f.kind === 'hidden_sheet' && f.detail.includes('身份证号')));
});

test('a file whose name does not match its content is refused as disguised', async () => {
  assert.match(await refusal(checkAttachment('通知.pdf', PNG, LIMITS)), /扩展名是“\.pdf”，但文件内容是PNG 图片/);
});

test('an executable renamed to .pdf is refused naming what it really is', async () => {
  const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(400)]);
  exe.writeUInt32LE(64, 60);
  const msg = await refusal(checkAttachment('通知.pdf', exe, LIMITS));
  assert.match(msg, /不在允许的类型内/);
});

test('an oversized file is refused with its size and the limit', async () => {
  const big = Buffer.concat([PNG, Buffer.alloc(LIMITS.maxImageBytes)]);
  assert.match(await refusal(checkAttachment('大图.png', big, LIMITS)), /超过图片 512 KB 的上限/);
  const huge = Buffer.alloc(LIMITS.maxBytes + 1);
  assert.match(await refusal(checkAttachment('x.pdf', huge, LIMITS)), /2 MB 的上限/);
});

test('files are stored once per content hash and read back', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gk-files-'));
  try {
    const a = await checkAttachment('a.png', PNG, LIMITS);
    await storeFile(dir, a.sha256, a.bytes);
    await storeFile(dir, a.sha256, a.bytes);
    assert.deepEqual(readdirSync(join(dir, a.sha256.slice(0, 2))), [a.sha256]);
    assert.deepEqual(await readStoredFile(dir, a.sha256), PNG);
    assert.equal(storedPath(dir, a.sha256), join(dir, a.sha256.slice(0, 2), a.sha256));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
