import { createHash } from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import { execute } from '../../platform/command.ts';
import { updateSetting, getSetting } from '../../platform/settings/settings.ts';
import { listOrgs, type Org } from '../orgs/index.ts';
import { generateItems, type DemoOrg, type DemoItem } from './demo/generate-items.ts';
import { createRng } from './demo/random.ts';
import { importCommand, type ImportProgress } from './commands/import-items.ts';
import { createItem } from './commands/create-item.ts';
import { submitItem } from './commands/transitions.ts';
import { setValidity } from './commands/maintain.ts';
import { listColumns } from './repo.ts';
import { guideSetting } from './settings.ts';
import type { RawRecord } from './io/format.ts';

/**
 * The demo district's catalogue: the seed's 6,105 items published in 2016, all on the website
 * (its table: 主动公开政府信息数 6105 = 政府网站公开政府信息数 6105), spread over its columns and
 * agencies by helper-4's phrase-bank generator; then 2025, a year in which items also go out in
 * the 政府公报, on 政务微博 / 政务微信 and in other media, and normative documents are issued and
 * older ones repealed — so the 2021-format report's table 二 has figures. A few current drafts show
 * the timeliness list and the personal-data scan. Loaded through the import path (bulk inserts,
 * indexed in the same transaction), so it takes seconds.
 */
export const DEMO_SEED = 'hongjiang';
export const DEMO_2016_COUNT = 6105;
export const DEMO_2025_COUNT = 1800;

/** The agencies that publish: the district, its departments and institutions, townships and streets. */
function publishers(orgs: Org[]): DemoOrg[] {
  return orgs
    .filter((o) => ['government', 'department', 'institution', 'township', 'town', 'street'].includes(o.kind))
    .map((o) => ({
      id: o.id,
      shortName: o.kind === 'government' ? '区管委' : o.shortName,
      // 区管委办 is the government's own office (it issues 洪管办发 documents).
      kind:
        o.kind === 'government'
          ? 'government'
          : /管委办|管理委员会办公室/.test(o.shortName + o.name)
            ? 'office'
            : o.kind === 'institution'
              ? 'department'
              : o.kind,
    }));
}

function record(it: DemoItem, line: number, yearEnd: string, extra: Record<string, unknown> = {}): RawRecord {
  return {
    line,
    data: {
      title: it.title,
      summary: it.summary,
      body: it.body,
      org: String(it.org),
      docNo: it.docNo,
      formedOn: it.formedOn,
      // A December item the generator dates into the next January is published by 31 December:
      // the year's figures are the seed's.
      publishedOn: it.publishedOn > yearEnd ? yearEnd : it.publishedOn,
      column: it.column,
      topic: it.topic,
      genre: it.genre,
      disclosure: 'proactive',
      validity: 'valid',
      normative: it.column === 'gfxwj',
      rule: false,
      ...extra,
    },
  };
}

const GAZETTE_COLUMNS = new Set(['zfwj', 'gfxwj', 'rsrm', 'zfgg']);
const NEWS_COLUMNS = new Set(['zwxx', 'bmdt', 'ldzc']);

function channels2025(it: DemoItem, publishedOn: string, rng: ReturnType<typeof createRng>): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [{ channel: 'website', publishedOn, reference: '' }];
  const month = Number(publishedOn.slice(5, 7));
  if (GAZETTE_COLUMNS.has(it.column) || it.column === 'zfgb') {
    // The monthly gazette carries the month's documents in the next issue.
    const issue = month === 12 ? 12 : month + 1;
    out.push({
      channel: 'gazette',
      publishedOn: `2025-${String(issue).padStart(2, '0')}-${issue === month ? '28' : '10'}`,
      reference: `洪江区管委公报2025年第${issue}期`,
    });
  }
  if (NEWS_COLUMNS.has(it.column) || it.column === 'zfgg') {
    if (rng.chance(0.35)) out.push({ channel: 'wechat', publishedOn, reference: '“洪江发布”微信公众号' });
    if (rng.chance(0.25)) out.push({ channel: 'weibo', publishedOn, reference: '@洪江发布' });
    if (rng.chance(0.05)) out.push({ channel: 'other', publishedOn, reference: '区有线电视台《洪江政务》栏目', medium: '电视' });
  }
  if (it.column === 'czxx' && rng.chance(0.3)) out.push({ channel: 'other', publishedOn, reference: '政务公开栏', medium: '公开栏' });
  return out;
}

export async function loadDemoCatalogue(ctx: AppContext, onProgress?: (p: ImportProgress) => void): Promise<string[]> {
  const already = await ctx.db.selectFrom('cat_items').select('id').where('source', '=', 'demo').limit(1).executeTakeFirst();
  if (already) return [];
  const orgs = await listOrgs(ctx.db);
  const pubs = publishers(orgs);
  const columns = (await listColumns(ctx.db, { fresh: true })).filter((c) => c.kind !== 'link').map((c) => c.key);
  const lines: string[] = [];

  // The seed's reading points (查阅点) and remedies, for the generated 信息公开指南.
  const guide = await getSetting(ctx.db, guideSetting);
  if (!guide.readingPoints.length) {
    await execute(ctx, updateSetting, {
      key: guideSetting.key,
      value: {
        ...guide,
        readingPoints: ['洪江区档案馆', '洪江区图书馆', '洪江区政务服务中心'],
        reconsiderationBody: '洪江区管理委员会（对区直部门和乡街的决定）或怀化市人民政府（对区管委的决定）',
        court: '洪江区人民法院',
      },
    });
  }

  const run = async (name: string, records: RawRecord[]) => {
    const sha256 = createHash('sha256')
      .update(JSON.stringify(records.map((r) => r.data)))
      .digest('hex');
    const r = await execute(ctx, importCommand(onProgress), { source: { name, sha256, format: 'demo' }, records, allOrNothing: true, origin: 'demo' });
    return r;
  };

  const y2016 = [...generateItems({ seed: DEMO_SEED, count: DEMO_2016_COUNT, year: 2016, orgs: pubs, columns })].map((it, i) => {
    // The generator marks some normative documents expired or repealed; they lapsed in later years.
    const changed = it.validity === 'valid' ? {} : { validity: it.validity, validityChangedOn: `${2018 + (i % 6)}-06-30` };
    return record(it, i + 1, '2016-12-31', changed);
  });
  const r16 = await run('demo-2016', y2016);
  lines.push(`主动公开：2016年 ${r16.imported} 条（均在政府网站发布）`);

  const rng = createRng(`${DEMO_SEED}/channels/2025`);
  const y2025 = [...generateItems({ seed: DEMO_SEED, count: DEMO_2025_COUNT, year: 2025, orgs: pubs, columns })].map((it, i) => {
    const publishedOn = it.publishedOn > '2025-12-31' ? '2025-12-31' : it.publishedOn;
    const changed = it.validity === 'valid' ? {} : { validity: it.validity, validityChangedOn: '2025-12-31' < it.formedOn ? it.formedOn : '2025-12-31' };
    return record(it, i + 1, '2025-12-31', { ...changed, channels: channels2025(it, publishedOn, rng) });
  });
  const r25 = await run('demo-2025', y2025);
  lines.push(`主动公开：2025年 ${r25.imported} 条（部分同时在政府公报、政务微博、政务微信等渠道发布）`);

  // 2025: a clean-up of normative documents — some 2016 ones repealed, replaced by 2025 ones.
  const old = await ctx.db
    .selectFrom('cat_items')
    .select(['id', 'org_id'])
    .where('is_normative', '=', 1)
    .where('validity', '=', 'valid')
    .where('published_on', '<=', '2016-12-31')
    .orderBy('id')
    .execute();
  const replacements = await ctx.db
    .selectFrom('cat_items')
    .select(['index_no', 'org_id', 'formed_on'])
    .where('is_normative', '=', 1)
    .where('validity', '=', 'valid')
    .where('published_on', '>=', '2025-01-01')
    .orderBy('id')
    .execute();
  let repealed = 0;
  for (const o of old.filter((_x, i) => i % 4 === 0).slice(0, 12)) {
    const succ = replacements.find((r) => Number(r.org_id) === Number(o.org_id)) ?? replacements[repealed % Math.max(1, replacements.length)];
    await execute(ctx, setValidity, {
      id: Number(o.id),
      validity: 'repealed',
      changedOn: succ ? succ.formed_on : '2025-06-30',
      successorIndexNo: succ?.index_no ?? '',
    });
    repealed++;
  }
  if (repealed) lines.push(`规范性文件：2025年废止 ${repealed} 件（由新文件替代）`);

  // Work in progress today: drafts near and past their 20-working-day limit, one awaiting review.
  const office = orgs.find((o) => o.kind === 'government') ?? orgs[0];
  if (!office) throw new Error('demo: no org to own the work in progress');
  const col = (key: string) => listColumns(ctx.db).then((cs) => cs.find((c) => c.key === key)?.id ?? null);
  const today = ctx.clock.today();
  const back = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
  const drafts = [
    {
      title: '关于做好2026年冬春季节城乡低保对象动态管理工作的通知',
      formedOn: back(40),
      genre: '通知',
      topic: '民政、扶贫、救灾/社会福利',
      column: 'zfwj',
      docNo: `洪管办发〔${today.slice(0, 4)}〕31号`,
    },
    { title: '洪江区2026年第三季度财政收支情况', formedOn: back(24), genre: '报告', topic: '财政、金融、审计/财政', column: 'czxx', docNo: '' },
    {
      title: '关于开展2026年度政务公开工作考核的通知',
      formedOn: back(3),
      genre: '通知',
      topic: '综合政务/政务公开',
      column: 'zwxx',
      docNo: `洪管办发〔${today.slice(0, 4)}〕35号`,
    },
  ];
  for (const d of drafts) {
    await execute(ctx, createItem, {
      orgId: office.id,
      columnId: await col(d.column),
      title: d.title,
      body: `各乡（街道）、区直各单位：\n${d.title.replace(/^关于/, '现就').replace(/的通知$/, '')}有关事项通知如下。请各单位高度重视，按时报送有关材料。`,
      docNo: d.docNo,
      formedOn: d.formedOn,
      topic: d.topic,
      genre: d.genre,
    });
  }
  const withPhone = await execute(ctx, createItem, {
    orgId: office.id,
    columnId: await col('zwxx'),
    title: '关于2026年城乡医疗救助对象名单的公示',
    body: '经个人申请、村（社区）评议、乡（街道）审核，拟将下列人员纳入医疗救助范围，现予公示。\n联系人：王某某，身份证号430102198003150018，联系电话13807451234。\n公示期为7天。',
    formedOn: back(8),
    topic: '民政、扶贫、救灾/社会福利',
    genre: '公告',
  });
  await execute(ctx, submitItem, { id: withPhone.id });
  lines.push('主动公开：在办信息 4 条（含1条待保密审查、1条已超期）');
  return lines;
}
