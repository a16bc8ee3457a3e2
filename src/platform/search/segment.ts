import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { isWordUnit } from './normalize.ts';

/**
 * Word segmentation for relevance (never for recall: recall comes from character bigrams, which
 * find every substring; see index.ts). jieba's general dictionary splits government vocabulary
 * (行政复议 → 行政/复议, 洪江区 → 洪江/区), so the words a district's readers search for are added
 * here with a high frequency. Text is folded to simplified script before it gets here: jieba's
 * dictionary is simplified and does poorly on traditional text.
 */
export const GOVERNMENT_TERMS: readonly string[] = [
  '行政复议',
  '行政诉讼',
  '行政许可',
  '行政处罚',
  '行政强制',
  '行政征收',
  '行政确认',
  '行政裁决',
  '行政给付',
  '信息公开',
  '政务公开',
  '政府信息',
  '依申请公开',
  '主动公开',
  '政务服务',
  '政务服务中心',
  '便民服务中心',
  '信访',
  '信访局',
  '低保',
  '城乡低保',
  '最低生活保障',
  '特困供养',
  '五保',
  '优抚',
  '临时救助',
  '社会救助',
  '预决算',
  '部门预算',
  '部门决算',
  '三公经费',
  '财政预算',
  '财政决算',
  '一般公共预算',
  '政府性基金',
  '征地',
  '征地拆迁',
  '征地补偿',
  '房屋征收',
  '棚户区改造',
  '保障性住房',
  '公共租赁住房',
  '公租房',
  '廉租住房',
  '扶贫',
  '精准扶贫',
  '脱贫攻坚',
  '建档立卡',
  '贫困户',
  '产业扶贫',
  '扶贫资金',
  '安全生产',
  '安监局',
  '隐患排查',
  '应急管理',
  '防汛抗旱',
  '森林防火',
  '食品安全',
  '食品药品',
  '人事任免',
  '招商引资',
  '营商环境',
  '简政放权',
  '放管服',
  '权力清单',
  '责任清单',
  '规范性文件',
  '政府公报',
  '政府公告',
  '政府文件',
  '领导之窗',
  '部门动态',
  '财政信息',
  '信息公开指南',
  '主任办公会议',
  '管委',
  '区管委',
  '工委',
  '区直单位',
  '乡街',
  '洪江区',
  '洪江',
  '12345热线',
  '确权登记',
  '土地承包经营权',
  '建制村合并',
  '医疗保险',
  '养老保险',
  '就业创业',
  '创业担保贷款',
];

let instance: Jieba | null = null;

function jieba(): Jieba {
  if (!instance) {
    instance = Jieba.withDict(dict);
    // Frequency high enough that jieba keeps each term whole against its general dictionary.
    instance.loadDict(Buffer.from(GOVERNMENT_TERMS.map((t) => `${t} 200000 n`).join('\n')));
  }
  return instance;
}

/**
 * Index-side words of a folded text: each word of the precise cut, plus every dictionary word
 * inside it (政务服务中心 → 政务, 服务, 中心, 政务服务, 服务中心, 政务服务中心), so a query for a
 * part counts as a word match. jieba's search mode is not enough: it adds only the 2- and
 * 3-character parts and so loses 政务服务 inside 政务服务中心. Parts are taken inside a word only,
 * never across two words, so 答复议题 (答复/议题) does not yield 复议. Punctuation is dropped.
 */
export function indexWords(folded: string): string[] {
  const j = jieba();
  const out: string[] = [];
  for (const w of j.cut(folded, false)) {
    if (!hasWordUnit(w)) continue;
    if (w.length >= 3) {
      for (const part of j.cutAll(w)) if (part.length >= 2 && part !== w) out.push(part);
    }
    out.push(w);
  }
  return out;
}

/** Query-side words of one folded query run, in precise mode (城乡居民最低生活保障 → 城乡居民/最低/生活/保障). */
export function queryWords(folded: string): string[] {
  return jieba().cut(folded, false).filter(hasWordUnit);
}

function hasWordUnit(w: string): boolean {
  for (let i = 0; i < w.length; i++) if (isWordUnit(w.charCodeAt(i))) return true;
  return false;
}
