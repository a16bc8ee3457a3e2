import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_COLUMNS, demoOrgs, generateItems, type DemoItem } from './generate-items.ts';
import { COLUMNS, GENRES } from './phrase-bank.ts';

const orgs = demoOrgs();
const run = (seed: number | string, count = 6105, year = 2016): DemoItem[] => [...generateItems({ seed, count, year, orgs, columns: DEMO_COLUMNS })];

test('the same seed gives the same items, another seed different ones', () => {
  assert.deepEqual(run(42, 500), run(42, 500));
  assert.notDeepEqual(run(42, 50), run(43, 50));
});

test('a year of the seed district (6,105 items) takes well under a second', () => {
  run(0, 200); // warm up the template cache and JIT
  // CPU time, not wall time: test files run side by side on two cores.
  const c0 = process.cpuUsage();
  const items = run(1);
  const c = process.cpuUsage(c0);
  const ms = (c.user + c.system) / 1000;
  assert.equal(items.length, 6105);
  assert.ok(ms < 800, `${ms.toFixed(0)} ms`);
});

test('every item is well formed: lengths, genres, columns, orgs, topics, dates', () => {
  const ids = new Set(orgs.map((o) => o.id));
  for (const it of run(7)) {
    assert.ok(it.title.length >= 6 && it.title.length <= 60, it.title);
    assert.ok(it.summary.length > 0 && it.summary.length <= 100, it.summary);
    assert.ok(it.body.length >= 80 && it.body.length <= 600, `${it.body.length}: ${it.body}`);
    assert.ok((GENRES as readonly string[]).includes(it.genre));
    assert.ok(it.column in COLUMNS);
    assert.ok(ids.has(it.org));
    assert.match(it.topic, /^[^/]+\/[^/]+$/);
    assert.ok(it.formedOn.startsWith('2016-'));
    assert.ok(it.publishedOn >= it.formedOn);
    assert.doesNotMatch(it.body, /lorem|\{[A-Za-z0-9]+\}|undefined|NaN/i);
  }
});

test('文号 look like real ones and rise with the date for each issuer', () => {
  const items = run(3);
  const numbered = items.filter((i) => i.docNo);
  assert.ok(numbered.length > 300);
  const last = new Map<string, number>();
  for (const it of numbered) {
    const m = /^洪(.+)〔2016〕(\d+)号$/.exec(it.docNo);
    assert.ok(m, it.docNo);
    const n = Number(m[2]);
    assert.equal(n, (last.get(m[1]!) ?? 0) + 1, `${it.docNo} follows the previous number of ${m[1]}`);
    last.set(m[1]!, n);
  }
  assert.ok(numbered.some((i) => i.docNo.startsWith('洪管发〔2016〕')));
});

test('columns, orgs and publication delays come in realistic proportions', () => {
  const items = run(5);
  const share = (pred: (i: DemoItem) => boolean): number => items.filter(pred).length / items.length;
  assert.ok(share((i) => i.column === 'zwxx') > 0.3, 'news is the largest column');
  assert.ok(share((i) => i.column === 'gfxwj') < 0.03, 'normative documents are few');
  assert.ok(new Set(items.map((i) => i.column)).size === DEMO_COLUMNS.length, 'every column used');
  assert.ok(new Set(items.map((i) => i.org)).size >= orgs.length - 2, 'almost every org publishes');
  // 政府文件 and 人事任免 come from the 区管委 and its office only.
  const gov = new Set(orgs.filter((o) => /government|office/.test(o.kind)).map((o) => o.id));
  assert.ok(items.filter((i) => i.column === 'zfwj' || i.column === 'rsrm').every((i) => gov.has(i.org)));
  const delay = (i: DemoItem): number => (Date.parse(i.publishedOn) - Date.parse(i.formedOn)) / 86_400_000;
  assert.ok(share((i) => delay(i) <= 28) > 0.95, 'mostly published within 20 working days');
  assert.ok(
    items.some((i) => delay(i) > 28),
    'a few are late',
  );
});

test('published answers to requests never name the applicant: surname and 某 in title, summary and body (issue 15, item 6)', () => {
  let answers = 0;
  for (const it of run(3)) {
    if (it.column !== 'ysqgk') continue;
    answers++;
    for (const text of [it.title, it.summary, it.body]) {
      const named = /^关于(.+?)申请公开/.exec(text) ?? /^(.+?)：你于/.exec(text);
      if (named) assert.match(named[1] ?? '', /^.某$/, text);
    }
  }
  assert.ok(answers > 10, `${answers} answers`);
});
