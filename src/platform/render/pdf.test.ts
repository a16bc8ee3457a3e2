import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '../../kernel/errors.ts';
import { OFFICIAL_PAGE, heading, mmToPt, pageSizePt, paragraph, type DocModel } from './doc-model.ts';
import { renderPdf } from './pdf.ts';
import { renderChartPng } from './chart.ts';
import { sampleLetter, sampleLongTable, sampleReport, sampleTableThree } from './samples.ts';

// Checked with poppler (pdftotext, pdffonts, pdftoppm), the tools a reader's viewer is built like:
// text must come out as text, and also be drawn (the @fontsource failure was extractable but
// invisible text).
const dir = mkdtempSync(join(tmpdir(), 'gongkai-pdf-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function pdfFile(doc: DocModel): Promise<string> {
  const file = join(dir, `d${n++}.pdf`);
  writeFileSync(file, await renderPdf(doc));
  return file;
}
const run = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
const squash = (s: string): string => s.replace(/\s+/g, '');

interface Line {
  x0: number;
  y0: number;
  x1: number;
  text: string;
}
/** Lines with positions (pt from the top-left), page by page, from pdftotext -bbox-layout. */
function linesByPage(file: string): Line[][] {
  const xml = run('pdftotext', ['-bbox-layout', file, '-']);
  return xml
    .split('<page ')
    .slice(1)
    .map((page) =>
      [...page.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([\s\S]*?)<\/line>/g)].map((m) => ({
        x0: Number(m[1]),
        y0: Number(m[2]),
        x1: Number(m[3]),
        text: [...m[4]!.matchAll(/<word[^>]*>([^<]*)<\/word>/g)].map((w) => w[1]).join(''),
      })),
    );
}

/** Share of dark pixels in a band of page 1, rasterised by pdftoppm as greyscale PGM. */
function inkShare(file: string, band: { top: number; bottom: number }): number {
  const base = join(dir, `ink${n++}`);
  execFileSync('pdftoppm', ['-gray', '-r', '40', '-f', '1', '-l', '1', '-singlefile', file, base]);
  const pgm = readFileSync(`${base}.pgm`);
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.toString('latin1', 0, 40));
  assert.ok(header, 'pdftoppm wrote a PGM');
  const [w, h] = [Number(header[1]), Number(header[2])];
  const pixels = pgm.subarray(header[0].length);
  let dark = 0;
  const y0 = Math.floor(h * band.top);
  const y1 = Math.floor(h * band.bottom);
  for (let y = y0; y < y1; y++) for (let x = 0; x < w; x++) if (pixels[y * w + x]! < 128) dark++;
  return dark / ((y1 - y0) * w);
}

const left = mmToPt(OFFICIAL_PAGE.marginsMm.left);
const right = pageSizePt().width - mmToPt(OFFICIAL_PAGE.marginsMm.right);

test('the letter is one A4 page whose Chinese comes out as text: number, addressee, legal basis, date', async () => {
  const file = await pdfFile(sampleLetter());
  const info = run('pdfinfo', [file]);
  assert.match(info, /Pages:\s+1\n/);
  assert.match(info, /Page size:\s+595\.2\d x 841\.8\d pts \(A4\)/);
  assert.match(info, /Title:\s+洪江区人民政府办公室政府信息公开申请答复告知书/);
  const text = squash(run('pdftotext', [file, '-']));
  for (const s of [
    '政府信息公开申请答复告知书',
    '洪政公开告〔2021〕3号',
    '张三：',
    '《中华人民共和国政府信息公开条例》第三十六条第（一）项',
    '六十日内',
    '洪江区人民政府办公室',
    '2021年3月5日',
  ]) {
    assert.ok(text.includes(s), `missing ${s}`);
  }
});

test('the text is drawn, not just extractable: the body of the page carries ink', async () => {
  const file = await pdfFile(sampleLetter());
  const share = inkShare(file, { top: 0.3, bottom: 0.7 });
  assert.ok(share > 0.02, `only ${share} of the body band is dark`);
});

test('the Noto CJK faces are embedded as subsets with Unicode maps (regular and bold)', async () => {
  const fonts = run('pdffonts', [await pdfFile(sampleLetter())]);
  assert.match(fonts, /\+NotoSerifCJKsc-Regular\s+CID Type 0C\s+Identity-H\s+yes\s+yes\s+yes/);
  assert.match(fonts, /\+NotoSerifCJKsc-Bold\s+CID Type 0C\s+Identity-H\s+yes\s+yes\s+yes/);
});

test('prose is set on the GB/T 9704 grid: 28.95 pt lines, first lines indented two characters', async () => {
  const [page] = linesByPage(await pdfFile(sampleLetter()));
  assert.ok(page);
  const start = page.findIndex((l) => l.text.startsWith('本机关于'));
  assert.ok(start > 0);
  assert.ok(Math.abs(page[start]!.x0 - (left + 2 * OFFICIAL_PAGE.bodyPt)) < 0.5, `indent at ${page[start]!.x0}`);
  assert.ok(Math.abs(page[start + 1]!.x0 - left) < 0.5, 'the second line starts at the margin');
  const pitch = page[start + 1]!.y0 - page[start]!.y0;
  assert.ok(Math.abs(pitch - OFFICIAL_PAGE.linePitchPt) < 0.3, `pitch ${pitch}`);
  const addressee = page.find((l) => l.text === '张三：');
  assert.ok(addressee && Math.abs(addressee.x0 - left) < 0.5, 'the addressee line is not indented');
});

test('the date is four characters from the right of the type area, the body centred over it', async () => {
  const [page] = linesByPage(await pdfFile(sampleLetter()));
  assert.ok(page);
  const date = page.find((l) => l.text === '2021年3月5日');
  const body = page.filter((l) => l.text === '洪江区人民政府办公室').at(-1);
  assert.ok(date && body);
  assert.ok(Math.abs(right - date.x1 - 4 * OFFICIAL_PAGE.bodyPt) < 1, `date ends ${right - date.x1} pt from the right`);
  assert.ok(Math.abs((body.x0 + body.x1) / 2 - (date.x0 + date.x1) / 2) < 4, 'body centred over the date');
});

test('a 300-row table repeats its header on every page and loses no row', async () => {
  const file = await pdfFile({ title: '登记表', blocks: [sampleLongTable(300)] });
  const pages = run('pdftotext', ['-layout', file, '-'])
    .split('\f')
    .filter((p) => p.trim());
  assert.ok(pages.length >= 5, `${pages.length} pages`);
  for (const [i, p] of pages.entries()) {
    const headers = p.split('\n').filter((l) => /序号\s+收到日期\s+申请内容\s+办理结果/.test(l));
    assert.equal(headers.length, 1, `page ${i + 1} has the header ${headers.length} times`);
    // The caption travels with the header, as 续表 do.
    assert.equal(p.split('2021年政府信息公开申请办理登记表').length - 1, 1, `page ${i + 1} caption`);
  }
  const rows = [...pages.join('\n').matchAll(/^\s*(\d+) 2021-\d\d-\d\d\s+关于洪江区第(\d+)号/gm)];
  assert.equal(rows.length, 300);
  assert.deepEqual(
    rows.map((m) => Number(m[1])),
    Array.from({ length: 300 }, (_, i) => i + 1),
  );
  assert.ok(rows.every((m) => m[1] === m[2]));
});

test('numbers are right-aligned in their column and money keeps two decimals', async () => {
  const [page] = linesByPage(await pdfFile({ title: '登记表', blocks: [sampleLongTable(3)] }));
  assert.ok(page);
  const fees = page.filter((l) => /^\d+\.\d\d$/.test(l.text));
  assert.deepEqual(
    fees.map((l) => l.text),
    ['100.00', '0.00', '0.00'],
  );
  const ends = fees.map((l) => l.x1);
  assert.ok(Math.max(...ends) - Math.min(...ends) < 0.5, 'right edges line up');
  assert.ok(Math.abs(right - ends[0]!) < 8, 'against the right rule of the last column');
});

test('page numbers sit right on odd pages and left on even ones, one character in', async () => {
  const pages = linesByPage(await pdfFile({ title: '登记表', blocks: [sampleLongTable(60)] }));
  const p1 = pages[0]!.find((l) => l.text === '—1—');
  const p2 = pages[1]!.find((l) => l.text === '—2—');
  assert.ok(p1 && p2, 'both page numbers present');
  assert.ok(Math.abs(right - OFFICIAL_PAGE.pageNumberPt - p1.x1) < 1, `odd page number ends at ${p1.x1}`);
  assert.ok(Math.abs(left + OFFICIAL_PAGE.pageNumberPt - p2.x0) < 1, `even page number starts at ${p2.x0}`);
  const none = linesByPage(await pdfFile({ ...sampleLetter(), pageNumbers: false }));
  assert.ok(!none[0]!.some((l) => l.text === '—1—'));
});

test('merged header cells print their text once, and the header repeats whole on the next page', async () => {
  const pages = run('pdftotext', ['-layout', await pdfFile(sampleReport({ longRows: 1 })), '-']).split('\f');
  const first = squash(pages[0]!);
  assert.equal(first.split('申请人情况').length - 1, 1);
  assert.equal(first.split('法人或其他组织').length - 1, 1);
  // Table 三 runs onto page 2 in this sample: its three header rows come with it.
  const second = squash(pages[1]!);
  assert.ok(second.includes('四、结转下年度继续办理'));
  // (-layout keeps columns, so a cell's wrapped lines interleave with its neighbours': check short words.)
  for (const s of ['申请人情况', '法人或其他组织', '商业', '总计']) assert.ok(second.includes(s), `page 2 header lacks ${s}`);
});

test('a heading or caption before a table is never left behind at the foot of a page', async () => {
  // Filler lines put the heading on the last lines of page 1, where table 三's header cannot follow.
  for (const k of [14, 16, 19]) {
    const doc: DocModel = {
      title: '测试',
      pageNumbers: false,
      blocks: [...Array.from({ length: k }, (_, i) => paragraph(`第${i + 1}行。`)), heading(1, '二、附表'), sampleTableThree()],
    };
    const pages = run('pdftotext', [await pdfFile(doc), '-']).split('\f');
    const at = (s: string): number => pages.findIndex((p) => p.includes(s));
    assert.equal(at('二、附表'), at('申请人情况'), `${k} filler lines: heading and table header on different pages`);
    assert.equal(at('三、收到和处理政府信息公开申请情况'), at('申请人情况'), `${k} filler lines: caption left behind`);
  }
});

test('a chart PNG is embedded as an image', async () => {
  const png = renderChartPng({ kind: 'bar', categories: ['予以公开', '部分公开'], series: [{ name: '件数', values: [8, 2] }] });
  const file = await pdfFile({ title: '图', blocks: [{ kind: 'image', png, alt: '柱状图', widthMm: 120, caption: '图1' }] });
  const list = run('pdfimages', ['-list', file]);
  assert.match(list, /\n\s*1\s+0\s+image\s+1280\s+800\s/);
});

test('the same model renders to the same bytes (the date comes from the model, not the clock)', async () => {
  const a = await renderPdf(sampleLetter());
  const b = await renderPdf(sampleLetter());
  assert.ok(a.equals(b));
  assert.match(run('pdfinfo', [await pdfFile(sampleLetter())]), /CreationDate:\s+Thu Mar\s+4 16:00:00 2021 UTC/);
});

test('an invalid table is refused before anything is rendered', async () => {
  await assert.rejects(renderPdf({ title: 't', blocks: [{ kind: 'table', rows: [['a', 'b'], ['c']] }] }), ValidationError);
});
