import type { AppContext } from '../../platform/context.ts';
import { execute } from '../../platform/command.ts';
import { findOrg } from '../orgs/index.ts';
import { createItem } from './commands/create-item.ts';
import { newVersion } from './commands/new-version.ts';
import { listTags } from './repo.ts';
import type { VersionInput } from './schemas.ts';

/**
 * The demo's service items and guides (CONTRACT.md's eight 业务办理项: codes, departments and limits
 * fixed, shared with the cases and hall demos), each under a 主项 and a 子项. HJ-XK-0001-01 has two
 * versions (2016, and 2025 with a shorter 承诺时限); HJ-XK-0003-01's guide is deliberately
 * incomplete, so the completeness check has something to show.
 */
interface DemoItem {
  code: string;
  main: string;
  sub: string;
  task: string;
  org: string;
  itemType: string;
  legal: number;
  promised: number;
  steps: Array<{ name: string; counts: boolean }>;
  online: VersionInput['onlineDepth'];
  mustOnline?: boolean;
  visits: number;
  audience: 'individual' | 'business' | 'both';
  tags: string[];
  basis: string;
  conditions: string;
  materials: Array<{ name: string; source: string; copies: string; needsForm?: boolean }>;
  result: string;
  fee?: { yuan: number; basis: string };
  green?: boolean;
  parallel?: string[];
  place?: string;
}

const CENTRE_PLACE = '洪江区政务服务中心一楼（洪江区沅江路8号）';
const HOURS = '工作日 上午9:00—12:00，下午13:30—17:00（法定节假日除外）';

const ITEMS: DemoItem[] = [
  {
    code: 'HJ-XK-0001-01',
    main: '个体工商户登记',
    sub: '个体工商户设立、变更、注销登记',
    task: '个体工商户设立登记',
    org: '洪江区政务服务中心市场监管分中心',
    itemType: '行政许可',
    legal: 15,
    promised: 3,
    steps: [],
    online: '网上预审',
    visits: 1,
    audience: 'business',
    tags: ['市场准入', '创业'],
    basis: '《促进个体工商户发展条例》；《个体工商户登记管理办法》',
    conditions: '有经营能力的公民；经营场所符合规定；申请登记的经营范围不属于法律、行政法规禁止的行业。',
    materials: [
      { name: '个体工商户设立登记申请书', source: '申请人自备', copies: '原件1份', needsForm: true },
      { name: '经营者身份证明', source: '申请人自备', copies: '复印件1份（核验原件）' },
      { name: '经营场所使用证明', source: '申请人自备', copies: '复印件1份' },
    ],
    result: '营业执照',
  },
  {
    code: 'HJ-XK-0002-01',
    main: '食品经营许可',
    sub: '食品经营许可（食品销售、餐饮服务）',
    task: '食品经营许可（新办）',
    org: '洪江区政务服务中心市场监管分中心',
    itemType: '行政许可',
    legal: 20,
    promised: 10,
    steps: [{ name: '现场核查', counts: false }],
    online: '网上预审',
    visits: 1,
    audience: 'business',
    tags: ['市场准入', '经营'],
    basis: '《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》',
    conditions: '具有与经营的食品品种、数量相适应的经营场所、设备设施、食品安全管理人员和管理制度。',
    materials: [
      { name: '食品经营许可申请书', source: '申请人自备', copies: '原件1份', needsForm: true },
      { name: '营业执照', source: '市场监管部门核发', copies: '复印件1份' },
      { name: '经营场所平面布局图及设备布局图', source: '申请人自备', copies: '原件1份' },
      { name: '食品安全管理制度文本', source: '申请人自备', copies: '原件1份' },
    ],
    result: '食品经营许可证',
  },
  {
    code: 'HJ-XK-0003-01',
    main: '酒类商品经营许可',
    sub: '酒类商品零售经营许可',
    task: '酒类商品零售许可',
    org: '洪江区商务局',
    itemType: '行政许可',
    legal: 20,
    promised: 7,
    steps: [],
    online: '仅线下',
    visits: 2,
    audience: 'business',
    tags: ['市场准入', '经营'],
    basis: '《湖南省酒类商品经营管理办法》',
    conditions: '已取得营业执照；有固定的经营场所；有符合规定的储存条件。',
    materials: [
      { name: '酒类商品零售许可申请表', source: '申请人自备', copies: '原件1份', needsForm: true },
      { name: '营业执照', source: '市场监管部门核发', copies: '复印件1份' },
    ],
    result: '酒类商品零售许可证',
    place: '洪江区商务局二楼（洪江区商务局办公楼）',
  },
  {
    code: 'HJ-QT-0004-01',
    main: '不动产登记',
    sub: '国有建设用地使用权及房屋所有权登记',
    task: '不动产首次登记',
    org: '洪江区政务服务中心不动产登记分中心',
    itemType: '其他行政权力',
    legal: 30,
    promised: 10,
    steps: [{ name: '公告', counts: false }],
    online: '网上预审',
    visits: 1,
    audience: 'both',
    tags: ['住房', '置业', '投资'],
    basis: '《不动产登记暂行条例》；《不动产登记暂行条例实施细则》',
    conditions: '权属来源合法、界址清楚、面积准确；依法应当缴纳的税费已缴清。',
    materials: [
      { name: '不动产登记申请书', source: '申请人自备', copies: '原件1份', needsForm: true },
      { name: '申请人身份证明', source: '申请人自备', copies: '复印件1份（核验原件）' },
      { name: '不动产权属来源证明材料', source: '相关部门核发', copies: '原件1份' },
      { name: '不动产界址、空间界限、面积等材料', source: '测绘机构出具', copies: '原件1份' },
    ],
    result: '不动产权证书',
    fee: { yuan: 80, basis: '《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）' },
    green: true,
  },
  {
    code: 'HJ-GF-0005-01',
    main: '最低生活保障',
    sub: '城乡居民最低生活保障',
    task: '城乡居民最低生活保障待遇申请',
    org: '洪江区政务服务中心社会保障分中心',
    itemType: '行政给付',
    legal: 30,
    promised: 20,
    steps: [{ name: '入户调查', counts: false }],
    online: '仅线下',
    visits: 1,
    audience: 'individual',
    tags: ['社会保障', '民政', '就业'],
    basis: '《社会救助暂行办法》第九条至第十一条；《湖南省最低生活保障工作规程》',
    conditions: '持有本区户籍，共同生活的家庭成员人均收入低于当地最低生活保障标准，且家庭财产状况符合规定。',
    materials: [
      { name: '最低生活保障申请书', source: '申请人自备', copies: '原件1份', needsForm: true },
      { name: '家庭成员户口簿、身份证', source: '申请人自备', copies: '复印件各1份' },
      { name: '家庭收入和财产状况声明及授权核查书', source: '申请人自备', copies: '原件1份', needsForm: true },
    ],
    result: '最低生活保障金领取证',
    place: '户籍所在地乡人民政府、街道办事处便民服务中心（已下放乡街，全程办理）',
  },
  {
    code: 'HJ-QR-0006-01',
    main: '户口登记',
    sub: '户口迁移登记',
    task: '居民户口迁入',
    org: '洪江区政务服务中心公安户政分中心',
    itemType: '行政确认',
    legal: 20,
    promised: 5,
    steps: [],
    online: '网上预审',
    visits: 1,
    audience: 'individual',
    tags: ['户籍', '出生', '结婚', '上学'],
    basis: '《中华人民共和国户口登记条例》第十条、第十三条',
    conditions: '符合本区户口迁入政策（投靠、购房、就业、升学等）。',
    materials: [
      { name: '户口迁入申请表', source: '申请人自备', copies: '原件1份', needsForm: true },
      { name: '居民身份证、户口簿', source: '申请人自备', copies: '原件' },
      { name: '迁入事由证明材料（婚姻、房产、就业或录取证明）', source: '相关部门核发', copies: '复印件1份' },
    ],
    result: '户口簿（迁入登记）',
  },
  {
    code: 'HJ-GF-0007-01',
    main: '住房公积金',
    sub: '住房公积金提取',
    task: '住房公积金提取',
    org: '洪江区政务服务中心住房公积金分中心',
    itemType: '行政给付',
    legal: 3,
    promised: 1,
    steps: [],
    online: '全程网办',
    mustOnline: true,
    visits: 0,
    audience: 'individual',
    tags: ['住房', '置业', '退休'],
    basis: '《住房公积金管理条例》第二十四条',
    conditions: '购买、建造、翻建、大修自住住房，偿还购房贷款本息，离休、退休等情形之一。',
    materials: [
      { name: '住房公积金提取申请表', source: '网上填写', copies: '电子表单', needsForm: true },
      { name: '提取事由证明材料', source: '申请人自备', copies: '电子扫描件' },
    ],
    result: '提取资金到账（转入本人银行账户）',
  },
  {
    code: 'HJ-XK-0008-01',
    main: '民办学校设立',
    sub: '民办学校设立审批（实施学历教育、学前教育）',
    task: '民办学校设立审批',
    org: '洪江区教育局',
    itemType: '行政许可',
    legal: 90,
    promised: 30,
    steps: [{ name: '专家评审', counts: false }],
    online: '仅线下',
    visits: 2,
    audience: 'business',
    tags: ['教育', '投资'],
    basis: '《中华人民共和国民办教育促进法》第十二条、第十四条；《中华人民共和国民办教育促进法实施条例》',
    conditions: '举办者具备相应资格；有规范的章程、合格的教师和管理人员、符合标准的校舍和设施设备。',
    materials: [
      { name: '民办学校设立申办报告', source: '申请人自备', copies: '原件1份', needsForm: true },
      { name: '举办者资格证明', source: '申请人自备', copies: '复印件1份' },
      { name: '资产来源、资金数额及有效证明文件', source: '申请人自备', copies: '原件1份' },
      { name: '学校章程和首届董事会组成人员名单', source: '申请人自备', copies: '原件1份' },
    ],
    result: '民办学校办学许可证',
    green: true,
    parallel: ['洪江区机构编制委员会办公室', '洪江区财政局'],
    place: '洪江区教育局一楼政务服务窗口',
  },
];

/** A tiny one-page PDF (the demo's blank forms and samples): a title line, ASCII only. */
function demoPdf(title: string): Buffer {
  const text = title.replace(/[()\\]/g, '');
  const stream = `BT /F1 14 Tf 72 760 Td (${text}) Tj ET`;
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export { demoPdf };

export async function loadDemoGuides(ctx: AppContext): Promise<string[]> {
  const existing = await ctx.db.selectFrom('service_items').select('code').execute();
  const have = new Set(existing.map((r) => r.code));
  if (have.has('HJ-XK-0001-01')) return [];
  const tags = await listTags(ctx.db);
  const tagId = (name: string) => tags.filter((t) => t.name === name).map((t) => t.id);
  let items = 0;
  let versions = 0;
  for (const [n, d] of ITEMS.entries()) {
    const org = await findOrg(ctx.db, d.org);
    if (!org) throw new Error(`demo org missing: ${d.org}`);
    const mainCode = d.code.replace(/-\d+$/, '');
    const base = { itemType: d.itemType, orgId: org.id, audience: d.audience, sortOrder: n + 1 };
    const main = await execute(ctx, createItem, { ...base, level: 'main', code: mainCode, name: d.main });
    const sub = await execute(ctx, createItem, { ...base, level: 'sub', code: `${mainCode}-0`, name: d.sub, parentId: main.id });
    const parallelIds: number[] = [];
    for (const p of d.parallel ?? []) parallelIds.push((await findOrg(ctx.db, p))!.id);
    const task = await execute(ctx, createItem, {
      ...base,
      level: 'task',
      code: d.code,
      name: d.task,
      kind: '新办',
      parentId: sub.id,
      greenChannel: !!d.green,
      parallel: parallelIds.length > 0,
      parallelOrgIds: parallelIds,
      tagIds: d.tags.flatMap(tagId),
    });
    items += 3;
    const incomplete = d.code === 'HJ-XK-0003-01';
    const files = d.materials.flatMap((m, i) =>
      m.needsForm
        ? [
            { material: i, role: 'form' as const, filename: `${m.name}（空白表格）.pdf`, content: new Uint8Array(demoPdf(`${d.code} form ${i + 1}`)) },
            ...(incomplete
              ? []
              : [
                  {
                    material: i,
                    role: 'sample' as const,
                    filename: `${m.name}（示例样表）.pdf`,
                    content: new Uint8Array(demoPdf(`${d.code} sample ${i + 1}`)),
                  },
                ]),
          ]
        : [],
    );
    const input = {
      itemId: task.id,
      effectiveFrom: '2025-01-01',
      implementingBody: org.name,
      legalBasis: d.basis,
      conditions: d.conditions,
      procedure: `申请 → 受理 → 审查${d.steps.length ? `（${d.steps.map((s) => s.name).join('、')}）` : ''} → 决定 → 送达`,
      legalDays: d.legal,
      promisedDays: d.promised,
      feeCharged: !!d.fee,
      feeYuan: d.fee?.yuan ?? null,
      feeBasis: d.fee?.basis ?? '不收费',
      place: d.place ?? CENTRE_PLACE,
      hours: incomplete ? '' : HOURS,
      visits: d.visits,
      onlineDepth: d.online,
      mustOnline: !!d.mustOnline,
      consultPhone: org.phone || '0745-7631001',
      complaintPhone: incomplete ? '' : '0745-7631012',
      specialSteps: d.steps,
      resultDoc: d.result,
      materials: d.materials.map((m) => ({ ...m, note: '', needsForm: !!m.needsForm, formFileId: null, sampleFileId: null })),
      uploads: files,
      note: '',
    };
    if (d.code === 'HJ-XK-0001-01') {
      // The 2016 guide: 承诺 5 working days; the 2025 revision promises 3.
      await execute(ctx, newVersion, { ...input, effectiveFrom: '2016-01-01', promisedDays: 5, note: '2016年版' });
      versions++;
      const first = (await ctx.db.selectFrom('guide_versions').select('materials').where('item_id', '=', task.id).executeTakeFirstOrThrow()).materials;
      await execute(ctx, newVersion, { ...input, materials: JSON.parse(first), uploads: [], note: '2025年修订：承诺时限由5个工作日压缩为3个工作日' });
    } else await execute(ctx, newVersion, input);
    versions++;
  }
  return [`政务服务事项：${items} 项，办事指南 ${versions} 个版本`];
}
