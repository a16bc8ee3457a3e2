import { defineRoutes, type RouteDef } from '../../../platform/web/kit.ts';
import { portalRoutes } from './portal.ts';
import { adminRoutes } from './admin.ts';
import { apiRoutes } from './api.ts';
import { CSS } from './views.ts';

export const catalogueRoutes = (): RouteDef[] => [
  ...defineRoutes([
    {
      method: 'GET',
      url: '/catalogue.css',
      action: 'public',
      api: true,
      handler: (req, reply) =>
        reply
          .type('text/css; charset=utf-8')
          .header('cache-control', (req.query as { v?: string }).v ? 'public, max-age=31536000, immutable' : 'public, max-age=300')
          .send(CSS),
    },
  ]),
  ...portalRoutes(),
  ...apiRoutes(),
  ...adminRoutes(),
];
