/** The catalogue (主动公开): the only door other modules use. */
export type { Item, Column, PublicRow } from './repo.ts';
export { findItem, findItemByIndexNo, listColumns } from './repo.ts';
export { ITEM_STATES, CHANNELS, CHANNEL_LABELS, DISCLOSURE_LABELS, VALIDITY_LABELS, type ItemState, type Channel } from './types.ts';
export { ITEM_TRANSITIONS, STATE_LABELS } from './states.ts';
export { createItem } from './commands/create-item.ts';
export { updateItem } from './commands/update-item.ts';
export { submitItem, approveItem, returnItem, publishItem, withdrawItem, reopenItem } from './commands/transitions.ts';
export { setValidity, addChannel, removeChannel, addAttachment, removeAttachment } from './commands/maintain.ts';
export { addColumn, updateColumn } from './commands/columns.ts';
export { importCommand, type ImportResult, type ImportProblem } from './commands/import-items.ts';
export * as catalogueSettings from './settings.ts';
export { catalogueSearch, type PublishedSearch, type PublishedSuggestion } from './published-search.ts';

import { defineModule } from '../../platform/module.ts';
import { lazyBlock } from '../../platform/web/blocks.ts';
import { searchMigrations } from '../../platform/search/index.ts';
import { catalogueMigrations } from './migrations.ts';
import { cataloguePolicy } from './policies.ts';
import { catalogueMetrics } from './stats.ts';
import { catalogueDueDatesHook } from './deadlines.ts';
import { catalogueCommitted } from './repo.ts';
import { catalogueSearch } from './published-search.ts';
import { registerCatalogueCli } from './cli.ts';
import * as settings from './settings.ts';
import { catalogueAudit } from './labels.ts';

/** 主动公开: items, review, columns, portal, open data; it owns the search index's migrations. */
export const catalogueModule = defineModule({
  name: 'catalogue',
  audit: catalogueAudit,
  migrations: { ...searchMigrations, ...catalogueMigrations },
  policies: cataloguePolicy,
  metrics: catalogueMetrics,
  settings: [
    settings.topicsSetting,
    settings.genresSetting,
    settings.assortsSetting,
    settings.indexPatternSetting,
    settings.timelinessSetting,
    settings.attachmentLimitsSetting,
    settings.guideSetting,
  ],
  routes: async () => (await import('./http/routes.ts')).catalogueRoutes(),
  nav: {
    portal: [
      { href: '/catalogue', label: '信息公开目录', order: 20 },
      { href: '/guide', label: '信息公开指南', order: 30 },
      { href: '/search', label: '信息检索', order: 80 },
      { href: '/api/docs', label: '开放数据', order: 90 },
    ],
    admin: [
      { group: '主动公开', href: '/admin/catalogue', label: '信息管理', action: 'catalogue.view', order: 200 },
      { group: '主动公开', href: '/admin/catalogue/new', label: '新建信息', action: 'catalogue.edit', order: 201 },
      { group: '主动公开', href: '/admin/catalogue?state=submitted', label: '待保密审查', action: 'catalogue.review', order: 202 },
      { group: '主动公开', href: '/admin/catalogue/due', label: '公开时限', action: 'catalogue.view', order: 203 },
      { group: '主动公开', href: '/admin/catalogue/columns', label: '栏目管理', action: 'catalogue.columns', order: 204 },
    ],
  },
  blocks: {
    home: [
      lazyBlock('catalogue.columns', 10, async () => (await import('./http/portal.ts')).catalogueColumnsBlock),
      lazyBlock('catalogue.access', 90, async () => (await import('./http/portal.ts')).catalogueAccessBlock),
    ],
    dashboard: [lazyBlock('catalogue.due', 20, async () => (await import('./http/admin.ts')).catalogueDueBlock)],
  },
  cli: (program, deps) => registerCatalogueCli(program, deps.open),
  onCalendarChange: [catalogueDueDatesHook],
  onCommitted: [catalogueCommitted],
  demo: { order: 30, load: async (ctx) => (await import('./demo.ts')).loadDemoCatalogue(ctx) },
  provides: { publishedSearch: catalogueSearch },
});
