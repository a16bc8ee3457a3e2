import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as OpenCC from 'opencc-js';
import { freshDatabase, TEST_ENGINE, type TestDatabase } from '../../../test/support/db.ts';
import { DEMO_COLUMNS, demoOrgs, generateItems } from '../../modules/catalogue/demo/generate-items.ts';
import { clear, reindex, remove, search, searchMigrations, upsert, type SearchDoc, type SearchQuery } from './index.ts';
import { foldText, parseQuery } from './normalize.ts';
import { COUNT_CAP } from './search.ts';

/**
 * The index against the plainest possible reference, a substring scan over folded text, on the
 * engine under test (GONGKAI_TEST_DATABASE_URL picks PostgreSQL). About 2,600 generated items over
 * two years; one in eight converted to traditional script (Taiwan characters, never `twp`).
 */
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

function corpus(): SearchDoc[] {
  const orgs = demoOrgs();
  const docs: SearchDoc[] = [];
  for (const year of [2016, 2017]) {
    for (const it of generateItems({ seed: 'search-test', count: 1300, year, orgs, columns: DEMO_COLUMNS })) {
      const id = docs.length + 1;
      const traditional = id % 8 === 0;
      const t = (s: string): string => (traditional ? toTraditional(s) : s);
      docs.push({
        id,
        title: t(it.title),
        summary: t(it.summary),
        body: t(it.body),
        docNo: it.docNo,
        attachmentText: id % 50 === 0 ? t(`附件：${it.title}实施细则（征求意见稿）`) : '',
        org: it.org,
        year,
        topic: it.topic,
        genre: it.genre,
        // Some items appear in a second column, as items do on real sites.
        columns: id % 11 === 0 && it.column !== 'zwxx' ? [it.column, 'zwxx'] : [it.column],
        validity: it.validity,
        publishedOn: it.publishedOn,
      });
    }
  }
  return docs;
}

/** Every id whose folded text contains every run of the query: what the index must return. */
function scan(docs: readonly SearchDoc[], q: string, keep: (d: SearchDoc) => boolean = () => true): Set<number> {
  const runs = parseQuery(q).flat();
  const out = new Set<number>();
  for (const d of docs) {
    if (!keep(d)) continue;
    const text = foldText([d.title, d.summary, d.body, d.docNo, d.attachmentText].join('\n'));
    if (runs.every((r) => text.includes(r))) out.add(d.id);
  }
  return out;
}

const QUERIES = [
  // two characters, common and rare
  '低保',
  '信访',
  '复议',
  '扶贫',
  '征地',
  '工作',
  '通知',
  '审计',
  '确权',
  '禁烧',
  // three and four characters, names, 文号 pieces
  '行政复议',
  '招商引资',
  '保障性住房',
  '政务公开',
  '最低生活保障',
  '均冲村',
  '听证会',
  '洪管发',
  '2016',
  // traditional-script queries find simplified text (and the traditional items)
  '行政復議',
  '資金',
  '聽證',
  '預決算',
  // multi-word (AND) and one character
  '低保 资金',
  '安全生产 检查',
  '扶贫 小额信贷',
  '複',
  '豁',
];

describe(`search index on ${TEST_ENGINE}`, () => {
  let database: TestDatabase;
  let docs: SearchDoc[];

  before(async () => {
    database = await freshDatabase({ migrations: searchMigrations });
    docs = corpus();
    await database.db.transaction().execute((tx) => upsert(tx, docs));
  });
  after(async () => {
    await database?.drop();
  });

  /** All hit ids of a query, page by page, checking the pages never repeat an id. */
  async function allIds(query: SearchQuery, pageSize = 100): Promise<number[]> {
    const ids: number[] = [];
    for (let offset = 0; ; offset += pageSize) {
      const r = await search(database.db, { ...query, limit: pageSize, offset });
      ids.push(...r.hits.map((h) => h.id));
      if (r.hits.length < pageSize) break;
    }
    assert.equal(new Set(ids).size, ids.length, `no id twice across pages for ${query.q}`);
    return ids;
  }

  test('every item containing the query as a substring is found, and nothing else (relevance order, paged)', async () => {
    for (const q of QUERIES) {
      const expected = scan(docs, q);
      const got = await allIds({ q });
      assert.deepEqual(new Set(got), expected, `recall for ${q}: expected ${expected.size}, got ${got.length}`);
    }
  });

  test('date order finds the same items, newest first', async () => {
    for (const q of ['复议', '行政復議', '低保 资金']) {
      const got = await allIds({ q, sort: 'date' }, 50);
      assert.deepEqual(new Set(got), scan(docs, q));
      const dates = got.map((id) => docs[id - 1]!.publishedOn);
      assert.deepEqual(dates, [...dates].sort().reverse(), `dates descending for ${q}`);
    }
  });

  test('a traditional query and its simplified form return the same items', async () => {
    const a = await allIds({ q: '行政復議' });
    const b = await allIds({ q: '行政复议' });
    assert.deepEqual(new Set(a), new Set(b));
    assert.ok(a.some((id) => id % 8 === 0) && a.some((id) => id % 8 !== 0), 'both scripts among the hits');
  });

  test('totals are exact up to the cap and estimated beyond it', async () => {
    const rare = await search(database.db, { q: '均冲村' });
    assert.equal(rare.total, scan(docs, '均冲村').size);
    assert.equal(rare.totalIsEstimate, false);
    const truth = scan(docs, '工作').size;
    assert.ok(truth > COUNT_CAP, 'the corpus has a term above the cap');
    const common = await search(database.db, { q: '工作' });
    assert.equal(common.totalIsEstimate, true);
    assert.ok(Math.abs(common.total - truth) / truth < 0.25, `estimate ${common.total} vs ${truth}`);
  });

  test('filters are applied inside the query and combine with AND across fields, OR within one', async () => {
    const cases: { filters: SearchQuery['filters']; keep: (d: SearchDoc) => boolean }[] = [
      { filters: { org: 6 }, keep: (d) => d.org === 6 },
      { filters: { year: 2017, genre: ['通知', '意见'] }, keep: (d) => d.year === 2017 && ['通知', '意见'].includes(d.genre) },
      { filters: { topic: '民政、扶贫、救灾' }, keep: (d) => d.topic.startsWith('民政、扶贫、救灾/') },
      { filters: { topic: '综合政务/信访' }, keep: (d) => d.topic === '综合政务/信访' },
      { filters: { column: 'zwxx' }, keep: (d) => d.columns.includes('zwxx') },
      { filters: { validity: ['expired', 'repealed'] }, keep: (d) => d.validity !== 'valid' },
      { filters: { publishedFrom: '2016-03-01', publishedTo: '2016-06-30' }, keep: (d) => d.publishedOn >= '2016-03-01' && d.publishedOn <= '2016-06-30' },
    ];
    for (const { filters, keep } of cases) {
      for (const q of ['工作', '低保', '']) {
        const expected = q ? scan(docs, q, keep) : new Set(docs.filter(keep).map((d) => d.id));
        const got = await allIds({ q, filters }, 100);
        assert.deepEqual(new Set(got), expected, `${JSON.stringify(filters)} with ${q || '(no query)'}`);
      }
    }
  });

  test('facet counts match the hits', async () => {
    const q = '扶贫';
    const expected = scan(docs, q);
    assert.ok(expected.size < COUNT_CAP);
    const r = await search(database.db, { q, facets: ['org', 'year', 'topic', 'genre', 'column', 'validity'] });
    assert.equal(r.facetBasis, expected.size);
    const count = (pick: (d: SearchDoc) => (string | number)[]): Map<string | number, number> => {
      const m = new Map<string | number, number>();
      for (const id of expected) for (const v of pick(docs[id - 1]!)) m.set(v, (m.get(v) ?? 0) + 1);
      return m;
    };
    const asMap = (f: keyof typeof r.facets): Map<string | number, number> => new Map((r.facets[f] ?? []).map((c) => [c.value, c.count]));
    assert.deepEqual(
      asMap('org'),
      count((d) => [d.org]),
    );
    assert.deepEqual(
      asMap('year'),
      count((d) => [d.year]),
    );
    assert.deepEqual(
      asMap('topic'),
      count((d) => [d.topic]),
    );
    assert.deepEqual(
      asMap('genre'),
      count((d) => [d.genre]),
    );
    assert.deepEqual(
      asMap('column'),
      count((d) => d.columns),
    );
    assert.deepEqual(
      asMap('validity'),
      count((d) => [d.validity]),
    );
    const orgs = r.facets.org!.map((c) => c.count);
    assert.deepEqual(
      orgs,
      [...orgs].sort((a, b) => b - a),
      'largest first',
    );
  });

  test('ranking puts title matches first, then the rest', async () => {
    for (const q of ['低保', '行政复议', '扶贫 资金', '政务公开']) {
      const runs = parseQuery(q).flat();
      const ids = await allIds({ q }, 100);
      const inTitle = ids.map((id) => runs.every((r) => foldText(docs[id - 1]!.title).includes(r)));
      const firstOther = inTitle.indexOf(false);
      assert.ok(firstOther > 0, `${q} has title matches`);
      assert.equal(inTitle.slice(firstOther).includes(true), false, `${q}: no title match after the first non-title match`);
    }
  });

  test('inside the title tier, a real word beats an accidental substring and newer beats older', async () => {
    const extra: SearchDoc[] = [
      { ...blank(900001), title: '关于答复议题征集情况的函', publishedOn: '2017-12-30' },
      { ...blank(900002), title: '关于行政复议工作的通知', publishedOn: '2016-01-04' },
    ];
    await upsert(database.db, extra);
    try {
      const r = await search(database.db, { q: '复议', limit: 100, filters: { org: 999 } });
      assert.deepEqual(
        r.hits.map((h) => h.id),
        [900002, 900001],
      );
      assert.ok(r.hits[0]!.score > r.hits[1]!.score);
    } finally {
      await remove(database.db, [900001, 900002]);
    }
  });

  test('the whole query as one phrase ranks above its words apart', async () => {
    const extra: SearchDoc[] = [
      { ...blank(900003), title: '低保对象名单与专项资金公示', publishedOn: '2017-12-31' },
      { ...blank(900004), title: '城乡低保资金发放情况', publishedOn: '2016-01-05' },
    ];
    await upsert(database.db, extra);
    try {
      const r = await search(database.db, { q: '低保 资金', filters: { org: 999 } });
      assert.deepEqual(
        r.hits.map((h) => h.id),
        [900004, 900003],
      );
    } finally {
      await remove(database.db, [900003, 900004]);
    }
  });

  test('titles and snippets highlight the matched characters of traditional text', async () => {
    const r = await search(database.db, { q: '行政复议', filters: { year: 2016 }, limit: 100 });
    const traditional = r.hits.find((h) => h.id % 8 === 0 && h.snippet.some((s) => s.hit));
    assert.ok(traditional, 'a traditional-script hit with a highlighted snippet');
    for (const s of traditional.snippet.filter((x) => x.hit)) assert.equal(s.text, toTraditional('行政复议'));
    const doc = docs[traditional.id - 1]!;
    const passage = traditional.snippet
      .map((s) => s.text)
      .join('')
      .replace(/^…|…$/g, '');
    assert.ok(
      [doc.summary, doc.body, doc.attachmentText].some((f) => f.includes(passage)),
      'the snippet is a slice of the original text',
    );
    for (const h of r.hits) assert.equal(h.title.map((s) => s.text).join(''), docs[h.id - 1]!.title);
  });

  test('upsert replaces a document, remove removes it', async () => {
    const original = docs[99]!;
    await upsert(database.db, [{ ...original, title: '关于黄金周旅游市场秩序的通告', summary: '', body: '维护旅游市场秩序。', docNo: '', attachmentText: '' }]);
    let r = await search(database.db, { q: '黄金周' });
    assert.deepEqual(
      r.hits.map((h) => h.id),
      [original.id],
    );
    const oldWords = parseQuery(original.title).flat()[0]!;
    assert.ok(!(await allIds({ q: oldWords })).includes(original.id), 'old title no longer matches');
    await upsert(database.db, [original]);
    r = await search(database.db, { q: '黄金周' });
    assert.equal(r.total, 0);
    await remove(database.db, [original.id]);
    assert.ok(!(await allIds({ q: oldWords })).includes(original.id));
    await upsert(database.db, [original]);
    assert.ok((await allIds({ q: oldWords })).includes(original.id));
  });

  test('reindex rebuilds the index from the records, reporting progress', async () => {
    const seen: string[] = [];
    const batches = [docs.slice(0, 1000), docs.slice(1000)];
    // One worker thread prepares while the main thread writes, a transaction per 1,000 documents.
    const res = await reindex(database.db, batches, (p) => seen.push(`${p.phase}:${p.done}`), { workers: 1, docsPerTransaction: 1000 });
    assert.equal(res.docs, docs.length);
    assert.deepEqual(seen, ['clearing:0', 'indexing:1000', 'indexing:2000', `indexing:${docs.length}`, `compacting:${docs.length}`, `done:${docs.length}`]);
    assert.deepEqual(new Set(await allIds({ q: '信访' })), scan(docs, '信访'));
    await clear(database.db);
    assert.equal((await search(database.db, { q: '信访' })).total, 0);
  });
});

function blank(id: number): SearchDoc {
  return {
    id,
    title: '',
    summary: '',
    body: '',
    docNo: '',
    attachmentText: '',
    org: 999,
    year: 2016,
    topic: '综合政务/其他',
    genre: '函',
    columns: ['zfwj'],
    validity: 'valid',
    publishedOn: '2016-01-01',
  };
}
