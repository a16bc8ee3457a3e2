/** 权力清单 (services.md §1): the only door other modules use. */
export type { PowerCounts, PowerCountsPort } from './ports.ts';
export { powerCounts } from './ports.ts';
export { BODY_KINDS, BODY_KIND_LABELS, DISPOSITION_KINDS, DISPOSITION_LABELS, DELEGATE_MODES, DELEGATE_MODE_LABELS } from './types.ts';
export type { BodyKind, DispositionKind, DelegateMode } from './types.ts';
export { codePatternSetting } from './settings.ts';
export { powersMetrics } from './stats.ts';
export { createPower } from './commands/create-power.ts';
export { updatePower } from './commands/update-power.ts';
export { disposePower } from './commands/dispose.ts';
export { addCategory } from './commands/add-category.ts';
export { updateCategory } from './commands/update-category.ts';
export { importPowersCommand, PowerImportError } from './commands/import-powers.ts';

import { defineModule } from '../../platform/module.ts';
import { powersMigrations } from './migrations.ts';
import { powersPolicy } from './policies.ts';
import { powersMetrics } from './stats.ts';
import { codePatternSetting } from './settings.ts';
import { powerCounts } from './ports.ts';
import { registerPowersCli } from './cli.ts';

/** 权力清单: categories, powers and their disposition history, import/export, the portal column; provides powerCounts. */
export const powersModule = defineModule({
  name: 'powers',
  migrations: powersMigrations,
  policies: powersPolicy,
  metrics: powersMetrics,
  settings: [codePatternSetting],
  routes: async () => (await import('./http/routes.ts')).powersRoutes(),
  nav: {
    portal: [{ href: '/powers', label: '权力清单', order: 45 }],
    admin: [
      { group: '权力清单', href: '/admin/powers', label: '权力事项', action: 'powers.view', order: 400 },
      { group: '权力清单', href: '/admin/powers/changes', label: '调整情况', action: 'powers.view', order: 401 },
      { group: '权力清单', href: '/admin/powers/categories', label: '职权类别', action: 'powers.view', order: 402 },
      { group: '权力清单', href: '/admin/powers/import', label: '导入导出', action: 'powers.view', order: 403 },
    ],
  },
  cli: (program, deps) => registerPowersCli(program, deps),
  demo: { order: 51, load: async (ctx) => (await import('./demo.ts')).loadDemoPowers(ctx) },
  provides: { powerCounts },
});
