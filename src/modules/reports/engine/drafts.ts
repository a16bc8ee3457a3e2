/**
 * The narrative a report starts from, pre-drafted from the data with live placeholders
 * (engine/narrative.ts): the office edits the words, the figures stay tied to the records.
 * Sections not listed here start empty.
 */
const FEE_2019 =
  '{{^requests.feesCollected}}{{year}}年，无收取信息处理费情况。{{/requests.feesCollected}}' +
  '{{#requests.feesCollected}}{{year}}年，共收取信息处理费{{requests.feesCollected}}万元。{{/requests.feesCollected}}';

const DRAFTS: Record<string, Record<string, string>> = {
  'cn-2014': {
    overview:
      '{{year}}年，{{org}}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，' +
      '全年主动公开政府信息{{cell:stats.published_total.value}}条，发布政策解读稿件{{activity.interpretations}}篇，' +
      '回应公众关注事件{{activity.responses}}次，召开政府信息公开工作会议{{activity.meetings}}次，' +
      '举办培训班{{activity.trainingCourses}}期、培训{{activity.trainees}}人次。' +
      '本年报的统计时间跨度：自{{year}}年1月1日起，到{{year}}年12月31日止。',
    proactive:
      '全年主动公开政府信息{{cell:stats.published_total.value}}条，其中通过政府网站公开{{cell:stats.channel_website.value}}条' +
      '{{#cell:stats.channel_gazette.value}}，通过政府公报公开{{cell:stats.channel_gazette.value}}条{{/cell:stats.channel_gazette.value}}。',
    requests:
      '{{^cell:stats.received.value}}全年未收到政府信息公开申请。{{/cell:stats.received.value}}' +
      '{{#cell:stats.received.value}}全年共收到政府信息公开申请{{cell:stats.received.value}}件，办结{{cell:stats.completed.value}}件。{{/cell:stats.received.value}}',
    fees:
      '{{^cell:stats.fees.value}}{{year}}年，未收取政府信息公开相关费用。{{/cell:stats.fees.value}}' +
      '{{#cell:stats.fees.value}}{{year}}年，收取政府信息公开相关费用{{cell:stats.fees.value}}万元。{{/cell:stats.fees.value}}',
    appeals: '全年因政府信息公开申请行政复议{{cell:stats.reconsideration.value}}件，提起行政诉讼{{cell:stats.litigation.value}}件。',
  },
  'cn-2019': {
    overview:
      '{{year}}年，{{org}}深入贯彻落实新修订的《中华人民共和国政府信息公开条例》，' +
      '全年主动公开政府信息{{catalogue.published}}条；新收政府信息公开申请{{cell:t3.new_received.total}}件，' +
      '办结{{cell:t3.total.total}}件，结转下年度继续办理{{cell:t3.carried_over_out.total}}件；' +
      '因政府信息公开被申请行政复议{{cell:t4.cases.rc_total}}件、被提起行政诉讼{{cell:t4.cases.direct_total}}件（未经复议直接起诉）和{{cell:t4.cases.after_rc_total}}件（复议后起诉）。',
    other: FEE_2019,
  },
  'cn-2021': {
    overview:
      '{{year}}年，{{org}}深入贯彻落实《中华人民共和国政府信息公开条例》，' +
      '全年主动公开政府信息{{catalogue.published}}条；新收政府信息公开申请{{cell:t3.new_received.total}}件，' +
      '办结{{cell:t3.total.total}}件，结转下年度继续办理{{cell:t3.carried_over_out.total}}件；' +
      '因政府信息公开被申请行政复议{{cell:t4.cases.rc_total}}件、被提起行政诉讼{{cell:t4.cases.direct_total}}件（未经复议直接起诉）和{{cell:t4.cases.after_rc_total}}件（复议后起诉）。',
    other: FEE_2019,
  },
};

/**
 * The starting narrative of a format: section key → text with placeholders. A provincial variant
 * starts from its base format's draft when its id says which (`…-2021…`), else empty.
 */
export function draftNarrative(formatId: string): Record<string, string> {
  const base = DRAFTS[formatId] ?? Object.entries(DRAFTS).find(([id]) => formatId.includes(id.slice(3)))?.[1];
  return { ...(base ?? {}) };
}
