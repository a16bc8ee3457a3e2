import { z } from 'zod';
import { defineSetting } from '../../platform/settings/settings.ts';
import { checkIndexPattern } from './index-number.ts';

/**
 * The catalogue's settings. Taxonomies are data: the office edits them in 业务设置 like any other
 * setting (audited), and items keep the key they were filed under.
 */

/**
 * 主题分类: the 中国政府网 two-level tree (政府信息公开目录系统 主题分类), 22 top classes. A district
 * may replace it with its province's tree; keys are `top/child` labels.
 */
export const DEFAULT_TOPICS: Array<{ name: string; children: string[] }> = [
  { name: '国务院组织机构', children: ['其他'] },
  { name: '综合政务', children: ['应急管理', '电子政务', '政务公开', '政务督查', '文秘工作', '信访', '其他'] },
  { name: '国民经济管理、国有资产监管', children: ['经济体制改革', '发展规划', '价格', '统计', '节能与资源综合利用', '国有资产监管', '其他'] },
  { name: '财政、金融、审计', children: ['财政', '金融', '审计', '其他'] },
  { name: '国土资源、能源', children: ['土地', '矿产', '测绘', '能源', '其他'] },
  { name: '农业、林业、水利', children: ['农业、农村', '林业', '水利', '其他'] },
  { name: '工业、交通', children: ['工业', '交通', '信息产业（含电信）', '邮政', '其他'] },
  { name: '商贸、海关、旅游', children: ['国内贸易（含供销）', '对外经贸合作', '海关', '旅游', '其他'] },
  { name: '市场监管、安全生产监管', children: ['工商', '质量监督', '食品药品监管', '安全生产监管', '其他'] },
  { name: '城乡建设、环境保护', children: ['城乡建设（含住房）', '城市规划', '环境监测、保护与治理', '污染防治', '其他'] },
  { name: '科技、教育', children: ['科技', '教育', '其他'] },
  { name: '文化、广电、新闻出版', children: ['文化', '广播影视', '新闻出版', '文物', '其他'] },
  { name: '卫生、体育', children: ['卫生', '体育', '其他'] },
  { name: '人口与计划生育、妇女儿童工作', children: ['人口与计划生育', '妇女儿童', '其他'] },
  { name: '劳动、人事、监察', children: ['劳动就业', '社会保障', '人事工作', '监察', '其他'] },
  { name: '公安、安全、司法', children: ['公安', '国家安全', '司法', '其他'] },
  { name: '民政、扶贫、救灾', children: ['社会福利', '扶贫', '救灾', '优抚安置', '社团管理', '行政区划与地名', '其他'] },
  { name: '民族、宗教', children: ['民族事务', '宗教事务', '其他'] },
  { name: '对外事务', children: ['外事', '其他'] },
  { name: '港澳台侨工作', children: ['港澳', '台湾', '侨务', '其他'] },
  { name: '国防', children: ['国防动员', '其他'] },
  { name: '其他', children: ['其他'] },
];

/** 体裁: the 15 kinds of official document (《党政机关公文处理工作条例》第八条). */
export const DEFAULT_GENRES = ['决议', '决定', '命令（令）', '公报', '公告', '通告', '意见', '通知', '通报', '报告', '请示', '批复', '议案', '函', '纪要'];

/** 组配分类: no national list; the common headings of district catalogues (本地口径). */
export const DEFAULT_ASSORTS = ['政策文件', '规划计划', '工作动态', '公告公示', '人事信息', '财政资金', '统计数据', '政策解读', '依申请公开答复', '其他'];

export const topicsSetting = defineSetting({
  key: 'catalogue.topics',
  group: '主动公开',
  label: '主题分类',
  help: '两级主题分类，默认采用中国政府网政府信息公开主题分类（22个一级类）。可按本省分类调整；已归类的信息保留原分类值。',
  schema: z.array(z.object({ name: z.string().trim().min(1).max(40), children: z.array(z.string().trim().min(1).max(40)).min(1) })).min(1),
  default: DEFAULT_TOPICS,
});

export const genresSetting = defineSetting({
  key: 'catalogue.genres',
  group: '主动公开',
  label: '体裁分类',
  help: '默认为《党政机关公文处理工作条例》第八条规定的15种公文种类。',
  schema: z.array(z.string().trim().min(1).max(20)).min(1),
  default: DEFAULT_GENRES,
});

export const assortsSetting = defineSetting({
  key: 'catalogue.assorts',
  group: '主动公开',
  label: '组配分类',
  help: '国家未统一规定组配分类，默认取区县政府信息公开目录的常见类目。',
  schema: z.array(z.string().trim().min(1).max(20)).min(1),
  default: DEFAULT_ASSORTS,
  local: true,
});

export const indexPatternSetting = defineSetting({
  key: 'catalogue.indexPattern',
  group: '主动公开',
  label: '索引号规则',
  help: '发布时按规则生成索引号，生成后永久不变、不再重复使用。ORGCODE=9位组织机构代码，USCC=18位统一社会信用代码，YYYY=发布年份，NNNNN=本机关当年流水号（N的个数为位数）。byOrg 可按机构代码为个别机关设定不同规则。',
  schema: z.object({
    default: z.string().superRefine((p, ctx) => {
      const r = checkIndexPattern(p);
      if (r) ctx.addIssue({ code: z.ZodIssueCode.custom, message: r });
    }),
    byOrg: z.record(
      z.string(),
      z.string().superRefine((p, ctx) => {
        const r = checkIndexPattern(p);
        if (r) ctx.addIssue({ code: z.ZodIssueCode.custom, message: r });
      }),
    ),
  }),
  // National default: 组织机构代码/年份-5位流水号, e.g. 000014349/2020-00072.
  default: { default: 'ORGCODE/YYYY-NNNNN', byOrg: {} },
  local: true,
});

export const timelinessSetting = defineSetting({
  key: 'catalogue.timeliness',
  group: '主动公开',
  label: '公开时限提醒',
  help: '法定时限为信息形成或变更之日起20个工作日（2019年条例第二十六条）；“即将到期”提前提醒的工作日数由本地确定。',
  schema: z.object({ dueSoonWorkdays: z.number().int().min(1).max(20) }),
  default: { dueSoonWorkdays: 5 },
  local: true,
});

export const attachmentLimitsSetting = defineSetting({
  key: 'catalogue.attachments',
  group: '主动公开',
  label: '附件限制',
  help: '附件按文件内容（而非扩展名）识别类型，只接受 PDF、DOCX、XLSX 和 PNG/JPEG/GIF/WebP 图片。单个文件大小上限（字节）。',
  schema: z.object({
    maxBytes: z
      .number()
      .int()
      .min(1024)
      .max(200 * 1024 * 1024),
    maxImageBytes: z
      .number()
      .int()
      .min(1024)
      .max(50 * 1024 * 1024),
  }),
  default: { maxBytes: 20 * 1024 * 1024, maxImageBytes: 5 * 1024 * 1024 },
  local: true,
});

export const guideSetting = defineSetting({
  key: 'catalogue.guide',
  group: '主动公开',
  label: '信息公开指南',
  help: '指南中机关名称、地址、办公时间、电话、传真、电子邮箱取自机构信息；这里设置申请渠道、查阅场所、复议机关和诉讼法院等本地内容。',
  schema: z.object({
    applyChannels: z.array(z.string().trim().min(1).max(200)).min(1),
    readingPoints: z.array(z.string().trim().min(1).max(100)),
    reconsiderationBody: z.string().trim().max(100),
    court: z.string().trim().max(100),
    notes: z.string().trim().max(2000),
  }),
  default: {
    applyChannels: [
      '当面提交：到政府信息公开工作机构填写《政府信息公开申请表》',
      '信函提交：将申请表寄至政府信息公开工作机构，请在信封左下角注明“政府信息公开申请”字样',
      '网络提交：通过本网站“依申请公开”栏目在线填写申请',
      '传真提交：将申请表传真至政府信息公开工作机构',
    ],
    readingPoints: [],
    reconsiderationBody: '',
    court: '',
    notes: '',
  },
  local: true,
});
