import type { AppContext } from '../../platform/context.ts';
import { execute } from '../../platform/command.ts';
import { renderPdf, paragraph } from '../../platform/render/index.ts';
import { childrenOf, findOrg, listOrgs } from '../orgs/index.ts';
import { addSite } from './commands/add-site.ts';
import { addWindow } from './commands/add-window.ts';
import { assignStaff } from './commands/assign-staff.ts';
import { uploadLetter } from './commands/upload-letter.ts';
import { siteOfOrg, windowByNumber } from './repo.ts';

/**
 * The demo district's service network, as the seed report describes it (section (三)): the
 * district centre with its windows, "设立5个政务分中心", "全区三乡四街都建立了政务（便民）服务中心"
 * (常青乡: "一楼4个服务大厅面积近400平方米"), and "全区38个村、社区有21个村、社区建立了便民服务站…
 * 高坡街辦事處社區居委會全部建立了便民服務站" — all established by 2016, so 2016 gives 7/7 and 21/38
 * (55%). Two stations opened since (2024, 2026), so the current year differs (23/38).
 */
const HOURS = '周一至周五 上午8:30-12:00，下午14:30-17:30（法定节假日除外）';
const CENTRE = '洪江区政务服务中心';

/** The 15 villages and communities besides 高坡街's six with a station by 2016, by township/street short name. */
const STATIONS_2016: Record<string, string[]> = {
  常青乡: ['均冲村', '常青村', '茅头园村'],
  横岩乡: ['横岩村', '岩门村'],
  桂花园乡: ['桂花园村', '杨柳湾村'],
  新街街道: ['新街社区', '幸福路社区', '大码头社区'],
  河滨路街道: ['河滨路社区', '嵩云山社区', '犁头嘴社区'],
  沅江路街道: ['沅江路社区', '金山社区'],
};
/** Stations opened after the seed's year. */
const STATIONS_LATER: Array<[string, string, string]> = [
  ['横岩乡', '沙湾村', '2024-06-18'],
  ['沅江路街道', '绍兴街社区', '2026-03-16'],
];

/** The centre's windows for the departments of the demo items (CONTRACT.md), each with its 首席代表. */
const WINDOWS: Array<{
  number: string;
  name: string;
  dept: string;
  kind: 'composite' | 'single';
  items: string[];
  chief: string;
  green?: boolean;
  backoffice?: string[];
  staff?: string;
}> = [
  {
    number: '01',
    name: '综合受理窗口',
    dept: CENTRE,
    kind: 'composite',
    items: ['HJ-XK-0001-01', 'HJ-XK-0002-01', 'HJ-XK-0003-01'],
    chief: '刘建华',
    backoffice: ['洪江区政务服务中心市场监管分中心', '洪江区商务局'],
    staff: 'window',
  },
  { number: '02', name: '市场监管窗口', dept: '洪江区政务服务中心市场监管分中心', kind: 'single', items: ['HJ-XK-0001-01', 'HJ-XK-0002-01'], chief: '彭文斌' },
  { number: '03', name: '商务窗口（重大项目全程代理）', dept: '洪江区商务局', kind: 'single', items: ['HJ-XK-0003-01'], chief: '向明亮', green: true },
  { number: '04', name: '不动产登记窗口', dept: '洪江区政务服务中心不动产登记分中心', kind: 'single', items: ['HJ-QT-0004-01'], chief: '杨晓峰', green: true },
  { number: '05', name: '社会保障窗口', dept: '洪江区政务服务中心社会保障分中心', kind: 'single', items: ['HJ-GF-0005-01'], chief: '龙海燕' },
  { number: '06', name: '户政窗口', dept: '洪江区政务服务中心公安户政分中心', kind: 'single', items: ['HJ-QR-0006-01'], chief: '舒志刚' },
  { number: '07', name: '住房公积金窗口', dept: '洪江区政务服务中心住房公积金分中心', kind: 'single', items: ['HJ-GF-0007-01'], chief: '田小兰' },
  { number: '08', name: '教育窗口', dept: '洪江区教育局', kind: 'single', items: ['HJ-XK-0008-01'], chief: '蒋正清' },
];

async function orgId(ctx: AppContext, name: string): Promise<number> {
  const o = await findOrg(ctx.db, name);
  if (!o) throw new Error(`demo org missing: ${name}`);
  return o.id;
}

/** A small generated 授权书 (PDF) for a window's 首席代表. */
async function letterPdf(dept: string, chief: string, window: string): Promise<Uint8Array> {
  return renderPdf({
    title: '首席代表授权书',
    blocks: [
      paragraph('洪江区政务服务中心：', { indent: false }),
      paragraph(
        `兹授权我单位${chief}同志为驻洪江区政务服务中心${window}首席代表，代表本单位负责进驻事项的受理、审核和办理，对即办件当场办结，对承诺件在承诺时限内办结，并协调本单位后台办理事项。`,
      ),
      paragraph('授权期限自本授权书签发之日起至另行通知止。'),
      { kind: 'signature', body: dept, date: '2016-01-04' },
    ],
    pageNumbers: false,
    meta: { author: dept, createdAt: new Date('2016-01-04T00:00:00Z') },
  }).then((b) => new Uint8Array(b));
}

export async function loadDemoHall(ctx: AppContext): Promise<string[]> {
  let sites = 0;
  let windows = 0;
  const site = async (org: number, input: Record<string, unknown>) => {
    if (await siteOfOrg(ctx.db, org)) return;
    await execute(ctx, addSite, { orgId: org, hours: HOURS, ...input });
    sites++;
  };
  const centreId = await orgId(ctx, CENTRE);
  await site(centreId, {
    kind: 'hall',
    name: CENTRE,
    address: '湖南省怀化市洪江区沅江路8号政务服务大楼',
    phone: '0745-7638001',
    areaM2: 2600,
    staffCount: 46,
    note: '进驻部门窗口集中办理行政审批和公共服务事项，实行窗口首席代表制度；重大项目开设绿色通道，推行“窗口受理、后台办理”的并联审批。',
    establishedOn: '2009-06-18',
  });
  // The branch centres are the service_centre orgs under the centre; the townships and streets with their villages and communities come from the tree.
  const tree = await listOrgs(ctx.db);
  const branches = tree.filter((o) => o.kind === 'service_centre' && o.parentId === centreId);
  for (const [i, b] of branches.entries()) {
    await site(b.id, {
      kind: 'branch',
      name: b.name,
      address: `湖南省怀化市洪江区${['沅江路16号', '河滨路22号', '新街38号', '高坡街9号', '沅江路8号政务服务大楼二楼'][i] ?? '沅江路8号'}`,
      phone: `0745-76380${String(10 + i)}`,
      staffCount: 6 + i,
      establishedOn: '2015-03-02',
    });
  }
  const localities = tree.filter((o) => o.kind === 'township' || o.kind === 'town' || o.kind === 'street');
  for (const [li, l] of localities.entries()) {
    const short = l.shortName;
    const isChangqing = short === '常青乡';
    await site(l.id, {
      kind: 'centre',
      name: `${short}${l.kind === 'street' ? '政务（便民）服务中心' : '便民服务中心'}`,
      address: `湖南省怀化市洪江区${short}${l.kind === 'street' ? '街道办事处' : '人民政府'}一楼`,
      phone: `0745-7639${String(100 + li * 11)}`,
      areaM2: isChangqing ? 396 : 120 + li * 15,
      staffCount: isChangqing ? 12 : 5 + li,
      note: isChangqing ? '一楼设4个服务大厅，面积近400平方米，乡级站所全部进驻便民大厅' : '',
      itemCodes: ['HJ-GF-0005-01'],
      establishedOn: isChangqing ? '2014-09-01' : '2015-06-01',
    });
    const children = (await childrenOf(ctx.db, l.id)).filter((c) => c.kind === 'village' || c.kind === 'community');
    const withStation = new Set(short === '高坡街' ? children.map((c) => c.shortName) : (STATIONS_2016[short] ?? []));
    for (const [k, c] of children.entries()) {
      const n = c.shortName;
      const later = STATIONS_LATER.find(([s, v]) => s === short && v === n);
      if (!withStation.has(n) && !later) continue;
      await site(c.id, {
        kind: 'station',
        name: `${n}便民服务站`,
        address: `湖南省怀化市洪江区${short}${n}${n.endsWith('村') ? '村部' : '居委会'}`,
        phone: `0745-7640${String(100 + li * 10 + k)}`,
        areaM2: 60 + k * 8,
        staffCount: 2 + (k % 2),
        establishedOn: later ? later[2] : `${2015 + (k % 2)}-0${3 + k}-1${k}`,
      });
    }
  }
  for (const w of WINDOWS) {
    if (await windowByNumber(ctx.db, centreId, w.number)) continue;
    const { id } = await execute(ctx, addWindow, {
      centreOrgId: centreId,
      number: w.number,
      name: w.name,
      departmentOrgId: await orgId(ctx, w.dept),
      kind: w.kind,
      chiefName: w.chief,
      greenChannel: !!w.green,
      parallel: !!w.backoffice,
      backofficeOrgIds: await Promise.all((w.backoffice ?? []).map((d) => orgId(ctx, d))),
      itemCodes: w.items,
    });
    await execute(ctx, uploadLetter, { windowId: id, filename: `${w.number}号窗口首席代表授权书.pdf`, content: await letterPdf(w.dept, w.chief, w.name) });
    if (w.staff) await execute(ctx, assignStaff, { windowId: id, username: w.staff, fromOn: '2026-01-04' });
    windows++;
  }
  const out: string[] = [];
  if (sites) out.push(`服务网点：新增 ${sites} 个`);
  if (windows) out.push(`政务服务中心窗口：新增 ${windows} 个`);
  return out;
}
