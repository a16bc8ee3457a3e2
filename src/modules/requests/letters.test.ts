import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { letterContext, letterModel, renderLetterDocx, renderLetterPdf, rightsText, type LetterReader } from './letters.ts';
import type { RequestRow } from './repo.ts';

let t: TestApp;
let dir: string;
let partial: RequestRow;

before(async () => {
  t = await testApp({ demo: true });
  dir = mkdtempSync(join(tmpdir(), 'gongkai-letter-'));
  partial = (await t.app.database.db.selectFrom('requests').selectAll().where('outcome', '=', 'partial').executeTakeFirstOrThrow()) as RequestRow;
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

test('a partial-disclosure letter carries number, applicant, what was asked, the facts, the legal ground, rights and time limits, body and date', async () => {
  const m = letterModel(await letterContext(t.app.database.db, partial));
  assert.equal(m.title, '洪江区管理委员会\n政府信息公开申请答复告知书');
  assert.match(m.numberLine!, /^洪江区依申告〔2025〕\d+号$/);
  const text = m.blocks
    .map((b) => (b.kind === 'paragraph' ? b.runs.map((r) => r.text).join('') : b.kind === 'signature' ? `${b.body} ${b.date}` : ''))
    .join('\n');
  assert.match(text, /^李娜：/);
  assert.match(text, /2025年10月14日收到您通过网络方式提出的政府信息公开申请/);
  assert.match(text, /补正后的申请内容为：“2024年河滨路片区棚户区改造项目房屋征收补偿安置方案及补偿总额”/);
  assert.match(text, /2025年10月15日一次性告知您作出补正，您于2025年10月17日提交了补正后的申请/);
  assert.match(text, /2025年10月27日书面征求了第三方的意见，征求意见所需时间不计算在答复期限内/);
  assert.match(text, /答复期限延长20个工作日，本机关已于2025年11月20日告知您/);
  assert.match(text, /根据《中华人民共和国政府信息公开条例》第三十七条的规定/);
  assert.match(text, /六十日内向怀化市人民政府申请行政复议（《中华人民共和国行政复议法》第二十条第一款）/);
  assert.match(text, /六个月内向有管辖权的人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条第一款）/);
  assert.match(text, /附件：河滨路片区房屋征收补偿安置方案（公开部分）\.txt/);
  assert.match(text, /洪江区管理委员会 2025-12-10$/);
  // The legal ground is bold on paper.
  const decision = m.blocks.find((b) => b.kind === 'paragraph' && b.runs.some((r) => r.bold));
  assert.ok(decision && decision.kind === 'paragraph');
  assert.deepEqual(
    decision.runs.filter((r) => r.bold).map((r) => r.text),
    ['《中华人民共和国政府信息公开条例》第三十七条'],
  );
});

test('a department’s letter names the district as the reconsideration body; older letters cite the laws then in force', async () => {
  const dept = (await t.app.database.db.selectFrom('requests').selectAll().where('outcome', '=', 'refuse_third_party').executeTakeFirstOrThrow()) as RequestRow;
  const m = letterModel(await letterContext(t.app.database.db, dept));
  const text = m.blocks.map((b) => (b.kind === 'paragraph' ? b.runs.map((r) => r.text).join('') : '')).join('\n');
  assert.match(text, /向洪江区管理委员会申请行政复议/);
  assert.match(text, /第十五条、第三十六条第（三）项/);
  assert.match(rightsText('2016-05-03', 'X', 'Y'), /行政复议法》第九条第一款.*六个月.*第四十六条第一款/);
  assert.match(rightsText('2014-05-03', 'X', 'Y'), /三个月内向Y提起行政诉讼（《中华人民共和国行政诉讼法》第三十九条）/);
});

test('the PDF embeds the CJK fonts and its text is real; the DOCX holds the same text', async () => {
  const c = await letterContext(t.app.database.db, partial);
  const pdf = await renderLetterPdf(c);
  const file = join(dir, 'letter.pdf');
  writeFileSync(file, pdf);
  const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
  assert.match(fonts, /Noto/);
  for (const line of fonts.split('\n').slice(2).filter(Boolean)) assert.match(line, /\byes\s+yes\b/, `font not embedded as a subset: ${line}`);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  assert.match(text, /政府信息公开申请答复告知书/);
  assert.match(text, /第三十七条/);
  // A PNG of each page, to look at (GONGKAI_SCREENSHOTS keeps them).
  const out = process.env.GONGKAI_SCREENSHOTS ?? dir;
  execFileSync('pdftoppm', ['-png', '-r', '60', file, join(out, 'requests-letter')]);
  assert.ok(readdirSync(out).some((f) => f.startsWith('requests-letter') && f.endsWith('.png')));
  const docx = await renderLetterDocx(c);
  const dfile = join(dir, 'letter.docx');
  writeFileSync(dfile, docx);
  const xml = execFileSync('unzip', ['-p', dfile, 'word/document.xml'], { encoding: 'utf8' });
  assert.match(xml.replace(/<[^>]+>/g, ''), /第三十七条/);
  assert.match(xml.replace(/<[^>]+>/g, ''), /洪江区依申告〔2025〕\d+号/);
});

test('a tracking letter masks the name (phone look-up) and the phone and ID number (both look-ups) wherever the text carries them; staff get it as written', async () => {
  // What the applicant typed and what the handler wrote may repeat the personal data.
  const r: RequestRow = {
    ...partial,
    contact_person: `${partial.applicant_name}的代理人王强`,
    info_description: `请联系${partial.applicant_name}，电话${partial.phone}，身份证号${partial.id_number}`,
    decision_text: `${partial.applicant_name}同志（联系人${partial.applicant_name}的代理人王强）：${partial.decision_text}`,
  };
  const c = await letterContext(t.app.database.db, r);
  const text = (reader: LetterReader) =>
    letterModel(c, reader)
      .blocks.map((b) => (b.kind === 'paragraph' ? b.runs.map((x) => x.text).join('') : ''))
      .join('\n');
  const staff = text('staff');
  for (const p of [partial.applicant_name, partial.phone, partial.id_number, `${partial.applicant_name}的代理人王强`]) assert.ok(staff.includes(p), p);
  const byName = text('tracking-name');
  assert.match(byName, new RegExp(`^${partial.applicant_name}：`));
  for (const p of [partial.phone, partial.id_number]) assert.ok(!byName.includes(p), `by name shows ${p}`);
  assert.ok(byName.includes(`电话${partial.phone.slice(0, 3)}****${partial.phone.slice(-4)}`));
  const byPhone = text('tracking-phone');
  assert.match(byPhone, /^申请人：/);
  for (const p of [partial.applicant_name, partial.phone, partial.id_number, '王强']) assert.ok(!byPhone.includes(p), `by phone shows ${p}`);
  assert.match(byPhone, /请联系申请人，电话1\d\d\*{4}\d{4}，身份证号\d{3}\*+\d{3}[\dX]/);
  assert.match(byPhone, /申请人同志（联系人申请人）：/);
});
