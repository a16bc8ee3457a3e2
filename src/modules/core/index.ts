import { defineModule } from '../../platform/module.ts';
import { auditMigrations } from '../../platform/audit/migrations.ts';
import { calendarMigrations } from '../../platform/calendar/migrations.ts';
import { settingsMigrations } from '../../platform/settings/settings.ts';
import { healthMigrations } from '../../storage/health-migrations.ts';
import { siteSetting } from '../../platform/web/site.ts';
import { lazyBlock } from '../../platform/web/blocks.ts';
import { corePolicy } from './policies.ts';
import { coreAudit } from './labels.ts';

/**
 * The platform's shell as a module: the portal home and the dashboard every module adds blocks to,
 * health, the audit trail, the working-day calendar and the district's settings (业务设置).
 */
export const coreModule = defineModule({
  name: 'core',
  migrations: { ...auditMigrations, ...settingsMigrations, ...calendarMigrations, ...healthMigrations },
  policies: corePolicy,
  audit: coreAudit,
  settings: [siteSetting],
  routes: async () => {
    const [core, calendar, audit, settings] = await Promise.all([
      import('./http/core.ts'),
      import('./http/calendar.ts'),
      import('./http/audit.ts'),
      import('./http/settings.ts'),
    ]);
    return [...core.coreRoutes(), ...calendar.calendarRoutes(), ...audit.auditRoutes(), ...settings.settingsRoutes()];
  },
  nav: {
    admin: [
      { group: '工作台', href: '/admin', label: '工作台首页', action: 'dashboard.view', order: 0 },
      { group: '监督', href: '/admin/audit', label: '审计日志', action: 'audit.view', order: 700 },
      { group: '系统管理', href: '/admin/calendar', label: '工作日历', action: 'calendar.view', order: 830 },
      { group: '系统管理', href: '/admin/settings', label: '业务设置', action: 'settings.view', order: 840 },
    ],
  },
  blocks: { dashboard: [lazyBlock('calendar-next-year', 5, async () => (await import('./http/calendar.ts')).calendarNextYearBlock)] },
});
