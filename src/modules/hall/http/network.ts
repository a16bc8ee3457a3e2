import type { FastifyRequest } from 'fastify';
import type { Org } from '../../orgs/index.ts';
import { findOrgById } from '../../orgs/index.ts';
import { CENTRE_ORG_KINDS, STATION_ORG_KINDS, covered, levelOrgs, type LevelOrg } from '../repo.ts';

/** The tree behind the coverage figures, grouped by township/town/street, for the pages. */
export interface Group {
  org: LevelOrg;
  centre: boolean;
  members: Array<{ org: LevelOrg; station: boolean }>;
}

export function groupsOf(orgs: readonly LevelOrg[], date: string): { groups: Group[]; loose: Array<{ org: LevelOrg; station: boolean }> } {
  const groups = orgs.filter((o) => CENTRE_ORG_KINDS.includes(o.kind)).map((o) => ({ org: o, centre: covered(o, date), members: [] as Group['members'] }));
  const byId = new Map(groups.map((g) => [g.org.id, g]));
  const loose: Group['members'] = [];
  for (const o of orgs.filter((x) => STATION_ORG_KINDS.includes(x.kind))) {
    const m = { org: o, station: covered(o, date) };
    const g = o.parentId === null ? undefined : byId.get(o.parentId);
    if (g) g.members.push(m);
    else loose.push(m);
  }
  return { groups, loose };
}

/** The org subtrees an action's scope covers, as orgs (the tree's roots for a scope over everything). */
export async function scopeRoots(req: FastifyRequest, action: string): Promise<Org[]> {
  const scope = req.ctx.scope(action);
  const db = req.ctx.db;
  if (scope.kind === 'none') return [];
  if (scope.kind === 'all') {
    const rows = await db.selectFrom('orgs').select('id').where('parent_id', 'is', null).orderBy('id').execute();
    return (await Promise.all(rows.map((r) => findOrgById(db, Number(r.id))))).filter((o): o is Org => !!o);
  }
  const out: Org[] = [];
  for (const p of scope.paths) {
    const id = Number(p.split('/').filter(Boolean).pop());
    const o = await findOrgById(db, id);
    if (o) out.push(o);
  }
  return out;
}

export async function treeUnder(req: FastifyRequest, roots: readonly Org[]): Promise<LevelOrg[]> {
  const all = await Promise.all(roots.map((r) => levelOrgs(req.ctx.db, r.path)));
  return all.flat();
}
