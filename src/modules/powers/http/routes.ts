import { defineRoutes, type RouteDef } from '../../../platform/web/kit.ts';
import * as portal from './portal.ts';
import * as admin from './admin.ts';

/** The power list's routes: the portal column (public) and the back office. */
export const powersRoutes = (): RouteDef[] =>
  defineRoutes([
    { method: 'GET', url: '/powers', action: 'public', handler: portal.powersIndex },
    { method: 'GET', url: '/powers/changes', action: 'public', handler: portal.changesPage },
    { method: 'GET', url: '/powers/:id', action: 'public', handler: portal.powerPage },
    { method: 'GET', url: '/admin/powers', action: 'powers.view', handler: admin.listPage },
    { method: 'GET', url: '/admin/powers/new', action: 'powers.manage', handler: (req, reply) => admin.newPage(req, reply) },
    { method: 'POST', url: '/admin/powers', action: 'powers.manage', rateLimit: 'forms', handler: admin.createPost },
    { method: 'GET', url: '/admin/powers/changes', action: 'powers.view', handler: admin.changesPage },
    { method: 'GET', url: '/admin/powers/categories', action: 'powers.view', handler: (req, reply) => admin.categoriesPage(req, reply) },
    { method: 'POST', url: '/admin/powers/categories', action: 'powers.categories', handler: admin.addCategoryPost },
    { method: 'POST', url: '/admin/powers/categories/:id', action: 'powers.categories', handler: admin.updateCategoryPost },
    { method: 'GET', url: '/admin/powers/import', action: 'powers.view', handler: (req, reply) => admin.importPage(req, reply) },
    { method: 'POST', url: '/admin/powers/import', action: 'powers.manage', multipart: true, handler: admin.importPost },
    { method: 'GET', url: '/admin/powers/export.:format', action: 'powers.view', handler: admin.exportGet },
    { method: 'GET', url: '/admin/powers/:id', action: 'powers.view', handler: (req, reply) => admin.powerPage(req, reply) },
    { method: 'POST', url: '/admin/powers/:id', action: 'powers.manage', handler: admin.updatePost },
    { method: 'POST', url: '/admin/powers/:id/dispositions', action: 'powers.manage', handler: admin.disposePost },
  ]);
