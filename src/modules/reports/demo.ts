/**
 * The report module's share of the demo district: the activities and per-year facts behind the
 * seed's 2016 table (洪江区2016年信息公开年度报告), and a later year, 2025, in the current format.
 * The catalogue and requests demos load their own records; this loader runs after them, so the
 * reports it files (2016 published, some 2025 reports at each stage of review) freeze real figures.
 *
 * Where the records differ from the seed's table (README, "Demo"): the seed's narrative names three
 * reading points (区档案馆, 图书馆, 政务中心) but its table leaves 查阅点数 blank — the records say 3;
 * it prints 3 staff with 2 full-time and 兼职 blank — the records say 1 part-time.
 */
import type { AppContext } from '../../platform/context.ts';
import { execute } from '../../platform/command.ts';
import { findOrg, listOrgs, type Org } from '../orgs/index.ts';
import { getSetting } from '../../platform/settings/settings.ts';
import { recordActivity, recordConcern } from './commands/activities.ts';
import { setFacts } from './commands/set-fact.ts';
import { acceptReport, returnReport, saveNarrative, submitReport } from './commands/workflow.ts';
import { importReport } from './commands/import-report.ts';
import { generateReport } from './engine/generate.ts';
import { reportingTree, flattenUnits } from './engine/units.ts';
import { reportingKindsSetting } from './settings.ts';
import { national2021 } from './formats/national-2021.ts';
import { createReport } from './report-model.ts';
import { reportToJson } from './io/json.ts';
import { findReport } from './repo.ts';

export const DEMO_DISTRICT = '洪江区管理委员会';

type Act = { org: string; kind: string; heldOn: string; title: string } & Record<string, unknown>;

/** 2016, as the seed report tells it. */
const CONCERNS_2016: Array<{ org: string; title: string; raisedOn: string; answers: Array<[string, string, string]> }> = [
  // [org, date, how] — every answer by a channel other than the website or 微博/微信 (the seed: 17 其他方式, 0 微博微信).
  {
    org: DEMO_DISTRICT,
    title: '自来水价格上调方案',
    raisedOn: '2016-03-02',
    answers: [
      [DEMO_DISTRICT, '2016-03-10', '召开自来水费上调听证会现场答复'],
      ['洪江区物价局', '2016-03-18', '通过《洪江政务》电视栏目解读调价方案'],
    ],
  },
  {
    org: DEMO_DISTRICT,
    title: '农村土地征收补偿标准',
    raisedOn: '2016-04-06',
    answers: [
      [DEMO_DISTRICT, '2016-04-20', '农村土地征地标准听证会现场答复'],
      ['洪江区常青乡人民政府', '2016-05-06', '在村务公开栏张贴补偿标准并答复村民'],
    ],
  },
  { org: DEMO_DISTRICT, title: '城市道路延伸更名', raisedOn: '2016-05-11', answers: [[DEMO_DISTRICT, '2016-05-25', '城市道路延伸更名听证会现场答复']] },
  {
    org: '洪江区政务公开政务服务办公室',
    title: '12345热线反映的社会治安问题',
    raisedOn: '2016-06-03',
    answers: [
      ['洪江区政务公开政务服务办公室', '2016-06-12', '热线工单办理情况电话回访答复'],
      ['洪江区新街街道办事处', '2016-06-20', '社区居民会议通报整治措施'],
    ],
  },
  {
    org: '洪江区政务公开政务服务办公室',
    title: '12345热线反映的医疗计生问题',
    raisedOn: '2016-07-01',
    answers: [['洪江区政务公开政务服务办公室', '2016-07-08', '热线工单办理情况电话回访答复']],
  },
  {
    org: '洪江区政务公开政务服务办公室',
    title: '12345热线反映的交通出行问题',
    raisedOn: '2016-07-15',
    answers: [
      ['洪江区政务公开政务服务办公室', '2016-07-26', '热线工单办理情况电话回访答复'],
      ['洪江区河滨路街道办事处', '2016-08-03', '在公开栏公布公交线路调整情况'],
    ],
  },
  {
    org: DEMO_DISTRICT,
    title: '保障性住房分配',
    raisedOn: '2016-08-09',
    answers: [
      [DEMO_DISTRICT, '2016-08-22', '通过《洪江政务》电视栏目公布分配程序和结果'],
      ['洪江区新街街道办事处', '2016-09-05', '在社区公开栏公示分配对象'],
    ],
  },
  { org: '洪江区财政局', title: '财政预决算公开', raisedOn: '2016-09-01', answers: [['洪江区财政局', '2016-09-14', '向区人大报告后在政务公开栏公布预决算']] },
  {
    org: '洪江区教育局',
    title: '学校“阳光服务站”收费问题',
    raisedOn: '2016-09-12',
    answers: [['洪江区教育局', '2016-09-21', '召开家长座谈会答复并在学校公开栏公布收费项目和依据']],
  },
  {
    org: '洪江区政务服务中心',
    title: '政务服务大厅办事排队时间长',
    raisedOn: '2016-10-10',
    answers: [
      ['洪江区政务服务中心', '2016-10-24', '在服务评议箱回复并延长窗口服务时间'],
      ['洪江区政务服务中心', '2016-11-15', '通过电子显示屏公布分中心办理事项'],
    ],
  },
  {
    org: '洪江区常青乡人民政府',
    title: '均冲村土地承包经营权确权登记',
    raisedOn: '2016-11-02',
    answers: [['洪江区常青乡人民政府', '2016-11-18', '确权登记颁证试点现场会答复']],
  },
];

const ACTIVITIES_2016: Act[] = [
  // 3 policy-interpretation articles (the seed: 政策解读稿件发布数 3), each linked to the policy it explains.
  {
    org: DEMO_DISTRICT,
    kind: 'interpretation',
    heldOn: '2016-03-28',
    title: '图解《洪江区2016年政务公开政务服务工作要点》',
    policyTitle: '洪江区2016年政务公开政务服务工作要点',
    policyRef: '洪管发〔2016〕5号',
  },
  {
    org: '洪江区管理委员会办公室',
    kind: 'interpretation',
    heldOn: '2016-06-16',
    title: '《关于简政放权强化乡街便民服务功能工作的通知》政策解读',
    policyTitle: '关于简政放权强化乡街便民服务功能工作的通知',
    policyRef: '洪管办发〔2016〕12号',
  },
  {
    org: '洪江区政务服务中心',
    kind: 'interpretation',
    heldOn: '2016-09-20',
    title: '《洪江区政务服务中心分中心管理办法》解读',
    policyTitle: '洪江区政务服务中心分中心管理办法',
    policyRef: '洪政服发〔2016〕3号',
  },
  // 5 hearings the seed's narrative lists (no row in the 2014 table; recorded all the same).
  {
    org: DEMO_DISTRICT,
    kind: 'hearing',
    heldOn: '2016-03-10',
    title: '自来水费上调听证会',
    participants: 25,
    outcome: '听证代表多数同意分档调价方案，建议对低保户减免，已采纳',
  },
  { org: DEMO_DISTRICT, kind: 'hearing', heldOn: '2016-04-20', title: '农村土地征地标准听证会', participants: 31, outcome: '补偿标准按听证意见上调后报批' },
  { org: DEMO_DISTRICT, kind: 'hearing', heldOn: '2016-05-25', title: '城市道路延伸更名听证会', participants: 18, outcome: '采用听证会推荐的道路名称' },
  {
    org: '洪江区管理委员会法制办公室',
    kind: 'hearing',
    heldOn: '2016-07-19',
    title: '行政复议听证会',
    participants: 9,
    outcome: '复议机关根据听证查明的事实作出复议决定',
  },
  { org: DEMO_DISTRICT, kind: 'hearing', heldOn: '2016-10-12', title: '城市建设规划项目听证会', participants: 27, outcome: '规划方案按听证意见调整绿地比例' },
  // 3 meetings (the seed: 召开政府信息公开工作会议或专题会议数 3).
  { org: DEMO_DISTRICT, kind: 'meeting', heldOn: '2016-04-15', title: '全区政务公开政务服务工作会', participants: 86 },
  { org: '洪江区政务公开政务服务办公室', kind: 'meeting', heldOn: '2016-06-28', title: '政府信息公开工作专题会议（依申请公开办理规范）', participants: 24 },
  { org: '洪江区政务公开政务服务办公室', kind: 'meeting', heldOn: '2016-09-26', title: '2016年政务公开政务服务考核方案部署会', participants: 31 },
  // 3 training courses, 62 trainees (the seed: 3 and 62).
  { org: '洪江区政务公开政务服务办公室', kind: 'training', heldOn: '2016-05-17', title: '政府信息公开业务培训班（乡街、部门信息员）', participants: 28 },
  { org: '洪江区政务公开政务服务办公室', kind: 'training', heldOn: '2016-08-23', title: '政府信息保密审查培训班', participants: 19 },
  { org: '洪江区政务服务中心', kind: 'training', heldOn: '2016-11-08', title: '政务服务窗口工作人员文明礼仪培训班', participants: 15 },
];

/** The 2016 prose, from the seed report's own text (simplified script), its figures live. */
const NARRATIVE_2016: Record<string, string> = {
  overview:
    '2016年，在市委市政府的领导下，我区以党的十八大精神为指针，切实加强领导，强化措施，勇于创新，扎实开展政务公开政务服务工作，为全区经济社会又好又快地发展提供良好的政务服务保障。' +
    '全年主动公开政府信息{{cell:stats.published_total.value}}条，发布政策解读稿件{{activity.interpretations}}篇，回应公众关注事件{{activity.responses}}次。\n' +
    '本年报的统计时间跨度：自2016年1月1日起，到2016年12月31日止。',
  proactive:
    '拓展公开渠道方式。一是不断加强新闻发布统筹工作，及时向社会通报区工委、区管委的重大决策以及重点工作进展。' +
    '二是进一步规范信息公开查询点的查询工作，加大《洪江区政府公报》的赠阅力度，明确区档案馆和图书馆以及政务中心为政府信息查询点（共{{office.readingPoints}}个），为公众查询提供方便。' +
    '三是注重有效发挥区有线电视台等媒体的作用，让不同层次的群众通过不同渠道获取信息。' +
    '四是依托政府门户网站，推进电子政务建设和网上政务公开，全年通过政府网站公开政府信息{{cell:stats.channel_website.value}}条。' +
    '五是有序推进行政决策听证，先后举行城市建设规划项目听证会、行政复议听证会、自来水费上调听证会、农村土地征地标准听证会、城市道路延伸更名听证会等{{activity.hearings}}场。',
  requests:
    '{{^cell:stats.received.value}}全年未收到政府信息公开申请。{{/cell:stats.received.value}}{{#cell:stats.received.value}}全年共收到政府信息公开申请{{cell:stats.received.value}}件。{{/cell:stats.received.value}}',
  fees: '2016年，未收取政府信息公开相关费用。',
  appeals: '全年因政府信息公开申请行政复议{{cell:stats.reconsideration.value}}件，提起行政诉讼{{cell:stats.litigation.value}}件。',
  problems:
    '一是部分乡街、部门对政务公开工作重视不够，公开内容不够及时、全面；二是政策解读和回应关切的方式较为单一。' +
    '下一步，我区将进一步细化工作责任，把政务公开政务服务工作纳入年度考核，拓展政策解读和回应关切的渠道。',
  other:
    '加强公开制度建设。修订完善了包括《洪江区政府信息主动公开制度》、《洪江区政府信息依申请公开制度》、《洪江区政府信息发布协调制度》、《洪江区政府信息保密审查制度》等10多项制度，' +
    '确保了政府信息公开的有序规范运行，全年无一起因公开信息不当引发社会稳定、无一起政府信息公开泄密的情况发生。',
};

/** 2016 facts: the district's, with every other reporting body's entered as 0. */
const FACTS_2016: Record<string, string> = {
  'office.dedicatedUnits': '2',
  'office.readingPoints': '洪江区档案馆\n洪江区图书馆\n洪江区政务服务中心',
  'staff.fullTime': '2',
  'staff.partTime': '1',
  'budget.specialFunds': '8',
  'complaints.count': '0',
};
const ZERO_FACTS_2016: Record<string, string> = {
  'office.dedicatedUnits': '0',
  'office.readingPoints': '',
  'staff.fullTime': '0',
  'staff.partTime': '0',
  'budget.specialFunds': '0',
  'complaints.count': '0',
};

const ACTIVITIES_2025: Act[] = [
  { org: DEMO_DISTRICT, kind: 'press_conference', heldOn: '2025-02-26', title: '洪江区2025年优化营商环境新闻发布会', leaderPresent: 'on' },
  { org: '洪江区财政局', kind: 'press_conference', heldOn: '2025-08-14', title: '2024年度区级部门决算公开新闻发布会' },
  { org: DEMO_DISTRICT, kind: 'online_interview', heldOn: '2025-05-20', title: '“区长在线”访谈：老旧小区改造', leaderPresent: 'on' },
  {
    org: DEMO_DISTRICT,
    kind: 'interpretation',
    heldOn: '2025-03-06',
    title: '一图读懂《洪江区2025年政府工作报告》',
    policyTitle: '洪江区2025年政府工作报告',
    policyRef: '',
  },
  {
    org: '洪江区商务局',
    kind: 'interpretation',
    heldOn: '2025-06-11',
    title: '《洪江区促进消费若干措施》政策解读',
    policyTitle: '洪江区促进消费若干措施',
    policyRef: '洪管发〔2025〕9号',
  },
  { org: DEMO_DISTRICT, kind: 'meeting', heldOn: '2025-03-19', title: '全区政务公开工作会议', participants: 72 },
  { org: '洪江区政务公开政务服务办公室', kind: 'training', heldOn: '2025-04-22', title: '政府信息公开申请办理实务培训', participants: 46 },
  { org: DEMO_DISTRICT, kind: 'hearing', heldOn: '2025-09-09', title: '城区停车收费标准调整听证会', participants: 21, outcome: '按听证意见增设夜间免费时段' },
];

/** The district's 2025 report text: 总体情况 under 1,000 characters; 六 with the live fee sentence. */
const NARRATIVE_2025: Record<string, string> = {
  overview:
    '2025年，洪江区深入贯彻落实《中华人民共和国政府信息公开条例》，围绕优化营商环境、保障和改善民生等重点工作，持续提升政务公开质量和实效。' +
    '全年主动公开政府信息{{catalogue.published}}条；新收政府信息公开申请{{cell:t3.new_received.total}}件，连同上年结转{{cell:t3.carried_over_in.total}}件，' +
    '办结{{cell:t3.total.total}}件，结转下年度继续办理{{cell:t3.carried_over_out.total}}件。\n' +
    '（一）主动公开。聚焦财政预决算、重大建设项目、公共资源配置、社会公益事业等重点领域，及时发布政策文件和解读材料；' +
    '举办新闻发布会{{activity.pressConferences}}场，开展“区长在线”访谈{{activity.onlineInterviews}}期。\n' +
    '（二）依申请公开。严格按照法定时限答复，规范补正、征求意见、延期等程序，答复文书统一载明法律依据和救济途径。\n' +
    '（三）政府信息管理。落实保密审查制度，动态更新政府信息公开目录和行政规范性文件库，及时标注文件有效性。\n' +
    '（四）平台建设。依托政务公开平台统一管理主动公开、依申请公开和年度报告，实现报表数据自动生成、逐项可追溯。\n' +
    '（五）监督保障。将政务公开纳入年度绩效考核，召开全区政务公开工作会议{{activity.meetings}}次，举办业务培训{{activity.trainingCourses}}期、培训{{activity.trainees}}人次。',
  problems:
    '2025年工作中仍存在以下问题：一是个别乡街政策解读形式单一，图解、视频等解读产品较少；二是部分部门依申请公开答复文书说理不够充分；' +
    '三是基层政务公开标准目录更新不够及时。\n' +
    '改进措施：一是建立政策文件与解读材料同步起草、同步审签、同步发布机制；二是开展依申请公开答复文书评查，编印典型案例汇编；' +
    '三是按季度对基层标准目录进行核查，结果纳入年度考核。',
  other:
    '{{^requests.feesCollected}}2025年，无收取信息处理费情况。{{/requests.feesCollected}}{{#requests.feesCollected}}2025年，共收取信息处理费{{requests.feesCollected}}万元。{{/requests.feesCollected}}',
};

const NARRATIVE_2024: Record<string, string> = {
  overview:
    '2024年，洪江区坚持以公开为常态、不公开为例外，全年主动公开政府信息{{catalogue.published}}条，新收政府信息公开申请{{cell:t3.new_received.total}}件。',
  problems:
    '2024年存在的主要问题：政务公开专栏内容更新频率不均衡，部分乡街栏目长期未更新；依申请公开办理人员变动较大，业务熟练程度不一。' +
    '改进情况：建立栏目更新月度通报制度，组织新任承办人员跟班学习，全年开展业务指导六次。',
  other:
    '{{^requests.feesCollected}}2024年，无收取信息处理费情况。{{/requests.feesCollected}}{{#requests.feesCollected}}2024年，共收取信息处理费{{requests.feesCollected}}万元。{{/requests.feesCollected}}',
};

/** Per-unit 2025 decision counts and fee income, by the unit's short name; others enter 0. */
const FACTS_2025: Record<string, Record<string, string>> = {
  区政务中心: { 'decisions.licensing': '3126', 'decisions.penalty': '0', 'decisions.enforcement': '0', 'fees.administrativeCharges': '0' },
  区商务局: { 'decisions.licensing': '214', 'decisions.penalty': '17', 'decisions.enforcement': '2', 'fees.administrativeCharges': '0' },
  区物价局: { 'decisions.licensing': '0', 'decisions.penalty': '26', 'decisions.enforcement': '0', 'fees.administrativeCharges': '0' },
  区教育局: { 'decisions.licensing': '38', 'decisions.penalty': '3', 'decisions.enforcement': '0', 'fees.administrativeCharges': '12.35' },
  区财政局: { 'decisions.licensing': '0', 'decisions.penalty': '5', 'decisions.enforcement': '0', 'fees.administrativeCharges': '0' },
  常青乡: { 'decisions.licensing': '61', 'decisions.penalty': '4', 'decisions.enforcement': '1', 'fees.administrativeCharges': '0' },
};
const ZERO_FACTS_2025 = { 'decisions.licensing': '0', 'decisions.penalty': '0', 'decisions.enforcement': '0', 'fees.administrativeCharges': '0' };

async function org(ctx: AppContext, name: string): Promise<Org> {
  const o = await findOrg(ctx.db, name);
  if (!o) throw new Error(`demo org missing: ${name}`);
  return o;
}

async function hasYear(ctx: AppContext, year: number): Promise<boolean> {
  const r = await ctx.db
    .selectFrom('report_activities')
    .select('id')
    .where('held_on', '>=', `${year}-01-01`)
    .where('held_on', '<=', `${year}-12-31`)
    .limit(1)
    .executeTakeFirst();
  return !!r;
}

async function reportingUnits(ctx: AppContext): Promise<Org[]> {
  const orgs = await listOrgs(ctx.db, { includeInactive: true });
  const root = await org(ctx, DEMO_DISTRICT);
  return flattenUnits(reportingTree(orgs, root.id, await getSetting(ctx.db, reportingKindsSetting))).map((u) => u.org);
}

export async function loadDemoReports(ctx: AppContext): Promise<string[]> {
  const log: string[] = [];
  const units = await reportingUnits(ctx);
  const root = await org(ctx, DEMO_DISTRICT);

  if (!(await hasYear(ctx, 2016))) {
    for (const c of CONCERNS_2016) {
      const concern = await execute(ctx, recordConcern, { orgId: (await org(ctx, c.org)).id, title: c.title, raisedOn: c.raisedOn });
      for (const [who, date, how] of c.answers) {
        await execute(ctx, recordActivity, {
          orgId: (await org(ctx, who)).id,
          kind: 'response',
          heldOn: date,
          title: how,
          channel: 'other',
          concernId: concern.id,
        });
      }
    }
    for (const a of ACTIVITIES_2016) {
      const { org: name, ...rest } = a;
      await execute(ctx, recordActivity, { ...rest, orgId: (await org(ctx, name)).id });
    }
    for (const u of units) {
      await execute(ctx, setFacts, {
        orgId: u.id,
        year: 2016,
        values: u.id === root.id ? FACTS_2016 : ZERO_FACTS_2016,
        explicitEmpty: ['office.readingPoints'],
        note: '2016年度报告数据',
      });
    }
    await execute(ctx, saveNarrative, { orgId: root.id, year: 2016, sections: NARRATIVE_2016 });
    log.push('年度报告：2016年公开工作活动、年度数据与报告正文');
    // The seed report was published on 2017-03-14: file and publish it when the figures are complete.
    log.push(...(await fileAndPublish(ctx, root, 2016)));
  }

  if (!(await hasYear(ctx, 2025))) {
    for (const a of ACTIVITIES_2025) {
      const { org: name, ...rest } = a;
      await execute(ctx, recordActivity, { ...rest, orgId: (await org(ctx, name)).id });
    }
    const hot = await execute(ctx, recordConcern, { orgId: root.id, title: '城区停车收费调整', raisedOn: '2025-08-30', isHot: 'on' });
    await execute(ctx, recordActivity, {
      orgId: root.id,
      kind: 'response',
      heldOn: '2025-09-02',
      title: '在区政府网站发布停车收费调整答问',
      channel: 'website',
      concernId: hot.id,
    });
    await execute(ctx, recordActivity, {
      orgId: root.id,
      kind: 'response',
      heldOn: '2025-09-03',
      title: '通过政务微信回应停车收费调整关切',
      channel: 'social_media',
      concernId: hot.id,
    });
    for (const u of units) {
      await execute(ctx, setFacts, { orgId: u.id, year: 2025, values: FACTS_2025[u.shortName] ?? ZERO_FACTS_2025, note: '2025年度报告数据' });
    }
    // Last year's text, so the 2025 report is checked against it (五 must not repeat last year's).
    await execute(ctx, saveNarrative, { orgId: root.id, year: 2024, sections: NARRATIVE_2024 });
    await execute(ctx, saveNarrative, { orgId: root.id, year: 2025, sections: NARRATIVE_2025 });
    // An agency not on the platform files its report as a file; it rolls up into the district's.
    await execute(ctx, importReport, {
      fileName: '洪江区人力资源和社会保障局2025年政府信息公开工作年度报告.json',
      contentBase64: Buffer.from(externalReport2025()).toString('base64'),
      parentOrgId: root.id,
    });
    // Departments' reports at each stage of the review, for the office's status board.
    log.push(...(await reviewDemo(ctx)));
    log.push('年度报告：2025年公开工作活动、年度数据、区级报告正文和外部单位导入报告');
  }
  return log;
}

async function fileAndPublish(ctx: AppContext, o: Org, year: number): Promise<string[]> {
  const g = await generateReport(ctx, o.id, year);
  const errors = g.report.checks.filter((c) => c.severity === 'error');
  if (errors.length) return [`年度报告：${o.shortName}${year}年度报告暂不能报送（${errors.map((e) => e.rule).join('、')}），保留为未报送`];
  const existing = await findReport(ctx.db, o.id, year);
  if (existing && existing.status !== 'draft') return [];
  await execute(ctx, submitReport, { orgId: o.id, year });
  await execute(ctx, acceptReport, { orgId: o.id, year, comment: '' });
  return [`年度报告：${o.shortName}${year}年度报告已发布`];
}

async function reviewDemo(ctx: AppContext): Promise<string[]> {
  const out: string[] = [];
  const step = async (name: string, to: 'accepted' | 'submitted' | 'returned') => {
    const o = await org(ctx, name);
    const g = await generateReport(ctx, o.id, 2025);
    if (g.report.checks.some((c) => c.severity === 'error')) return;
    await execute(ctx, submitReport, { orgId: o.id, year: 2025 });
    if (to === 'accepted') await execute(ctx, acceptReport, { orgId: o.id, year: 2025, comment: '' });
    if (to === 'returned')
      await execute(ctx, returnReport, {
        orgId: o.id,
        year: 2025,
        comment: '“五、存在的主要问题及改进情况”过于简略，请结合本单位实际补充具体问题和改进措施后重新报送。',
      });
    out.push(`年度报告：${o.shortName}2025年度报告${to === 'accepted' ? '已发布' : to === 'submitted' ? '已报送' : '已退回修改'}`);
  };
  await step('洪江区财政局', 'accepted');
  await step('洪江区常青乡人民政府', 'submitted');
  await step('洪江区教育局', 'returned');
  return out;
}

/** A small, consistent cn-2021 report of an agency that is not on the platform. */
function externalReport2025(): string {
  const figures: Record<string, Record<string, number>> = {
    new_received: { natural: 3, commercial: 1 },
    disclose: { natural: 2, commercial: 1 },
    unable_not_held: { natural: 1 },
    rules: {},
  };
  const report = createReport({
    format: national2021,
    org: { code: '', name: '洪江区人力资源和社会保障局' },
    year: 2025,
    texts: {
      overview: '2025年，本局主动公开政府信息86条，收到政府信息公开申请4件，均按期答复。',
      problems: '存在问题：政策解读形式不够丰富。改进措施：增加图解和视频解读。',
      other: '2025年，无收取信息处理费情况。',
    },
    value: (t, r, c) => {
      if (t === 't3') {
        const row = figures[r] ?? {};
        if (c === 'total') return Object.values(row).reduce((a, b) => a + b, 0) + (r === 'total' ? 4 : 0);
        return (row[c] ?? 0) + (r === 'total' ? (({ natural: 3, commercial: 1 } as Record<string, number>)[c] ?? 0) : 0);
      }
      if (t === 't2_5' && r === 'licensing') return 1520;
      if (t === 't2_6' && r === 'penalty') return 12;
      return 0;
    },
  });
  return reportToJson(report);
}
