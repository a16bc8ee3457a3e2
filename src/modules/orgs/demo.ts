import type { AppContext } from '../../platform/context.ts';
import { execute } from '../../platform/command.ts';
import { addOrg } from './commands/add-org.ts';
import { findOrg } from './repo.ts';
import { makeUscc } from './codes.ts';
import type { OrgKind } from './types.ts';

/**
 * The demo district, 洪江区, as the seed report describes it: a 管理委员会 (the district's
 * government), its 14 district units, 3 townships and 4 street offices, 38 villages and
 * communities (the seed: "全区38个村、社区"; 14 villages after "将20个行政村调整为14个"), and the
 * 5 branch service centres ("设立5个政务分中心"). Codes are fictitious but pass their checksums.
 */
const REGION = '431202';
const HOURS = '周一至周五 上午8:30-12:00，下午14:30-17:30（法定节假日除外）';

interface DemoOrg {
  name: string;
  shortName: string;
  kind: OrgKind;
  parent?: string;
  phone?: string;
  address?: string;
  disclosureOffice?: string;
  children?: Array<[string, string]>;
}

export const DEMO_ROOT = '洪江区管理委员会';

export const DEMO_UNITS: DemoOrg[] = [
  { name: '洪江区管理委员会办公室', shortName: '区管委办', kind: 'department' },
  { name: '洪江区监察局', shortName: '区监察局', kind: 'department' },
  { name: '洪江区政务公开政务服务办公室', shortName: '区政务公开办', kind: 'department' },
  { name: '洪江区机构编制委员会办公室', shortName: '区编办', kind: 'department' },
  { name: '洪江区政务服务中心', shortName: '区政务中心', kind: 'institution' },
  { name: '洪江区财政局', shortName: '区财政局', kind: 'department' },
  { name: '洪江区物价局', shortName: '区物价局', kind: 'department' },
  { name: '洪江区管理委员会法制办公室', shortName: '区法制办', kind: 'department' },
  { name: '洪江区商务局', shortName: '区商务局', kind: 'department' },
  { name: '中共洪江区纪律检查工作委员会', shortName: '区纪工委', kind: 'department' },
  { name: '洪江区档案馆', shortName: '区档案馆', kind: 'institution' },
  { name: '洪江区图书馆', shortName: '区图书馆', kind: 'institution' },
  { name: '洪江区有线电视台', shortName: '区有线电视台', kind: 'institution' },
  { name: '洪江区教育局', shortName: '区教育局', kind: 'department' },
];

export const DEMO_LOCALITIES: DemoOrg[] = [
  {
    name: '洪江区常青乡人民政府',
    shortName: '常青乡',
    kind: 'township',
    children: [
      ['均冲村', 'village'],
      ['常青村', 'village'],
      ['茅头园村', 'village'],
      ['大湾村', 'village'],
      ['新田村', 'village'],
    ] as Array<[string, string]>,
  },
  {
    name: '洪江区横岩乡人民政府',
    shortName: '横岩乡',
    kind: 'township',
    children: [
      ['横岩村', 'village'],
      ['岩门村', 'village'],
      ['沙湾村', 'village'],
      ['老鸦溪村', 'village'],
      ['茶溪村', 'village'],
    ] as Array<[string, string]>,
  },
  {
    name: '洪江区桂花园乡人民政府',
    shortName: '桂花园乡',
    kind: 'township',
    children: [
      ['桂花园村', 'village'],
      ['杨柳湾村', 'village'],
      ['枫木村', 'village'],
      ['黄家冲村', 'village'],
    ] as Array<[string, string]>,
  },
  {
    name: '洪江区新街街道办事处',
    shortName: '新街街道',
    kind: 'street',
    children: [
      ['新街社区', ''],
      ['幸福路社区', ''],
      ['大码头社区', ''],
      ['宏伟社区', ''],
      ['塘冲社区', ''],
      ['长坡社区', ''],
    ] as Array<[string, string]>,
  },
  {
    name: '洪江区河滨路街道办事处',
    shortName: '河滨路街道',
    kind: 'street',
    children: [
      ['河滨路社区', ''],
      ['嵩云山社区', ''],
      ['犁头嘴社区', ''],
      ['里仁巷社区', ''],
      ['米厂社区', ''],
      ['雄溪社区', ''],
    ] as Array<[string, string]>,
  },
  {
    name: '洪江区沅江路街道办事处',
    shortName: '沅江路街道',
    kind: 'street',
    children: [
      ['沅江路社区', ''],
      ['金山社区', ''],
      ['绍兴街社区', ''],
      ['湘运社区', ''],
      ['太平社区', ''],
      ['工商社区', ''],
    ] as Array<[string, string]>,
  },
  {
    name: '洪江区高坡街街道办事处',
    shortName: '高坡街',
    kind: 'street',
    children: [
      ['高坡街社区', ''],
      ['熊家桥社区', ''],
      ['洪盛社区', ''],
      ['新民社区', ''],
      ['油号社区', ''],
      ['大河边社区', ''],
    ] as Array<[string, string]>,
  },
];

export const DEMO_BRANCH_CENTRES = ['不动产登记分中心', '社会保障分中心', '公安户政分中心', '住房公积金分中心', '市场监管分中心'];

let serial = 0;
function code(kind: OrgKind, n: number): string {
  const body = `${kind === 'village' || kind === 'community' ? 'J' : '0'}${String(61400 + n).padStart(7, '0')}`;
  return makeUscc(REGION, body, kind === 'village' || kind === 'community' ? '54' : kind === 'institution' || kind === 'service_centre' ? '12' : '11');
}

async function ensure(ctx: AppContext, o: DemoOrg & { parentId: number | null; n: number }, log: string[]): Promise<number> {
  const existing = await findOrg(ctx.db, o.name);
  if (existing) return existing.id;
  const r = await execute(ctx, addOrg, {
    name: o.name,
    shortName: o.shortName,
    kind: o.kind,
    parentId: o.parentId,
    code: code(o.kind, o.n),
    address: o.address ?? `湖南省怀化市洪江区${o.shortName.replace(/^区/, '')}办公楼`,
    postcode: '418200',
    phone: o.phone ?? `0745-76${String(31000 + o.n * 7).slice(-5)}`,
    fax: o.kind === 'village' || o.kind === 'community' ? '' : `0745-76${String(32000 + o.n * 7).slice(-5)}`,
    email: o.kind === 'village' || o.kind === 'community' ? '' : `hj${String(o.n).padStart(3, '0')}@hongjiang.gov.cn`,
    website: '',
    officeHours: HOURS,
    disclosureOffice: o.disclosureOffice ?? (o.kind === 'village' || o.kind === 'community' ? '' : `${o.shortName}办公室`),
    sortOrder: o.n,
  });
  log.push(`  + ${o.name}`);
  return r.id;
}

/** Load the agency tree (idempotent: existing orgs are left alone). */
export async function loadDemoOrgs(ctx: AppContext): Promise<string[]> {
  const log: string[] = [];
  serial = 0;
  const next = () => ++serial;
  const root = await ensure(
    ctx,
    {
      name: DEMO_ROOT,
      shortName: '洪江区',
      kind: 'government',
      parentId: null,
      n: next(),
      address: '湖南省怀化市洪江区沅江路8号',
      phone: '0745-7631001',
      disclosureOffice: '洪江区政务公开政务服务办公室',
    },
    log,
  );
  const ids = new Map<string, number>();
  for (const u of DEMO_UNITS) ids.set(u.name, await ensure(ctx, { ...u, parentId: root, n: next() }, log));
  for (const b of DEMO_BRANCH_CENTRES) {
    await ensure(ctx, { name: `洪江区政务服务中心${b}`, shortName: b, kind: 'service_centre', parentId: ids.get('洪江区政务服务中心')!, n: next() }, log);
  }
  for (const l of DEMO_LOCALITIES) {
    const id = await ensure(ctx, { ...l, parentId: root, n: next() }, log);
    for (const [name] of l.children ?? []) {
      const kind: OrgKind = name.endsWith('村') ? 'village' : 'community';
      await ensure(ctx, { name: `${l.shortName}${name}`, shortName: name, kind, parentId: id, n: next() }, log);
    }
  }
  return log.length ? [`机构：新增 ${log.length} 个`] : [];
}
