import { test } from 'node:test';
import assert from 'node:assert/strict';
import chineseDays from 'chinese-days';
import { ValidationError } from '../../kernel/errors.ts';
import { dayOfWeek } from '../../kernel/dates.ts';
import { parseNotice, noticeSourceOf, decodeNoticeBytes } from './notice.ts';

/** 国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）, pasted whole, as an office would. */
const NOTICE_2026 = `国务院办公厅关于2026年部分节假日安排的通知
国办发明电〔2025〕7号

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
　　经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
　　一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
　　二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
　　三、清明节：4月4日（周六）至6日（周一）放假，共3天。
　　四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
　　五、端午节：6月19日（周五）至21日（周日）放假，共3天。
　　六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
　　七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
　　节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作，遇有重大突发事件，要按规定及时报告并妥善处置，确保人民群众祥和平安度过节日假期。

国务院办公厅
2025年11月4日`;

/** The library's names are short (清明, 中秋); the notice writes 清明节, 中秋节. */
const short = (name: string) => name.replace(/^(清明|端午|中秋)节$/, '$1');

test("the real 2026 notice parses to exactly the library's 2026 holidays and make-up working days", () => {
  const n = parseNotice(NOTICE_2026, 2026);
  const holidays = n.days.filter((d) => !d.workday);
  const workdays = n.days.filter((d) => d.workday);
  assert.deepEqual(
    holidays.map((d) => d.date),
    chineseDays.getHolidaysInRange('2026-01-01', '2026-12-31', false),
  );
  const libMakeup = chineseDays.getWorkdaysInRange('2026-01-01', '2026-12-31', true).filter((d) => [0, 6].includes(dayOfWeek(d)));
  assert.deepEqual(
    workdays.map((d) => d.date),
    libMakeup,
  );
  for (const d of n.days) {
    const lib = chineseDays.getDayDetail(d.date).name.split(',')[1];
    assert.equal(short(d.reason.replace(/调休上班$/, '')), lib, d.date);
  }
  assert.deepEqual(
    n.blocks.map((b) => [b.festival, b.holidays.map((h) => `${h.from}/${h.days}`).join(' '), b.workdays.join(' ')]),
    [
      ['元旦', '2026-01-01/3', '2026-01-04'],
      ['春节', '2026-02-15/9', '2026-02-14 2026-02-28'],
      ['清明节', '2026-04-04/3', ''],
      ['劳动节', '2026-05-01/5', '2026-05-09'],
      ['端午节', '2026-06-19/3', ''],
      ['中秋节', '2026-09-25/3', ''],
      ['国庆节', '2026-10-01/7', '2026-09-20 2026-10-10'],
    ],
  );
  // The title, addressees, preamble, closing paragraph and signature are set aside, each listed.
  assert.deepEqual(
    n.ignored.map((i) => i.line),
    [1, 2, 4, 5, 13, 15, 16],
  );
  assert.equal(noticeSourceOf(NOTICE_2026), '《国务院办公厅关于2026年部分节假日安排的通知》（国办发明电〔2025〕7号）');
});

test('the plain form: one day or range a line, comments allowed', () => {
  const n = parseNotice('# 2027 试录\n2027-01-01 holiday 元旦\n2027-02-05..2027-02-11 holiday 春节\n2027-02-20 workday 春节调休上班\n', 2027);
  assert.equal(n.days.length, 9);
  assert.deepEqual(n.days.at(-1), { date: '2027-02-20', workday: true, reason: '春节调休上班', line: 4 });
});

test('a 元旦 bridging the year (the 2019 notice) may name December of the year before, with its year written', () => {
  const n = parseNotice('一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。', 2019);
  assert.deepEqual(
    n.days.map((d) => `${d.date}${d.workday ? '上班' : ''}`),
    ['2018-12-29上班', '2018-12-30', '2018-12-31', '2019-01-01'],
  );
});

test('each problem is refused naming its line, in Chinese', () => {
  const text = [
    '国务院办公厅关于2027年部分节假日安排的通知', // 1: set aside
    '一、元旦：1月1日放假，共1天。', // 2: fine
    '二、春节：2月30日至3月2日放假调休，共9天。', // 3: no such date
    '三、清明节：4月5日放假，共2天。', // 4: the count disagrees
    '四、劳动节：5月1日至5日放假调休，共5天。5月1日上班。', // 5: off and working on one day
    '2027-13-01 holiday 某节', // 6: not a date
    '2072-01-01 holiday 元旦', // 7: another year
    '2027-01-01 休假 元旦', // 8: not the plain form
    '5月1日至5日放假', // 9: no festival name
    '六、中秋节：9月15日至10月20日放假', // 10: too long
  ].join('\n');
  let issues: string[] = [];
  try {
    parseNotice(text, 2027);
    assert.fail('should refuse');
  } catch (e) {
    assert.ok(e instanceof ValidationError);
    assert.ok(e.issues.every((i) => i.field === 'text'));
    issues = e.issues.map((i) => i.message);
  }
  const of = (line: number) => issues.filter((m) => m.startsWith(`第${line}行：`)).join(' | ');
  assert.equal(of(1), '');
  assert.equal(of(2), '');
  assert.match(of(3), /“2月30日”不是有效日期/);
  assert.match(of(4), /写明共2天，但所列日期共1天/);
  assert.match(of(5), /2027-05-01与第5行矛盾/);
  assert.match(of(6), /2027-13-01不是有效日期/);
  assert.match(of(7), /不在2027年内/);
  assert.match(of(8), /应写成“2027-01-01 holiday 元旦”/);
  assert.match(of(9), /没有节日名称/);
  assert.match(of(10), /长达36天/);
  assert.throws(
    () => parseNotice('国务院办公厅\n2026年11月1日', 2027),
    (e: ValidationError) => /没有读出任何放假或上班的日期/.test(e.issues[0]?.message ?? ''),
  );
});

test('an uploaded file is read as UTF-8, or as GB18030 when it is not', () => {
  assert.equal(decodeNoticeBytes(new Uint8Array(Buffer.from('\ufeff元旦：1月1日放假', 'utf8'))), '元旦：1月1日放假');
  assert.equal(decodeNoticeBytes(new Uint8Array([0xd4, 0xaa, 0xb5, 0xa9])), '元旦');
});
