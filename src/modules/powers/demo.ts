import { createHash } from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import { execute } from '../../platform/command.ts';
import { listOrgs } from '../orgs/index.ts';
import { importPowersCommand } from './commands/import-powers.ts';
import type { PowerRecord } from './import/format.ts';

/**
 * The demo district's power list, as the seed report (一)3 counts it for 2016 — 行政许可 168,
 * 非行政许可审批 14, 行政处罚 2618, 行政强制 127, 行政征收 46, 行政收费 49, 行政给付 36, 行政检查 187,
 * 行政确认 84, 行政裁决 2 (3,331 standing on 2016-12-31); 35 cancelled in 2016; 37 delegated to the
 * townships and streets in 2016, 28 handled there fully and 9 代办 — generated across the demo's
 * departments and branch centres with plausible names, bodies and legal bases, and a few later
 * changes (2024–2026) so the portal's "本年度调整情况" has content. Every figure comes from the
 * disposition history; nothing is typed in. Loaded in one import command (one transaction, one audit
 * entry), so the demo stays fast. Deterministic.
 */
const SEED_2016: Record<string, number> = {
  行政许可: 168,
  非行政许可审批: 14,
  行政处罚: 2618,
  行政强制: 127,
  行政征收: 46,
  行政收费: 49,
  行政给付: 36,
  行政检查: 187,
  行政确认: 84,
  行政裁决: 2,
};
const CANCELLED_2016: Record<string, number> = { 行政许可: 12, 非行政许可审批: 9, 行政收费: 6, 行政征收: 3, 行政检查: 3, 行政确认: 2 };
const DELEGATED_2016 = { full: 28, proxy: 9 };

const PREFIX: Record<string, string> = {
  行政许可: 'XK',
  非行政许可审批: 'SP',
  行政处罚: 'CF',
  行政强制: 'QZ',
  行政征收: 'ZS',
  行政收费: 'SF',
  行政给付: 'GF',
  行政检查: 'JC',
  行政确认: 'QR',
  行政奖励: 'JL',
  行政裁决: 'CJ',
  其他行政权力: 'QT',
};

const PROCEDURE: Record<string, string> = {
  行政许可: '申请→受理→审查（必要时现场核查）→决定→制证送达',
  非行政许可审批: '申请→受理→审查→批准→送达',
  行政处罚: '立案→调查取证→审查→告知（当事人可陈述申辩、要求听证）→决定→送达→执行',
  行政强制: '报批→告知当事人→实施并制作现场笔录→作出决定→送达→解除或处理',
  行政征收: '核定→通知缴纳→缴纳入库→开具票据',
  行政收费: '核定收费项目和金额→通知缴纳→缴纳→开具财政票据',
  行政给付: '申请→受理→审核（入户调查）→公示→审批→发放',
  行政检查: '制定检查计划→出示证件→实施检查→制作检查记录→处理',
  行政确认: '申请→受理→审核→确认→送达',
  行政奖励: '推荐申报→审核→公示→决定→表彰奖励',
  行政裁决: '申请→受理→调查→调解→裁决→送达',
  其他行政权力: '申请→受理→审核→办结',
};
const TIME_LIMIT: Record<string, string> = {
  行政许可: '法定20个工作日，承诺10个工作日',
  非行政许可审批: '法定20个工作日，承诺10个工作日',
  行政处罚: '自立案之日起90日内作出处理决定',
  行政强制: '查封、扣押期限不超过30日，情况复杂的经批准可延长30日',
  行政征收: '按规定期限缴纳',
  行政收费: '即时办结',
  行政给付: '法定30个工作日，承诺20个工作日',
  行政检查: '按年度检查计划执行',
  行政确认: '法定20个工作日，承诺5个工作日',
  行政奖励: '按评选办法规定的期限',
  行政裁决: '自受理之日起60日内',
  其他行政权力: '法定30个工作日，承诺10个工作日',
};

interface Domain {
  org: string;
  body: string;
  bodyKind: '法定机关' | '授权组织' | '受委托组织';
  phone: string;
  laws: string[];
  /** Base names per category (the generator adds variants when it needs more). */
  items: Partial<Record<string, string[]>>;
  subjects: string[];
  acts: string[];
  /** Penalties by field: subjects with their own violations (default: [subjects, acts]). */
  groups?: Array<[string[], string[]]>;
  /** Counts per category (of the 2016 standing powers). */
  counts: Partial<Record<string, number>>;
}

/** 市场监管's penalties by field: each subject with the violations of its own field. */
const MARKET_GROUPS: Array<[string[], string[]]> = [
  [
    [
      '食品生产者',
      '食品经营者',
      '餐饮服务提供者',
      '食品添加剂生产者',
      '集中交易市场开办者',
      '网络食品交易第三方平台提供者',
      '食用农产品销售者',
      '保健食品经营者',
      '婴幼儿配方食品生产企业',
      '学校食堂',
      '食品生产加工小作坊',
      '食品摊贩',
      '餐具饮具集中消毒服务单位',
      '中央厨房',
      '集体用餐配送单位',
      '乳品生产企业',
      '食品贮存服务提供者',
      '网络餐饮服务提供者',
    ],
    [
      '未取得食品生产经营许可从事食品生产经营活动',
      '生产经营超过保质期的食品',
      '未按规定建立并遵守进货查验记录制度',
      '未按规定开展食品安全自查',
      '使用非食品原料生产食品',
      '生产经营标签不符合规定的食品',
      '未按规定公示食品经营许可证',
      '安排未取得健康证明的人员从事接触直接入口食品的工作',
      '拒绝、阻挠、干涉食品安全监督检查',
      '伪造、涂改、倒卖、出租、出借食品经营许可证',
      '生产经营掺假掺杂的食品',
      '未按规定召回不安全食品',
      '超范围、超限量使用食品添加剂',
      '未按规定贮存、运输食品',
      '生产经营腐败变质的食品',
      '未按规定清洗消毒餐具饮具',
      '未按规定配备食品安全管理人员',
      '生产经营无标签的预包装食品',
      '经营未按规定检疫的肉类',
      '使用超过保质期的食品原料生产食品',
    ],
  ],
  [
    ['药品经营企业', '药品零售连锁企业', '医疗机构', '医疗器械经营企业', '医疗器械使用单位', '化妆品经营者'],
    [
      '未取得许可证件从事经营活动',
      '销售假药',
      '销售劣药',
      '未按规定实施经营质量管理规范',
      '从无资质的企业购进产品',
      '未凭处方销售处方药',
      '经营未取得注册证的医疗器械',
      '经营过期失效的医疗器械',
      '未按规定建立购进验收记录',
      '擅自变更经营场所',
      '经营不符合标准的化妆品',
      '未按规定储存冷藏药品',
      '出租、出借许可证件',
    ],
  ],
  [
    ['产品生产者', '产品销售者', '特种设备使用单位', '特种设备生产单位', '计量器具使用者', '计量器具制造者', '加油站经营者', '检验检测机构', '认证机构'],
    [
      '生产、销售不符合保障人身财产安全标准的产品',
      '在产品中掺杂掺假、以次充好',
      '伪造产品产地',
      '销售失效、变质的产品',
      '经营无合格证明的产品',
      '使用未经检定或者检定不合格的计量器具',
      '破坏计量器具准确度',
      '使用未经定期检验的特种设备',
      '未按规定设置特种设备安全管理机构',
      '安排无证人员从事特种设备作业',
      '出具虚假检验检测报告',
      '伪造、冒用认证标志',
      '拒绝接受产品质量监督抽查',
      '未按规定办理特种设备使用登记',
    ],
  ],
  [
    ['公司', '合伙企业', '个人独资企业', '农民专业合作社', '个体工商户', '外商投资企业', '企业分支机构', '非公司企业法人'],
    [
      '未经登记擅自从事经营活动',
      '提交虚假材料取得登记',
      '未按规定办理变更登记',
      '未按规定报送年度报告',
      '伪造、涂改、出租、出借营业执照',
      '未按规定悬挂营业执照',
      '超出核准登记的经营范围从事经营活动',
      '抽逃出资',
      '虚报注册资本',
      '未按规定办理注销登记',
      '未按规定公示即时信息',
    ],
  ],
  [
    ['广告主', '广告经营者', '广告发布者', '经营者', '电子商务经营者', '网络交易平台经营者', '商品交易市场经营者', '拍卖企业', '直销企业', '集贸市场经营者'],
    [
      '发布虚假广告',
      '发布违法医疗广告',
      '未经审查发布广告',
      '进行虚假宣传',
      '擅自使用他人有一定影响的商品名称、包装、装潢',
      '侵犯商业秘密',
      '实施商业贿赂',
      '侵犯注册商标专用权',
      '拒不履行消费者权益保护义务',
      '以不正当手段排挤竞争对手',
      '设置不公平不合理交易条件',
      '销售侵犯注册商标专用权的商品',
      '不履行七日无理由退货义务',
    ],
  ],
];

const DOMAINS: Domain[] = [
  {
    org: '洪江区政务服务中心市场监管分中心',
    body: '洪江区市场监督管理局',
    bodyKind: '法定机关',
    phone: '0745-7631315',
    laws: [
      '《中华人民共和国食品安全法》',
      '《中华人民共和国产品质量法》',
      '《中华人民共和国广告法》',
      '《中华人民共和国计量法》',
      '《中华人民共和国反不正当竞争法》',
      '《中华人民共和国消费者权益保护法》',
      '《中华人民共和国特种设备安全法》',
      '《中华人民共和国商标法》',
      '《中华人民共和国药品管理法》',
      '《中华人民共和国公司法》',
      '《中华人民共和国食品安全法实施条例》',
      '《个体工商户条例》（国务院令第596号）',
      '《医疗器械监督管理条例》（国务院令第650号）',
      '《化妆品卫生监督条例》',
      '《中华人民共和国公司登记管理条例》',
      '《企业信息公示暂行条例》（国务院令第654号）',
      '《无照经营查处取缔办法》（国务院令第370号）',
      '《食品经营许可管理办法》（国家食品药品监督管理总局令第17号）',
    ],
    items: {
      行政许可: [
        '个体工商户设立登记',
        '食品经营许可',
        '食品生产许可',
        '食品小作坊登记',
        '药品零售企业许可',
        '第三类医疗器械经营许可',
        '特种设备使用登记',
        '计量标准器具核准',
        '公司设立登记',
        '非公司企业法人登记',
        '合伙企业设立登记',
        '个人独资企业设立登记',
        '农民专业合作社设立登记',
        '外商投资企业设立登记',
        '分公司设立登记',
        '企业名称预先核准',
        '广告发布登记',
        '食品摊贩登记',
        '工业产品生产许可证初审',
        '特种设备作业人员资格认定',
      ],
      行政强制: [
        '查封、扣押不符合食品安全标准的食品',
        '查封、扣押违法生产经营的场所',
        '查封、扣押不符合安全技术规范要求的特种设备',
        '查封、扣押涉嫌侵犯注册商标专用权的物品',
        '查封、扣押假冒伪劣产品',
        '查封、扣押与违法广告有关的财物',
      ],
      行政检查: [
        '食品生产经营日常监督检查',
        '特种设备安全监督检查',
        '计量监督检查',
        '产品质量监督抽查',
        '企业信息公示情况抽查',
        '广告监测检查',
        '药品经营质量管理规范检查',
        '医疗器械经营监督检查',
        '网络交易监督检查',
        '商标使用监督检查',
      ],
      行政确认: ['企业登记事项变更确认', '个体工商户变更登记', '企业注销登记', '动产抵押登记', '股权出质登记'],
      行政收费: ['特种设备检验检测费', '计量器具检定费', '产品质量监督检验费'],
      行政征收: [],
      非行政许可审批: ['企业年度报告公示异常名录移出审批'],
    },
    subjects: [],
    acts: [],
    groups: MARKET_GROUPS,
    counts: { 行政许可: 60, 行政处罚: 1551, 行政强制: 40, 行政检查: 60, 行政确认: 24, 行政收费: 8, 非行政许可审批: 2 },
  },
  {
    org: '洪江区商务局',
    body: '洪江区商务局',
    bodyKind: '法定机关',
    phone: '0745-7631502',
    laws: [
      '《酒类流通管理办法》（商务部令2005年第25号）',
      '《生猪屠宰管理条例》（国务院令第525号）',
      '《报废汽车回收管理办法》（国务院令第307号）',
      '《单用途商业预付卡管理办法（试行）》（商务部令2012年第9号）',
      '《成品油市场管理办法》（商务部令2006年第23号）',
      '《湖南省酒类管理条例》',
    ],
    items: {
      行政许可: [
        '酒类商品零售许可',
        '酒类商品批发许可',
        '生猪定点屠宰厂（场）设立审查',
        '成品油零售经营资格审批初审',
        '报废汽车回收企业资格认定初审',
        '拍卖企业设立审核',
      ],
      行政检查: ['酒类流通监督检查', '生猪屠宰活动监督检查', '成品油市场监督检查', '单用途商业预付卡监督检查'],
      非行政许可审批: ['对外贸易经营者备案登记'],
    },
    subjects: [
      '酒类经营者',
      '生猪定点屠宰厂（场）',
      '报废汽车回收企业',
      '单用途商业预付卡发卡企业',
      '成品油经营企业',
      '再生资源回收经营者',
      '商品零售场所经营者',
      '洗染业经营者',
      '美容美发经营者',
      '家电维修经营者',
    ],
    acts: [
      '未取得许可从事经营活动',
      '未按规定建立台账',
      '未按规定备案',
      '拒绝接受监督检查',
      '未按规定公示服务项目和收费标准',
      '向未成年人销售酒类商品',
      '违反规定屠宰病害生猪',
      '超出核准范围经营',
      '未按规定存管预收资金',
      '销售不符合标准的商品',
      '伪造、变造许可证件',
      '未按规定报送经营情况',
    ],
    counts: { 行政许可: 12, 行政处罚: 120, 行政检查: 14, 非行政许可审批: 2 },
  },
  {
    org: '洪江区物价局',
    body: '洪江区物价局',
    bodyKind: '法定机关',
    phone: '0745-7631358',
    laws: [
      '《中华人民共和国价格法》',
      '《价格违法行为行政处罚规定》（国务院令第585号）',
      '《湖南省价格监督检查条例》',
      '《明码标价和禁止价格欺诈规定》（国家发展改革委令第56号）',
    ],
    items: {
      行政许可: ['定价成本监审', '价格认定', '涉案财物价格认定', '收费许可证核发'],
      行政收费: ['价格认证服务收费', '涉税财产价格认定收费'],
      行政检查: ['价格监督检查', '收费监督检查', '明码标价检查'],
    },
    subjects: [
      '经营者',
      '行政事业性收费单位',
      '经营服务性收费单位',
      '医疗机构',
      '学校',
      '供水企业',
      '供电企业',
      '燃气经营企业',
      '物业服务企业',
      '停车场经营者',
      '旅游景区经营者',
      '殡葬服务单位',
    ],
    acts: [
      '不执行政府指导价、政府定价',
      '相互串通操纵市场价格',
      '捏造、散布涨价信息',
      '不按规定明码标价',
      '利用虚假的或者使人误解的价格手段诱骗交易',
      '违反规定乱收费',
      '拒绝提供价格监督检查所需资料',
      '不执行法定价格干预措施',
      '哄抬价格',
      '超出标准收取费用',
      '擅自设立收费项目',
      '不按规定公示收费标准',
    ],
    counts: { 行政许可: 4, 行政处罚: 140, 行政检查: 10, 行政收费: 6 },
  },
  {
    org: '洪江区财政局',
    body: '洪江区财政局',
    bodyKind: '法定机关',
    phone: '0745-7631266',
    laws: [
      '《中华人民共和国会计法》',
      '《中华人民共和国政府采购法》',
      '《中华人民共和国预算法》',
      '《财政违法行为处罚处分条例》（国务院令第427号）',
      '《中华人民共和国政府采购法实施条例》',
      '《湖南省非税收入管理条例》',
    ],
    items: {
      行政许可: [
        '代理记账机构设立审批',
        '中介机构从事代理记账业务审批',
        '会计从业资格认定',
        '政府采购代理机构资格初审',
        '会计师事务所分所设立初审',
        '资产评估机构设立初审',
      ],
      行政征收: [
        '国有资源有偿使用收入征收',
        '国有资产有偿使用收入征收',
        '政府性基金征收',
        '罚没收入收缴',
        '城市基础设施配套费征收',
        '土地出让收入征收',
        '教育费附加征收',
        '地方教育附加征收',
      ],
      行政检查: ['会计信息质量检查', '政府采购监督检查', '财政专项资金使用检查', '代理记账机构执业质量检查', '非税收入征收情况检查'],
      非行政许可审批: ['政府采购方式变更审批', '政府采购进口产品审核'],
      行政收费: ['会计从业资格考试费', '非税收入票据工本费'],
    },
    subjects: [
      '单位',
      '会计人员',
      '代理记账机构',
      '政府采购当事人',
      '采购人',
      '采购代理机构',
      '供应商',
      '财政资金使用单位',
      '行政事业单位',
      '国有企业',
      '评审专家',
      '会计师事务所',
    ],
    acts: [
      '不依法设置会计账簿',
      '私设会计账簿',
      '伪造、变造会计凭证',
      '隐匿或者故意销毁会计资料',
      '未按规定使用会计科目',
      '以不合理条件对供应商实行差别待遇',
      '提供虚假材料谋取中标',
      '与采购人恶意串通',
      '违规截留、挪用财政资金',
      '虚报冒领财政资金',
      '擅自改变资金用途',
      '未按规定编报决算',
      '未按规定开展政府采购',
      '违规收取费用',
      '未按规定保管票据',
    ],
    counts: { 行政许可: 6, 行政处罚: 120, 行政征收: 20, 行政检查: 14, 非行政许可审批: 2, 行政收费: 8 },
  },
  {
    org: '洪江区教育局',
    body: '洪江区教育局',
    bodyKind: '法定机关',
    phone: '0745-7631420',
    laws: [
      '《中华人民共和国教育法》',
      '《中华人民共和国民办教育促进法》',
      '《中华人民共和国教师法》',
      '《中华人民共和国义务教育法》',
      '《中华人民共和国民办教育促进法实施条例》',
      '《湖南省实施〈中华人民共和国教师法〉办法》',
    ],
    items: {
      行政许可: [
        '民办学校设立审批',
        '民办学校变更审批',
        '民办学校终止审批',
        '中小学教师资格认定',
        '幼儿园设立审批',
        '校外培训机构设立审批',
        '实施学历教育的民办学校分立、合并审批',
        '民办学校章程修改核准',
      ],
      行政给付: [
        '家庭经济困难学生生活补助',
        '学前教育资助',
        '普通高中国家助学金',
        '中等职业教育国家助学金',
        '农村义务教育学生营养改善计划补助',
        '教师乡村工作补贴',
      ],
      行政确认: ['学历证明', '教师资格注册', '学籍变动确认', '普通话水平测试等级确认'],
      行政检查: ['民办学校办学情况检查', '中小学校安全检查', '校外培训机构检查', '学校收费检查'],
      行政奖励: ['优秀教师表彰奖励'],
    },
    subjects: ['民办学校', '校外培训机构', '幼儿园', '中小学校', '教师', '学校举办者', '学生监护人', '考试工作人员'],
    acts: [
      '擅自举办学校',
      '擅自分立、合并学校',
      '发布虚假招生简章',
      '违规收取费用',
      '管理混乱严重影响教育教学',
      '擅自改变办学层次',
      '违反国家规定颁发学历证书',
      '体罚或变相体罚学生',
      '未按规定开展安全管理',
      '在考试中作弊',
      '伪造、变造教师资格证书',
      '挪用办学经费',
    ],
    counts: { 行政许可: 14, 行政处罚: 80, 行政给付: 8, 行政确认: 8, 行政检查: 12 },
  },
  {
    org: '洪江区政务服务中心社会保障分中心',
    body: '洪江区人力资源和社会保障局',
    bodyKind: '法定机关',
    phone: '0745-7631333',
    laws: [
      '《中华人民共和国社会保险法》',
      '《中华人民共和国劳动法》',
      '《中华人民共和国劳动合同法》',
      '《劳动保障监察条例》（国务院令第423号）',
      '《社会救助暂行办法》（国务院令第649号）',
      '《工伤保险条例》（国务院令第586号）',
      '《湖南省城乡居民最低生活保障条例》',
    ],
    items: {
      行政许可: [
        '劳务派遣经营许可',
        '人力资源服务许可',
        '民办职业培训学校设立审批',
        '特殊工时工作制审批',
        '养老机构设立许可',
        '社会团体成立登记',
        '民办非企业单位成立登记',
        '殡葬设施建设审批',
        '婚姻介绍机构设立审批',
        '残疾人就业保障金减免审批',
      ],
      行政给付: [
        '城乡居民最低生活保障待遇给付',
        '特困人员救助供养',
        '临时救助',
        '医疗救助',
        '失业保险金给付',
        '工伤保险待遇给付',
        '城乡居民基本养老保险待遇给付',
        '高龄老人津贴发放',
        '残疾人两项补贴发放',
        '孤儿基本生活费发放',
        '重点优抚对象抚恤补助',
        '就业困难人员社会保险补贴',
        '一次性创业补贴',
        '职业培训补贴',
        '受灾群众生活救助',
        '计划生育家庭特别扶助金发放',
      ],
      行政征收: [
        '企业职工基本养老保险费征收',
        '城乡居民基本养老保险费征收',
        '失业保险费征收',
        '工伤保险费征收',
        '城镇职工基本医疗保险费征收',
        '城乡居民基本医疗保险费征收',
        '生育保险费征收',
        '残疾人就业保障金征收',
      ],
      行政确认: [
        '工伤认定',
        '劳动能力鉴定',
        '退休审批',
        '社会保险登记',
        '视同缴费年限认定',
        '就业失业登记',
        '最低生活保障家庭经济状况核对',
        '残疾人证核发',
        '烈士遗属确认',
        '特困人员认定',
      ],
      行政检查: ['劳动保障监察', '社会保险基金监督检查', '用人单位遵守劳动合同制度情况检查', '人力资源服务机构检查', '养老机构检查'],
      行政强制: ['查询、冻结、划拨用人单位欠缴社会保险费存款', '扣押用人单位财产抵缴社会保险费'],
      行政收费: ['劳动能力鉴定费', '职业技能鉴定费'],
    },
    subjects: [
      '用人单位',
      '劳务派遣单位',
      '职业中介机构',
      '人力资源服务机构',
      '社会保险服务机构',
      '参保人员',
      '医疗机构',
      '药品经营单位',
      '养老机构',
      '社会组织',
      '民办职业培训机构',
      '社会救助申请人',
    ],
    acts: [
      '未依法办理社会保险登记',
      '未按时足额缴纳社会保险费',
      '骗取社会保险待遇',
      '违法延长劳动者工作时间',
      '克扣或者无故拖欠劳动者工资',
      '未依法订立书面劳动合同',
      '违法招用未满十六周岁的未成年人',
      '未取得许可从事劳务派遣业务',
      '拒不协助劳动保障监察',
      '违反规定收取押金',
      '不按规定支付经济补偿',
      '未按规定公示服务项目',
      '以欺诈手段骗取社会救助',
      '非法职业中介活动',
    ],
    counts: { 行政许可: 10, 行政处罚: 165, 行政给付: 16, 行政征收: 10, 行政确认: 20, 行政检查: 20, 行政强制: 12, 行政收费: 6 },
  },
  {
    org: '洪江区政务服务中心公安户政分中心',
    body: '怀化市公安局洪江分局',
    bodyKind: '法定机关',
    phone: '0745-7631110',
    laws: [
      '《中华人民共和国治安管理处罚法》',
      '《中华人民共和国居民身份证法》',
      '《中华人民共和国户口登记条例》',
      '《中华人民共和国道路交通安全法》',
      '《中华人民共和国消防法》',
      '《旅馆业治安管理办法》',
      '《娱乐场所管理条例》（国务院令第458号）',
      '《湖南省公共安全技术防范条例》',
    ],
    items: {
      行政许可: [
        '旅馆业特种行业许可',
        '公章刻制业特种行业许可',
        '典当业特种行业许可初审',
        '大型群众性活动安全许可',
        '烟花爆竹道路运输许可',
        '民用爆炸物品购买许可',
        '剧毒化学品购买许可',
        '公众聚集场所投入使用、营业前消防安全检查',
        '机动车驾驶证核发',
        '机动车登记',
        '户籍迁入审批',
        '犬类饲养登记',
        '保安服务公司设立许可初审',
        '枪支持有许可初审',
      ],
      行政确认: [
        '居民户口迁移登记',
        '出生登记',
        '死亡注销户口',
        '居民身份证核发',
        '临时居民身份证核发',
        '户口项目变更更正',
        '居住证核发',
        '暂住登记',
        '收养登记后户口登记',
        '无户口人员登记户口',
        '机动车检验合格标志核发',
        '驾驶人审验',
      ],
      行政强制: [
        '强制传唤',
        '约束醉酒的人',
        '扣留机动车',
        '扣留驾驶证',
        '收缴违禁品',
        '强制隔离',
        '强制拆除非法装置',
        '责令停产停业',
        '查封危险场所',
        '强制带离现场',
      ],
      行政检查: ['旅馆业治安检查', '娱乐场所治安检查', '消防监督检查', '危险化学品安全检查', '公共安全技术防范检查'],
      行政收费: ['居民身份证工本费', '机动车号牌工本费', '驾驶证工本费', '户口簿工本费'],
    },
    subjects: [],
    acts: [
      '扰乱机关、团体、企业、事业单位秩序',
      '扰乱公共场所秩序',
      '扰乱公共交通工具上的秩序',
      '散布谣言，谎报险情、疫情、警情',
      '投放虚假危险物质',
      '扬言实施放火、爆炸、投放危险物质',
      '寻衅滋事',
      '组织、教唆、胁迫、诱骗、煽动他人从事邪教活动',
      '非法携带枪支、弹药、管制器具',
      '盗窃、损毁公共设施',
      '非法制造、买卖、储存、运输、邮寄、携带、使用、提供、处置危险物质',
      '危险物质被盗、被抢、丢失不报',
      '违反规定举办大型群众性活动',
      '殴打他人或者故意伤害他人身体',
      '猥亵他人',
      '虐待家庭成员',
      '遗弃没有独立生活能力的被扶养人',
      '威胁他人人身安全',
      '侮辱、诽谤他人',
      '偷窥、偷拍、窃听、散布他人隐私',
      '盗窃、诈骗、哄抢、抢夺、敲诈勒索',
      '故意损毁公私财物',
      '拒不执行人民政府在紧急状态情况下依法发布的决定、命令',
      '阻碍国家机关工作人员依法执行职务',
      '招摇撞骗',
      '伪造、变造、买卖公文、证件、证明文件、印章',
      '冒用他人居民身份证',
      '购买、出售、使用伪造、变造的居民身份证',
      '旅馆业工作人员不按规定登记住宿旅客信息',
      '出租房屋不按规定登记承租人信息',
      '违法承接典当物品',
      '收购国家禁止收购的物品',
      '赌博或者为赌博提供条件',
      '制作、运输、复制、出售、出租淫秽物品',
      '组织播放淫秽音像',
      '饲养动物干扰他人正常生活',
      '驱使动物伤害他人',
      '违反规定制造噪声干扰他人正常生活',
      '占用、堵塞、封闭消防车通道',
      '损坏、挪用或者擅自拆除、停用消防设施、器材',
      '公众聚集场所未经消防安全检查擅自投入使用、营业',
      '未按规定安装公共安全技术防范设施',
      '公章刻制业不按规定登记',
      '违反规定燃放烟花爆竹',
      '驾驶未登记的机动车上道路行驶',
      '未取得机动车驾驶证驾驶机动车',
      '饮酒后驾驶机动车',
      '不按规定申报户口',
      '假报户口',
      '出租、出借、转让居民身份证',
    ],
    counts: { 行政许可: 14, 行政处罚: 250, 行政确认: 14, 行政强制: 40, 行政检查: 20, 行政收费: 6 },
  },
  {
    org: '洪江区政务服务中心不动产登记分中心',
    body: '洪江区国土资源局',
    bodyKind: '法定机关',
    phone: '0745-7631236',
    laws: [
      '《中华人民共和国土地管理法》',
      '《中华人民共和国城乡规划法》',
      '《中华人民共和国物权法》',
      '《不动产登记暂行条例》（国务院令第656号）',
      '《中华人民共和国土地管理法实施条例》',
      '《湖南省实施〈中华人民共和国土地管理法〉办法》',
      '《土地权属争议调查处理办法》（国土资源部令第17号）',
    ],
    items: {
      行政许可: [
        '建设用地审批',
        '农村村民宅基地审批',
        '临时用地审批',
        '乡村建设规划许可',
        '建设用地规划许可',
        '建设工程规划许可',
        '采矿许可初审',
        '国有土地使用权出让审核',
        '划拨土地使用权转让审批',
        '土地复垦方案审查',
        '地质灾害危险性评估审查',
        '建设项目用地预审',
      ],
      行政征收: ['土地复垦费征收', '土地闲置费征收', '耕地开垦费征收', '新增建设用地土地有偿使用费征收', '矿产资源补偿费征收'],
      行政确认: [
        '国有建设用地使用权首次登记',
        '集体土地所有权登记',
        '宅基地使用权及房屋所有权登记',
        '房屋所有权转移登记',
        '抵押权登记',
        '预告登记',
        '更正登记',
        '异议登记',
        '查封登记',
        '地役权登记',
      ],
      行政裁决: ['土地所有权和使用权争议的裁决', '林木林地权属争议的裁决'],
      行政检查: ['土地利用动态巡查', '矿产资源开发利用检查', '土地复垦情况检查'],
      行政收费: ['不动产登记费', '土地登记费'],
      非行政许可审批: ['建设项目压覆矿产资源审批'],
    },
    subjects: ['用地单位', '农村村民', '建设单位', '采矿权人', '探矿权人', '不动产登记申请人', '测绘单位', '土地使用权人'],
    acts: [
      '未经批准非法占用土地',
      '买卖或者以其他形式非法转让土地',
      '擅自将农用地改为建设用地',
      '拒不履行土地复垦义务',
      '未取得采矿许可证擅自采矿',
      '超越批准的矿区范围采矿',
      '未按规定提交地质资料',
      '破坏或者擅自改变基本农田保护区标志',
      '未经批准擅自改变土地用途',
      '未按规定办理土地变更登记',
      '非法批准占用土地',
      '提供虚假材料申请登记',
    ],
    counts: { 行政许可: 12, 行政处罚: 60, 行政征收: 8, 行政确认: 10, 行政裁决: 2, 行政检查: 10, 行政收费: 6, 非行政许可审批: 2 },
  },
  {
    org: '洪江区政务服务中心住房公积金分中心',
    body: '怀化市住房公积金管理中心洪江管理部',
    bodyKind: '授权组织',
    phone: '0745-7631188',
    laws: ['《住房公积金管理条例》（国务院令第350号）', '《湖南省住房公积金管理条例》', '《怀化市住房公积金归集管理办法》'],
    items: {
      行政许可: ['住房公积金缴存比例降低审批', '住房公积金缓缴审批'],
      行政给付: ['住房公积金提取', '住房公积金个人住房贷款'],
      行政确认: ['住房公积金缴存登记', '住房公积金账户设立', '住房公积金缴存证明'],
      行政检查: ['住房公积金缴存情况检查'],
      行政征收: [],
    },
    subjects: ['单位', '职工', '住房公积金贷款借款人'],
    acts: ['不办理住房公积金缴存登记', '不为本单位职工办理住房公积金账户设立手续', '逾期不缴或者少缴住房公积金', '骗提住房公积金', '违规使用住房公积金贷款'],
    counts: { 行政许可: 8, 行政处罚: 12, 行政给付: 6, 行政确认: 4, 行政检查: 4 },
  },
  {
    org: '洪江区有线电视台',
    body: '洪江区文体广电新闻出版局',
    bodyKind: '受委托组织',
    phone: '0745-7631455',
    laws: [
      '《广播电视管理条例》（国务院令第228号）',
      '《娱乐场所管理条例》（国务院令第458号）',
      '《出版管理条例》（国务院令第594号）',
      '《互联网上网服务营业场所管理条例》（国务院令第363号）',
      '《中华人民共和国文物保护法》',
      '《营业性演出管理条例》（国务院令第528号）',
    ],
    items: {
      行政许可: [
        '娱乐场所经营许可',
        '互联网上网服务营业场所经营许可',
        '出版物零售单位设立许可',
        '营业性演出许可',
        '卫星电视广播地面接收设施安装许可',
        '有线广播电视站设立审批',
        '文物保护单位建设控制地带内建设工程审核',
        '印刷经营许可',
        '音像制品零售单位设立审批',
        '体育类高危险性项目经营许可',
      ],
      行政检查: ['文化市场综合执法检查', '广播电视设施安全检查'],
      行政奖励: [],
    },
    subjects: [
      '娱乐场所',
      '互联网上网服务营业场所',
      '出版物经营单位',
      '演出经营主体',
      '印刷企业',
      '广播电视传输单位',
      '卫星地面接收设施使用者',
      '文物经营单位',
      '体育经营单位',
      '音像制品经营单位',
    ],
    acts: [
      '未经许可从事经营活动',
      '接纳未成年人',
      '超时营业',
      '擅自变更营业场所',
      '经营非法出版物',
      '未按规定核对登记上网消费者身份',
      '擅自安装卫星地面接收设施',
      '擅自插播、截留广播电视节目',
      '未按规定落实安全措施',
      '涂改、出租、出借许可证件',
      '擅自从事营业性演出',
    ],
    counts: { 行政许可: 20, 行政处罚: 100, 行政检查: 5 },
  },
  {
    org: '洪江区档案馆',
    body: '洪江区档案局',
    bodyKind: '授权组织',
    phone: '0745-7631285',
    laws: ['《中华人民共和国档案法》', '《中华人民共和国档案法实施办法》', '《湖南省档案管理条例》'],
    items: {
      行政许可: ['延期移交档案审批', '出卖、转让属于集体所有的档案审批', '携运出境档案审查', '重点建设项目档案验收'],
      行政检查: ['档案行政执法检查', '机关档案工作检查', '重点建设项目档案检查'],
    },
    subjects: ['机关', '团体', '企业事业单位', '档案工作人员', '建设单位'],
    acts: [
      '损毁、丢失属于国家所有的档案',
      '擅自提供、抄录、公布、销毁属于国家所有的档案',
      '涂改、伪造档案',
      '擅自出卖或者转让档案',
      '不按规定归档',
      '不按规定向档案馆移交档案',
      '明知所保存的档案面临危险而不采取措施',
    ],
    counts: { 行政许可: 4, 行政处罚: 20, 行政检查: 5 },
  },
  {
    org: '洪江区机构编制委员会办公室',
    body: '洪江区事业单位登记管理局',
    bodyKind: '授权组织',
    phone: '0745-7631248',
    laws: ['《事业单位登记管理暂行条例》（国务院令第411号）', '《事业单位登记管理暂行条例实施细则》', '《湖南省机构编制管理规定》'],
    items: {
      行政许可: ['事业单位设立登记', '事业单位变更登记', '事业单位注销登记', '事业单位法人证书补领'],
      行政检查: ['事业单位年度报告公示检查', '事业单位登记事项监督检查'],
      行政确认: ['事业单位法定代表人变更备案', '事业单位章程核准'],
      非行政许可审批: ['事业单位机构编制调整审批'],
    },
    subjects: ['事业单位'],
    acts: ['登记时隐瞒真实情况', '不按规定办理变更登记', '涂改、出租、出借事业单位法人证书', '不按规定报送年度报告', '违反规定接受捐赠', '抽逃开办资金'],
    counts: { 行政许可: 4, 行政检查: 6, 行政确认: 4, 非行政许可审批: 4 },
  },
  {
    org: '洪江区管理委员会法制办公室',
    body: '洪江区管理委员会法制办公室',
    bodyKind: '法定机关',
    phone: '0745-7631210',
    laws: ['《中华人民共和国行政复议法》', '《中华人民共和国行政处罚法》', '《湖南省行政程序规定》', '《湖南省行政执法证件管理办法》'],
    items: {
      行政检查: ['行政执法案卷评查', '行政执法监督检查', '规范性文件备案审查'],
      行政确认: ['行政执法证件审核', '行政执法主体资格确认'],
      非行政许可审批: ['重大行政决策合法性审查'],
    },
    subjects: [],
    acts: [],
    counts: { 行政检查: 7, 非行政许可审批: 2 },
  },
];

// ——— generation ————————————————————————————————————————————————————————————————————————————

const DIGITS = '零一二三四五六七八九';
function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
  const h = Math.floor(n / 100);
  const r = n % 100;
  return `${DIGITS[h]}百${r === 0 ? '' : r < 10 ? `零${DIGITS[r]}` : r < 20 ? `一${chineseNumber(r)}` : chineseNumber(r)}`;
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const VARIANTS = ['（新办）', '（变更）', '（延续）', '（注销）', '（补证）'];

/** `n` distinct names from the base list, then its variants. */
function names(base: string[], n: number, taken: Set<string>): string[] {
  const out: string[] = [];
  const pool = [...base, ...VARIANTS.flatMap((v) => base.map((b) => `${b}${v}`))];
  for (const x of pool) {
    if (out.length >= n) break;
    if (!taken.has(x)) {
      taken.add(x);
      out.push(x);
    }
  }
  for (let i = 2; out.length < n; i++) {
    const x = `${base[out.length % Math.max(1, base.length)] ?? '其他事项'}（第${i}类）`;
    if (!taken.has(x)) {
      taken.add(x);
      out.push(x);
    }
  }
  return out;
}

const PENALTY_KINDS = ['（罚款）', '（没收违法所得、非法财物）', '（责令停产停业）', '（暂扣或者吊销许可证件）'];

/** `n` distinct penalty names: each subject with each violation of its field, then split by kind of penalty as many lists do. */
function penalties(d: Domain, n: number, taken: Set<string>): string[] {
  const base: string[] = [];
  for (const [subjects, acts] of d.groups ?? [[d.subjects, d.acts]])
    for (const a of acts) {
      if (!subjects.length) base.push(`对${a}的处罚`);
      for (const s of subjects) base.push(`对${s}${a}的处罚`);
    }
  const out: string[] = [];
  for (const x of [...base, ...PENALTY_KINDS.flatMap((k) => base.map((b) => `${b}${k}`))]) {
    if (out.length >= n) break;
    if (!taken.has(x)) {
      taken.add(x);
      out.push(x);
    }
  }
  if (out.length < n) throw new Error(`demo powers: not enough penalty names for ${d.org} (${out.length} < ${n})`);
  return out;
}

interface DemoPower {
  name: string;
  category: string;
  domain: Domain;
  code?: string;
}

/** How well a law's title fits a power's name: shared two-character words (食品, 药品, 登记 …). */
function fit(law: string, name: string): number {
  const title = (/《([^》]+)》/.exec(law)?.[1] ?? law).replace(/^中华人民共和国/, '');
  let n = 0;
  for (let i = 0; i + 2 <= title.length; i++) if (name.includes(title.slice(i, i + 2))) n++;
  return n;
}

/** 设定依据: the domain's law that fits the name best (the first on a tie: laws are listed highest first), its article, and sometimes a second basis. */
function basis(d: Domain, name: string, category: string, rand: () => number): string {
  const ranked = d.laws.map((l, i) => ({ l, i, f: fit(l, name) })).sort((a, b) => b.f - a.f || a.i - b.i);
  const law = ranked[0]!.l;
  const art = 1 + Math.floor(rand() * (category === '行政处罚' ? 130 : 60));
  const lines = [`${law}第${chineseNumber(art)}条`];
  const second = ranked.find((r) => r.l !== law && r.f > 0)?.l;
  if (second && rand() < 0.5) lines.push(`${second}第${chineseNumber(1 + Math.floor(rand() * 40))}条`);
  return lines.join('\n');
}

function fee(category: string, i: number): string {
  if (category === '行政收费') return `收费依据：《湖南省行政事业性收费项目目录》；标准：按湘价费〔2015〕${20 + (i % 60)}号规定的标准执行`;
  if (category === '行政征收') return `征收依据见设定依据；标准：按湘财综〔2015〕${10 + (i % 40)}号规定的标准执行`;
  return '不收费';
}

/** The 8 service items of the contract (CONTRACT.md): their powers keep the codes' numbers. */
const SERVICE_POWERS: Array<[string, string, string]> = [
  ['HJ-XK-0001', '个体工商户设立登记', '洪江区政务服务中心市场监管分中心'],
  ['HJ-XK-0002', '食品经营许可', '洪江区政务服务中心市场监管分中心'],
  ['HJ-XK-0003', '酒类商品零售许可', '洪江区商务局'],
  ['HJ-QT-0004', '不动产首次登记', '洪江区政务服务中心不动产登记分中心'],
  ['HJ-GF-0005', '城乡居民最低生活保障待遇给付', '洪江区政务服务中心社会保障分中心'],
  ['HJ-QR-0006', '居民户口迁移登记', '洪江区政务服务中心公安户政分中心'],
  ['HJ-GF-0007', '住房公积金提取', '洪江区政务服务中心住房公积金分中心'],
  ['HJ-XK-0008', '民办学校设立审批', '洪江区教育局'],
];

/** The demo's records, in the import layout (rows per disposition). Exported for tests. */
export function demoPowerRecords(localities: string[]): PowerRecord[] {
  const rand = rng(20161231);
  const taken = new Set<string>(SERVICE_POWERS.map(([, n]) => n));
  const standing: DemoPower[] = [];
  const cancelled: DemoPower[] = [];
  const domainOf = new Map(DOMAINS.map((d) => [d.org, d]));
  // The seven service powers that stood in 2016 count towards their categories.
  const fixedCat: Record<string, string> = { XK: '行政许可', GF: '行政给付', QR: '行政确认', QT: '其他行政权力' };
  const fixedCount: Record<string, Record<string, number>> = {};
  for (const [code, name, org] of SERVICE_POWERS) {
    const cat = fixedCat[code.split('-')[1]!]!;
    const d = domainOf.get(org)!;
    if (code !== 'HJ-QT-0004') {
      standing.push({ name, category: cat, domain: d, code });
      fixedCount[d.org] = { ...(fixedCount[d.org] ?? {}), [cat]: (fixedCount[d.org]?.[cat] ?? 0) + 1 };
    }
  }
  // Spread the seed's category totals over the domains by their weights.
  for (const [cat, total] of Object.entries(SEED_2016)) {
    const ds = DOMAINS.filter((d) => d.counts[cat]);
    const weight = ds.reduce((a, d) => a + (d.counts[cat] ?? 0), 0);
    let left = total - Object.values(fixedCount).reduce((a, c) => a + (c[cat] ?? 0), 0);
    ds.forEach((d, i) => {
      const fixed = fixedCount[d.org]?.[cat] ?? 0;
      const share = i === ds.length - 1 ? left : Math.min(left, Math.round(((d.counts[cat] ?? 0) * total) / weight) - fixed);
      const n = Math.max(0, share);
      left -= n;
      const list = cat === '行政处罚' ? penalties(d, n, taken) : names(d.items[cat] ?? [], n, taken);
      for (const name of list) standing.push({ name, category: cat, domain: d });
    });
  }
  for (const [cat, n] of Object.entries(CANCELLED_2016)) {
    const ds = DOMAINS.filter((d) => d.counts[cat]);
    for (let i = 0; i < n; i++) {
      const d = ds[i % ds.length]!;
      const [name] = names([...(d.items[cat] ?? []).map((x) => `${x}（原）`), `${d.body}${cat}事项`], 1, taken);
      cancelled.push({ name: name!, category: cat, domain: d });
    }
  }
  // Codes: the service powers keep theirs; the others are numbered in order from 0009.
  let serial = 8;
  const codeFor = (p: DemoPower) => (p.code ??= `HJ-${PREFIX[p.category]}-${String(++serial).padStart(4, '0')}`);
  const records: PowerRecord[] = [];
  const row = (p: DemoPower, i: number, kind: string, onDate: string, extra: Partial<PowerRecord> = {}): PowerRecord => ({
    name: p.name,
    category: p.category,
    code: codeFor(p),
    body: p.domain.body,
    bodyKind: p.domain.bodyKind,
    legalBasis: basisOf.get(p) ?? '',
    feeBasis: fee(p.category, i),
    procedure: PROCEDURE[p.category] ?? '',
    timeLimit: TIME_LIMIT[p.category] ?? '',
    supervisionPhone: p.domain.phone,
    org: p.domain.org,
    kind,
    onDate,
    target: '',
    mode: '',
    note: '',
    ...extra,
  });
  const basisOf = new Map<DemoPower, string>();
  for (const p of [...standing, ...cancelled]) basisOf.set(p, basis(p.domain, p.name, p.category, rand));

  // 2016: 37 delegations among the standing powers of 许可, 给付, 确认 and 收费 (HJ-GF-0005 first, to every township and street).
  const delegable = standing.filter((p) => ['行政给付', '行政确认', '行政许可', '行政收费'].includes(p.category) && p.domain.bodyKind !== '授权组织');
  const order = [...delegable.filter((p) => p.code === 'HJ-GF-0005'), ...delegable.filter((p) => p.code !== 'HJ-GF-0005' && !p.code)];
  const delegated = new Map<DemoPower, { mode: string; to: string; on: string }>();
  for (let i = 0; i < DELEGATED_2016.full + DELEGATED_2016.proxy; i++) {
    const p = order[(i * 7) % order.length]!;
    if (delegated.has(p)) {
      order.splice((i * 7) % order.length, 1);
      i--;
      continue;
    }
    const to = i === 0 ? localities : localities.filter((_l, k) => (k + i) % 3 !== 0);
    delegated.set(p, { mode: i < DELEGATED_2016.full ? '全程办理' : '代办', to: to.join('、'), on: i < 20 ? '2016-07-01' : '2016-10-15' });
  }
  // Later years: a few changes, so each year's page has something to show.
  const later = new Map<DemoPower, Array<Partial<PowerRecord> & { kind: string; onDate: string }>>();
  const pick = (cat: string, k: number) => standing.filter((p) => p.category === cat && !delegated.has(p) && !later.has(p) && !p.code)[k]!;
  later.set(pick('行政收费', 1), [{ kind: '取消', onDate: '2025-04-30', note: '按湘财综〔2025〕3号停征' }]);
  later.set(pick('行政收费', 2), [{ kind: '取消', onDate: '2025-04-30', note: '按湘财综〔2025〕3号停征' }]);
  later.set(pick('行政许可', 3), [{ kind: '下放', onDate: '2025-08-01', target: localities[0] ?? '', mode: '代办' }]);
  const mergeTarget = pick('行政检查', 4);
  later.set(mergeTarget, []);
  later.set(pick('行政检查', 5), [{ kind: '调整合并', onDate: '2026-03-15', target: codeFor(mergeTarget), note: '实行“双随机、一公开”监管，合并实施' }]);
  later.set(pick('行政检查', 6), [{ kind: '调整合并', onDate: '2026-03-15', target: codeFor(mergeTarget), note: '实行“双随机、一公开”监管，合并实施' }]);
  later.set(pick('非行政许可审批', 1), [{ kind: '取消', onDate: '2026-06-30', note: '按湘政发〔2026〕8号取消非行政许可审批类别' }]);
  later.set(pick('行政给付', 2), [{ kind: '下放', onDate: '2026-09-01', target: localities.slice(3).join('、'), mode: '全程办理' }]);
  later.set(pick('行政确认', 3), [{ kind: '下放', onDate: '2026-09-01', target: localities.slice(0, 3).join('、'), mode: '代办' }]);

  standing.forEach((p, i) => {
    records.push(row(p, i, '保留', '2015-06-30', { note: i === 0 ? '2015年权力清单清理后保留' : '' }));
    const d = delegated.get(p);
    if (d) records.push(row(p, i, '下放', d.on, { target: d.to, mode: d.mode }));
    for (const c of later.get(p) ?? []) records.push(row(p, i, c.kind, c.onDate, c));
  });
  cancelled.forEach((p, i) => {
    records.push(row(p, standing.length + i, '保留', '2015-06-30'));
    records.push(row(p, standing.length + i, '取消', i < 20 ? '2016-04-15' : '2016-09-20', { note: '按洪管发〔2016〕12号取消' }));
  });
  // Added later: 不动产首次登记 (2024), a reward and a licence (2026).
  const added: Array<[DemoPower, string]> = [
    [{ name: '不动产首次登记', category: '其他行政权力', domain: domainOf.get('洪江区政务服务中心不动产登记分中心')!, code: 'HJ-QT-0004' }, '2024-03-01'],
    [{ name: '对见义勇为人员的表彰奖励', category: '行政奖励', domain: domainOf.get('洪江区政务服务中心社会保障分中心')! }, '2026-05-10'],
    [{ name: '食品生产加工小作坊登记（延续）', category: '行政许可', domain: domainOf.get('洪江区政务服务中心市场监管分中心')! }, '2026-07-20'],
  ];
  added.forEach(([p, on], i) => {
    basisOf.set(p, basis(p.domain, p.name, p.category, rand));
    records.push(row(p, 7000 + i, '新增', on));
  });
  return records;
}

/** Load the demo's power list (idempotent: a list that has powers is left alone). */
export async function loadDemoPowers(ctx: AppContext): Promise<string[]> {
  const any = await ctx.db.selectFrom('powers').select('id').limit(1).executeTakeFirst();
  if (any) return [];
  const orgs = await listOrgs(ctx.db, { includeInactive: true });
  const localities = orgs.filter((o) => o.kind === 'township' || o.kind === 'town' || o.kind === 'street').map((o) => o.name);
  if (!orgs.some((o) => o.name === '洪江区政务服务中心市场监管分中心')) return [];
  const records = demoPowerRecords(localities).map((data, i) => ({ line: i + 2, data: { ...data } }));
  const sha256 = createHash('sha256').update(JSON.stringify(records.length)).digest('hex');
  const r = await execute(ctx, importPowersCommand(), { source: { name: 'demo-powers', sha256, format: 'demo' }, records });
  return [`权力清单：${r.powers} 项权力、${r.dispositions} 条处置记录`];
}
