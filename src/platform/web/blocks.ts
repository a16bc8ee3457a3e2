import type { FastifyRequest } from 'fastify';
import type { SafeHtml } from './html.ts';

/**
 * Blocks modules contribute to the two pages every module shares: the portal home (columns,
 * latest items, the guide) and the back-office dashboard (work due, warnings).
 * A dashboard block returns null when the user may not see it.
 */
export interface Block {
  id: string;
  order: number;
  render(req: FastifyRequest): Promise<SafeHtml | null>;
}

const home: Block[] = [];
const dashboard: Block[] = [];

function add(list: Block[], b: Block) {
  const i = list.findIndex((x) => x.id === b.id);
  if (i >= 0) list[i] = b;
  else list.push(b);
  list.sort((a, c) => a.order - c.order);
}

export const addHomeBlock = (b: Block) => add(home, b);
export const addDashboardBlock = (b: Block) => add(dashboard, b);

export async function renderBlocks(list: 'home' | 'dashboard', req: FastifyRequest): Promise<SafeHtml[]> {
  const out = await Promise.all((list === 'home' ? home : dashboard).map((b) => b.render(req)));
  return out.filter((x): x is SafeHtml => x !== null);
}
