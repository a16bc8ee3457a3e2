import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../kernel/errors.ts';
import { costFee2008, formatFen, informationProcessingFee, perApplicationRate, type ProcessingFeeInput } from './fees.ts';

const perApp = (count: number, earlierThisMonth = 0) => informationProcessingFee({ basis: 'per_application', count, earlierThisMonth });
const perPage = (pages: number) => informationProcessingFee({ basis: 'per_page', pages });

test('per application (按件): the first 10 a month are free, 11–30 cost 100 元 each, then each band of 10 costs 100 元 more', () => {
  // Totals for an applicant's first N applications in one calendar month.
  assert.equal(perApp(10).amountYuan, 0);
  assert.equal(perApp(11).amountYuan, 100);
  assert.equal(perApp(30).amountYuan, 20 * 100);
  assert.equal(perApp(31).amountYuan, 20 * 100 + 200);
  assert.equal(perApp(40).amountYuan, 20 * 100 + 10 * 200);
  assert.equal(perApp(41).amountYuan, 20 * 100 + 10 * 200 + 300);
  assert.equal(perApp(50).amountYuan, 20 * 100 + 10 * 200 + 10 * 300);
  assert.equal(perApp(51).amountYuan, 20 * 100 + 10 * 200 + 10 * 300 + 400);
});

test('per application: each application is priced at the band of its place in the month', () => {
  assert.deepEqual([1, 10, 11, 30, 31, 40, 41, 50, 51].map(perApplicationRate), [0, 0, 100, 100, 200, 200, 300, 300, 400]);
  assert.equal(perApp(1, 9).amountYuan, 0); // the 10th
  assert.equal(perApp(1, 10).amountYuan, 100); // the 11th
  assert.equal(perApp(1, 30).amountYuan, 200); // the 31st
  assert.equal(perApp(1, 40).amountYuan, 300); // the 41st
  const r = perApp(3, 29); // 30th, 31st, 32nd
  assert.equal(r.amountYuan, 100 + 200 + 200);
  assert.deepEqual(
    r.bands.map((b) => [b.label, b.units, b.rateYuan, b.amountYuan]),
    [
      ['第11—30件', 1, 100, 100],
      ['第31—40件', 2, 200, 400],
    ],
  );
});

test('per application: the breakdown is progressive by part, one line per band', () => {
  const r = perApp(41);
  assert.deepEqual(
    r.bands.map((b) => [b.from, b.to, b.units, b.rateYuan, b.amountYuan]),
    [
      [1, 10, 10, 0, 0],
      [11, 30, 20, 100, 2000],
      [31, 40, 10, 200, 2000],
      [41, 50, 1, 300, 300],
    ],
  );
  assert.equal(r.explain.at(-1), '合计：4300元');
  assert.match(r.explain[0]!, /国办函〔2020〕109号/);
});

test('per page (按量): 1–30 free, 31–100 at 10 元, 101–200 at 20 元, 201 on at 40 元, each band at its own rate', () => {
  assert.equal(perPage(30).amountYuan, 0);
  assert.equal(perPage(31).amountYuan, 10);
  assert.equal(perPage(100).amountYuan, 70 * 10);
  assert.equal(perPage(101).amountYuan, 70 * 10 + 20);
  assert.equal(perPage(200).amountYuan, 70 * 10 + 100 * 20);
  assert.equal(perPage(201).amountYuan, 70 * 10 + 100 * 20 + 40);
  assert.deepEqual(
    perPage(201).bands.map((b) => [b.label, b.units, b.rateYuan, b.amountYuan]),
    [
      ['第1—30页', 30, 0, 0],
      ['第31—100页', 70, 10, 700],
      ['第101—200页', 100, 20, 2000],
      ['第201页起', 1, 40, 40],
    ],
  );
  assert.deepEqual(
    perPage(30).bands.map((b) => b.label),
    ['第1—30页'],
  );
});

test('one application is charged per application or per page, never both', () => {
  const both = { basis: 'per_page', pages: 40, count: 12 } as unknown as ProcessingFeeInput;
  assert.throws(
    () => informationProcessingFee(both),
    (e: unknown) => e instanceof ValidationError && e.issues[0]?.field === 'basis',
  );
  assert.throws(() => informationProcessingFee({ basis: 'per_hour' } as unknown as ProcessingFeeInput), ValidationError);
  assert.throws(() => perPage(0), ValidationError);
  assert.throws(() => perApp(1.5), ValidationError);
  assert.throws(() => perApp(1, -1), ValidationError);
});

test('2008: only search, copying and postage costs are charged, itemised', () => {
  const r = costFee2008({
    applicant: 'organisation',
    items: [
      { kind: 'search', amountFen: 500 },
      { kind: 'copy', description: 'A4 复印 12页', amountFen: 600 },
      { kind: 'postage', amountFen: 1200 },
    ],
  });
  assert.equal(r.grossFen, 2300);
  assert.equal(r.amountFen, 2300);
  assert.equal(r.waivedFen, 0);
  assert.deepEqual(
    r.items.map((i) => i.label),
    ['检索费', '复制费', '邮寄费'],
  );
  assert.equal(r.explain.at(-1), '应缴：23.00元');
  assert.throws(
    () => costFee2008({ applicant: 'citizen', items: [{ kind: 'processing' as never, amountFen: 100 }] }),
    (e: unknown) => e instanceof ValidationError && /第二十七条/.test(e.issues[0]!.message),
  );
});

test('2008: a citizen in hardship (五保, 低保, 优抚) may have the fee waived or reduced with the office head’s approval', () => {
  const items = [{ kind: 'copy' as const, amountFen: 1250 }];
  const waived = costFee2008({ applicant: 'citizen', items, waiver: { basis: 'dibao', approvedBy: '张主任' } });
  assert.equal(waived.amountFen, 0);
  assert.equal(waived.waivedFen, 1250);
  assert.match(waived.explain.join('\n'), /城乡居民最低生活保障对象，经张主任审核同意免收（2008年条例第二十八条）/);
  const reduced = costFee2008({ applicant: 'citizen', items, waiver: { basis: 'youfu', approvedBy: '张主任', payableFen: 250 } });
  assert.equal(reduced.amountFen, 250);
  assert.match(reduced.explain.join('\n'), /减收10.00元/);
  assert.equal(costFee2008({ applicant: 'citizen', items, waiver: { basis: 'wubao', approvedBy: '张主任' } }).amountFen, 0);

  const field = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      if (e instanceof ValidationError) return e.issues.map((i) => i.field);
    }
    return [];
  };
  assert.deepEqual(
    field(() => costFee2008({ applicant: 'organisation', items, waiver: { basis: 'dibao', approvedBy: '张主任' } })),
    ['waiver'],
  );
  assert.deepEqual(
    field(() => costFee2008({ applicant: 'citizen', items, waiver: { basis: 'dibao', approvedBy: ' ' } })),
    ['waiver.approvedBy'],
  );
  assert.deepEqual(
    field(() => costFee2008({ applicant: 'citizen', items, waiver: { basis: 'other', approvedBy: '张主任' } })),
    ['waiver.reason'],
  );
  assert.deepEqual(
    field(() => costFee2008({ applicant: 'citizen', items, waiver: { basis: 'dibao', approvedBy: '张主任', payableFen: 2000 } })),
    ['waiver.payableFen'],
  );
});

test('fen are shown as 元 with two decimals', () => {
  assert.equal(formatFen(0), '0.00元');
  assert.equal(formatFen(5), '0.05元');
  assert.equal(formatFen(123456), '1234.56元');
});
