import { createRng, WeightedPicker, type Rng } from './random.ts';
import {
  ANSWER_CLOSE,
  ANSWER_OPEN,
  COLUMN_GENRES,
  COLUMN_WEIGHTS,
  COLUMNS,
  FRAMES,
  GAZETTE_ITEMS,
  GIVEN,
  GUIDE_BODY,
  GUIDE_TITLE,
  LEADER_NEWS,
  NEWS_CLOSES,
  NEWS_LEADS,
  POSTS,
  SUBJECTS,
  SURNAMES,
  VILLAGES,
  type ColumnKey,
  type Genre,
  type Subject,
} from './phrase-bank.ts';

/**
 * A deterministic generator of a district's published information (主动公开 items) for demos,
 * tests and benchmarks: the same seed gives the same items, byte for byte, on every machine.
 *
 * Items come out in formed-date order within the year, so 文号 serials rise with the date as
 * they do in a real 发文登记簿, and they are streamed (a generator) so a million items never sit
 * in memory at once.
 */
export interface DemoOrg {
  id: number;
  /** As the orgs module shows it: 区民政局, 常青乡, 区管委办公室. */
  shortName: string;
  /** government | office | department | township | street | …: decides what the org publishes. */
  kind: string;
  /** 文号 issuer code after the place abbreviation (洪「民」发); derived from the name when absent. */
  docPrefix?: string;
}

export interface GenerateItemsOptions {
  seed: number | string;
  count: number;
  /** Items are formed on working days of this year (published up to 25 working days later). */
  year: number;
  orgs: readonly DemoOrg[];
  /** Column keys to fill (see COLUMNS); unknown keys get an even share of general news. */
  columns: readonly string[];
  /** The district: its name opens full org names, its abbreviation opens every 文号. */
  place?: { name: string; abbr: string };
}

export type Validity = 'valid' | 'expired' | 'repealed';

export interface DemoItem {
  /** 0-based position in this run (stable for the same options). */
  seq: number;
  title: string;
  /** 内容概述, at most 100 characters. */
  summary: string;
  body: string;
  /** 文号 such as 洪管发〔2016〕12号; empty for news items, which carry none. */
  docNo: string;
  genre: Genre;
  /** 主题分类 key of the 中国政府网 tree: 综合政务/政务公开. */
  topic: string;
  column: string;
  org: number;
  /** 成文日期 (YYYY-MM-DD). */
  formedOn: string;
  /** 发布日期: 0–25 working days after formedOn, mostly within the 20-day limit. */
  publishedOn: string;
  validity: Validity;
}

export const DEMO_PLACE = { name: '洪江区', abbr: '洪' } as const;
export const DEMO_COLUMNS = Object.keys(COLUMNS) as ColumnKey[];

/** The agencies of the seed district (区直单位, 三乡四街), for demos that have no orgs table yet. */
export function demoOrgs(): DemoOrg[] {
  const rows: [string, string][] = [
    ['区管委', 'government'],
    ['区管委办公室', 'office'],
    ['区政务公开政务服务办', 'department'],
    ['区发改局', 'department'],
    ['区财政局', 'department'],
    ['区民政局', 'department'],
    ['区人社局', 'department'],
    ['区国土资源分局', 'department'],
    ['区住建局', 'department'],
    ['区安监局', 'department'],
    ['区卫计局', 'department'],
    ['区教育局', 'department'],
    ['区信访局', 'department'],
    ['区法制办', 'department'],
    ['区商务局', 'department'],
    ['区扶贫办', 'department'],
    ['区环保局', 'department'],
    ['区审计局', 'department'],
    ['区食品药品监管局', 'department'],
    ['常青乡', 'township'],
    ['横岩乡', 'township'],
    ['桂花园乡', 'township'],
    ['新民路街道', 'street'],
    ['河滨路街道', 'street'],
    ['沅江路街道', 'street'],
    ['高坡街街道', 'street'],
  ];
  return rows.map(([shortName, kind], i) => ({ id: i + 1, shortName, kind }));
}

export function* generateItems(opts: GenerateItemsOptions): Generator<DemoItem> {
  if (!opts.orgs.length) throw new RangeError('generateItems needs at least one org');
  if (!opts.columns.length) throw new RangeError('generateItems needs at least one column');
  const rng = createRng(`${opts.seed}/${opts.year}`);
  const place = opts.place ?? DEMO_PLACE;
  const g = new Generator_(rng, opts, place);
  const formed = formedDays(rng, opts.count, opts.year);
  // formed has opts.count entries.
  for (const [seq, day] of formed.entries()) yield g.item(seq, day);
}

// ---------------------------------------------------------------------------------------------

type OrgClass = 'gov' | 'dept' | 'local';

interface OrgInfo {
  org: DemoOrg;
  cls: OrgClass;
  full: string;
  short: string;
  code: string;
  subjects: Subject[];
}

const GOV_COLUMNS = new Set(['zfwj', 'zfgg', 'zfgb', 'rsrm', 'ldzc']);
const NEWS_COLUMNS = new Set(['zwxx', 'bmdt', 'ldzc']);
const OFFICIAL_IN_NEWS = new Set<Genre>(['通知', '意见', '决定', '公告', '批复', '函', '请示']);
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const MONTH_WEIGHTS = [0.8, 0.6, 1, 1, 1, 1.05, 1, 0.9, 1, 0.85, 1.1, 1.25];

class Generator_ {
  private readonly columnPicker: WeightedPicker<string>;
  private readonly genrePickers = new Map<string, WeightedPicker<Genre>>();
  private readonly orgPickers = new Map<string, WeightedPicker<OrgInfo>>();
  private readonly serials = new Map<string, number>();
  private readonly localNames: string[];
  private readonly ctx: SlotContext;

  constructor(
    private readonly rng: Rng,
    private readonly opts: GenerateItemsOptions,
    private readonly place: { name: string; abbr: string },
  ) {
    this.columnPicker = new WeightedPicker(opts.columns.map((c) => [c, COLUMN_WEIGHTS[c as ColumnKey] ?? 5] as const));
    const infos = opts.orgs.map((o) => orgInfo(o, place));
    for (const column of opts.columns) {
      const weighted = infos.map((i) => [i, orgWeight(column, i.cls)] as const);
      // A column nobody of the right kind publishes in (no 区管委 given) falls back to everyone.
      this.orgPickers.set(column, new WeightedPicker(weighted.some(([, w]) => w > 0) ? weighted : infos.map((i) => [i, 1] as const)));
      const genres = COLUMN_GENRES[column as ColumnKey] ?? [
        ['通报', 60],
        ['通知', 40],
      ];
      this.genrePickers.set(column, new WeightedPicker(genres));
    }
    const locals = infos.filter((i) => i.cls === 'local').map((i) => i.org.shortName);
    this.localNames = locals.length ? locals : ['常青乡', '横岩乡', '新民路街道', '高坡街街道'];
    const [org] = infos;
    const [subject] = SUBJECTS;
    if (!org) throw new RangeError('generateItems needs at least one org');
    if (!subject) throw new RangeError('generateItems needs at least one subject');
    this.ctx = { rng, year: opts.year, org, subject, localNames: this.localNames, place };
  }

  item(seq: number, formedDay: number): DemoItem {
    const { rng } = this;
    const column = this.columnPicker.pick(rng);
    const org = this.orgPickers.get(column)!.pick(rng);
    const subject = org.subjects.length && rng.chance(0.75) ? rng.pick(org.subjects) : rng.pick(SUBJECTS);
    const genre = this.genrePickers.get(column)!.pick(rng);
    const ctx = this.ctx;
    ctx.org = org;
    ctx.subject = subject;
    const formedOn = isoOfDay(this.opts.year, formedDay);
    ctx.month = Number(formedOn.slice(5, 7));
    ctx.day = Number(formedOn.slice(8, 10));

    const { title, body, topic } = this.compose(column, genre, subject, org);
    const docNo = this.docNo(column, genre, org);
    const publishedOn = isoOfDay(this.opts.year, addWorkdays(this.opts.year, formedDay, publicationDelay(rng)));
    const validity: Validity = column === 'gfxwj' ? (rng.chance(0.8) ? 'valid' : rng.chance(0.75) ? 'expired' : 'repealed') : 'valid';
    return {
      seq,
      title,
      summary: summarize(body),
      body,
      docNo,
      genre,
      topic,
      column,
      org: org.org.id,
      formedOn,
      publishedOn,
      validity,
    };
  }

  private compose(column: string, genre: Genre, s: Subject, _org: OrgInfo): { title: string; body: string; topic: string } {
    const { rng, ctx } = this;
    const f = (t: string): string => fill(t, ctx);
    switch (column) {
      case 'rsrm': {
        const n = rng.int(2, 6);
        const moves: string[] = [];
        // At least n appointments, and enough of them for a body of 80 characters.
        for (let i = 0; i < n || moves.join('；').length < 50; i++) {
          const who = personName(rng);
          moves.push(rng.chance(0.6) ? `任命${who}为${rng.pick(POSTS)}` : `免去${who}的${rng.pick(POSTS)}职务`);
        }
        const lead = personName(rng);
        const title = genre === '决定' ? `关于${lead}同志任职的决定` : `关于${lead}等同志职务任免的通知`;
        const body = `${f(`各乡（街道）、区直各单位：经区管委{Y}年第{N}次主任办公会议研究决定：`) + moves.join('；')}。${genre === '决定' ? '' : '特此通知。'}`;
        return { title, body: clip(body), topic: '劳动、人事、监察/人事工作' };
      }
      case 'gkzn':
        return { title: f(GUIDE_TITLE), body: assemble(rng, 250, 600, [], GUIDE_BODY.map(f), []), topic: '综合政务/政务公开' };
      case 'zfgb': {
        const title = `${this.place.name}管委公报${this.opts.year}年第${ctx.month}期`;
        const contents = GAZETTE_ITEMS.map((x, i) => `${NUMERALS[i]}、${x}`).join('；');
        const body = `本期目录：${contents}。${f(rng.pick(FRAMES.公报.open))}${f(rng.pick(s.facts))}${f(rng.pick(FRAMES.公报.close))}`;
        return { title, body: clip(body), topic: '综合政务/其他' };
      }
      case 'ysqgk': {
        const title = rng.chance(0.5) ? f(`关于{A}申请公开{S}相关信息的答复`) : f(`{O}政府信息公开申请答复书（{Y}第{N}号）`);
        const decisions = [
          `经审查，您申请获取的${s.short}相关信息属于公开范围，现将有关信息随函提供。`,
          `您申请获取的信息已于${this.opts.year}年${ctx.month}月在区政府门户网站“${COLUMNS.czxx}”栏目主动公开，请自行查阅。`,
          `经检索，本机关未制作、获取您所申请的信息，该政府信息不存在。`,
          `您申请的信息不属于本机关公开职责范围，建议您向有关部门咨询。`,
        ];
        const body = f(ANSWER_OPEN) + rng.pick(decisions) + ANSWER_CLOSE;
        return { title, body: clip(body), topic: s.topic };
      }
      case 'czxx': {
        const titles = [
          `{O}{Y}年部门预算公开`,
          `{O}{Y1}年部门决算公开`,
          `{O}{Y1}年度“三公”经费决算公开说明`,
          `洪江区{Y}年{M}月财政收支情况`,
          `关于洪江区{Y1}年财政决算和{Y}年上半年预算执行情况的报告`,
        ];
        const fin = SUBJECTS.find((x) => x.key === 'yujuesuan')!;
        ctx.subject = fin;
        const body = assemble(rng, 120, 600, [f(rng.pick(FRAMES[genre].open))], [...fin.facts, ...s.facts], [f(rng.pick(FRAMES[genre].close))], ctx);
        return { title: f(rng.pick(titles)), body, topic: fin.topic };
      }
      case 'ldzc': {
        const title = f(rng.pick(LEADER_NEWS));
        return { title, body: this.newsBody(s), topic: s.topic };
      }
      case 'gfxwj': {
        const titles: Record<string, string> & { 通知: string } = {
          通知: rng.pick([`关于印发《洪江区{S}管理办法》的通知`, `关于印发《洪江区{S}实施细则》的通知`, `关于印发《洪江区{S}工作规程》的通知`]),
          意见: `关于进一步加强{S}工作的实施意见`,
          决定: `关于{S}若干问题的决定`,
        };
        return { title: f(titles[genre] ?? titles.通知), body: this.officialBody(genre, s, 300, 600), topic: s.topic };
      }
    }
    if (NEWS_COLUMNS.has(column) && !OFFICIAL_IN_NEWS.has(genre)) {
      const title =
        genre === '报告' ? f(`关于{Y}年{S}工作情况的报告`) : genre === '纪要' && rng.chance(0.5) ? f(`{o}{Y}年第{N}次主任办公会议纪要`) : f(rng.pick(s.news));
      return { title, body: genre === '报告' ? this.officialBody(genre, s, 150, 500) : this.newsBody(s), topic: s.topic };
    }
    return {
      title: f(officialTitle(genre, s, rng)),
      body: this.officialBody(genre, s, genre === '批复' || genre === '函' ? 80 : 160, genre === '批复' ? 300 : 600),
      topic: s.topic,
    };
  }

  private officialBody(genre: Genre, s: Subject, min: number, max: number): string {
    const { rng, ctx } = this;
    const frame = FRAMES[genre];
    const points = genre === '公报' || genre === '报告' || genre === '通报' ? [...s.facts, ...s.measures] : s.measures;
    const target = rng.int(min, max);
    const open = fill(rng.pick(frame.open), ctx);
    const close = fill(rng.pick(frame.close), ctx);
    let body = open;
    let k = 0;
    for (const point of shuffled(rng, points)) {
      const p = fill(point, ctx);
      const numbered = `${NUMERALS[k] ?? k + 1}、${p}`;
      if (body.length + numbered.length + close.length > 600) break;
      body += numbered;
      k++;
      if (body.length + close.length >= target) break;
    }
    return body + close;
  }

  private newsBody(s: Subject): string {
    const { rng, ctx } = this;
    return assemble(rng, 150, 450, [fill(rng.pick(NEWS_LEADS), ctx)], newsMiddle(s), [fill(rng.pick(NEWS_CLOSES), ctx)], ctx);
  }

  private docNo(column: string, genre: Genre, org: OrgInfo): string {
    if (column === 'zfgb' || column === 'ldzc' || column === 'gkzn') return '';
    if (NEWS_COLUMNS.has(column) && !OFFICIAL_IN_NEWS.has(genre)) return '';
    if (column === 'czxx' && genre !== '通知') return '';
    const kind = genre === '函' || genre === '批复' ? '函' : genre === '公告' || genre === '通告' ? '告' : genre === '命令（令）' ? '令' : '发';
    const key = `${org.code}${kind}`;
    const n = (this.serials.get(key) ?? 0) + 1;
    this.serials.set(key, n);
    return `${this.place.abbr}${key}〔${this.opts.year}〕${n}号`;
  }
}

const middles = new WeakMap<Subject, readonly string[]>();

function newsMiddle(s: Subject): readonly string[] {
  let m = middles.get(s);
  if (!m) {
    m = [...s.facts, ...s.measures];
    middles.set(s, m);
  }
  return m;
}

function officialTitle(genre: Genre, s: Subject, rng: Rng): string {
  const core = rng.pick(s.titles);
  switch (genre) {
    case '批复':
      return `关于同意{o}${core}的批复`;
    case '函':
      return `关于${core}有关事项的函`;
    case '报告':
      return `关于{Y}年{S}工作情况的报告`;
    case '纪要':
      return `区管委{Y}年第{N}次主任办公会议纪要`;
    case '公报':
      return `洪江区{Y}年{S}工作公报`;
    case '决议':
      return `关于{Y}年{S}工作情况报告的决议`;
    case '议案':
      return `关于提请审议{S}有关事项的议案`;
    case '命令（令）':
      return `洪江区管理委员会令（第{N}号）`;
    default:
      return `关于${core}的${genre}`;
  }
}

// --- slots ------------------------------------------------------------------------------------

interface SlotContext {
  rng: Rng;
  year: number;
  org: OrgInfo;
  subject: Subject;
  localNames: string[];
  place: { name: string; abbr: string };
  month?: number;
  day?: number;
}

const parsed = new Map<string, (string | number)[]>();
const SLOT_CODES: Record<string, number> = { Y: 1, Y1: 2, M: 3, D: 4, N: 5, K: 6, W: 7, P: 8, O: 9, o: 10, T: 11, V: 12, R: 13, S: 14, s: 15, B: 16, A: 17 };

/** Fills {X} slots. Templates are parsed once and cached: this runs millions of times. */
function fill(template: string, c: SlotContext): string {
  let parts = parsed.get(template);
  if (!parts) {
    parts = [];
    let last = 0;
    for (const m of template.matchAll(/\{(Y1|[A-Za-z])\}/g)) {
      const code = SLOT_CODES[m[1] ?? ''];
      if (!code) continue;
      if (m.index > last) parts.push(template.slice(last, m.index));
      parts.push(code);
      last = m.index + m[0].length;
    }
    if (last < template.length) parts.push(template.slice(last));
    parsed.set(template, parts);
  }
  let out = '';
  const r = c.rng;
  for (const p of parts) {
    if (typeof p === 'string') {
      out += p;
      continue;
    }
    switch (p) {
      case 1:
        out += c.year;
        break;
      case 2:
        out += c.year - 1;
        break;
      case 3:
        out += c.month ?? r.int(1, 12);
        break;
      case 4:
        out += c.day ?? r.int(1, 28);
        break;
      case 5:
        out += r.int(2, 30);
        break;
      case 6:
        out += r.int(12, 980);
        break;
      case 7:
        out += (r.int(50, 99_999) / 10).toFixed(1);
        break;
      case 8:
        out += (r.int(600, 999) / 10).toFixed(1);
        break;
      case 9:
        out += c.org.full;
        break;
      case 10:
        out += c.org.short;
        break;
      case 11:
        out += r.pick(c.localNames);
        break;
      case 12:
        out += r.pick(VILLAGES);
        break;
      case 13:
        out += personName(r);
        break;
      case 17:
        // An applicant, as published answers name one: the surname and 某 (issue 15, item 6). The
        // full name is drawn all the same, so the generator's random stream does not change.
        out += `${personName(r).charAt(0)}某`;
        break;
      case 14:
        out += c.subject.name;
        break;
      case 15:
        out += c.subject.short;
        break;
      case 16:
        out += r.pick(c.subject.basis);
        break;
    }
  }
  return out;
}

function personName(rng: Rng): string {
  const s = SURNAMES.charAt(Math.floor(rng.next() * SURNAMES.length));
  const a = GIVEN.charAt(Math.floor(rng.next() * GIVEN.length));
  return rng.chance(0.6) ? s + a + GIVEN.charAt(Math.floor(rng.next() * GIVEN.length)) : s + a;
}

// --- bodies ----------------------------------------------------------------------------------

const MAX_BODY = 600;
const MIN_BODY = 80;

/**
 * Head + shuffled middle sentences until a random target length + tail, within 80–600. Middle
 * sentences are templates filled only when used (this runs a million times in benchmarks).
 */
function assemble(rng: Rng, min: number, max: number, head: string[], middle: readonly string[], tail: string[], ctx?: SlotContext): string {
  const target = rng.int(min, max);
  let body = head.join('');
  const end = tail.join('');
  for (const sentence of shuffled(rng, middle)) {
    const s = ctx ? fill(sentence, ctx) : sentence;
    if (body.length + s.length + end.length > MAX_BODY) continue;
    body += s;
    if (body.length + end.length >= target) break;
  }
  return clip(body + end);
}

function clip(body: string): string {
  if (body.length <= MAX_BODY) return body;
  const cut = body.lastIndexOf('。', MAX_BODY - 1);
  return cut >= MIN_BODY ? body.slice(0, cut + 1) : body.slice(0, MAX_BODY);
}

/** 内容概述 (≤ 100 characters): the body after its salutation, cut at a sentence or clause end. */
export function summarize(body: string): string {
  let text = body;
  const colon = text.indexOf('：');
  if (colon >= 0 && colon < 40) text = text.slice(colon + 1);
  if (text.length <= 100) return text;
  const head = text.slice(0, 100);
  const stop = Math.max(head.lastIndexOf('。'), head.lastIndexOf('；'));
  if (stop >= 30) return head.slice(0, stop + 1);
  const comma = head.lastIndexOf('，');
  if (comma >= 30) return `${head.slice(0, comma)}。`;
  return `${head.slice(0, 99)}…`;
}

/** A shuffled copy of items (Fisher–Yates). */
function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    // 0 ≤ j ≤ i < a.length.
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}

// --- orgs ------------------------------------------------------------------------------------

function classify(kind: string): OrgClass {
  const k = kind.toLowerCase();
  if (/gov|office|committee|leader/.test(k)) return 'gov';
  if (/township|street|subdistrict|village|community|town/.test(k)) return 'local';
  return 'dept';
}

function orgInfo(org: DemoOrg, place: { name: string; abbr: string }): OrgInfo {
  const cls = classify(org.kind);
  const bare = org.shortName.replace(/^区/, '');
  const full = cls === 'local' ? `${place.name}${org.shortName}` : `${place.name}${bare}`;
  let code = org.docPrefix;
  if (!code) {
    if (cls === 'gov') code = org.kind.toLowerCase().includes('office') ? (bare.includes('管委') ? '管办' : '政办') : bare.includes('管委') ? '管' : '政';
    else code = bare.slice(0, 1);
  }
  const subjects = SUBJECTS.filter((s) => s.owners.some((o) => org.shortName.includes(o)));
  return { org, cls, full, short: org.shortName, code, subjects };
}

function orgWeight(column: string, cls: OrgClass): number {
  if (GOV_COLUMNS.has(column)) return cls === 'gov' ? 10 : 0;
  switch (column) {
    case 'bmdt':
      return cls === 'dept' ? 10 : cls === 'local' ? 3 : 0;
    case 'czxx':
      return cls === 'dept' ? 6 : cls === 'gov' ? 10 : 1;
    case 'zwxx':
      return cls === 'gov' ? 12 : cls === 'dept' ? 2 : 3;
    default:
      return cls === 'gov' ? 3 : 1;
  }
}

// --- dates -----------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const isoCache = new Map<number, string[]>();

/** Formed dates: working days (Mon–Fri) of the year, fewer around the Spring Festival, sorted. */
function formedDays(rng: Rng, count: number, year: number): Uint16Array {
  const start = Date.UTC(year, 0, 1);
  const days: (readonly [number, number])[] = [];
  for (let d = 0; d < 366; d++) {
    const t = new Date(start + d * DAY_MS);
    if (t.getUTCFullYear() !== year) break;
    const wd = t.getUTCDay();
    if (wd !== 0 && wd !== 6 && !isFixedHoliday(t)) days.push([d, MONTH_WEIGHTS[t.getUTCMonth()] ?? 1]);
  }
  const picker = new WeightedPicker(days);
  const out = new Uint16Array(count);
  for (let i = 0; i < count; i++) out[i] = picker.pick(rng);
  return out.sort();
}

/** Publication delay in working days: mostly within days, some near the 20-day limit, a few late. */
function publicationDelay(rng: Rng): number {
  const x = rng.next();
  if (x < 0.6) return rng.int(0, 3);
  if (x < 0.9) return rng.int(4, 12);
  if (x < 0.97) return rng.int(13, 20);
  return rng.int(21, 25);
}

const workdayCache = new Map<number, Uint8Array>();

/** Adds working days: Monday–Friday without the fixed holidays ("working-day-ish" demo data). */
function addWorkdays(year: number, day: number, n: number): number {
  let table = workdayCache.get(year);
  if (!table) {
    table = new Uint8Array(366 + 60);
    const start = Date.UTC(year, 0, 1);
    for (let d = 0; d < table.length; d++) {
      const t = new Date(start + d * DAY_MS);
      const wd = t.getUTCDay();
      table[d] = wd !== 0 && wd !== 6 && !isFixedHoliday(t) ? 1 : 0;
    }
    workdayCache.set(year, table);
  }
  let d = day;
  let left = n;
  while (left > 0) {
    d++;
    if (table[d]) left--;
  }
  return d;
}

/** New Year's Day, Labour Day and the National Day week: the holidays that never move. */
function isFixedHoliday(t: Date): boolean {
  const m = t.getUTCMonth();
  const d = t.getUTCDate();
  return (m === 0 && d === 1) || (m === 4 && d <= 3) || (m === 9 && d <= 7);
}

function isoOfDay(year: number, day: number): string {
  let table = isoCache.get(year);
  if (!table) {
    table = [];
    const start = Date.UTC(year, 0, 1);
    for (let d = 0; d < 366 + 60; d++) table.push(new Date(start + d * DAY_MS).toISOString().slice(0, 10));
    isoCache.set(year, table);
  }
  const iso = table[day];
  if (iso === undefined) throw new RangeError(`day ${day} is outside the table of ${year}`);
  return iso;
}
