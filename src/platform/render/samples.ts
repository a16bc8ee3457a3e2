import { bold, heading, paragraph, type DocModel, type Table } from './doc-model.ts';

/**
 * Sample documents for the renderers' tests and the benchmark: a one-page decision letter shaped
 * like the ones the requests module will produce, and a report-like document with the 2021-format
 * table 三 (three header rows with merged cells) and a long table. Names and numbers are invented.
 */
export function sampleLetter(): DocModel {
  return {
    title: '洪江区人民政府办公室\n政府信息公开申请答复告知书',
    numberLine: '洪政公开告〔2021〕3号',
    blocks: [
      paragraph('张三：', { indent: false, align: 'left' }),
      paragraph(['本机关于2021年3月1日收到您通过信函方式提出的政府信息公开申请，申请获取“2020年洪江区老旧小区改造项目资金使用情况”的政府信息。']),
      paragraph([
        '经审查，您申请获取的政府信息属于本机关已主动公开的政府信息。根据',
        bold('《中华人民共和国政府信息公开条例》第三十六条第（一）项'),
        '的规定，现告知如下：该信息已于2021年1月15日在洪江区人民政府门户网站“政府信息公开—财政信息”栏目公开，您可登录网站查询获取。',
      ]),
      paragraph('如对本答复不服，可以自收到本告知书之日起六十日内向洪江区人民政府申请行政复议，或者自收到本告知书之日起六个月内向洪江区人民法院提起行政诉讼。'),
      paragraph('特此告知。'),
      { kind: 'signature', body: '洪江区人民政府办公室', date: '2021-03-05' },
    ],
    meta: { author: '洪江区人民政府办公室', subject: '政府信息公开申请答复' },
  };
}

/** Table 三 of the 2021 format (国办公开办函〔2021〕30号), a few rows: merged header cells three deep. */
export function sampleTableThree(): Table {
  const zeros = (n: number): number[] => new Array<number>(n).fill(0);
  return {
    kind: 'table',
    caption: '三、收到和处理政府信息公开申请情况',
    headerRows: 3,
    widths: [4, 10, 3, 3, 3, 3, 3, 3, 3, 3],
    rows: [
      [
        { value: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', rowSpan: 3, colSpan: 2 },
        { value: '申请人情况', colSpan: 8 },
      ],
      [
        { value: '自然人', rowSpan: 2 },
        { value: '法人或其他组织', colSpan: 5 },
        { value: '其他', rowSpan: 2 },
        { value: '总计', rowSpan: 2 },
      ],
      ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'],
      [{ value: '一、本年新收政府信息公开申请数量', colSpan: 2 }, 12, 3, 0, 1, 0, 0, 0, 16],
      [{ value: '二、上年结转政府信息公开申请数量', colSpan: 2 }, 1, ...zeros(6), 1],
      [{ value: '三、本年度办理结果', rowSpan: 3 }, '（一）予以公开', 6, 2, ...zeros(4), 0, 8],
      ['（二）部分公开（区分处理的，只计这一情形，不计其他情形）', 2, ...zeros(6), 2],
      ['（七）总计', 11, 3, 0, 1, 0, 0, 0, 15],
      [{ value: '四、结转下年度继续办理', colSpan: 2 }, 2, ...zeros(6), 2],
    ],
  };
}

/** A long register-like table (the benchmark's 300 rows), with a fee column in 元 to two decimals. */
export function sampleLongTable(rows = 300): Table {
  const outcomes = ['予以公开', '部分公开', '不予公开', '无法提供', '不予处理'];
  return {
    kind: 'table',
    caption: '2021年政府信息公开申请办理登记表',
    headerRows: 1,
    widths: [3, 7, 14, 5, 4],
    rows: [
      ['序号', '收到日期', '申请内容', '办理结果', '收费（元）'],
      ...Array.from({ length: rows }, (_, i) => [
        i + 1,
        `2021-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
        `关于洪江区第${i + 1}号老旧小区改造项目资金使用情况的申请`,
        outcomes[i % outcomes.length]!,
        { value: i % 37 === 0 ? 100 : 0, decimals: 2 },
      ]),
    ],
  };
}

/** A report-shaped document: headings, prose, table 三, the long table, and optionally a chart. */
export function sampleReport(options: { chartPng?: Uint8Array; longRows?: number } = {}): DocModel {
  return {
    title: '洪江区2021年政府信息公开工作年度报告',
    subtitle: '（2021年度）',
    blocks: [
      paragraph('本报告根据《中华人民共和国政府信息公开条例》第五十条的规定编制。'),
      heading(1, '一、总体情况'),
      paragraph(['2021年，洪江区', bold('坚持以公开为常态、不公开为例外'), '，全面推进决策、执行、管理、服务、结果公开。']),
      heading(2, '（一）主动公开'),
      paragraph('全年主动公开政府信息6105条，其中规范性文件12件。'),
      ...(options.chartPng
        ? [{ kind: 'image' as const, png: options.chartPng, alt: '依申请公开办理结果柱状图', widthMm: 140, caption: '图1 依申请公开办理结果' }]
        : []),
      sampleTableThree(),
      { kind: 'pageBreak' },
      heading(1, '附表'),
      sampleLongTable(options.longRows ?? 300),
      { kind: 'signature', body: '洪江区人民政府办公室', date: '2022-01-20' },
    ],
    meta: { author: '洪江区人民政府办公室' },
  };
}
