/**
 * The 2014–2018 national statistical table (政府信息公开情况统计表, the 国办发〔2014〕32号 system),
 * the table at the end of the seed report (洪江区2016年信息公开年度报告).
 *
 * Labels: the seed's text converted character by character to simplified script, punctuation as
 * printed there (ASCII parentheses and colon, 1、 enumeration). The seed prints
 * 「(三)从事政府信息公开工作人数员」(sic); it is kept as printed so an imported copy of a published
 * table matches. The two-line cells (一)主动公开政府信息数 and (一)回应公众关注热点… are joined.
 *
 * Units: §6.1 confirms 条 (主动公开政府信息数, 规范性文件数), 件 (制发规范性文件总数), 万元, 人, 人次;
 * the others (次, 篇, 个, 件) are those the national table prints for the same rows.
 *
 * Prose sections follow 2008 条例第三十二条 (the six items an annual report must cover); the
 * statistical table is its appendix (附表), as in the seed's 「说明与附表」.
 */
import type { ReportFormat, RowDef } from './types.ts';

const published = (channel?: string): RowDef['rule'] => ({
  metric: 'catalogue.published',
  ...(channel ? { params: { channel } } : {}),
});
const manual = (key: string): RowDef['rule'] => ({ manual: key });
/** Activities recorded in the back office, counted by the report module's own metrics. */
const activity = (metric: string, params?: Record<string, string | string[]>): RowDef['rule'] => ({ metric, ...(params ? { params } : {}) });

const rows: RowDef[] = [
  // 一、主动公开情况 — 2008 条例第十五条、第十八条
  { key: 'proactive', label: '一、主动公开情况', level: 0, heading: true },
  {
    key: 'published_total',
    label: '(一)主动公开政府信息数(不同渠道和方式公开相同的信息列为1条)',
    level: 1,
    unit: '条',
    rule: published(),
  },
  {
    key: 'published_normative',
    label: '其中:主动公开规范性文件数',
    level: 2,
    unit: '条',
    rule: { metric: 'catalogue.documentsPublished', params: { kind: 'normative', scope: 'year' } },
  },
  {
    key: 'normative_issued',
    label: '制发规范性文件总数',
    level: 2,
    unit: '件',
    rule: { metric: 'catalogue.documentsIssued', params: { kind: 'normative' } },
  },
  { key: 'channels', label: '(二)通过不同渠道和方式公开政府信息的情况', level: 1, heading: true },
  { key: 'channel_gazette', label: '1、政府公报公开政府信息数', level: 2, unit: '条', rule: published('gazette') },
  { key: 'channel_website', label: '2、政府网站公开政府信息数', level: 2, unit: '条', rule: published('website') },
  { key: 'channel_weibo', label: '3、政务微博公开政府信息数', level: 2, unit: '条', rule: published('weibo') },
  { key: 'channel_wechat', label: '4、政务微信公开政府信息数', level: 2, unit: '条', rule: published('wechat') },
  { key: 'channel_other', label: '5、其他方式公开政府信息数', level: 2, unit: '条', rule: published('other') },

  // 二、回应解读情况 — counted from the activities recorded in the back office (press conferences,
  // online interviews, interpretation articles linked to their policy, responses by channel). The
  // table has no row for responses on the government website: they count under 5、其他方式
  // (local 口径, documented in docs/report-formats.md).
  { key: 'response', label: '二、回应解读情况', level: 0, heading: true },
  {
    key: 'response_hot_topics',
    label: '(一)回应公众关注热点或重大舆情数(不同方式回应同一热点或舆情计1次)',
    level: 1,
    unit: '次',
    rule: activity('activity.hotTopics'),
  },
  { key: 'response_channels', label: '(二)通过不同渠道和方式回应解读的情况', level: 1, heading: true },
  { key: 'press_conferences', label: '1、参加或举办新闻发布会总次数', level: 2, unit: '次', rule: activity('activity.pressConferences') },
  {
    key: 'press_conferences_heads',
    label: '其中:主要负责同志参加新闻发布会次数',
    level: 3,
    unit: '次',
    rule: activity('activity.pressConferences', { leader: 'yes' }),
  },
  { key: 'online_interviews', label: '2、政府网站在线访谈次数', level: 2, unit: '次', rule: activity('activity.onlineInterviews') },
  {
    key: 'online_interviews_heads',
    label: '其中:主要负责同志参加政府网站在线访谈次数',
    level: 3,
    unit: '次',
    rule: activity('activity.onlineInterviews', { leader: 'yes' }),
  },
  { key: 'interpretations', label: '3、政策解读稿件发布数', level: 2, unit: '篇', rule: activity('activity.interpretations') },
  { key: 'social_media_responses', label: '4、微博微信回应事件数', level: 2, unit: '次', rule: activity('activity.responses', { channel: 'social_media' }) },
  { key: 'other_responses', label: '5、其他方式回应事件数', level: 2, unit: '次', rule: activity('activity.responses', { channel: ['website', 'other'] }) },

  // 三、依申请公开情况 — 2008 条例第二十条至第二十四条; sums per §6.1.
  { key: 'requests', label: '三、依申请公开情况', level: 0, heading: true },
  {
    key: 'received',
    label: '(一)收到申请数',
    level: 1,
    unit: '件',
    rule: { sum: ['received_in_person', 'received_fax', 'received_online', 'received_letter'] },
  },
  ...(
    [
      ['received_in_person', '1、当面申请数', 'in_person'],
      ['received_fax', '2、传真申请数', 'fax'],
      ['received_online', '3、网络申请数', 'online'],
      ['received_letter', '4、信函申请数', 'letter'],
    ] as const
  ).map(
    ([key, label, channel]): RowDef => ({
      key,
      label,
      level: 2,
      unit: '件',
      rule: { metric: 'requests.received', params: { channel } },
    }),
  ),
  { key: 'completed', label: '(二)申请办结数', level: 1, unit: '件', rule: { sum: ['completed_on_time', 'completed_extended'] } },
  {
    key: 'completed_on_time',
    label: '1、按时办结数',
    level: 2,
    unit: '件',
    rule: { metric: 'requests.completed', params: { timeliness: 'on_time' } },
  },
  {
    key: 'completed_extended',
    label: '2、延期办结数',
    level: 2,
    unit: '件',
    rule: { metric: 'requests.completed', params: { timeliness: 'extended' } },
  },
  {
    key: 'answered',
    label: '(三)申请答复数',
    level: 1,
    unit: '件',
    rule: {
      sum: [
        'answer_already_public',
        'answer_disclose',
        'answer_partial',
        'answer_refuse',
        'answer_not_this_agency',
        'answer_not_exist',
        'answer_amend',
        'answer_other_route',
      ],
    },
  },
  ...answerRows(),

  // 四、五 — 行政复议、行政诉讼 about the agency's disclosure acts (2008 条例第三十三条).
  {
    key: 'reconsideration',
    label: '四、行政复议数量',
    level: 0,
    unit: '件',
    rule: { sum: ['reconsideration_upheld', 'reconsideration_corrected', 'reconsideration_other'] },
  },
  {
    key: 'reconsideration_upheld',
    label: '(一)维持具体行政行为数',
    level: 1,
    unit: '件',
    rule: { metric: 'requests.reconsideration', params: { result: 'upheld' } },
  },
  {
    key: 'reconsideration_corrected',
    label: '(二)被依法纠错数',
    level: 1,
    unit: '件',
    rule: { metric: 'requests.reconsideration', params: { result: 'corrected' } },
  },
  {
    // The old table has no 尚未审结 row: cases still open at year end are counted here (local 口径).
    key: 'reconsideration_other',
    label: '(三)其他情形数',
    level: 1,
    unit: '件',
    rule: {
      add: [
        { metric: 'requests.reconsideration', params: { result: 'other' } },
        { metric: 'requests.reconsideration', params: { result: 'pending' } },
      ],
    },
  },
  {
    key: 'litigation',
    label: '五、行政诉讼数量',
    level: 0,
    unit: '件',
    rule: { sum: ['litigation_upheld', 'litigation_corrected', 'litigation_other'] },
  },
  {
    key: 'litigation_upheld',
    label: '(一)维持具体行政行为或者驳回原告诉讼请求数',
    level: 1,
    unit: '件',
    rule: { metric: 'requests.litigation', params: { result: 'upheld' } },
  },
  {
    key: 'litigation_corrected',
    label: '(二)依法纠错数',
    level: 1,
    unit: '件',
    rule: { metric: 'requests.litigation', params: { result: 'corrected' } },
  },
  {
    key: 'litigation_other',
    label: '(三)其他情形数',
    level: 1,
    unit: '件',
    rule: {
      add: [
        { metric: 'requests.litigation', params: { result: 'other' } },
        { metric: 'requests.litigation', params: { result: 'pending' } },
      ],
    },
  },
  { key: 'complaints', label: '六、举报投诉数量', level: 0, unit: '件', rule: manual('complaints.count') },
  // 2008 条例第二十七条: only cost fees (search, copying, postage).
  { key: 'fees', label: '七、依申请公开信息收取的费用', level: 0, unit: '万元', rule: { metric: 'requests.feesCollected' } },

  { key: 'organisation', label: '八、机构建设和保障经费情况', level: 0, heading: true },
  { key: 'dedicated_units', label: '(一)政府信息公开工作专门机构数', level: 1, unit: '个', rule: manual('office.dedicatedUnits') },
  { key: 'reading_points', label: '(二)设置政府信息公开查阅点数', level: 1, unit: '个', rule: manual('office.readingPoints') },
  {
    key: 'staff',
    label: '(三)从事政府信息公开工作人数员',
    level: 1,
    unit: '人',
    rule: { sum: ['staff_full_time', 'staff_part_time'] },
  },
  {
    key: 'staff_full_time',
    label: '1、专职人员数(不包括政府公报及政府网站工作人员数)',
    level: 2,
    unit: '人',
    rule: manual('staff.fullTime'),
  },
  { key: 'staff_part_time', label: '2、兼职人员数', level: 2, unit: '人', rule: manual('staff.partTime') },
  {
    key: 'special_funds',
    label: '(四)政府信息公开专项经费(不包括用于政府公报编辑管理及政府网站建设维护等方面的经费)',
    level: 1,
    unit: '万元',
    rule: manual('budget.specialFunds'),
  },
  { key: 'meetings_training', label: '九、政府信息公开会议和培训情况', level: 0, heading: true },
  { key: 'meetings', label: '(一)召开政府信息公开工作会议或专题会议数', level: 1, unit: '次', rule: activity('activity.meetings') },
  { key: 'training_courses', label: '(二)举办各类培训班数', level: 1, unit: '次', rule: activity('activity.trainingCourses') },
  { key: 'trainees', label: '(三)接受培训人员数', level: 1, unit: '人次', rule: activity('activity.trainees') },
];

/** (三)申请答复数: the eight answer categories and the six refusal reasons (2008 条例第二十一条、第十四条). */
function answerRows(): RowDef[] {
  const answer = (key: string, label: string, category: string): RowDef => ({
    key,
    label,
    level: 2,
    unit: '件',
    rule: { metric: 'requests.answer2008', params: { category } },
  });
  const reason = (key: string, label: string, r: string): RowDef => ({
    key,
    label,
    level: 3,
    unit: '件',
    rule: { metric: 'requests.answer2008', params: { category: 'refuse', reason: r } },
  });
  return [
    answer('answer_already_public', '1、属于已主动公开范围数', 'already_public'),
    answer('answer_disclose', '2、同意公开答复数', 'disclose'),
    answer('answer_partial', '3、同意部分公开答复数', 'partial'),
    {
      key: 'answer_refuse',
      label: '4、不同意公开答复数',
      level: 2,
      unit: '件',
      rule: {
        sum: ['refuse_state_secret', 'refuse_commercial_secret', 'refuse_privacy', 'refuse_security', 'refuse_not_government_info', 'refuse_other_law'],
      },
    },
    reason('refuse_state_secret', '其中:涉及国家秘密', 'state_secret'),
    reason('refuse_commercial_secret', '涉及商业秘密', 'commercial_secret'),
    reason('refuse_privacy', '涉及个人隐私', 'privacy'),
    reason('refuse_security', '危及国家安全、公共安全、经济安全和社会稳定', 'security_stability'),
    reason('refuse_not_government_info', '不是《条例》所指政府信息', 'not_government_info'),
    reason('refuse_other_law', '法律法规规定的其他情形', 'other_law'),
    answer('answer_not_this_agency', '5、不属于本行政机关公开数', 'not_this_agency'),
    answer('answer_not_exist', '6、申请信息不存在数', 'not_exist'),
    answer('answer_amend', '7、告知作出更改补充数', 'amend'),
    answer('answer_other_route', '8、告知通过其他途径办理数', 'other_route'),
  ];
}

const sum = (rule: string, description: string, total: string, parts: string[]) =>
  ({
    kind: 'equation',
    rule,
    severity: 'error',
    description,
    table: 'stats',
    each: 'col',
    left: [{ row: total }],
    right: parts.map((row) => ({ row })),
  }) as const;

const notAbove = (rule: string, description: string, row: string, max: string) =>
  ({
    kind: 'equation',
    rule,
    severity: 'error',
    description,
    table: 'stats',
    each: 'col',
    op: '<=',
    left: [{ row }],
    right: [{ row: max }],
  }) as const;

export const national2014: ReportFormat = {
  id: 'cn-2014',
  title: '政府信息公开工作年度报告（政府信息公开情况统计表）',
  basis: '国办发〔2014〕32号 统计制度；《政府信息公开条例》（国务院令第492号）第三十一条、第三十二条',
  years: { from: 2014, to: 2018 },
  sections: [
    { key: 'overview', title: '一、概述', kind: 'prose' },
    { key: 'proactive', title: '二、主动公开政府信息情况', kind: 'prose', guidance: '2008 条例第三十二条第（一）项' },
    {
      key: 'requests',
      title: '三、依申请公开政府信息和不予公开政府信息情况',
      kind: 'prose',
      guidance: '2008 条例第三十二条第（二）项',
    },
    { key: 'fees', title: '四、政府信息公开的收费及减免情况', kind: 'prose', guidance: '2008 条例第三十二条第（三）项' },
    {
      key: 'appeals',
      title: '五、因政府信息公开申请行政复议、提起行政诉讼的情况',
      kind: 'prose',
      guidance: '2008 条例第三十二条第（四）项',
    },
    {
      key: 'problems',
      title: '六、政府信息公开工作存在的主要问题及改进情况',
      kind: 'prose',
      guidance: '2008 条例第三十二条第（五）项',
    },
    { key: 'other', title: '七、其他需要报告的事项', kind: 'prose', guidance: '2008 条例第三十二条第（六）项' },
    { key: 'appendix', title: '附表：政府信息公开情况统计表', kind: 'tables', tables: ['stats'] },
  ],
  tables: [
    {
      id: 'stats',
      ref: '统计表',
      title: '政府信息公开情况统计表',
      stubLabel: '统计指标',
      unitColumn: true,
      section: 'appendix',
      columns: [{ key: 'value', label: '统计数' }],
      rows,
      notes: ['不同渠道和方式公开相同的信息计1条，并在各渠道行分别计数。'],
    },
  ],
  // §6.4 rule 7 (the sums of §6.1 and channel rows ≤ 主动公开政府信息数) and rule 9.
  checks: [
    sum('old.received', '(一)收到申请数应等于当面、传真、网络、信函申请数之和', 'received', [
      'received_in_person',
      'received_fax',
      'received_online',
      'received_letter',
    ]),
    sum('old.completed', '(二)申请办结数应等于按时办结数与延期办结数之和', 'completed', ['completed_on_time', 'completed_extended']),
    sum('old.answered', '(三)申请答复数应等于其8类答复之和', 'answered', [
      'answer_already_public',
      'answer_disclose',
      'answer_partial',
      'answer_refuse',
      'answer_not_this_agency',
      'answer_not_exist',
      'answer_amend',
      'answer_other_route',
    ]),
    sum('old.refused', '4、不同意公开答复数应等于其6种理由之和', 'answer_refuse', [
      'refuse_state_secret',
      'refuse_commercial_secret',
      'refuse_privacy',
      'refuse_security',
      'refuse_not_government_info',
      'refuse_other_law',
    ]),
    sum('old.reconsideration', '四、行政复议数量应等于维持、纠错、其他情形之和', 'reconsideration', [
      'reconsideration_upheld',
      'reconsideration_corrected',
      'reconsideration_other',
    ]),
    sum('old.litigation', '五、行政诉讼数量应等于维持（驳回）、纠错、其他情形之和', 'litigation', [
      'litigation_upheld',
      'litigation_corrected',
      'litigation_other',
    ]),
    ...(['channel_gazette', 'channel_website', 'channel_weibo', 'channel_wechat', 'channel_other'] as const).map((row) =>
      notAbove('old.channelNotAboveTotal', '各渠道公开数不应超过主动公开政府信息数（同一信息多渠道公开只计1条）', row, 'published_total'),
    ),
    // 「其中」 rows are subsets of the row above them, so they cannot exceed it.
    notAbove('old.subsetNotAboveTotal', '「其中」项不应超过其所属项', 'published_normative', 'published_total'),
    notAbove('old.subsetNotAboveTotal', '「其中」项不应超过其所属项', 'press_conferences_heads', 'press_conferences'),
    notAbove('old.subsetNotAboveTotal', '「其中」项不应超过其所属项', 'online_interviews_heads', 'online_interviews'),
    { kind: 'cellsNumeric', rule: 'cells.numeric', severity: 'error' },
  ],
};
