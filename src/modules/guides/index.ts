import { defineModule } from '../../platform/module.ts';
import { lazyBlock } from '../../platform/web/blocks.ts';
import { guidesMigrations } from './migrations.ts';
import { guidesPolicy } from './policies.ts';
import { guideSearch, guideVersions } from './ports-impl.ts';

export type { GuideTerms, GuideVersionsPort, GuideSearchPort, GuideHit } from './ports.ts';
export { ELEMENT_LABELS, missingElements } from './completeness.ts';
export { ITEM_TYPES, ONLINE_DEPTHS, TASK_KINDS } from './types.ts';

/**
 * 政务服务事项与办事指南 (services.md §1–2): the item tree 主项 → 子项 → 业务办理项 with 绿色通道 and
 * 并联审批, versioned guides with every element, their completeness check, the portal's 办事服务
 * section. Provides `guideVersions` (the version in force on a date, for cases) and `guideSearch`
 * (the portal search's 办事指南).
 */
export const guidesModule = defineModule({
  name: 'guides',
  migrations: guidesMigrations,
  policies: guidesPolicy,
  routes: async () => (await import('./http/routes.ts')).guidesRoutes(),
  nav: {
    portal: [{ href: '/banshi', label: '办事服务', order: 45 }],
    admin: [
      { group: '政务服务', href: '/admin/guides', label: '事项与办事指南', action: 'guides.view', order: 400 },
      { group: '政务服务', href: '/admin/guides/incomplete', label: '要素不全的指南', action: 'guides.view', order: 401 },
      { group: '政务服务', href: '/admin/guides/tags', label: '主题与人生事件', action: 'guides.view', order: 402 },
    ],
  },
  blocks: { dashboard: [lazyBlock('guides.incomplete', 45, async () => (await import('./http/admin.ts')).incompleteBlock)] },
  demo: { order: 52, load: async (ctx) => (await import('./demo.ts')).loadDemoGuides(ctx) },
  provides: { guideVersions, guideSearch },
});
