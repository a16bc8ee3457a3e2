import { defineRoutes } from '../../../platform/web/kit.ts';
import { addStaff, createWindow, endStaff, getLetter, newWindowPage, postLetter, saveWindow, windowPage, windowsPage } from './windows.ts';
import { coveragePage, createSite, newSitePage, saveSite, sitePage, sitesPage } from './sites.ts';
import { WANGDIAN, wangdianPage } from './portal.ts';
import { HALL_CSS, HALL_CSS_URL } from './style.ts';

/** The hall module's routes: the back office (windows, sites, coverage) and the portal's 便民服务网点. */
export const hallRoutes = () =>
  defineRoutes([
    { method: 'GET', url: WANGDIAN, action: 'public', handler: wangdianPage },
    {
      method: 'GET',
      url: HALL_CSS_URL,
      action: 'public',
      handler: (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(HALL_CSS),
    },
    { method: 'GET', url: '/admin/hall', action: 'hall.view', handler: windowsPage },
    { method: 'GET', url: '/admin/hall/windows/new', action: 'hall.manage', handler: (req, reply) => newWindowPage(req, reply) },
    { method: 'POST', url: '/admin/hall/windows', action: 'hall.manage', rateLimit: 'forms', handler: createWindow },
    { method: 'GET', url: '/admin/hall/windows/:id', action: 'hall.view', handler: (req, reply) => windowPage(req, reply) },
    { method: 'POST', url: '/admin/hall/windows/:id', action: 'hall.manage', rateLimit: 'forms', handler: saveWindow },
    { method: 'POST', url: '/admin/hall/windows/:id/staff', action: 'hall.manage', rateLimit: 'forms', handler: addStaff },
    { method: 'POST', url: '/admin/hall/windows/:id/staff/end', action: 'hall.manage', rateLimit: 'forms', handler: endStaff },
    { method: 'POST', url: '/admin/hall/windows/:id/letter', action: 'hall.manage', rateLimit: 'forms', multipart: true, handler: postLetter },
    { method: 'GET', url: '/admin/hall/windows/:id/letters/:lid', action: 'hall.view', handler: getLetter },
    { method: 'GET', url: '/admin/hall/sites', action: 'hall.view', handler: sitesPage },
    { method: 'GET', url: '/admin/hall/sites/new', action: 'hall.manage', handler: (req, reply) => newSitePage(req, reply) },
    { method: 'POST', url: '/admin/hall/sites', action: 'hall.manage', rateLimit: 'forms', handler: createSite },
    { method: 'GET', url: '/admin/hall/sites/:id', action: 'hall.view', handler: (req, reply) => sitePage(req, reply) },
    { method: 'POST', url: '/admin/hall/sites/:id', action: 'hall.manage', rateLimit: 'forms', handler: saveSite },
    { method: 'GET', url: '/admin/hall/coverage', action: 'hall.view', handler: coveragePage },
  ]);
