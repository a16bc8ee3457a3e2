import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fold, foldText, parseQuery } from './normalize.ts';
import { gramTokens, runGrams } from './tokens.ts';
import { bestSnippet, highlightAll } from './snippet.ts';
import { indexWords, queryWords } from './segment.ts';

test('traditional Hong Kong and Taiwan script folds to simplified, character for character', () => {
  assert.equal(foldText('洪江區政府信息公開年度報告'), '洪江区政府信息公开年度报告');
  assert.equal(foldText('行政復議聽證會'), '行政复议听证会');
  // Same length, so positions in the folded text are positions in the original.
  assert.equal(fold('發佈會裏面').origin, null);
});

test('folding never rewrites vocabulary the way the Taiwan phrase presets do', () => {
  // twp would turn 信息 into 資訊 and 发布会 into 記者會; character folding leaves words alone.
  assert.equal(foldText('信息发布会'), '信息发布会');
  assert.equal(foldText('資訊'), '资讯');
});

test('full-width letters, digits and spaces become half-width, Latin becomes lower case', () => {
  assert.equal(foldText('ＡＢＣ１２３　Gov'), 'abc123 gov');
});

test('a query splits on spaces into required terms and on punctuation into runs', () => {
  assert.deepEqual(parseQuery('  低保 資金 '), [['低保'], ['资金']]);
  assert.deepEqual(parseQuery('洪管发〔2016〕12號'), [['洪管发', '2016', '12号']]);
  assert.deepEqual(parseQuery('，。'), []);
});

test('bigram tokens cover every substring inside a run and never span punctuation', () => {
  assert.equal(gramTokens('行政复议，低保'), '行政 政复 复议 议 低保 保');
  assert.deepEqual(runGrams('行政复议'), ['行政', '政复', '复议']);
  assert.deepEqual(runGrams('复'), ['复']);
});

test('title highlights land on the original traditional characters', () => {
  const segs = highlightAll('關於行政復議的通知', ['行政复议']);
  assert.deepEqual(segs, [
    { text: '關於', hit: false },
    { text: '行政復議', hit: true },
    { text: '的通知', hit: false },
  ]);
});

test('a snippet is cut around the hit from the field that holds the most terms', () => {
  const body = `各乡（街道）、区直各单位：${'为进一步做好工作，'.repeat(20)}现就城乡低保资金發放有关事项通知如下。${'请认真执行。'.repeat(20)}`;
  const segs = bestSnippet(['与本查询无关的概述。', body], ['低保', '资金发放'], 60);
  const hits = segs.filter((s) => s.hit).map((s) => s.text);
  assert.deepEqual(hits, ['低保资金發放']);
  assert.equal(segs[0]!.text.startsWith('…'), true);
  assert.ok(segs.map((s) => s.text).join('').length <= 62);
});

test('a segment is plain text: markup in the document stays text for the renderer to escape', () => {
  const segs = highlightAll('<b>低保</b>', ['低保']);
  assert.deepEqual(segs, [
    { text: '<b>', hit: false },
    { text: '低保', hit: true },
    { text: '</b>', hit: false },
  ]);
});

test('government terms stay whole words, and their parts count as words inside them only', () => {
  const words = indexWords('洪江区受理行政复议申请，答复议题');
  assert.ok(words.includes('行政复议') && words.includes('复议') && words.includes('洪江区'));
  assert.equal(words.filter((w) => w === '复议').length, 1, '答复议题 must not yield 复议');
  assert.deepEqual(queryWords('城乡居民最低生活保障'), ['城乡居民', '最低生活保障']);
});
