import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readRecords } from './read.ts';
import { readLedger, checkRecord } from '../../requests/import/ledger.ts';

/** A NUL character cannot be stored on PostgreSQL: the record that holds one is refused by itself, naming the field. */
test('a catalogue record with a NUL character is reported by line and field; the other records still come back', async () => {
  const jsonl = [
    JSON.stringify({ title: '关于甲的通知', org: '1' }),
    JSON.stringify({ title: '关于\u0000乙的通知', org: '1' }),
    JSON.stringify({ title: '关于丙的通知', org: '1' }),
  ].join('\n');
  const { records, problems } = await readRecords(Buffer.from(jsonl), 'jsonl');
  assert.deepEqual(
    records.map((r) => r.line),
    [1, 3],
  );
  assert.deepEqual(
    problems.map((p) => [p.line, p.field]),
    [[2, 'title']],
  );
  assert.match(problems[0]!.message, /空字符/);
  const csv = await readRecords(Buffer.from('title,org\n"关于\u0000丁的通知",1\n关于戊的通知,1\n'), 'csv');
  assert.deepEqual(
    csv.records.map((r) => r.line),
    [3],
  );
  assert.deepEqual(
    csv.problems.map((p) => [p.line, p.field]),
    [[2, 'title']],
  );
});

test('a request ledger record with a NUL character is refused naming the field', async () => {
  const { records } = await readLedger({ name: 'l.jsonl', content: Buffer.from(JSON.stringify({ code: 'X1', applicantName: '张\u0000三' })) });
  const { row, problems } = checkRecord(records[0]!, '2026-11-27', () => true, '1');
  assert.equal(row, undefined);
  assert.ok(
    problems.some((p) => p.message.includes('空字符') && p.line === 1),
    JSON.stringify(problems),
  );
});
