import { ValidationError } from '../../../kernel/errors.ts';
import type { CommandContext } from '../../../platform/command.ts';
import type { Tx } from '../../../storage/db.ts';
import { findUserByName } from '../../identity/index.ts';
import { ORG_KIND_LABELS, findOrgById, type Org, type OrgKind } from '../../orgs/index.ts';
import { SITE_ORG_KINDS } from '../repo.ts';
import { SITE_KIND_LABELS, type SiteKind } from '../types.ts';

/** Shared steps of the hall commands: the checks that name the field, and the list replacements. */

/** An active org by id, or a ValidationError naming `field`. */
export async function activeOrg(tx: Tx, id: number, field: string, what: string): Promise<Org> {
  const org = await findOrgById(tx, id);
  if (!org) throw ValidationError.field(field, `${what}不存在`);
  if (!org.active) throw ValidationError.field(field, `${what}“${org.name}”已停用`);
  return org;
}

/** A site's org must be of a kind that carries that kind of site (a station on a village or community, …). */
export function checkSiteOrg(org: Org, kind: SiteKind): void {
  const allowed = SITE_ORG_KINDS[kind];
  if (!allowed.includes(org.kind))
    throw ValidationError.field(
      'orgId',
      `“${org.name}”是${ORG_KIND_LABELS[org.kind]}，不能登记${SITE_KIND_LABELS[kind]}：${SITE_KIND_LABELS[kind]}只能设在${allowed.map((k) => ORG_KIND_LABELS[k]).join('、')}`,
    );
}

/** Kinds of org a window may belong to (its department) or hand work to (back office). */
export const DEPARTMENT_KINDS: readonly OrgKind[] = ['department', 'institution', 'service_centre', 'government'];

export async function department(tx: Tx, id: number, field: string): Promise<Org> {
  const org = await activeOrg(tx, id, field, '部门');
  if (!DEPARTMENT_KINDS.includes(org.kind)) throw ValidationError.field(field, `“${org.name}”是${ORG_KIND_LABELS[org.kind]}，不是部门`);
  return org;
}

/** 首席代表: by user account (its display name is kept beside it) or by name only. */
export async function chiefOf(tx: Tx, username: string, name: string): Promise<{ userId: number | null; name: string }> {
  if (username) {
    const u = await findUserByName(tx, username);
    if (!u) throw ValidationError.field('chiefUsername', `没有用户名为“${username}”的账户`);
    if (Number(u.disabled) === 1) throw ValidationError.field('chiefUsername', `账户“${username}”已停用`);
    return { userId: Number(u.id), name: name || u.display_name };
  }
  return { userId: null, name };
}

export async function replaceSiteItems(tx: Tx, siteId: number, codes: readonly string[]): Promise<void> {
  await tx.deleteFrom('hall_site_items').where('site_id', '=', siteId).execute();
  if (codes.length)
    await tx
      .insertInto('hall_site_items')
      .values(codes.map((item_code) => ({ site_id: siteId, item_code })))
      .execute();
}

export async function replaceWindowItems(tx: Tx, windowId: number, codes: readonly string[]): Promise<void> {
  await tx.deleteFrom('hall_window_items').where('window_id', '=', windowId).execute();
  if (codes.length)
    await tx
      .insertInto('hall_window_items')
      .values(codes.map((item_code) => ({ window_id: windowId, item_code })))
      .execute();
}

export async function replaceBackoffice(tx: Tx, windowId: number, orgIds: readonly number[]): Promise<void> {
  await tx.deleteFrom('hall_window_backoffice').where('window_id', '=', windowId).execute();
  if (orgIds.length)
    await tx
      .insertInto('hall_window_backoffice')
      .values(orgIds.map((org_id) => ({ window_id: windowId, org_id })))
      .execute();
}

/** 并联审批 needs the departments that handle in the back office; without it, none are kept. */
export async function backofficeOf(tx: Tx, parallel: boolean, ids: readonly number[]): Promise<number[]> {
  if (!parallel) return [];
  if (!ids.length) throw ValidationError.field('backofficeOrgIds', '并联审批的窗口须选择至少一个后台办理部门（窗口受理、后台办理）');
  for (const id of ids) await department(tx, id, 'backofficeOrgIds');
  return [...ids];
}

export type Ctx = CommandContext;
