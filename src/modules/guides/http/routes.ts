import type { RouteDef } from '../../../platform/web/kit.ts';
import { adminRoutes } from './admin.ts';
import { portalRoutes } from './portal.ts';

export const guidesRoutes = (): RouteDef[] => [...portalRoutes(), ...adminRoutes()];
