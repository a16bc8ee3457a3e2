import type { FastifyRequest } from 'fastify';
import type { SafeHtml } from './html.ts';

/**
 * Blocks modules contribute (in their manifests) to the two pages every module shares: the portal home (columns,
 * latest items, the guide) and the back-office dashboard (work due, warnings).
 * A dashboard block returns null when the user may not see it.
 */
export interface Block {
  id: string;
  order: number;
  render(req: FastifyRequest): Promise<SafeHtml | null>;
}

/** Render this app's home or dashboard blocks (declared in the modules' manifests), in order. */
export async function renderBlocks(list: 'home' | 'dashboard', req: FastifyRequest): Promise<SafeHtml[]> {
  const r = req.ctx.registry;
  const out = await Promise.all((list === 'home' ? r.homeBlocks : r.dashboardBlocks).map((b) => b.render(req)));
  return out.filter((x): x is SafeHtml => x !== null);
}

/**
 * A block whose rendering lives in a module's web pages, loaded on first render: the manifest
 * names the block (id, order) without loading the web layer (the CLI never pays for it).
 */
export function lazyBlock(id: string, order: number, load: () => Promise<Block>): Block {
  let loaded: Promise<Block> | undefined;
  return {
    id,
    order,
    render: async (req) => {
      loaded ??= load();
      return (await loaded).render(req);
    },
  };
}
