import { fixedClock } from '../../kernel/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { execute } from '../../platform/command.ts';
import { findOrg, makeUscc } from '../orgs/index.ts';
import { residentIdCheckChar, type ApplicantType, type Channel, type DeliveryChannel, type DeliveryForm } from './applicants.ts';
import { recordRequest } from './commands/record-request.ts';
import { submitRequest } from './commands/submit-request.ts';
import { confirmReceipt } from './commands/confirm-receipt.ts';
import { requestCorrection, receiveCorrection, lapseCorrection } from './commands/correction.ts';
import { startConsultation, recordConsultationReply } from './commands/consultation.ts';
import { extendDeadline } from './commands/extend-deadline.ts';
import { notifyFee, recordPayment, lapseFee } from './commands/fees.ts';
import { transferRequest } from './commands/transfer-request.ts';
import { decideRequest, closeRequest } from './commands/decide-request.ts';
import { attachFile } from './commands/attach-file.ts';
import { recordAppeal } from './commands/appeals.ts';
import { consultationsOf } from './repo.ts';

/**
 * The demo district's requests, loaded through the module's own commands (each audited), each step
 * run with the clock at its own date so the records are what a clerk would have entered that day.
 *
 * 2016, as the seed report records it: no requests; 2 administrative reconsiderations ending
 * 其他情形; 13 lawsuits ending with the act upheld or the claim dismissed — older decisions with no
 * request on the platform. 2025, under the 2019 rules: every outcome row of the 2021 table at
 * least once, with corrections, consultations, extensions, fees, transfers, a late answer and one
 * request received in December and answered in January 2026. A few requests open in November
 * 2026 fill the follow-up lists. Deterministic: fixed dates, names and numbers.
 */
type Step =
  | ['confirm', string]
  | ['correct', string, string, string?, string?]
  | ['lapse', string]
  | ['consult', 'third_party' | 'other_agency', string, string, (string | null)?, ('agree' | 'disagree' | 'partial' | 'no_reply')?]
  | ['extend', string, string, number?]
  | ['fee', string, number]
  | ['pay', string, number]
  | ['feeLapse', string]
  | ['transfer', string, string, string]
  | ['attach', string, string, string]
  | ['decide', string, string, string, Record<string, string>]
  | ['close', string];

interface Script {
  org: string;
  who: number;
  channel: Channel;
  /** Arrival, Beijing time. */
  arrived: string;
  /** Legal receipt date for staff intake (registered post: signed for). */
  received?: string;
  info: { name?: string; doc?: string; desc?: string };
  delivery?: [DeliveryForm, DeliveryChannel];
  steps: Step[];
}

const PEOPLE: Array<{ type: ApplicantType; name: string; contact?: string }> = [
  { type: 'natural', name: '张伟' },
  { type: 'natural', name: '王芳' },
  { type: 'natural', name: '李娜' },
  { type: 'natural', name: '刘洋' },
  { type: 'natural', name: '杨帆' },
  { type: 'natural', name: '赵磊' },
  { type: 'natural', name: '黄丽' },
  { type: 'natural', name: '周杰' },
  { type: 'natural', name: '吴敏' },
  { type: 'natural', name: '徐涛' },
  { type: 'commercial', name: '湖南沅水建设工程有限公司', contact: '孙悦' },
  { type: 'research', name: '怀化学院地方治理研究中心', contact: '胡斌' },
  { type: 'social_welfare', name: '洪江区助老志愿者协会', contact: '朱琳' },
  { type: 'legal_services', name: '湖南雄溪律师事务所', contact: '高翔' },
  { type: 'other_org', name: '高坡街熊家桥小区业主委员会', contact: '林峰' },
  { type: 'commercial', name: '洪江区古商城文化旅游有限公司', contact: '何雪' },
];

/** A resident ID number that passes its checksum: region 431202, a birth date, a sequence. */
export function demoResidentId(n: number): string {
  const birth = `19${60 + ((n * 7) % 35)}${String(1 + ((n * 5) % 12)).padStart(2, '0')}${String(1 + ((n * 11) % 28)).padStart(2, '0')}`;
  const body = `431202${birth}${String(100 + n * 3).slice(-3)}`;
  return body + residentIdCheckChar(body);
}

function applicantOf(i: number) {
  const p = PEOPLE[i];
  if (!p) throw new Error(`demo applicant missing: ${i}`);
  const org = p.type !== 'natural';
  return {
    applicantType: p.type,
    applicantName: p.name,
    idType: org ? 'uscc' : 'resident_id',
    idNumber: org ? makeUscc('431202', `MA4L${String(2000 + i * 37).padStart(4, '0')}`, '91') : demoResidentId(i + 1),
    contactPerson: p.contact ?? '',
    phone: `139${String(74500000 + i * 1373).padStart(8, '0')}`,
    email: org ? `office${i}@example.cn` : '',
    address: `湖南省怀化市洪江区${['沅江路', '新街', '河滨路', '高坡街', '常青乡'][i % 5]}${10 + i}号`,
    postcode: '418200',
  };
}

const ROOT = '洪江区管理委员会';
const FIN = '洪江区财政局';
const EDU = '洪江区教育局';
const CQ = '洪江区常青乡人民政府';

const S2025: Script[] = [
  // （一）予以公开 — already published: tell where (Art. 36(1)).
  {
    org: ROOT,
    who: 0,
    channel: 'online',
    arrived: '2025-01-06T10:12',
    info: { name: '洪江区2024年政府工作报告' },
    steps: [
      ['confirm', '2025-01-06'],
      [
        'decide',
        '2025-01-10',
        'disclose',
        'already_public',
        { 获取方式途径: '该信息已于2024年2月20日在洪江区人民政府门户网站“政府信息公开—政府工作报告”栏目公开，您可登录网站查阅' },
      ],
      ['close', '2025-01-10'],
    ],
  },
  // （一）予以公开 — disclosable, provided as an attachment.
  {
    org: FIN,
    who: 10,
    channel: 'letter_registered',
    arrived: '2025-02-10T15:40',
    received: '2025-02-11',
    info: { name: '2024年度区本级政府采购项目合同公告清单' },
    delivery: ['electronic', 'email'],
    steps: [
      ['attach', '2025-02-20', '2024年度区本级政府采购合同清单.csv', '项目名称,合同金额（万元）,供应商\n沅江路人行道改造,86.5,湖南沅水建设工程有限公司\n'],
      ['decide', '2025-02-21', 'disclose', 'disclosable', { 提供方式: '现将该信息以电子文档形式通过电子邮件提供给您（见附件）' }],
      ['close', '2025-02-21'],
    ],
  },
  // （三）1 国家秘密
  {
    org: ROOT,
    who: 1,
    channel: 'in_person',
    arrived: '2025-03-03T09:20',
    info: { desc: '洪江区人民武装部2024年度兵员征集计划的具体分配数字' },
    steps: [
      ['decide', '2025-03-20', 'refuse_state_secret', 'refuse', {}],
      ['close', '2025-03-21'],
    ],
  },
  // （三）2 其他法律行政法规禁止公开
  {
    org: FIN,
    who: 13,
    channel: 'letter_ordinary',
    arrived: '2025-03-17T11:00',
    info: { desc: '某纳税人2024年度的纳税申报资料' },
    steps: [
      ['confirm', '2025-03-17'],
      ['decide', '2025-04-03', 'refuse_law_forbids', 'refuse', { '法律、行政法规名称及条款': '《中华人民共和国税收征收管理法》第八条第二款' }],
      ['close', '2025-04-07'],
    ],
  },
  // （三）3 三安全一稳定
  {
    org: ROOT,
    who: 2,
    channel: 'fax',
    arrived: '2025-04-01T16:30',
    info: { desc: '沅江防洪堤重点部位的监控点位分布和应急物资储备点位置' },
    steps: [
      ['confirm', '2025-04-02'],
      ['decide', '2025-04-25', 'refuse_three_security', 'refuse', {}],
      ['close', '2025-04-27'],
    ],
  },
  // （三）4 保护第三方合法权益 — third party consulted and disagrees.
  {
    org: '洪江区商务局',
    who: 15,
    channel: 'online',
    arrived: '2025-04-07T08:50',
    info: { name: '洪江古商城项目招商引资合同', desc: '合同中的投资金额、税收优惠条款和履约保证金' },
    steps: [
      ['confirm', '2025-04-07'],
      ['consult', 'third_party', '洪江古商城旅游开发有限公司', '2025-04-10', '2025-04-24', 'disagree'],
      [
        'decide',
        '2025-05-16',
        'refuse_third_party',
        'refuse',
        { '商业秘密、个人隐私等': '第三方的商业秘密（投资金额、税收安排、履约保证），第三方书面表示不同意公开' },
      ],
      ['close', '2025-05-19'],
    ],
  },
  // （三）5 内部事务信息
  {
    org: '洪江区机构编制委员会办公室',
    who: 3,
    channel: 'email',
    arrived: '2025-05-06T21:15',
    info: { desc: '区编办2024年内部考勤记录和公务用车派车单' },
    steps: [
      ['confirm', '2025-05-07'],
      ['decide', '2025-05-30', 'refuse_internal_affairs', 'refuse', { '人事管理、后勤管理、内部工作流程': '人事管理、后勤管理' }],
      ['close', '2025-06-03'],
    ],
  },
  // （三）6 过程性信息 — another agency consulted (2019 条例第三十四条).
  {
    org: EDU,
    who: 11,
    channel: 'online',
    arrived: '2025-05-12T14:02',
    info: { name: '洪江区中小学布局调整方案（讨论稿）', desc: '方案讨论过程中的会议记录和征求意见稿' },
    steps: [
      ['confirm', '2025-05-12'],
      ['consult', 'other_agency', '洪江区财政局', '2025-05-15', '2025-05-27', 'agree'],
      ['decide', '2025-06-16', 'refuse_process_info', 'refuse', { '讨论记录、过程稿、磋商信函、请示报告': '讨论记录、过程稿' }],
      ['close', '2025-06-17'],
    ],
  },
  // （三）7 行政执法案卷
  {
    org: '洪江区物价局',
    who: 4,
    channel: 'in_person',
    arrived: '2025-06-03T10:00',
    info: { desc: '2024年对某超市价格违法行为立案调查的全部案卷材料' },
    steps: [
      ['decide', '2025-06-27', 'refuse_enforcement_file', 'refuse', {}],
      ['close', '2025-06-30'],
    ],
  },
  // （三）8 行政查询事项 — real-estate registration under its own law (Art. 36(7)).
  {
    org: '洪江区政务服务中心',
    who: 5,
    channel: 'in_person',
    arrived: '2025-06-09T09:45',
    info: { desc: '新街社区某处房屋的不动产登记簿记载的权利人信息' },
    steps: [
      [
        'decide',
        '2025-06-10',
        'refuse_administrative_query',
        'special_law',
        { '工商、不动产登记资料等': '不动产登记资料', '有关法律、行政法规': '《不动产登记暂行条例》第二十七条及《不动产登记资料查询暂行办法》' },
      ],
      ['close', '2025-06-10'],
    ],
  },
  // （四）1 本机关不掌握 — does not exist.
  {
    org: CQ,
    who: 6,
    channel: 'online',
    arrived: '2025-07-01T09:03',
    info: { desc: '常青乡2010年以前的全部土地承包合同原件扫描件' },
    steps: [
      ['confirm', '2025-07-01'],
      ['decide', '2025-07-18', 'unable_not_held', 'not_exist', {}],
      ['close', '2025-07-21'],
    ],
  },
  // （四）1 本机关不掌握 — not this agency's: tell the applicant who holds it.
  {
    org: ROOT,
    who: 12,
    channel: 'online',
    arrived: '2025-07-07T10:30',
    info: { desc: '怀化市2024年度养老服务机构运营补贴资金的市级分配明细' },
    steps: [
      ['confirm', '2025-07-07'],
      [
        'decide',
        '2025-07-25',
        'unable_not_held',
        'not_this_agency',
        { 理由: '该信息由市级民政部门制作和保存', 机关名称: '怀化市民政局', 联系方式: '0745-2222000（示例号码）' },
      ],
      ['close', '2025-07-28'],
    ],
  },
  // （四）2 需要另行制作
  {
    org: FIN,
    who: 11,
    channel: 'online',
    arrived: '2025-07-14T15:20',
    info: { desc: '按乡镇、按年度汇总的2015年至2024年全部财政转移支付资金对比分析表' },
    steps: [
      ['confirm', '2025-07-15'],
      ['decide', '2025-08-08', 'unable_needs_creation', 'needs_processing', {}],
      ['close', '2025-08-11'],
    ],
  },
  // （四）3 补正后仍不明确
  {
    org: ROOT,
    who: 7,
    channel: 'online',
    arrived: '2025-04-07T19:40',
    info: { desc: '关于那个项目的所有文件' },
    steps: [
      ['confirm', '2025-04-08'],
      ['correct', '2025-04-09', '请写明所需信息的名称、文号，或写明项目名称、年份等便于查询的特征', '2025-04-14', '就是去年那个改造项目的文件'],
      ['decide', '2025-05-09', 'unable_unclear_after_correction', 'unclear', { 补正告知日期: '2025年4月9日' }],
      ['close', '2025-05-12'],
    ],
  },
  // （五）1 信访举报投诉类
  {
    org: '洪江区新街街道办事处',
    who: 8,
    channel: 'letter_ordinary',
    arrived: '2025-08-04T10:10',
    info: { desc: '要求街道查处邻居违章搭建并公开处理结果' },
    steps: [
      ['confirm', '2025-08-04'],
      ['decide', '2025-08-15', 'decline_petition', 'petition', { '信访、投诉、举报': '投诉、举报', 相应渠道: '12345政务服务便民热线或街道城管执法中队' }],
      ['close', '2025-08-18'],
    ],
  },
  // （五）2 重复申请 — the same applicant asks again for what was answered in January.
  {
    org: ROOT,
    who: 0,
    channel: 'online',
    arrived: '2025-08-11T08:30',
    info: { name: '洪江区2024年政府工作报告' },
    steps: [
      ['confirm', '2025-08-11'],
      ['decide', '2025-08-22', 'decline_repeat', 'repeat', { 原答复日期: '2025年1月10日' }],
      ['close', '2025-08-25'],
    ],
  },
  // （五）3 公开出版物
  {
    org: ROOT,
    who: 14,
    channel: 'in_person',
    arrived: '2025-08-18T14:30',
    info: { desc: '要求提供2024年全年各期《洪江区政府公报》纸质本' },
    delivery: ['paper', 'pickup'],
    steps: [
      [
        'decide',
        '2025-08-19',
        'decline_publication',
        'publication',
        { '政府公报、报刊、书籍等': '政府公报', 获取途径: '到洪江区档案馆、洪江区图书馆政府信息查阅点免费查阅，或登录区政府门户网站“政府公报”栏目查看电子版' },
      ],
      ['close', '2025-08-19'],
    ],
  },
  // （五）4 无正当理由大量反复申请 (Art. 35)
  {
    org: ROOT,
    who: 9,
    channel: 'online',
    arrived: '2025-09-01T09:00',
    info: { desc: '2000年以来区管委会全部会议纪要、全部发文和全部收文（本月第18件同类申请）' },
    steps: [
      ['confirm', '2025-09-01'],
      [
        'decide',
        '2025-09-19',
        'decline_mass_requests',
        'excessive',
        { 对理由的认定: '您于2025年9月5日答复称“用于个人研究”，但未说明与所申请的大量信息的关联' },
      ],
      ['close', '2025-09-22'],
    ],
  },
  // （五）5 确认或重新出具
  {
    org: EDU,
    who: 1,
    channel: 'in_person',
    arrived: '2025-09-08T10:45',
    info: { desc: '要求对已获取的学校招生计划文件加盖公章确认其真实性' },
    steps: [
      ['decide', '2025-09-12', 'decline_confirm_reissue', 'confirm_reissue', { 所涉信息: '2025年洪江区义务教育阶段招生计划' }],
      ['close', '2025-09-12'],
    ],
  },
  // （六）1 逾期不补正
  {
    org: '洪江区横岩乡人民政府',
    who: 3,
    channel: 'online',
    arrived: '2025-09-15T11:11',
    info: { desc: '那份补偿文件' },
    steps: [
      ['confirm', '2025-09-15'],
      ['correct', '2025-09-17', '请写明所需补偿文件的名称、文号或所涉项目、年份'],
      ['lapse', '2025-10-17'],
    ],
  },
  // （六）2 逾期未缴费 — a per-page fee not paid in 20 working days.
  {
    org: FIN,
    who: 10,
    channel: 'online',
    arrived: '2025-09-22T09:30',
    info: { desc: '2020年至2024年全部政府采购合同文本（约150页）' },
    delivery: ['paper', 'post'],
    steps: [
      ['confirm', '2025-09-22'],
      ['fee', '2025-10-09', 150],
      ['feeLapse', '2025-11-10'],
    ],
  },
  // （六）3 其他 — withdrawn by the applicant.
  {
    org: CQ,
    who: 4,
    channel: 'oral',
    arrived: '2025-10-13T09:15',
    info: { desc: '常青村2025年高标准农田建设项目的施工合同' },
    steps: [
      ['decide', '2025-10-20', 'other', 'other', { 处理情况及依据: '您于2025年10月17日书面撤回本申请，本机关终止处理' }],
      ['close', '2025-10-20'],
    ],
  },
  // （二）部分公开 — the flagship: correction, third-party consultation, extension, partial disclosure.
  {
    org: ROOT,
    who: 2,
    channel: 'online',
    arrived: '2025-10-13T20:05',
    info: { desc: '河滨路片区棚户区改造项目的补偿方案' },
    steps: [
      ['confirm', '2025-10-14'],
      [
        'correct',
        '2025-10-15',
        '请写明所需信息的年度，以及是补偿安置方案本身还是具体户的补偿明细',
        '2025-10-17',
        '2024年河滨路片区棚户区改造项目房屋征收补偿安置方案及补偿总额',
      ],
      ['consult', 'third_party', '河滨路片区被征收户代表', '2025-10-27', '2025-11-07', 'partial'],
      ['extend', '2025-11-20', '涉及的征收档案分散在多个部门，需要调阅核对'],
      [
        'attach',
        '2025-12-10',
        '河滨路片区房屋征收补偿安置方案（公开部分）.txt',
        '一、补偿方式：货币补偿或产权调换……\n二、补偿标准：……\n（涉及被征收户个人信息的附表已作区分处理）\n',
      ],
      [
        'decide',
        '2025-12-10',
        'partial',
        'partial',
        {
          不予公开部分: '附表中各被征收户的姓名、身份证号码和补偿金额',
          不予公开理由: '属于个人隐私，公开会对第三方合法权益造成损害（条例第十五条）',
          提供方式: '现将补偿安置方案正文及补偿总额以电子文档形式提供给您（见附件）',
        },
      ],
      ['close', '2025-12-11'],
    ],
  },
  // A paid fee: per page, 45 pages → 150 元 (pages 31–45 at 10 元).
  {
    org: FIN,
    who: 13,
    channel: 'online',
    arrived: '2025-11-03T10:00',
    info: { name: '洪江区2024年度区本级部门决算汇总表', desc: '纸质件，约45页' },
    delivery: ['paper', 'post'],
    steps: [
      ['confirm', '2025-11-03'],
      ['fee', '2025-11-07', 45],
      ['pay', '2025-11-12', 150],
      ['decide', '2025-11-21', 'disclose', 'disclosable', { 提供方式: '现将该信息的纸质复印件共45页邮寄给您' }],
      ['close', '2025-11-25'],
    ],
  },
  // Transfer: addressed to the district, answered by the education bureau.
  {
    org: ROOT,
    who: 5,
    channel: 'online',
    arrived: '2025-03-10T09:40',
    info: { name: '洪江区2025年义务教育阶段学校招生工作方案' },
    steps: [
      ['confirm', '2025-03-10'],
      ['transfer', '2025-03-11', EDU, '所申请信息由区教育局制作和保存，由其答复'],
      ['decide', '2025-03-28', 'disclose', 'already_public', { 获取方式途径: '该信息已于2025年3月20日在洪江区教育局网站“通知公告”栏目公开' }],
      ['close', '2025-03-28'],
    ],
  },
  // Transfer to a township, which then does not hold it.
  {
    org: FIN,
    who: 6,
    channel: 'online',
    arrived: '2025-05-19T16:00',
    info: { desc: '均冲村2024年村级集体经济收益分配明细' },
    steps: [
      ['confirm', '2025-05-20'],
      ['transfer', '2025-05-21', CQ, '村级集体经济收益分配由常青乡指导均冲村办理，区财政局不掌握'],
      ['decide', '2025-06-13', 'unable_not_held', 'not_exist', {}],
      ['close', '2025-06-16'],
    ],
  },
  // An extension used in full, answered on its last days.
  {
    org: EDU,
    who: 7,
    channel: 'online',
    arrived: '2025-06-30T09:10',
    info: { name: '2022年至2024年各中小学校舍安全鉴定报告' },
    steps: [
      ['confirm', '2025-06-30'],
      ['extend', '2025-07-25', '涉及28所学校的鉴定报告需逐一核对', 15],
      ['decide', '2025-08-15', 'disclose', 'disclosable', { 提供方式: '现将28所学校的校舍安全鉴定报告结论部分以电子文档形式提供给您' }],
      ['close', '2025-08-18'],
    ],
  },
  // A late answer (no extension): flagged as such.
  {
    org: '洪江区河滨路街道办事处',
    who: 8,
    channel: 'online',
    arrived: '2025-10-20T10:20',
    info: { name: '河滨路街道2025年低保对象名单公示情况' },
    steps: [
      ['confirm', '2025-10-20'],
      ['decide', '2025-11-20', 'disclose', 'already_public', { 获取方式途径: '该信息已在河滨路街道各社区公示栏和区政府门户网站公开' }],
      ['close', '2025-11-21'],
    ],
  },
  // Received in December, answered in January 2026: carried into the next year.
  {
    org: ROOT,
    who: 9,
    channel: 'online',
    arrived: '2025-12-15T08:45',
    info: { name: '洪江区2026年重点民生实事项目清单' },
    steps: [
      ['confirm', '2025-12-15'],
      ['decide', '2026-01-12', 'disclose', 'disclosable', { 提供方式: '现将该清单以电子文档形式提供给您' }],
      ['close', '2026-01-13'],
    ],
  },
];

/** Open in November 2026, for the follow-up lists (the demo clock stands at 2026-11-27). */
const S2026: Script[] = [
  { org: ROOT, who: 1, channel: 'in_person', arrived: '2026-10-26T10:00', info: { name: '洪江区2026年第三季度财政收支情况' }, steps: [] },
  { org: FIN, who: 11, channel: 'online', arrived: '2026-11-02T09:00', info: { name: '2026年区本级政府债务余额情况' }, steps: [['confirm', '2026-11-02']] },
  {
    org: ROOT,
    who: 2,
    channel: 'online',
    arrived: '2026-11-03T10:00',
    info: { desc: '那个通知' },
    steps: [
      ['confirm', '2026-11-03'],
      ['correct', '2026-11-03', '请写明所需通知的名称、文号或发布时间'],
    ],
  },
  {
    org: EDU,
    who: 12,
    channel: 'online',
    arrived: '2026-11-12T15:00',
    info: { name: '2026年学生营养改善计划供餐企业合同' },
    steps: [
      ['confirm', '2026-11-12'],
      ['consult', 'third_party', '洪江区某餐饮管理有限公司', '2026-11-16'],
    ],
  },
  { org: CQ, who: 4, channel: 'in_person', arrived: '2026-11-20T09:30', info: { name: '常青乡2026年耕地地力保护补贴发放名册（汇总）' }, steps: [] },
  { org: ROOT, who: 5, channel: 'online', arrived: '2026-11-25T21:30', info: { name: '洪江区2027年度预算编制工作方案' }, steps: [] },
];

function ctxAt(base: AppContext, date: string): AppContext {
  // 09:30 Beijing on that day.
  return { ...base, clock: fixedClock(`${date}T01:30:00Z`) };
}

async function run(base: AppContext, s: Script): Promise<void> {
  const org = await findOrg(base.db, s.org);
  if (!org) throw new Error(`demo org missing: ${s.org}`);
  const a = applicantOf(s.who);
  const [form, channel] = s.delivery ?? ['electronic', 'online'];
  const app = {
    orgId: org.id,
    ...a,
    infoName: s.info.name ?? '',
    infoDocNumber: s.info.doc ?? '',
    infoDescription: s.info.desc ?? '',
    deliveryForm: form,
    deliveryChannel: channel,
  };
  const day = s.arrived.slice(0, 10);
  let id: number;
  if (s.channel === 'online') {
    const at = { ...base, clock: fixedClock(`${s.arrived}:00+08:00`) };
    id = (await execute(at, submitRequest, { ...app, idempotencyKey: `demo-${s.arrived.replace(/\D/g, '')}-${s.who}` })).id;
  } else {
    const at = s.received && s.received > day ? ctxAt(base, s.received) : { ...base, clock: fixedClock(`${s.arrived}:00+08:00`) };
    id = (await execute(at, recordRequest, { ...app, channel: s.channel, arrivedAt: s.arrived, receivedOn: s.received ?? '' })).id;
  }
  for (const st of s.steps) {
    const c = ctxAt(base, st[0] === 'consult' ? st[3] : st[1]);
    switch (st[0]) {
      case 'confirm':
        await execute(c, confirmReceipt, { id, receivedOn: st[1] });
        break;
      case 'correct':
        await execute(c, requestCorrection, { id, noticeOn: st[1], items: st[2] });
        if (st[3]) await execute(ctxAt(base, st[3]), receiveCorrection, { id, correctedOn: st[3], text: st[4] ?? '' });
        break;
      case 'lapse':
        await execute(c, lapseCorrection, { id, onDate: st[1] });
        break;
      case 'consult': {
        await execute(c, startConsultation, { id, kind: st[1], party: st[2], sentOn: st[3] });
        if (st[4]) {
          const open = (await consultationsOf(base.db, id)).filter((x) => !x.replied_on).at(-1)!;
          await execute(ctxAt(base, st[4]), recordConsultationReply, { id, consultationId: open.id, repliedOn: st[4], reply: st[5] ?? 'agree' });
        }
        break;
      }
      case 'extend':
        await execute(c, extendDeadline, { id, approver: '李红梅', reason: st[2], noticeOn: st[1], ...(st[3] ? { days: st[3] } : {}) });
        break;
      case 'fee':
        await execute(c, notifyFee, { id, basis: 'per_page', pages: st[2], noticeOn: st[1] });
        break;
      case 'pay':
        await execute(c, recordPayment, { id, paidOn: st[1], amountYuan: st[2] });
        break;
      case 'feeLapse':
        await execute(c, lapseFee, { id, onDate: st[1] });
        break;
      case 'transfer': {
        const to = await findOrg(base.db, st[2]);
        await execute(c, transferRequest, { id, toOrgId: to!.id, reason: st[3], onDate: st[1] });
        break;
      }
      case 'attach':
        await execute(c, attachFile, { id, filename: st[2], content: new TextEncoder().encode(st[3]), onDate: st[1] });
        break;
      case 'decide':
        await execute(c, decideRequest, { id, outcome: st[2], case: st[3], decidedOn: st[1], values: st[4] });
        break;
      case 'close':
        await execute(c, closeRequest, { id, deliveredOn: st[1] });
        break;
    }
  }
}

/** 2016 as the seed's table records it (四、五): older decisions, no request on the platform. */
async function appeals2016(base: AppContext, rootId: number): Promise<void> {
  const recon = [
    { filed: '2016-03-14', decided: '2016-05-09', detail: '申请人撤回复议申请，复议机关决定终止' },
    { filed: '2016-08-22', decided: '2016-10-17', detail: '复议机关决定终止行政复议' },
  ];
  for (const [i, r] of recon.entries())
    await execute(ctxAt(base, r.decided), recordAppeal, {
      orgId: rootId,
      kind: 'reconsideration',
      body: '怀化市人民政府',
      caseNumber: `怀政复〔2016〕${31 + i * 17}号`,
      appellant: i ? '王某' : '刘某',
      filedOn: r.filed,
      decidedOn: r.decided,
      result: 'other',
      resultDetail: r.detail,
    });
  for (let i = 0; i < 13; i++) {
    const filed = `2016-${String(1 + Math.floor(i / 2)).padStart(2, '0')}-${String(5 + (i % 2) * 12).padStart(2, '0')}`;
    const decided = `2016-${String(3 + Math.floor(i / 2)).padStart(2, '0')}-${String(10 + (i % 3) * 6).padStart(2, '0')}`;
    await execute(ctxAt(base, decided), recordAppeal, {
      orgId: rootId,
      kind: 'litigation',
      route: 'direct',
      body: '洪江区人民法院',
      caseNumber: `（2016）湘1202行初${i + 1}号`,
      appellant: `${'张王李赵刘陈杨黄周吴徐孙胡'[i]}某`,
      filedOn: filed,
      decidedOn: decided,
      result: 'upheld',
      resultDetail: i % 3 === 0 ? '判决驳回原告诉讼请求' : '判决维持被诉政府信息公开答复',
      instance: '一审',
    });
  }
}

export const DEMO_MARKER_CASE = '（2016）湘1202行初1号';

export async function loadDemoRequests(ctx: AppContext): Promise<string[]> {
  const done = await ctx.db.selectFrom('appeals').select('id').where('case_number', '=', DEMO_MARKER_CASE).executeTakeFirst();
  if (done) return [];
  const root = await findOrg(ctx.db, ROOT);
  if (!root) throw new Error('demo orgs must load before requests');
  await appeals2016(ctx, root.id);
  for (const s of S2025) await run(ctx, s);
  for (const s of S2026) await run(ctx, s);
  // 2025 appeals over requests decided that year (table 四 of the 2025 report).
  const third = await ctx.db
    .selectFrom('requests')
    .select(['id', 'org_id'])
    .where('outcome', '=', 'refuse_third_party')
    .where('decided_on', '>=', '2025-01-01')
    .executeTakeFirstOrThrow();
  const mass = await ctx.db
    .selectFrom('requests')
    .select(['id', 'org_id'])
    .where('outcome', '=', 'decline_mass_requests')
    .where('decided_on', '>=', '2025-01-01')
    .executeTakeFirstOrThrow();
  const recon = await execute(ctxAt(ctx, '2025-08-12'), recordAppeal, {
    requestId: Number(third.id),
    kind: 'reconsideration',
    body: ROOT,
    caseNumber: '洪管复〔2025〕7号',
    appellant: '洪江区古商城文化旅游有限公司',
    filedOn: '2025-06-10',
    decidedOn: '2025-08-12',
    result: 'upheld',
    resultDetail: '复议决定维持',
  });
  // Sued after the reconsideration upheld the refusal: the district is co-defendant (行政诉讼法第二十六条第二款), counted only for 区商务局.
  await execute(ctxAt(ctx, '2025-09-01'), recordAppeal, {
    requestId: Number(third.id),
    kind: 'litigation',
    route: 'after_reconsideration',
    reconsiderationId: recon.id,
    body: '怀化市中级人民法院',
    caseNumber: '（2025）湘12行初88号',
    appellant: '洪江区古商城文化旅游有限公司',
    filedOn: '2025-08-29',
    result: 'pending',
    coDefendantOrgId: root.id,
    instance: '一审',
  });
  await execute(ctxAt(ctx, '2025-12-05'), recordAppeal, {
    requestId: Number(mass.id),
    kind: 'litigation',
    route: 'direct',
    body: '洪江区人民法院',
    caseNumber: '（2025）湘1202行初56号',
    appellant: '徐某',
    filedOn: '2025-10-09',
    decidedOn: '2025-12-05',
    result: 'upheld',
    resultDetail: '判决驳回原告诉讼请求',
    instance: '一审',
  });
  return [`依申请公开：2016年行政复议2件、行政诉讼13件；2025年申请${S2025.length}件（覆盖全部21种办理结果），2026年在办${S2026.length}件`];
}
