import { defineRoutes, type RouteDef } from '../../../platform/web/kit.ts';
export const powersRoutes = (): RouteDef[] => defineRoutes([]);
