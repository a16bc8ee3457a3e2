import { defineRoutes } from '../../../http/kit.ts';

export const catalogueRoutes = () => defineRoutes([]);
