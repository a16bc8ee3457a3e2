import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkIndexPattern, formatIndexNo, parseIndexNo, patternFor } from './index-number.ts';

const org = { orgCode: '000014349', uscc: '11100000000014349K' };

test('the national default pattern gives ORGCODE/YYYY-NNNNN with a five-digit serial', () => {
  assert.equal(formatIndexNo('ORGCODE/YYYY-NNNNN', { ...org, year: 2020, serial: 72 }), '000014349/2020-00072');
  assert.equal(formatIndexNo('USCC-YYYY-NNNNNN', { ...org, year: 2016, serial: 1 }), '11100000000014349K-2016-000001');
});

test('a serial too long for the pattern is refused rather than silently widened', () => {
  assert.throws(() => formatIndexNo('ORGCODE/YYYY-NNN', { ...org, year: 2020, serial: 1000 }), /超出/);
});

test('patterns without a year, an org code or exactly one serial are refused with the reason', () => {
  assert.equal(checkIndexPattern('ORGCODE/YYYY-NNNNN'), null);
  assert.match(checkIndexPattern('ORGCODE-NNNNN') ?? '', /年份/);
  assert.match(checkIndexPattern('YYYY-NNNNN') ?? '', /机构代码/);
  assert.match(checkIndexPattern('ORGCODE/YYYY') ?? '', /流水号/);
  assert.match(checkIndexPattern('ORGCODE/YYYY-NN') ?? '', /3至8位/);
  assert.match(checkIndexPattern('ORGCODE YYYY-NNNNN') ?? '', /空格/);
});

test('an index number written with a pattern reads back to its year and serial, and only for that org', () => {
  assert.deepEqual(parseIndexNo('ORGCODE/YYYY-NNNNN', '000014349/2020-00072', org), { year: 2020, serial: 72 });
  assert.equal(parseIndexNo('ORGCODE/YYYY-NNNNN', '000014348/2020-00072', org), null);
  assert.equal(parseIndexNo('ORGCODE/YYYY-NNNNN', '000014349/2020-72x', org), null);
});

test('an org with its own pattern uses it; the others use the default', () => {
  const s = { default: 'ORGCODE/YYYY-NNNNN', byOrg: { '000014349': 'USCC/YYYY-NNNN' } };
  assert.equal(patternFor(s, { id: 1, code: '11100000000014349K', orgCode: '000014349' }), 'USCC/YYYY-NNNN');
  assert.equal(patternFor(s, { id: 2, code: null, orgCode: null }), 'ORGCODE/YYYY-NNNNN');
});
