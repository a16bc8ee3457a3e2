/**
 * The open-data API's description (OpenAPI 3.1), served at /api/docs/openapi.json and rendered as
 * a page at /api/docs. Written by hand beside the routes (http/api.ts) so it says what they do.
 */
const filterParams = [
  { name: 'org', in: 'query', description: '发布机构：机构 id、9位组织机构代码或18位统一社会信用代码（含下级机构）', schema: { type: 'string' } },
  { name: 'column', in: 'query', description: '栏目标识，如 zfwj（含下级栏目）', schema: { type: 'string' } },
  { name: 'year', in: 'query', description: '发布年份', schema: { type: 'integer', minimum: 1990, maximum: 2100 } },
  { name: 'topic', in: 'query', description: '主题分类：一级类（如“综合政务”）或“一级/二级”（如“综合政务/政务公开”）', schema: { type: 'string' } },
  { name: 'genre', in: 'query', description: '体裁，如“通知”', schema: { type: 'string' } },
  { name: 'validity', in: 'query', description: '有效性', schema: { type: 'string', enum: ['valid', 'expired', 'repealed'] } },
];
const paging = [
  { name: 'page', in: 'query', description: '页码，从1开始', schema: { type: 'integer', minimum: 1, default: 1 } },
  { name: 'pageSize', in: 'query', description: '每页条数', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
];
const error = { description: '错误', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };

export const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: '政府信息公开目录开放数据接口',
    version: '1.0.0',
    description:
      '主动公开政府信息目录的只读 JSON 接口。数据与门户网站一致：只含已发布、公开方式为“主动公开”的信息。每个客户端每分钟的请求次数有限（超出返回 429 和 Retry-After）；响应带 Cache-Control，可按其缓存。',
  },
  servers: [{ url: '/' }],
  paths: {
    '/api/v1/items': {
      get: {
        summary: '目录列表',
        description: '按发布日期从新到旧排列。',
        parameters: [...filterParams, ...paging],
        responses: {
          '200': {
            description: '一页目录',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['total', 'page', 'pageSize', 'items'],
                  properties: {
                    total: { type: 'integer' },
                    page: { type: 'integer' },
                    pageSize: { type: 'integer' },
                    items: { type: 'array', items: { $ref: '#/components/schemas/ItemSummary' } },
                  },
                },
              },
            },
          },
          '400': error,
          '429': error,
        },
      },
    },
    '/api/v1/items/{indexNo}': {
      get: {
        summary: '按索引号取一条信息',
        description: '索引号可能含“/”（如 000014349/2020-00072），可原样放在路径中，也可整体 URL 编码。',
        parameters: [{ name: 'indexNo', in: 'path', required: true, schema: { type: 'string' }, example: '000614029/2016-00001' }],
        responses: {
          '200': { description: '信息全文和属性', content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } },
          '404': error,
          '429': error,
        },
      },
    },
    '/api/v1/search': {
      get: {
        summary: '全文检索',
        description: '检索名称、内容概述、正文、文号和附件文字；简体、繁體均可；多个词用空格分开（须同时出现）。命中部分在 segments 中以 hit=true 标出。',
        parameters: [
          { name: 'q', in: 'query', required: true, schema: { type: 'string', minLength: 1, maxLength: 100 }, example: '低保' },
          ...filterParams,
          { name: 'sort', in: 'query', schema: { type: 'string', enum: ['relevance', 'date'], default: 'relevance' } },
          ...paging,
        ],
        responses: {
          '200': {
            description: '检索结果',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['total', 'hits'],
                  properties: {
                    total: { type: 'integer' },
                    totalIsEstimate: { type: 'boolean', description: '很常见的词只给出估计数' },
                    page: { type: 'integer' },
                    pageSize: { type: 'integer' },
                    hits: { type: 'array', items: { $ref: '#/components/schemas/Hit' } },
                    facets: {
                      type: 'object',
                      additionalProperties: {
                        type: 'array',
                        items: { type: 'object', properties: { value: { type: ['string', 'integer'] }, count: { type: 'integer' } } },
                      },
                    },
                  },
                },
              },
            },
          },
          '400': error,
          '429': error,
        },
      },
    },
  },
  components: {
    schemas: {
      Segment: { type: 'object', required: ['text', 'hit'], properties: { text: { type: 'string' }, hit: { type: 'boolean' } } },
      ItemSummary: {
        type: 'object',
        required: ['indexNo', 'title', 'publishedOn', 'url'],
        properties: {
          indexNo: { type: 'string', description: '索引号' },
          title: { type: 'string', description: '名称' },
          summary: { type: 'string', description: '内容概述' },
          org: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, code: { type: ['string', 'null'] } } },
          docNo: { type: 'string', description: '文号' },
          formedOn: { type: 'string', format: 'date', description: '成文日期' },
          publishedOn: { type: 'string', format: 'date', description: '发布日期' },
          column: { type: ['object', 'null'], properties: { key: { type: 'string' }, name: { type: 'string' } } },
          topic: { type: 'string', description: '主题分类' },
          genre: { type: 'string', description: '体裁' },
          validity: { type: 'string', enum: ['valid', 'expired', 'repealed'], description: '有效性' },
          url: { type: 'string', description: '门户网站上的页面' },
        },
      },
      Item: {
        allOf: [
          { $ref: '#/components/schemas/ItemSummary' },
          {
            type: 'object',
            properties: {
              assort: { type: 'string', description: '组配分类' },
              keywords: { type: 'string' },
              effectiveOn: { type: ['string', 'null'], format: 'date' },
              validityChangedOn: { type: ['string', 'null'], format: 'date' },
              normative: { type: 'boolean', description: '行政规范性文件' },
              rule: { type: 'boolean', description: '规章' },
              bodyHtml: { type: 'string', description: '正文（已净化的 HTML）' },
              bodyText: { type: 'string', description: '正文纯文本' },
              attachments: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { fileName: { type: 'string' }, mime: { type: 'string' }, size: { type: 'integer' }, url: { type: 'string' } },
                },
              },
              channels: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    channel: { type: 'string', enum: ['website', 'gazette', 'weibo', 'wechat', 'other'] },
                    publishedOn: { type: 'string', format: 'date' },
                    reference: { type: 'string' },
                    medium: { type: 'string' },
                  },
                },
              },
              successor: { type: ['string', 'null'], description: '替代文件的索引号' },
            },
          },
        ],
      },
      Hit: {
        type: 'object',
        properties: {
          indexNo: { type: 'string' },
          url: { type: 'string' },
          publishedOn: { type: 'string', format: 'date' },
          org: { type: 'string' },
          docNo: { type: 'string' },
          score: { type: 'number' },
          title: { type: 'array', items: { $ref: '#/components/schemas/Segment' } },
          snippet: { type: 'array', items: { $ref: '#/components/schemas/Segment' } },
        },
      },
      Error: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: {
              status: { type: 'integer' },
              code: { type: 'string' },
              message: { type: 'string' },
              issues: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
            },
          },
        },
      },
    },
  },
} as const;
