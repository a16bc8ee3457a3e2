/**
 * The benchmark corpus: the demo generator's items as search documents, spread over 16 years
 * (2010–2025) the way a district's archive grows, one in twenty in traditional script (Taiwan
 * characters, converted with opencc's character tables) so folding is exercised. Deterministic:
 * the same size and seed give the same documents, so a scan can regenerate them for recall.
 */
import * as OpenCC from 'opencc-js';
import { DEMO_COLUMNS, demoOrgs, generateItems } from '../src/modules/catalogue/demo/generate-items.ts';
import type { SearchDoc } from '../src/platform/search/types.ts';

export const CORPUS_YEARS = Array.from({ length: 16 }, (_, i) => 2010 + i);

export function* corpusBatches(opts: { items: number; seed?: number; batch?: number }): Generator<SearchDoc[]> {
  const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
  const orgs = demoOrgs();
  const perYear = Math.ceil(opts.items / CORPUS_YEARS.length);
  const size = opts.batch ?? 2000;
  let id = 0;
  let batch: SearchDoc[] = [];
  for (const year of CORPUS_YEARS) {
    for (const it of generateItems({ seed: opts.seed ?? 2016, count: perYear, year, orgs, columns: DEMO_COLUMNS })) {
      if (id >= opts.items) break;
      id++;
      const t = (s: string): string => (id % 20 === 0 ? toTraditional(s) : s);
      batch.push({
        id,
        title: t(it.title),
        summary: t(it.summary),
        body: t(it.body),
        docNo: it.docNo,
        attachmentText: id % 40 === 0 ? t(`附件：${it.title}（征求意见稿）。${it.body}`) : '',
        org: it.org,
        year,
        topic: it.topic,
        genre: it.genre,
        columns: id % 11 === 0 && it.column !== 'zwxx' ? [it.column, 'zwxx'] : [it.column],
        validity: it.validity,
        publishedOn: it.publishedOn,
      });
      if (batch.length === size) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length) yield batch;
}

/**
 * The fixed query set: common and rare terms of two to four characters, a few in traditional
 * script, two that match nothing.
 */
export const BENCH_QUERIES: readonly string[] = [
  // very common
  '工作',
  '通知',
  '安全',
  '公开',
  '管理',
  // common topic terms
  '低保',
  '信访',
  '复议',
  '扶贫',
  '征地',
  '审计',
  '就业',
  '防汛',
  // three and four characters
  '行政复议',
  '招商引资',
  '政务公开',
  '安全生产',
  '最低生活',
  '公共租赁',
  '听证会',
  '洪管发',
  '主任办公',
  // rare
  '均冲村',
  '龙船塘',
  '黄标车',
  '秸秆禁烧',
  '回头看',
  '明厨亮灶',
  // traditional script
  '行政復議',
  '聽證會',
  '資金',
  // nothing
  '量子计算',
  '火星',
];
