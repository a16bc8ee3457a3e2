import type { Queryable } from '../../storage/db.ts';
import type { SiteInfo } from './kit.ts';
import { defineSetting, getSetting } from '../settings/settings.ts';
import { z } from 'zod';

/**
 * Site identity shown in every page's header and footer. Defaults come from the root of the
 * agency tree (the district government); the office may override them in settings.
 */
export const siteSetting = defineSetting({
  key: 'site.identity',
  group: '网站',
  label: '网站标识',
  help: '门户网站名称、主办与承办单位、政府网站标识码和 ICP 备案号。留空的项目取自机构树根节点。',
  schema: z.object({
    name: z.string().max(40).default(''),
    host: z.string().max(60).default(''),
    operator: z.string().max(60).default(''),
    siteCode: z
      .string()
      .max(20)
      .regex(/^[0-9A-Za-z]*$/, '网站标识码只含字母和数字')
      .default(''),
    icp: z.string().max(40).default(''),
  }),
  default: { name: '', host: '', operator: '', siteCode: '', icp: '' },
});

/** Per database handle (two apps in one process never share it); five seconds old at most. */
const cachedByDb = new WeakMap<object, { at: number; info: SiteInfo }>();

export async function siteInfo(db: Queryable, maxAgeMs = 5000): Promise<SiteInfo> {
  const t = performance.now();
  const cached = cachedByDb.get(db);
  if (cached && t - cached.at < maxAgeMs) return cached.info;
  const root = await db
    .selectFrom('orgs')
    .select(['name', 'short_name', 'address', 'phone', 'disclosure_office'])
    .where('parent_id', 'is', null)
    .orderBy('id')
    .executeTakeFirst();
  const s = await getSetting(db, siteSetting);
  const rootName = root?.name ?? 'Gongkai';
  const info: SiteInfo = {
    name: s.name || rootName.replace(/管理委员会$/, '人民政府'),
    subtitle: '政府信息公开',
    host: s.host || rootName,
    operator: s.operator || root?.disclosure_office || rootName,
    address: root?.address ?? '',
    phone: root?.phone ?? '',
    siteCode: s.siteCode,
    icp: s.icp,
  };
  cachedByDb.set(db, { at: t, info });
  return info;
}
