import { defineMetric, type MetricQuery } from '../../platform/stats/metrics.ts';
import { countChanges, listCategories, listChanges, listPowers, pathOf, standingByCategory, type ChangeFilter } from './repo.ts';
import { DELEGATE_MODE_LABELS, DISPOSITION_LABELS, type DelegateMode } from './types.ts';

/**
 * The power list's figures for the annual report's narrative (`{{powers.standing category=行政许可}}`),
 * counted from the disposition history. Unlike the disclosure metrics these count **the org's whole
 * subtree**: a district's power list is its departments' powers, and the seed reports it for the
 * district (洪江区管理委员会 → 3,331 standing powers); for a department the subtree is itself.
 */
const param = (q: MetricQuery, k: string): string | undefined => {
  const v = q.params[k];
  return v === undefined ? undefined : String(Array.isArray(v) ? v[0] : v);
};

async function categoryId(db: Parameters<typeof listCategories>[0], name: string | undefined): Promise<number | null | undefined> {
  if (!name) return undefined;
  return (await listCategories(db)).find((c) => c.name === name)?.id ?? null;
}

export const standingMetric = defineMetric({
  name: 'powers.standing',
  describe: '年末（12月31日）权力清单中的权力事项数（含下放的事项；可按 category=职权类别 统计），含下属机构',
  async count(db, q) {
    const path = await pathOf(db, q.orgId);
    const cat = await categoryId(db, param(q, 'category'));
    if (!path || cat === null) return 0;
    const by = await standingByCategory(db, path, `${q.year}-12-31`);
    return cat === undefined ? [...by.values()].reduce((a, b) => a + b, 0) : (by.get(cat) ?? 0);
  },
  async records(db, q, page) {
    const path = await pathOf(db, q.orgId);
    const cat = await categoryId(db, param(q, 'category'));
    if (!path || cat === null) return { total: 0, rows: [] };
    const r = await listPowers(db, { path, standingOn: `${q.year}-12-31`, ...(cat ? { categoryId: cat } : {}) }, page);
    return { total: r.total, rows: r.rows.map((p) => ({ id: String(p.id), label: `${p.code} ${p.name}（${p.category}）`, href: `/admin/powers/${p.id}` })) };
  },
});

function changeMetric(name: string, describe: string, filter: (q: MetricQuery) => Omit<ChangeFilter, 'path' | 'year'> | null) {
  const m = defineMetric({
    name,
    describe,
    async count(db, q) {
      const path = await pathOf(db, q.orgId);
      const f = filter(q);
      return path && f ? countChanges(db, { path, year: q.year, ...f }) : 0;
    },
    async records(db, q, page) {
      const path = await pathOf(db, q.orgId);
      const f = filter(q);
      if (!path || !f) return { total: 0, rows: [] };
      const r = await listChanges(db, { path, year: q.year, ...f }, page);
      return {
        total: r.total,
        rows: r.rows.map((d) => ({
          id: String(d.id),
          label: `${d.powerCode} ${d.powerName}：${DISPOSITION_LABELS[d.kind]}${d.delegatedTo.length ? `至${d.delegatedTo.map((o) => o.name).join('、')}` : ''}${d.mode ? `（${DELEGATE_MODE_LABELS[d.mode]}）` : ''}`,
          href: `/admin/powers/${d.powerId}`,
          date: d.onDate,
        })),
      };
    },
  });
  return m;
}

export const cancelledMetric = changeMetric('powers.cancelled', '当年取消的权力事项数，含下属机构', () => ({ kinds: ['cancel'] }));

export const delegatedMetric = changeMetric(
  'powers.delegated',
  '当年下放至乡镇（街道）的权力事项数（mode=full 全程办理、mode=proxy 代办），含下属机构',
  (q) => {
    const mode = param(q, 'mode');
    if (mode === undefined || mode === '') return { kinds: ['delegate'] };
    return mode === 'full' || mode === 'proxy' ? { kinds: ['delegate'], mode: mode as DelegateMode } : null;
  },
);

export const powersMetrics = [standingMetric, cancelledMetric, delegatedMetric];
