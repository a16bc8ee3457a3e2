import type { ModuleManifest } from '../platform/module.ts';
import { coreModule } from '../modules/core/index.ts';
import { orgsModule } from '../modules/orgs/index.ts';
import { identityModule } from '../modules/identity/index.ts';
import { catalogueModule } from '../modules/catalogue/index.ts';
import { requestsModule } from '../modules/requests/index.ts';
import { reportsModule } from '../modules/reports/index.ts';
import { hallModule } from '../modules/hall/index.ts';
import { powersModule } from '../modules/powers/index.ts';
import { guidesModule } from '../modules/guides/index.ts';
import { supervisionModule } from '../modules/supervision/index.ts';

/**
 * The modules of this platform. Adding a module is its folder and one line here: its migrations,
 * policies, metrics, settings, routes, menus, blocks, CLI verbs, jobs, demo and ports come with
 * its manifest (docs/ARCHITECTURE.md, "How to add a module").
 */
export const modules: readonly ModuleManifest[] = [
  coreModule,
  orgsModule,
  identityModule,
  catalogueModule,
  requestsModule,
  reportsModule,
  hallModule,
  powersModule,
  guidesModule,
  supervisionModule,
];
