/** 政务服务中心、窗口、分中心和三级服务网络 (services.md §2): the only door other modules use. */
export type { SiteKind, WindowKind, HallSitesTable, HallWindowsTable } from './types.ts';
export { SITE_KINDS, SITE_KIND_LABELS, WINDOW_KINDS, WINDOW_KIND_LABELS } from './types.ts';
export type { NetworkCounts, NetworkCountsPort } from './ports.ts';
export { RATE_MODES, rateModeSetting, percentOf, formatPercent, type RateMode } from './settings.ts';
export { hallMetrics } from './stats.ts';
export { addSite } from './commands/add-site.ts';
export { updateSite } from './commands/update-site.ts';
export { addWindow } from './commands/add-window.ts';
export { updateWindow } from './commands/update-window.ts';
export { assignStaff } from './commands/assign-staff.ts';
export { unassignStaff } from './commands/unassign-staff.ts';
export { uploadLetter, LETTER_TYPES, MAX_LETTER_BYTES } from './commands/upload-letter.ts';

import { defineModule } from '../../platform/module.ts';
import { hallMigrations } from './migrations.ts';
import { hallPolicy } from './policies.ts';
import { rateModeSetting } from './settings.ts';
import { hallMetrics } from './stats.ts';
import { networkCounts } from './ports.ts';
import { registerHallCli } from './cli.ts';

/** The service centre, its windows and branch centres, and the three-level service network. */
export const hallModule = defineModule({
  name: 'hall',
  migrations: hallMigrations,
  policies: hallPolicy,
  metrics: hallMetrics,
  settings: [rateModeSetting],
  routes: async () => (await import('./http/routes.ts')).hallRoutes(),
  nav: {
    portal: [{ href: '/wangdian', label: '便民服务网点', order: 55 }],
    admin: [
      { group: '政务服务', href: '/admin/hall', label: '中心窗口', action: 'hall.view', order: 400 },
      { group: '政务服务', href: '/admin/hall/sites', label: '服务网点', action: 'hall.view', order: 401 },
      { group: '政务服务', href: '/admin/hall/coverage', label: '网点覆盖率', action: 'hall.view', order: 402 },
    ],
  },
  cli: (program, deps) => registerHallCli(program, deps),
  demo: { order: 50, load: async (ctx) => (await import('./demo.ts')).loadDemoHall(ctx) },
  provides: { networkCounts },
});
