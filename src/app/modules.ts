import type { ModuleDef } from './module.ts';
import { auditMigrations } from '../platform/audit/migrations.ts';
import { healthMigrations } from '../storage/health-migrations.ts';
import { calendarMigrations } from '../platform/calendar/migrations.ts';
import { calendarPolicy } from '../platform/calendar/calendar.ts';
import { settingsMigrations, settingsPolicy } from '../platform/settings/settings.ts';
import { orgsMigrations, orgsPolicy, findOrgById } from '../modules/orgs/index.ts';
import { identityMigrations, identityPolicy, configurePasswordHashing } from '../modules/identity/index.ts';
import { loadDemoOrgs } from '../modules/orgs/demo.ts';
import { loadCalendar } from '../platform/calendar/calendar.ts';
import { loadDemoUsers } from '../modules/identity/demo.ts';
import { catalogueMigrations, cataloguePolicy, registerCatalogueCalendarHook, registerCatalogueCli } from '../modules/catalogue/index.ts';
import { searchMigrations } from '../platform/search/index.ts';
import { reportsMigrations, reportsPolicy, registerReportCli } from '../modules/reports/index.ts';
import { registerClockCommand, requestsMigrations, requestsPolicy, registerCalendarHook, outboxNotifier } from '../modules/requests/index.ts';
import { loadDemoRequests } from '../modules/requests/demo.ts';
import { catalogueSearch } from '../modules/requests/published-search.ts';
import { registerRequestsCli } from '../modules/requests/cli/requests.ts';
import { startReminderTimer } from '../modules/requests/jobs.ts';

/**
 * The modules of this platform, in dependency order. A new module adds one entry here; its
 * migrations, policies, routes, CLI verbs, demo records and services come with it.
 */
export const modules: ModuleDef[] = [
  {
    name: 'platform',
    migrations: { ...auditMigrations, ...settingsMigrations, ...calendarMigrations, ...healthMigrations },
    policies: [calendarPolicy, settingsPolicy],
    routes: async () => {
      const [core, calendar, audit, settings] = await Promise.all([
        import('../http/pages/core.ts'),
        import('../http/pages/calendar.ts'),
        import('../http/pages/audit.ts'),
        import('../http/pages/settings.ts'),
      ]);
      return [...core.coreRoutes(), ...calendar.calendarRoutes(), ...audit.auditRoutes(), ...settings.settingsRoutes()];
    },
  },
  {
    name: 'orgs',
    migrations: orgsMigrations,
    policies: orgsPolicy,
    routes: async () => (await import('../modules/orgs/http/routes.ts')).orgsRoutes(),
    demo: { order: 10, load: (ctx) => loadDemoOrgs(ctx) },
  },
  {
    name: 'identity',
    migrations: identityMigrations,
    policies: identityPolicy,
    routes: async () => (await import('../modules/identity/http/routes.ts')).identityRoutes(),
    demo: { order: 20, load: (ctx) => loadDemoUsers(ctx) },
    services: (_s, { config }) => configurePasswordHashing({ memoryKib: config.argon2MemoryKib }),
  },
  {
    name: 'requests',
    migrations: requestsMigrations,
    policies: requestsPolicy,
    services: (s) => {
      registerCalendarHook();
      // Suggestions of already-published items on the application form: the catalogue's search.
      s.requestsPublishedSearch ??= catalogueSearch;
      // A locked account is told to its org's staff mailbox through the same outbox (the gateway
      // delivers it); staff accounts hold no phone or e-mail of their own, so the owner is told
      // on their dashboard at their next login (identity's own block) and by the administrators.
      s.identityNotifier ??= {
        async send(db, n, at) {
          if (n.audience !== 'admins' || n.user.orgId === null) return;
          const org = await findOrgById(db, n.user.orgId);
          await outboxNotifier.send(db, { to: { kind: 'staff', orgId: n.user.orgId, orgName: org?.name ?? '' }, subject: n.subject, body: n.body }, at);
        },
      };
    },
    routes: async () => (await import('../modules/requests/http/routes.ts')).requestsRoutes(),
    demo: { order: 40, load: (ctx) => loadDemoRequests(ctx) },
    cli: (program, open) => {
      registerClockCommand(program, async () => loadCalendar((await open()).database.db));
      const operator = async () => (await open()).context((await import('./boot.ts')).systemActor());
      registerRequestsCli(program, operator);
      // The daily follow-up timer runs in the server only: started once `serve` is listening.
      program.commands.find((c) => c.name() === 'serve')?.hook('postAction', async () => {
        const app = await open();
        const { systemActor } = await import('./boot.ts');
        startReminderTimer(() => app.context(systemActor(), 'requests-remind'));
      });
    },
  },
  {
    // 主动公开: items, review, columns, portal, open data; it owns the search index's migrations.
    name: 'catalogue',
    migrations: { ...searchMigrations, ...catalogueMigrations },
    policies: cataloguePolicy,
    services: () => registerCatalogueCalendarHook(),
    routes: async () => (await import('../modules/catalogue/http/routes.ts')).catalogueRoutes(),
    cli: (program, open) => registerCatalogueCli(program, open),
    demo: { order: 30, load: async (ctx) => (await import('../modules/catalogue/demo.ts')).loadDemoCatalogue(ctx) },
  },
  {
    name: 'reports',
    migrations: reportsMigrations,
    policies: reportsPolicy,
    routes: async () => (await import('../modules/reports/http/routes.ts')).reportsRoutes(),
    cli: (program, open, config) => registerReportCli(program, open, config),
    demo: { order: 90, load: async (ctx) => (await import('../modules/reports/demo.ts')).loadDemoReports(ctx) },
  },
];
